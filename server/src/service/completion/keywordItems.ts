// Completion items for playbook keywords (play, block, task and handler keys).

import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
} from 'vscode-languageserver-types';
import { keywordDescription } from '../keywordDocs';
import { keywordMarkdown, type KeywordScope } from '../markdown';
import type { InsertionSite } from './context';
import { keywordShape } from './keywordValues';
import { keyValueSnippet } from './snippet';

/** Keyword items for `keywords` not already present, sorted before anything else at that level. */
export function keywordItems(
  keywords: Iterable<string>,
  present: readonly string[],
  scope: KeywordScope,
  site: InsertionSite,
): CompletionItem[] {
  const have = new Set(present);
  const items: CompletionItem[] = [];
  for (const key of keywords) {
    if (have.has(key)) continue;
    const newText = site.nameOnly ? key : keyValueSnippet(key, keywordShape(key), site.column, site.unit);
    items.push({
      label: key,
      kind: CompletionItemKind.Keyword,
      detail: `${scope} keyword`,
      documentation: { kind: MarkupKind.Markdown, value: keywordMarkdown(key, scope, keywordDescription(key)) },
      sortText: `1_${key}`,
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      textEdit: { range: site.range, newText },
    });
  }
  return items;
}
