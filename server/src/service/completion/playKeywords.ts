// Keys of a play.

import type { CompletionItem } from 'vscode-languageserver-types';
import { playKeywords } from '../../document/keywords';
import type { InsertionSite, Scope } from './context';
import { keywordItems } from './keywordItems';

export function playKeywordItems(scope: Extract<Scope, { kind: 'play' }>, site: InsertionSite): CompletionItem[] {
  const keys = scope.frame.keys;
  // `import_playbook` stands alone: offer it only on an empty play.
  const extra = keys.length === 0 ? ['import_playbook'] : [];
  return keywordItems([...playKeywords, ...extra], keys, 'play', site);
}
