// The editor's inline completion, minus the LSP wiring: trigger rules (suggest/trigger.ts) →
// debounce (automatic triggers) → cache and in-flight de-duplication → the injected suggestion
// pipeline → items with a suggestion id. It reads the document as parsed once per version
// (DocumentCache). No LSP connection here; lsp/inlineCompletion.ts registers `provide` as the
// textDocument/inlineCompletion handler.

import { createHash, randomUUID } from 'node:crypto';
import type { InlineCompletionList, Position } from 'vscode-languageserver-types';
import type { AnsibleDocument } from '../document/model';
import { ACCEPT_COMMAND } from '../protocol';
import type { ScribeSettings } from '../settings';
import type { SuggestionJson } from '../suggest/json';
import { inlineTriggerAt, type InlineTrigger } from '../suggest/trigger';
import { isCancelled, onCancel, type Cancellation } from './cancellation';
import { inlineItem } from './items';
import { RecentMap } from './recentMap';
import { TypingPause } from './typingPause';

/** The suggestion pipeline for the description at `line`: aborts its work when `signal` fires. */
export type SuggestFunction = (
  doc: AnsibleDocument,
  line: number,
  signal: AbortSignal,
) => Promise<SuggestionJson | { reason: string }>;

export interface InlineCompletionServiceOptions {
  suggest: SuggestFunction;
  /** Called once per new suggestion (not on cache hits), e.g. to keep it for attribution. */
  onSuggestion?: (suggestionId: string, suggestion: SuggestionJson, where: { uri: string; line: number }) => void;
  /** A line for the log (errors of the pipeline). */
  log?: (line: string) => void;
  /** Suggestion ids; default: random UUIDs. */
  newId?: () => string;
  /** Answers (suggestions and reasons) kept for re-triggers; default 50. */
  cacheSize?: number;
  /** Suggestions kept for lastSuggestion(id); default 200. */
  keepSuggestions?: number;
  /** The command items run when accepted; default ACCEPT_COMMAND (the VS Code client's). */
  acceptCommand?: string;
}

export interface InlineCompletionRequest {
  /** The document as parsed for its current version. */
  doc: AnsibleDocument;
  position: Position;
  /** LSP InlineCompletionTriggerKind: 1 = Invoked (explicit), 2 = Automatic. */
  triggerKind: 1 | 2;
}

/** A pipeline answer: a suggestion with its id, or why there is none. */
type Answer = { suggestionId: string; suggestion: SuggestionJson } | { reason: string };

interface InFlight {
  answer: Promise<Answer | undefined>;
  controller: AbortController;
  /** Requests still waiting for it; when the last one is cancelled, the pipeline is aborted. */
  waiting: number;
}

export class InlineCompletionService {
  private readonly answers: RecentMap<string, Answer>;
  private readonly suggestions: RecentMap<string, SuggestionJson>;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly pause = new TypingPause();
  private readonly newId: () => string;

  constructor(private readonly options: InlineCompletionServiceOptions) {
    this.answers = new RecentMap(options.cacheSize ?? 50);
    this.suggestions = new RecentMap(options.keepSuggestions ?? 200);
    this.newId = options.newId ?? randomUUID;
  }

