// Inline completion items from a suggestion: its text placed at the trigger's range, and the
// command that tells the server the suggestion was accepted.

import type { InlineCompletionItem } from 'vscode-languageserver-types';
import { ACCEPT_COMMAND, type AcceptSuggestionArgs } from '../protocol';
import type { InlineTrigger } from '../suggest/trigger';

// The accept command, its argument and the range it reports are the protocol's (the client
// computes the same range); re-exported for the inline tests.
export { insertedRange } from '../protocol';

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
