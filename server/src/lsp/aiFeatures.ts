// Wiring of the AI-writing features: inline completion (through the suggestion worker), the licence
// policy, and the provenance ledger with its requests (scribe/accept, reject, attribution,
// provenance, provenanceReport) and document events. server.ts calls `registerAiFeatures` once.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import { parse } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Hover } from 'vscode-languageserver-types';
import type { AnsibleDocument, Position, Task } from '../document/model';
import { taskMappings } from '../document/taskText';
import type { FeedbackKind } from '../feedback/store';
import { WrittenTasks } from '../feedback/writtenTasks';
import { InlineCompletionService } from '../inline/service';
import { evaluatePolicy } from '../policy/licencePolicy';
import {
  AcceptSuggestionRequest,
  AttributionRequest,
  ProvenanceReportRequest,
  ProvenanceRequest,
  RateSuggestionRequest,
  RejectSuggestionRequest,
  type AcceptSuggestionParams,
  type RateSuggestionParams,
  type RejectSuggestionParams,
  type ComponentStatus,
  type ProvenanceReportParams,
} from '../protocol';
import { ProvenanceLedger } from '../provenance/ledger';
import { suggestionSources } from '../provenance/sources';
import type { ContentChange, ProvenanceRecord } from '../provenance/types';
import { attributionHover } from '../service/attributionHover';
import type { ScribeSettings } from '../settings';
import type { SuggestionHost } from '../engine/suggestionHost';

export interface AiFeatureDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  suggestions: SuggestionHost;
  settingsFor: (uri: string) => Promise<ScribeSettings>;
  /** Where the ledger lives: the workspace storage folder from the client, else the cache. */
  storage: () => { storagePath?: string; cacheDir: string; workspaceRoots: string[] };
  /** Whether the client runs the hover's thumbs up/down command links. */
  ratingLinks: boolean;
  /** A document as parsed: the open one, else the file on disk (undefined when neither). */
  parsed: (uri: string) => Promise<AnsibleDocument | undefined>;
  /** A module name's FQCN in the catalog (undefined when unknown). */
  resolveModule: (name: string) => string | undefined;
  setModelStatus: (s: ComponentStatus) => void;
  log: (line: string) => void;
}

export interface AiFeatures {
  /** Hover over accepted AI text (null elsewhere). */
  hover(doc: AnsibleDocument, pos: Position): Hover | null;
  /** The accepted AI-written ranges of a document. */
  provenance(uri: string): Promise<ProvenanceRecord[]>;
  /** Feed of document content changes, in order (from the document store's update). */
  changed(uri: string, changes: readonly ContentChange[]): void;
  opened(uri: string, text: string): void;
  /** A document was saved: tasks the user wrote where suggestions were left aside are learned. */
  saved(uri: string): void;
  settingsChanged(): void;
  /** The ledger, once read from disk (generation offers its tasks to it). */
  ledger(): Promise<ProvenanceLedger>;
  dispose(): Promise<void>;
}

