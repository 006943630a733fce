// Hover: module documentation on a module name, an option's documentation on an option key, and a
// keyword's description on a play/block/task key. The parsed model says what is under the cursor;
// the text view (locate.ts) covers what the model does not reach (suboptions, half-written tasks).
// Markdown is built by markdown.ts; what this file adds from the document is escaped.

import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { ModuleCatalog } from '../catalog/types';
import { targetAt, textContextAt } from '../document/locate';
import { escapeMarkdown, sanitizeMarkdown } from '../document/markdown';
import type { AnsibleDocument, Position, Span, Task } from '../document/model';
import { blockKeywords, handlerKeywords, isLoopKeyword, playKeywords, taskKeywords } from '../document/keywords';
import { scopeOf } from './completion/context';
import { findOption, moduleDocFor, optionsAt } from './completion/moduleOptions';
import { keywordDescription } from './keywordDocs';
import { keywordMarkdown, moduleMarkdown, optionMarkdown, type KeywordScope } from './markdown';

function result(doc: AnsibleDocument, value: string, span: Span): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: doc.lines.range(span) };
}

async function moduleHover(
  doc: AnsibleDocument,
  name: string,
  span: Span,
  catalog: ModuleCatalog,
): Promise<Hover | null> {
  const resolved = catalog.resolve(name);
  const md = await moduleDocFor(catalog, name);
  if (md) return result(doc, moduleMarkdown(md, resolved), span);
  if (resolved?.removed)
    return result(
      doc,
      `**${escapeMarkdown(name)}** was removed: ${sanitizeMarkdown(resolved.removed.message.replace(/\s*\n\s*/g, ' '))}`,
      span,
    );
  return null;
}

async function optionHover(
  doc: AnsibleDocument,
  module: string,
  path: readonly string[],
  key: string,
  span: Span,
  catalog: ModuleCatalog,
): Promise<Hover | null> {
  const md = await moduleDocFor(catalog, module);
  const options = md && optionsAt(md, path);
  const opt = options && findOption(options, key);
  return md && opt ? result(doc, optionMarkdown([md.fqcn, ...path].join(' › '), opt), span) : null;
}

function keywordHover(doc: AnsibleDocument, key: string, scope: KeywordScope, span: Span): Hover | null {
  const valid = { play: playKeywords, block: blockKeywords, task: taskKeywords, handler: handlerKeywords }[scope];
  if (!valid.has(key) && !(scope !== 'play' && isLoopKeyword(key))) return null;
  const description = keywordDescription(key);
  return description ? result(doc, keywordMarkdown(key, scope, description), span) : null;
}

const taskScope = (task: Task): KeywordScope =>
  task.kind === 'block' ? 'block' : task.section === 'handlers' ? 'handler' : 'task';

export async function hover(doc: AnsibleDocument, pos: Position, catalog: ModuleCatalog): Promise<Hover | null> {
  const offset = doc.lines.offsetAt(pos);
  const target = targetAt(doc, offset);
  switch (target?.kind) {
    case 'module':
      return moduleHover(doc, target.module.name, target.span, catalog);
    case 'option':
      return optionHover(doc, target.module.name, [], target.arg.name, target.span, catalog);
    case 'task-keyword':
      return keywordHover(doc, target.entry.key, taskScope(target.task), target.span);
    case 'play-keyword':
      return keywordHover(doc, target.entry.key, 'play', target.span);
  }
  // Not something the model places: read the key under the cursor from the text.
  const ctx = textContextAt(doc, offset);
  if (!ctx || ctx.position !== 'key' || !ctx.followedByColon || ctx.replace.start === ctx.replace.end) return null;
  const key = doc.text.slice(ctx.replace.start, ctx.replace.end);
  const scope = scopeOf(ctx, doc);
  switch (scope.kind) {
    case 'options':
      return optionHover(doc, scope.module, scope.path, key, ctx.replace, catalog);
    case 'play':
      return keywordHover(doc, key, 'play', ctx.replace);
    case 'task':
      if (key === scope.moduleKey) return moduleHover(doc, key, ctx.replace, catalog);
      return keywordHover(doc, key, scope.block ? 'block' : scope.handler ? 'handler' : 'task', ctx.replace);
    default:
      return null;
  }
}
