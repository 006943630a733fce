// Wiring of generation: `scribe/outline` and `scribe/generate` through the suggestion worker (the
// configured model: embedded, or the endpoint), and `scribe/keepGenerated`. Every generated task
// is offered to the provenance ledger like an inline suggestion; when the user keeps the content
// (saves the playbook, writes the role), each task still there as generated becomes a record.

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { uriToPath } from '../document/uri';
import {
  GenerateRequest,
  KeepGeneratedRequest,
  OutlineRequest,
  type GenerateParams,
  type GenerateResult,
  type KeepGeneratedParams,
  type KeepGeneratedResult,
  type OutlineParams,
} from '../protocol';
import type { ProvenanceLedger } from '../provenance/ledger';
import type { ScribeSettings } from '../settings';
import type { SuggestionHost } from '../engine/suggestionHost';
import { abortSignalOf } from './cancellation';

export interface GenerationDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  suggestions: SuggestionHost;
  /** Settings without a document scope (generation has none yet). */
  settings: () => Promise<ScribeSettings>;
  ledger: () => Promise<ProvenanceLedger>;
}

export function registerGenerationRequests(d: GenerationDeps): void {
  d.connection.onRequest(OutlineRequest, async (p: OutlineParams, token) =>
    d.suggestions.outline(p.goal, (await d.settings()).model, abortSignalOf(token)),
  );

  d.connection.onRequest(GenerateRequest, async (p: GenerateParams, token): Promise<GenerateResult> => {
    const settings = await d.settings();
    const result = await d.suggestions.generate(p, settings, abortSignalOf(token));
    const ledger = await d.ledger();
    for (const task of result.tasks) {
      task.suggestionId = randomUUID();
      ledger.recordSuggestion(task.suggestionId, {
        model: result.model,
        matches: task.matches,
        policy: task.policy,
        notes: task.notes,
        attributedBy: task.attributedBy,
        insertText: task.text,
        uri: '',
      });
    }
    return result;
  });

  d.connection.onRequest(KeepGeneratedRequest, async (p: KeepGeneratedParams): Promise<KeepGeneratedResult> => {
    const ledger = await d.ledger();
    const texts = await Promise.all(p.textDocuments.map(({ uri }) => textOf(uri, d.documents)));
    let recorded = 0;
    // Tasks keep their order: each document is searched from after the last task found in it.
    const from = texts.map(() => 0);
    for (const id of p.suggestionIds) {
      for (const [n, text] of texts.entries()) {
        const record = ledger.keep(id, p.textDocuments[n].uri, text, from[n]);
        if (!record) continue;
        from[n] = record.range.end.line;
        recorded++;
        break;
      }
    }
    return { recorded, notFound: p.suggestionIds.length - recorded };
  });
}

/** An open document's text, else the file's on disk. */
async function textOf(uri: string, documents: TextDocuments<TextDocument>): Promise<string> {
  const open = documents.get(uri);
  if (open) return open.getText();
  const path = uriToPath(uri);
  if (!path) throw new Error(`${uri} is not open and not a file`);
  return readFile(path, 'utf8');
}
