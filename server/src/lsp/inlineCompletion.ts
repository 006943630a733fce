// Inline completion in the language server: textDocument/inlineCompletion and scribe/suggest.
// The document comes from the DocumentCache (parsed once per version); the request stage runs here,
// on the cached parse; the worker runs the model, attribution and the licence policy
// (engine/suggestions.ts) and this file only presents the policy's decision: the status line, and
// a blocked suggestion withheld. Every new suggestion is offered to the provenance ledger.

import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModuleCatalog } from '../catalog/types';
import type { AnsibleDocument } from '../document/model';
import type { SuggestionHost } from '../engine/suggestionHost';
import { InlineCompletionService } from '../inline/service';
import { SuggestRequest, type ComponentStatus, type SuggestParams } from '../protocol';
import type { ProvenanceLedger } from '../provenance/ledger';
import type { ScribeSettings } from '../settings';
import type { SuggestionJson } from '../suggest/json';
import { buildTaskRequests } from '../suggest/request';
import { abortSignalOf } from './cancellation';

export interface InlineDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  suggestions: SuggestionHost;
  /** The open document as parsed for its current version. */
  parsed: (doc: TextDocument) => AnsibleDocument;
  /** The module catalog, loaded (module names in the context resolve through it). */
  catalog: () => Promise<ModuleCatalog>;
  settingsFor: (uri: string) => Promise<ScribeSettings>;
  ledger: () => Promise<ProvenanceLedger>;
  setModelStatus: (s: ComponentStatus) => void;
  /** The command inline items run when accepted: the client's own, or the server's. */
  acceptCommand: string;
  log: (line: string) => void;
}

export function registerInlineCompletion(d: InlineDeps): InlineCompletionService {
  const inline = new InlineCompletionService({
    log: d.log,
    acceptCommand: d.acceptCommand,
    suggest: (doc, line, signal) => suggestWithStatus(d, doc, line, signal),
    onSuggestion: (suggestionId, r, where) => {
      void d.ledger().then((ledger) =>
        ledger.recordSuggestion(suggestionId, {
          model: r.model,
          matches: r.matches,
          policy: r.policy,
          notes: r.notes,
          attributedBy: r.attributedBy,
          insertText: r.insertText,
          uri: where.uri,
        }),
      );
    },
  });

  d.connection.languages.inlineCompletion.on(async (params, token) => {
    const doc = d.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const settings = await d.settingsFor(doc.uri);
    const request = {
      doc: d.parsed(doc),
      position: params.position,
      triggerKind: params.context.triggerKind === 1 ? 1 : 2,
    } as const;
    return inline.provide(request, token, settings.inline);
  });

  d.connection.onRequest(SuggestRequest, async (params: SuggestParams, token) => {
    const doc = d.documents.get(params.textDocument.uri);
    if (!doc) return { reason: `${params.textDocument.uri} is not open` };
    return suggest(d, d.parsed(doc), params.line, await d.settingsFor(doc.uri), abortSignalOf(token));
  });

  return inline;
}

/** The pipeline for one description: requests from the cached parse, then the worker. */
async function suggest(
  d: InlineDeps,
  doc: AnsibleDocument,
  line: number,
  settings: ScribeSettings,
  signal: AbortSignal,
): Promise<SuggestionJson | { reason: string }> {
  const requests = buildTaskRequests(doc, line, await d.catalog());
  if ('reason' in requests) return requests;
  return d.suggestions.suggest(requests, settings, signal);
}

/** The pipeline, with the model's state and the licence policy's decision in the status bar. */
async function suggestWithStatus(
  d: InlineDeps,
  doc: AnsibleDocument,
  line: number,
  signal: AbortSignal,
): Promise<SuggestionJson | { reason: string }> {
  const settings = await d.settingsFor(doc.uri);
  d.setModelStatus({ state: 'loading', message: 'writing a suggestion' });
  try {
    const r = await suggest(d, doc, line, settings, signal);
    if ('reason' in r) {
      d.setModelStatus({ state: 'ready', message: modelLabel(settings) });
      return r;
    }
    if (r.policy.action === 'block') {
      d.setModelStatus({ state: 'degraded', message: `suggestion withheld by licence policy: ${r.policy.reason}` });
      return { reason: r.policy.reason ?? 'withheld by the licence policy' };
    }
    d.setModelStatus({
      state: 'ready',
      message: r.policy.action === 'warn' ? `licence warning: ${r.policy.reason}` : modelLabel(settings),
    });
    return r;
  } catch (e) {
    d.setModelStatus({ state: 'unavailable', message: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}

function modelLabel(settings: ScribeSettings): string {
  return settings.model.provider === 'openai'
    ? `${settings.model.name} at ${settings.model.endpoint}`
    : 'embedded model';
}
