// Inline completion items from a suggestion: its text placed at the trigger's range, and the
// command that tells the server the suggestion was accepted.

import type { InlineCompletionItem, Range } from 'vscode-languageserver-types';
import type { InlineTrigger } from '../suggest/trigger';

/** Client command run by VS Code after the user accepts the item (Tab). */
export const ACCEPT_COMMAND = 'scribe.acceptSuggestion';

/** The one argument of the accept command. */
export interface AcceptSuggestionArgs {
  suggestionId: string;
  uri: string;
  /** The range the item replaced (before acceptance). */
  range: Range;
  /** The text the item inserted at `range.start`; the client computes the inserted range from it. */
  insertText: string;
}

/**
 * The item for a suggestion whose `insertText` is already indented for the file and ends with a
 * line break: the blank line keeps its own line break, so the suggestion's last one is dropped.
 */
export function inlineItem(
  trigger: InlineTrigger,
  uri: string,
  suggestionId: string,
  insertText: string,
): InlineCompletionItem {
  const text = trigger.lead + insertText.replace(/\n+$/, '');
  const args: AcceptSuggestionArgs = { suggestionId, uri, range: trigger.range, insertText: text };
  return {
    insertText: text,
    range: trigger.range,
    command: { title: 'Accept Ansible Scribe suggestion', command: ACCEPT_COMMAND, arguments: [args] },
  };
}

/** Where `insertText` ends up once inserted at `start` (what `scribe/accept` reports). */
export function insertedRange(start: Range['start'], insertText: string): Range {
  const lines = insertText.split('\n');
  const last = lines[lines.length - 1];
  const end =
    lines.length === 1
      ? { line: start.line, character: start.character + last.length }
      : { line: start.line + lines.length - 1, character: last.length };
  return { start, end };
}