export function registerAiFeatures(d: AiFeatureDeps): AiFeatures {
  const { connection } = d;
  let ledger = new ProvenanceLedger({ warn: d.log });
  const ledgerReady = openLedger();

  async function openLedger(): Promise<void> {
    const { storagePath, cacheDir, workspaceRoots } = d.storage();
    const file = storagePath
      ? join(storagePath, 'provenance.json')
      : join(
          cacheDir,
          'provenance',
          `${createHash('sha256').update(workspaceRoots.join('\n')).digest('hex').slice(0, 16)}.json`,
        );
    // Until the file is read, an empty in-memory ledger answers hovers; every request waits for this.
    ledger = await ProvenanceLedger.open(file, { warn: d.log });
    for (const doc of d.documents.all()) ledger.reconcile(doc.uri, doc.getText());
    d.log(`provenance ledger: ${file} (${ledger.all().length} records)`);
  }

  const inline = new InlineCompletionService({
    log: d.log,
    suggest: async (uri, text, line, signal) => {
      const settings = await d.settingsFor(uri);
      d.setModelStatus({ state: 'loading', message: 'writing a suggestion' });
      try {
        const r = await d.suggestions.suggest(uri, text, line, settings, signal);
        if ('reason' in r) {
          d.setModelStatus({ state: 'ready', message: modelLabel(settings) });
          return r;
        }
        const policy = evaluatePolicy(suggestionSources(r.tasks), settings.attribution);
        if (policy.action === 'block') {
          d.setModelStatus({ state: 'degraded', message: `suggestion withheld by licence policy: ${policy.reason}` });
          return { reason: policy.reason ?? 'withheld by the licence policy' };
        }
        d.setModelStatus({
          state: 'ready',
          message: policy.action === 'warn' ? `licence warning: ${policy.reason}` : modelLabel(settings),
        });
        return r;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        d.setModelStatus({ state: 'unavailable', message });
        throw e;
      }
    },
    onSuggestion: (suggestionId, r, where) => {
      void Promise.all([d.settingsFor(where.uri), ledgerReady]).then(([settings]) => {
        const matches = suggestionSources(r.tasks);
        ledger.recordSuggestion(suggestionId, {
          model: r.model,
          matches,
          policy: evaluatePolicy(matches, settings.attribution),
          insertText: r.insertText,
          uri: where.uri,
        });
      });
    },
  });

  /**
   * What the user did with a suggestion, for the embedded model's local re-ranking (never sent;
   * nothing is recorded with `scribe.learning.enabled` off). The suggestion's tasks come from the
   * inline service while it remembers them, else from its accepted text in the ledger.
   */
  async function learnFrom(kind: FeedbackKind, suggestionId: string, uri: string): Promise<boolean> {
    if (!(await d.settingsFor(uri)).learning.enabled) return false;
    const suggestion = inline.lastSuggestion(suggestionId);
    const record = suggestion ? undefined : ledger.all().find((r) => r.suggestionId === suggestionId);
    const tasks = suggestion
      ? suggestion.tasks.map((t) => ({ description: t.description, fqcn: t.fqcn, args: moduleArgs(t.body) }))
      : tasksOf(record?.text ?? '');
    if (!tasks.length) return false;
    return d.suggestions.feedback(tasks.map((t) => ({ kind, ...t }))).then(
      () => true,
      (e: unknown) => {
        d.log(`feedback not recorded: ${String(e)}`);
        return false;
      },
    );
  }

  connection.languages.inlineCompletion.on(async (params, token) => {
    const doc = d.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const settings = await d.settingsFor(doc.uri);
    return inline.provide(
      {
        uri: doc.uri,
        version: doc.version,
        text: doc.getText(),
        position: params.position,
        triggerKind: params.context.triggerKind === 1 ? 1 : 2,
      },
      token,
      settings.inline,
    );
  });

  connection.onRequest(AttributionRequest, async (p: { suggestionId: string }) => {
    await ledgerReady;
    return ledger.attribution(p.suggestionId) ?? null;
  });
  connection.onRequest(AcceptSuggestionRequest, async (p: AcceptSuggestionParams) => {
    await ledgerReady;
    void learnFrom('accept', p.suggestionId, p.textDocument.uri);
    const record = ledger.accept(
      p.suggestionId,
      p.textDocument.uri,
      p.range,
      d.documents.get(p.textDocument.uri)?.getText(),
    );
    return record ?? null;
  });
  const written = new WrittenTasks();

  /** The tasks the user wrote and saved under descriptions whose suggestions were left aside. */
  async function learnWritten(uri: string): Promise<void> {
    const doc = await d.parsed(uri);
    if (!doc || !(await d.settingsFor(uri)).learning.enabled) return;
    const records = ledger.forDocument(uri);
    const aiWritten = (t: Task) => {
      const { start, end } = doc.lines.range(t.span);
      return records.some((r) => r.range.start.line <= end.line && start.line <= r.range.end.line);
    };
    const events = written.written(doc, aiWritten, d.resolveModule);
    if (events.length)
      await d.suggestions.feedback(events).catch((e: unknown) => d.log(`feedback not recorded: ${String(e)}`));
  }

  connection.onRequest(RejectSuggestionRequest, async (p: RejectSuggestionParams) => {
    await ledgerReady;
    const uri = p.textDocument.uri;
    // Only an explicit dismissal says the suggestion was wrong; replaced or closed, it was ignored,
    // and what the user writes there instead is learned when the file is saved.
    const ignored = p.reason !== 'dismissed';
    const descriptions = inline.lastSuggestion(p.suggestionId)?.tasks.map((t) => t.description) ?? [];
    await learnFrom(ignored ? 'ignore' : 'reject', p.suggestionId, uri);
    if (ignored) written.leftAside(uri, descriptions);
    // Closed, the document was saved (or abandoned) already: what is on disk is what was written.
    if (p.reason === 'closed') await learnWritten(uri);
    inline.forget(p.suggestionId);
    return ledger.reject(p.suggestionId);
  });
  connection.onRequest(RateSuggestionRequest, async (p: RateSuggestionParams) => {
    await ledgerReady;
    return learnFrom(p.rating === 'up' ? 'thumbsUp' : 'thumbsDown', p.suggestionId, p.textDocument.uri);
  });
  connection.onRequest(ProvenanceRequest, async (p: { textDocument: { uri: string } }) => {
    await ledgerReady;
    return ledger.forDocument(p.textDocument.uri);
  });
  connection.onRequest(ProvenanceReportRequest, async (p: ProvenanceReportParams) => {
    await ledgerReady;
    const root = d.storage().workspaceRoots[0];
    return { text: ledger.report(p.format === 'json' ? 'json' : 'markdown', root && pathToFileURL(root).href) };
  });
  connection.workspace.onDidRenameFiles((p) => {
    for (const f of p.files) ledger.rename(f.oldUri, f.newUri);
  });
  connection.workspace.onDidDeleteFiles((p) => {
    for (const f of p.files) ledger.remove(f.uri);
  });

  return {
    hover: (doc, pos) => attributionHover(doc, pos, ledger, { ratingLinks: d.ratingLinks }),
    provenance: async (uri) => {
      await ledgerReady;
      return ledger.forDocument(uri);
    },
    changed: (uri, changes) => ledger.applyChanges(uri, changes),
    opened: (uri, text) => ledger.reconcile(uri, text),
    saved: (uri) => void ledgerReady.then(() => learnWritten(uri)),
    settingsChanged: () => inline.clearCache(),
    ledger: () => ledgerReady.then(() => ledger),
    async dispose() {
      inline.dispose();
      await ledgerReady.catch(() => undefined);
      await ledger.flush();
    },
  };
}

/** The tasks of accepted text (`- name: …` with a module), as feedback. */
function tasksOf(text: string): { description: string; fqcn: string; args: Record<string, unknown> }[] {
  return taskMappings(text).flatMap(({ name, ...rest }) => {
    const fqcn = Object.keys(rest).find((k) => k.includes('.'));
    if (typeof name !== 'string' || !fqcn) return [];
    const args = rest[fqcn];
    return [
      { description: name, fqcn, args: args && typeof args === 'object' ? (args as Record<string, unknown>) : {} },
    ];
  });
}

/** The arguments of a task body (`module: {…}`), for learning preferred values. */
function moduleArgs(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = parse(body);
    const value = parsed && typeof parsed === 'object' ? Object.values(parsed)[0] : undefined;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function modelLabel(settings: ScribeSettings): string {
  return settings.model.provider === 'openai'
    ? `${settings.model.name} at ${settings.model.endpoint}`
    : 'embedded model';
}
