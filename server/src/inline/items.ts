// Inline completion items from a suggestion: its text placed at the trigger's range, and the
// command that tells the server the suggestion was accepted.

import type { InlineCompletionItem } from 'vscode-languageserver-types';
import type { AcceptSuggestionArgs } from '../protocol';
import type { InlineTrigger } from '../suggest/trigger';

// The accept command's argument and the range it reports are the protocol's; re-exported for the
// inline tests.
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
  /** ACCEPT_COMMAND (the VS Code client runs it) or SERVER_COMMANDS.accept (any LSP client). */
  acceptCommand: string,
): InlineCompletionItem {
  const text = trigger.lead + insertText.replace(/\n+$/, '');
  const args: AcceptSuggestionArgs = { suggestionId, uri, range: trigger.range, insertText: text };
  return {
    insertText: text,
    range: trigger.range,
    command: { title: 'Accept Ansible Scribe suggestion', command: acceptCommand, arguments: [args] },
  };
}
