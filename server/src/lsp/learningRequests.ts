// Local learning in the language server: what the user did with suggestions (accepted, rejected,
// ignored, rated, and the tasks written and saved where suggestions were left aside) becomes
// feedback events for the embedded model's per-workspace re-ranking (never sent anywhere; nothing
// is recorded with `scribe.learning.enabled` off). Requests: scribe/reject, rate, clearLearning.

import type { Connection } from 'vscode-languageserver/node';
import type { AnsibleDocument, Task } from '../document/model';
import { taskMappings } from '../document/taskText';
import type { FeedbackKind } from '../feedback/store';
import { WrittenTasks } from '../feedback/writtenTasks';
import type { SuggestionHost } from '../engine/suggestionHost';
import type { InlineCompletionService } from '../inline/service';
import {
  ClearLearningRequest,
  RateSuggestionRequest,
  RejectSuggestionRequest,
  type RateSuggestionParams,
  type RejectSuggestionParams,
} from '../protocol';
import type { ProvenanceLedger } from '../provenance/ledger';
import type { ScribeSettings } from '../settings';

export interface LearningDeps {
  connection: Connection;
  suggestions: SuggestionHost;
  inline: InlineCompletionService;
  ledger: () => Promise<ProvenanceLedger>;
  settingsFor: (uri: string) => Promise<ScribeSettings>;
  /** A document as parsed: the open one, else the file on disk (undefined when neither). */
  parsed: (uri: string) => Promise<AnsibleDocument | undefined>;
  /** A module name's FQCN in the catalog (undefined when unknown). */
  resolveModule: (name: string) => string | undefined;
  log: (line: string) => void;
}

export class LearningFeature {
  private readonly written = new WrittenTasks();

  constructor(private readonly d: LearningDeps) {
    this.register();
  }

  /**
   * Records what the user did with a suggestion. Its tasks come from the inline service while it
   * remembers them, else from its accepted text in the ledger.
   */
  async learnFrom(kind: FeedbackKind, suggestionId: string, uri: string): Promise<boolean> {
    if (!(await this.d.settingsFor(uri)).learning.enabled) return false;
    const suggestion = this.d.inline.lastSuggestion(suggestionId);
    const record = suggestion ? undefined : (await this.d.ledger()).all().find((r) => r.suggestionId === suggestionId);
    const tasks = suggestion
      ? suggestion.tasks.map((t) => ({ description: t.description, fqcn: t.fqcn, args: t.args }))
      : tasksOf(record?.text ?? '');
    if (!tasks.length) return false;
    return this.d.suggestions.feedback(tasks.map((t) => ({ kind, ...t }))).then(
      () => true,
      (e: unknown) => {
        this.d.log(`feedback not recorded: ${String(e)}`);
        return false;
      },
    );
  }

  /** A document was saved: tasks the user wrote where suggestions were left aside are learned. */
  async saved(uri: string): Promise<void> {
    const [doc, ledger] = await Promise.all([this.d.parsed(uri), this.d.ledger()]);
    if (!doc || !(await this.d.settingsFor(uri)).learning.enabled) return;
    const records = ledger.forDocument(uri);
    const aiWritten = (t: Task) => {
      const { start, end } = doc.lines.range(t.span);
      return records.some((r) => r.range.start.line <= end.line && start.line <= r.range.end.line);
    };
    const events = this.written.written(doc, aiWritten, this.d.resolveModule);
    if (events.length)
      await this.d.suggestions
        .feedback(events)
        .catch((e: unknown) => this.d.log(`feedback not recorded: ${String(e)}`));
  }

  /** A suggestion not taken (scribe/reject, or the reject command): learned as rejected or ignored. */
  async reject(p: RejectSuggestionParams): Promise<boolean> {
    const ledger = await this.d.ledger();
    const uri = p.textDocument.uri;
    // Only an explicit dismissal says the suggestion was wrong; replaced or closed, it was ignored,
    // and what the user writes there instead is learned when the file is saved.
    const ignored = p.reason !== 'dismissed';
    const descriptions = this.d.inline.lastSuggestion(p.suggestionId)?.tasks.map((t) => t.description) ?? [];
    await this.learnFrom(ignored ? 'ignore' : 'reject', p.suggestionId, uri);
    if (ignored) this.written.leftAside(uri, descriptions);
    // Closed, the document was saved (or abandoned) already: what is on disk is what was written.
    if (p.reason === 'closed') await this.saved(uri);
    this.d.inline.forget(p.suggestionId);
    return ledger.reject(p.suggestionId);
  }

  /** A thumbs up or down (scribe/rate, or the rate command). */
  rate(p: RateSuggestionParams): Promise<boolean> {
    return this.learnFrom(p.rating === 'up' ? 'thumbsUp' : 'thumbsDown', p.suggestionId, p.textDocument.uri);
  }

  private register(): void {
    const { connection } = this.d;
    connection.onRequest(RejectSuggestionRequest, (p: RejectSuggestionParams) => this.reject(p));
    connection.onRequest(RateSuggestionRequest, (p: RateSuggestionParams) => this.rate(p));
    connection.onRequest(ClearLearningRequest, () => this.d.suggestions.clearFeedback());
  }
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
