// Follows the inline suggestions the server offers: which one each document shows, acceptance
// (the items' `scribe.acceptSuggestion` command → `scribe/accept`) and, as far as the VS Code API
// lets us see it, suggestions left aside. The stable API has no "ghost text dismissed" event, so a
// suggestion counts as ignored (`scribe/reject` with reason 'replaced' or 'closed') when a different
// suggestion replaces it in the same document, or when the document closes while it was shown and
// not accepted. An explicit verdict is a thumbs up or down (rating.ts).

import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import {
  ACCEPT_COMMAND,
  AcceptSuggestionRequest,
  insertedRange,
  RejectSuggestionRequest,
  type AcceptSuggestionArgs,
  type AcceptSuggestionParams,
  type RejectSuggestionParams,
} from '../../../server/src/protocol';
import type { SendRequest } from '../languageClient';

interface Shown {
  suggestionId: string;
  accepted: boolean;
}

/** A suggestion and the document it was shown in. */
export interface SuggestionRef {
  suggestionId: string;
  uri: string;
}

export class SuggestionTracker implements vscode.Disposable {
  private readonly shown = new Map<string, Shown>();
  private inFlight = 0;
  private readonly didShow = new vscode.EventEmitter<SuggestionRef>();
  private readonly didAccept = new vscode.EventEmitter<SuggestionRef>();
  private readonly didChangeWorking = new vscode.EventEmitter<boolean>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** A suggestion id was shown as ghost text (or offered again). */
  readonly onDidShow = this.didShow.event;
  readonly onDidAccept = this.didAccept.event;
  /** True while an inline request is waiting for the server. */
  readonly onDidChangeWorking = this.didChangeWorking.event;

  constructor(
    private readonly send: SendRequest,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      this.didShow,
      this.didAccept,
      this.didChangeWorking,
      vscode.commands.registerCommand(ACCEPT_COMMAND, (args: AcceptSuggestionArgs) => this.accept(args)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const uri = doc.uri.toString();
        const shown = this.shown.get(uri);
        this.shown.delete(uri);
        if (shown && !shown.accepted) this.reject(shown.suggestionId, uri, 'closed');
      }),
    );
  }

  /** Language client middleware: sees every inline completion result on its way to the editor. */
  readonly middleware: Middleware['provideInlineCompletionItems'] = async (
    document,
    position,
    context,
    token,
    next,
  ) => {
    this.setWorking(+1);
    try {
      const result = await next(document, position, context, token);
      const items = Array.isArray(result) ? result : (result?.items ?? []);
      const id = items.map((item) => suggestionIdOf(item.command)).find((x) => x !== undefined);
      if (id && !token.isCancellationRequested) this.showing(document.uri.toString(), id);
      return result;
    } finally {
      this.setWorking(-1);
    }
  };

  /** Run by VS Code after the user accepted an item: the text is in the document now. */
  async accept(args: AcceptSuggestionArgs): Promise<void> {
    if (!args?.suggestionId) return;
    const shown = this.shown.get(args.uri);
    if (shown?.suggestionId === args.suggestionId) shown.accepted = true;
    const params: AcceptSuggestionParams = {
      suggestionId: args.suggestionId,
      textDocument: { uri: args.uri },
      range: insertedRange(args.range.start, args.insertText ?? ''),
    };
    this.didAccept.fire({ suggestionId: args.suggestionId, uri: args.uri });
    try {
      await this.send(AcceptSuggestionRequest, params);
    } catch (error) {
      this.output.warn(`Recording the accepted suggestion ${args.suggestionId} failed: ${messageOf(error)}`);
    }
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }

  private showing(uri: string, suggestionId: string): void {
    const previous = this.shown.get(uri);
    if (previous?.suggestionId === suggestionId) {
      this.didShow.fire({ suggestionId, uri });
      return;
    }
    if (previous && !previous.accepted) this.reject(previous.suggestionId, uri, 'replaced');
    this.shown.set(uri, { suggestionId, accepted: false });
    this.didShow.fire({ suggestionId, uri });
  }

  private reject(suggestionId: string, uri: string, reason: RejectSuggestionParams['reason']): void {
    const params: RejectSuggestionParams = { suggestionId, textDocument: { uri }, reason };
    this.send(RejectSuggestionRequest, params).catch((error: unknown) =>
      this.output.debug(`scribe/reject for ${suggestionId} failed: ${messageOf(error)}`),
    );
  }

  private setWorking(delta: number): void {
    const before = this.inFlight > 0;
    this.inFlight += delta;
    if (before !== this.inFlight > 0) this.didChangeWorking.fire(this.inFlight > 0);
  }
}

function suggestionIdOf(command: vscode.Command | undefined): string | undefined {
  if (command?.command !== ACCEPT_COMMAND) return undefined;
  const args = command.arguments?.[0] as Partial<AcceptSuggestionArgs> | undefined;
  return typeof args?.suggestionId === 'string' ? args.suggestionId : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
