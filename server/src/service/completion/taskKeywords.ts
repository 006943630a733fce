// Keys of a task, block or handler (other than the module, see moduleNames.ts).

import type { CompletionItem } from 'vscode-languageserver-types';
import { blockKeywords, handlerKeywords, taskKeywords } from '../../document/keywords';
import type { InsertionSite, Scope } from './context';
import { keywordItems } from './keywordItems';

export function taskKeywordItems(scope: Extract<Scope, { kind: 'task' }>, site: InsertionSite): CompletionItem[] {
  const present = scope.frame.keys;
  if (scope.block) return keywordItems(blockKeywords, present, 'block', site);
  const keywords = new Set(scope.handler ? handlerKeywords : taskKeywords);
  // A task that has a module already is not going to become a block; one without may.
  if (!scope.moduleKey) keywords.add('block');
  // The module sets the action: `action`/`local_action` would be a second one.
  if (scope.moduleKey) for (const k of ['action', 'local_action']) keywords.delete(k);
  return keywordItems(keywords, present, scope.handler ? 'handler' : 'task', site);
}
