// Module names at task level. ~7,700 modules with Debian's ansible package: the names are indexed
// once per catalog module list; items (with their snippets) are made only for the few returned.

import {
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  InsertTextMode,
  type CompletionItem,
} from 'vscode-languageserver-types';
import type { ModuleCatalog, ModuleDoc, ModuleSummary } from '../../catalog/types';
import type { InsertionSite } from './context';
import { escapeSnippet, keyValueSnippet, optionShape, spaces } from './snippet';

export interface ModuleItemData {
  fqcn: string;
}

/** One offered name: a module by its FQCN, or a builtin by its short name. */
interface Name {
  label: string;
  lower: string;
  summary: ModuleSummary;
  short: boolean;
}

/** Built once per catalog module list (~7,800 names); items are made only for what is returned. */
const names = new WeakMap<readonly ModuleSummary[], Name[]>();

function namesOf(list: readonly ModuleSummary[]): Name[] {
  let out = names.get(list);
  if (!out) {
    out = [];
    for (const m of list) {
      out.push({ label: m.fqcn, lower: m.fqcn.toLowerCase(), summary: m, short: false });
      if (m.fqcn.startsWith('ansible.builtin.')) {
        const label = m.fqcn.slice('ansible.builtin.'.length);
        out.push({ label, lower: label.toLowerCase(), summary: m, short: true });
      }
    }
    names.set(list, out);
  }
  return out;
}

/** Options that stand for the free-form text or are internal, never written as keys. */
const notKeys = new Set(['free_form', 'cmd_raw', '_raw_params']);

/**
 * The module key and its required options as tab stops, the options one indentation step deeper
 * than the task's keys (`column`).
 */
export function moduleSnippet(key: string, doc: ModuleDoc | undefined, column: number, unit: number): string {
  const k = escapeSnippet(key);
  if (!doc) return `${k}:\n${spaces(column + unit)}$0`;
  if (doc.freeForm) return `${k}: $1`;
  const required = Object.values(doc.options).filter(
    (o) => o.required && !notKeys.has(o.name) && !o.name.startsWith('_'),
  );
  if (!required.length) return Object.keys(doc.options).length ? `${k}:\n${spaces(column + unit)}$0` : `${k}:$0`;
  const lines = required.map(
    (o, i) => `\n${spaces(column + unit)}${keyValueSnippet(o.name, optionShape(o), column + unit, unit, i + 1)}`,
  );
  return `${k}:${lines.join('')}`;
}

function sortKey(m: ModuleSummary, short: boolean): string {
  if (m.deprecated) return `5_${m.fqcn}`;
  if (m.local) return `1_${m.fqcn}`;
  if (short) return `4_${m.fqcn}`;
  return m.fqcn.startsWith('ansible.builtin.') ? `2_${m.fqcn}` : `3_${m.fqcn}`;
}

/** The item for one name; the snippet holds the required options when the module's doc is loaded. */
function itemFor(n: Name, catalog: ModuleCatalog, site: InsertionSite): CompletionItem {
  const m = n.summary;
  const newText = site.nameOnly
    ? escapeSnippet(n.label)
    : moduleSnippet(n.label, catalog.getDoc(m.fqcn), site.column, site.unit);
  const item: CompletionItem = {
    label: n.label,
    kind: CompletionItemKind.Module,
    detail: n.short
      ? `${m.fqcn} (short name)`
      : m.local
        ? `${m.shortDescription} (this project)`.trim()
        : m.shortDescription,
    sortText: sortKey(m, n.short),
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range: site.range, newText },
    data: { fqcn: m.fqcn } satisfies ModuleItemData,
  };
  if (m.deprecated) item.tags = [CompletionItemTag.Deprecated];
  return item;
}

/**
 * At most this many module items per answer. The whole list (~7,800 items, 3 MB of JSON) took
 * ~300 ms per request to build and send; a narrowed list is marked incomplete, so the client asks
 * again as the user types and the server narrows further.
 */
const maxItems = 400;

/**
 * Module items for the word at `site`. With nothing typed: the modules the document already uses,
 * then builtin modules and those of the collections it uses. Otherwise: names holding the typed letters in order (a
 * superset of what the client's fuzzy filter keeps), a typed dotted prefix (`community.general.`)
 * fixing the namespace; names that start with the word first, capped at `maxItems`.
 */
export function moduleNameItems(
  catalog: ModuleCatalog,
  site: InsertionSite,
  modulesInUse: ReadonlySet<string>,
): { items: CompletionItem[]; incomplete: boolean; narrowed: boolean } {
  const collectionsInUse = new Set([...modulesInUse].map((m) => m.slice(0, m.lastIndexOf('.'))));
  const all = namesOf(catalog.list());
  const word = site.prefix.toLowerCase();
  const dot = word.lastIndexOf('.');
  const namespace = dot >= 0 ? word.slice(0, dot + 1) : '';
  const rest = word.slice(dot + 1);
  const starts: Name[] = [];
  const others: Name[] = [];
  for (const b of all) {
    const label = b.lower;
    if (namespace) {
      if (!label.startsWith(namespace)) continue;
    } else if (!word) {
      const collection = b.summary.fqcn.slice(0, b.summary.fqcn.lastIndexOf('.'));
      if (collection !== 'ansible.builtin' && !collectionsInUse.has(collection) && !b.summary.local) continue;
    }
    const tail = label.slice(namespace ? namespace.length : label.lastIndexOf('.') + 1);
    if ((!word && modulesInUse.has(b.summary.fqcn)) || (word && (tail.startsWith(rest) || label.startsWith(word))))
      starts.push(b);
    else if (isSubsequence(rest, namespace ? tail : label)) others.push(b);
  }
  const matches = starts.concat(others);
  const kept = matches.slice(0, maxItems);
  const items = kept.map((n) => itemFor(n, catalog, site));
  return { items, incomplete: !word || kept.length < matches.length || namespace !== '', narrowed: namespace !== '' };
}

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (let j = 0; i < needle.length && j < hay.length; j++) if (needle[i] === hay[j]) i++;
  return i === needle.length;
}
