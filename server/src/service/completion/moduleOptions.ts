// Option keys inside a module's mapping (or its `args:`), and suboptions of dict options.

import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
} from 'vscode-languageserver-types';
import type { ModuleCatalog, ModuleDoc, ModuleOption } from '../../catalog/types';
import { optionDetail, optionMarkdown } from '../markdown';
import type { InsertionSite, Scope } from './context';
import { escapeSnippet, keyValueSnippet, optionShape } from './snippet';

export async function moduleDocFor(catalog: ModuleCatalog, name: string): Promise<ModuleDoc | undefined> {
  const fqcn = catalog.resolve(name)?.fqcn ?? name;
  return catalog.getDoc(fqcn) ?? (await catalog.loadDoc(fqcn));
}

/** Finds an option by its name or one of its aliases. */
export function findOption(options: Record<string, ModuleOption>, key: string): ModuleOption | undefined {
  return options[key] ?? Object.values(options).find((o) => o.aliases.includes(key));
}

/** The options that apply at `path` (suboptions of dict / list-of-dict options). */
export function optionsAt(doc: ModuleDoc, path: readonly string[]): Record<string, ModuleOption> | undefined {
  let options: Record<string, ModuleOption> | undefined = doc.options;
  for (const p of path) options = options && findOption(options, p)?.suboptions;
  return options;
}

export async function moduleOptionItems(
  scope: Extract<Scope, { kind: 'options' }>,
  site: InsertionSite,
  catalog: ModuleCatalog,
): Promise<CompletionItem[]> {
  const doc = await moduleDocFor(catalog, scope.module);
  const options = doc && optionsAt(doc, scope.path);
  if (!doc || !options) return [];
  return optionItems(options, scope.frame.keys, site, (opt) => optionMarkdown(doc.fqcn, opt));
}

/**
 * Items for the options not yet in the mapping (`present`: its keys), required ones first, each
 * inserting `name: ` shaped by its type. Module options and role arguments (argument_specs) alike.
 */
export function optionItems(
  options: Record<string, ModuleOption>,
  present: readonly string[],
  site: InsertionSite,
  markdown: (opt: ModuleOption) => string,
): CompletionItem[] {
  const given = new Set(present);
  const items: CompletionItem[] = [];
  for (const opt of Object.values(options)) {
    // An option given under an alias is present too (`dest` written as `path`).
    if (given.has(opt.name) || opt.aliases.some((a) => given.has(a))) continue;
    if (opt.name.startsWith('_') || opt.name === 'free_form') continue;
    const newText = site.nameOnly
      ? escapeSnippet(opt.name)
      : keyValueSnippet(opt.name, optionShape(opt), site.column, site.unit);
    items.push({
      label: opt.name,
      kind: CompletionItemKind.Property,
      detail: optionDetail(opt),
      documentation: { kind: MarkupKind.Markdown, value: markdown(opt) },
      sortText: `${opt.required ? 0 : 1}_${opt.name}`,
      filterText: opt.name,
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      textEdit: { range: site.range, newText },
    });
  }
  return items;
}