  /** The inline completion at the request's position; null when there is none or it was cancelled. */
  async provide(
    request: InlineCompletionRequest,
    cancellation: Cancellation,
    settings: ScribeSettings['inline'],
  ): Promise<InlineCompletionList | null> {
    if (!settings.enabled || isCancelled(cancellation)) return null;
    const { doc } = request;
    const lineText = (n: number) => (n >= 0 && n < doc.lines.lineCount ? doc.lines.lineText(n) : undefined);
    const automatic = request.triggerKind === 2;
    const trigger = inlineTriggerAt(lineText, request.position, automatic ? 'automatic' : 'invoke');
    if ('reason' in trigger) return null;

    // The pipeline reads only the text down to the description line, so that is the prompt.
    const prompt = doc.text.slice(0, doc.lines.lineEnd(trigger.descriptionLine));
    const key = `${doc.uri}\n${trigger.descriptionLine}\n${createHash('sha1').update(prompt).digest('hex')}`;

    let answer = this.answers.get(key);
    if (!answer) {
      if (automatic && settings.debounceMs > 0 && !this.inFlight.has(key)) {
        const passed = await this.pause.wait(doc.uri, settings.debounceMs, cancellation);
        if (!passed) return null;
      }
      answer = this.answers.get(key) ?? (await this.ask(key, request, trigger, cancellation));
    }
    if (!answer || 'reason' in answer || isCancelled(cancellation)) return null;
    const command = this.options.acceptCommand ?? ACCEPT_COMMAND;
    return { items: [inlineItem(trigger, doc.uri, answer.suggestionId, answer.suggestion.insertText, command)] };
  }

  /** The suggestion shown under `suggestionId`, while it is among the most recent ones. */
  lastSuggestion(suggestionId: string): SuggestionJson | undefined {
    return this.suggestions.get(suggestionId);
  }

  /**
   * Drops a suggestion (on `scribe/reject`): it is no longer kept for lastSuggestion(), and the
   * same place asks the model again instead of showing the dropped suggestion from the cache.
   */
  forget(suggestionId: string): void {
    this.suggestions.delete(suggestionId);
    this.answers.deleteWhere((answer) => 'suggestionId' in answer && answer.suggestionId === suggestionId);
  }

  /** Forgets every cached answer (settings changed: another model, another licence policy …). */
  clearCache(): void {
    this.answers.clear();
  }

  dispose(): void {
    this.pause.dispose();
    for (const flight of this.inFlight.values()) flight.controller.abort();
    this.inFlight.clear();
  }

  /** Joins the pipeline call for `key` (starting it if needed); undefined when cancelled or failed. */
  private ask(
    key: string,
    request: InlineCompletionRequest,
    trigger: InlineTrigger,
    cancellation: Cancellation,
  ): Promise<Answer | undefined> {
    let flight = this.inFlight.get(key);
    if (!flight) {
      const controller = new AbortController();
      const started: InFlight = { controller, waiting: 0, answer: Promise.resolve(undefined) };
      started.answer = this.run(request, trigger.descriptionLine, controller.signal).then((answer) => {
        if (this.inFlight.get(key) === started) this.inFlight.delete(key);
        if (answer && !controller.signal.aborted) this.answers.set(key, answer);
        return answer;
      });
      this.inFlight.set(key, started);
      flight = started;
    }
    const joined = flight;
    joined.waiting++;
    return new Promise<Answer | undefined>((resolve) => {
      let done = false;
      let stopListening = () => {};
      const finish = (answer: Answer | undefined) => {
        if (done) return;
        done = true;
        stopListening();
        joined.waiting--;
        resolve(answer);
      };
      stopListening = onCancel(cancellation, () => {
        const last = joined.waiting === 1;
        finish(undefined);
        if (last) {
          joined.controller.abort();
          if (this.inFlight.get(key) === joined) this.inFlight.delete(key);
        }
      });
      void joined.answer.then(finish);
    });
  }

  private async run(request: InlineCompletionRequest, line: number, signal: AbortSignal): Promise<Answer | undefined> {
    try {
      const result = await this.options.suggest(request.doc, line, signal);
      if (signal.aborted) return undefined;
      if ('reason' in result) return { reason: result.reason };
      if (!result.insertText.trim()) return { reason: 'the model proposed nothing' };
      const suggestionId = this.newId();
      this.suggestions.set(suggestionId, result);
      this.options.onSuggestion?.(suggestionId, result, { uri: request.doc.uri, line });
      return { suggestionId, suggestion: result };
    } catch (error) {
      if (!signal.aborted)
        this.options.log?.(`inline suggestion failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
}
