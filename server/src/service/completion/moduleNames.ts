// Module names at task level. ~7,700 modules with Debian's ansible package: the items are built
// once per catalog module list and indentation, and only their edit range changes per request.

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

interface Built {
  item: CompletionItem;
  fqcn: string;
  /** Built without the module's doc: its required options are not in the snippet yet. */
  docless: boolean;
  /** Text to insert (the key and its required options). */
  newText: string;
}

interface ItemCache {
  list: readonly ModuleSummary[];
  bySummary: Map<string, ModuleSummary>;
  /** Where the next sweep over doc-less non-builtin items starts, per layout. */
  sweepFrom: Map<string, number>;
  /** Keyed by the insertion layout: `column/unit` or `name-only`. */
  byLayout: Map<string, Built[]>;
}

const caches = new WeakMap<ModuleCatalog, ItemCache>();
const maxLayouts = 8;
/**
 * Doc-less items re-checked per request besides the builtins: asking the real catalog for 7,700
 * docs costs ~50 ms, too much per keystroke; 500 cost a few ms and a full sweep takes 16 requests.
 */
const sweepBudget = 500;

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
  if (short) return `4_${m.fqcn}`;
  return m.fqcn.startsWith('ansible.builtin.') ? `2_${m.fqcn}` : `3_${m.fqcn}`;
}

function build(
  m: ModuleSummary,
  label: string,
  catalog: ModuleCatalog,
  layout: string,
  col: number,
  unit: number,
): Built {
  const doc = catalog.getDoc(m.fqcn);
  const short = label !== m.fqcn;
  const newText = layout === 'name-only' ? escapeSnippet(label) : moduleSnippet(label, doc, col, unit);
  const item: CompletionItem = {
    label,
    kind: CompletionItemKind.Module,
    detail: short ? `${m.fqcn} (short name)` : m.shortDescription,
    sortText: sortKey(m, short),
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    data: { fqcn: m.fqcn } satisfies ModuleItemData,
  };
  if (m.deprecated) item.tags = [CompletionItemTag.Deprecated];
  return { item, fqcn: m.fqcn, docless: !doc && layout !== 'name-only', newText };
}

function builtItems(catalog: ModuleCatalog, site: InsertionSite): Built[] {
  const list = catalog.list();
  let cache = caches.get(catalog);
  if (!cache || cache.list !== list) {
    cache = { list, byLayout: new Map(), bySummary: new Map(list.map((m) => [m.fqcn, m])), sweepFrom: new Map() };
    caches.set(catalog, cache);
  }
  const layout = site.nameOnly ? 'name-only' : `${site.column}/${site.unit}`;
  let built = cache.byLayout.get(layout);
  if (!built) {
    if (cache.byLayout.size >= maxLayouts) cache.byLayout.clear();
    built = [];
    for (const m of list) {
      built.push(build(m, m.fqcn, catalog, layout, site.column, site.unit));
      if (m.fqcn.startsWith('ansible.builtin.'))
        built.push(build(m, m.fqcn.slice('ansible.builtin.'.length), catalog, layout, site.column, site.unit));
    }
    cache.byLayout.set(layout, built);
  } else {
    refreshDocless(built, catalog, layout, site, cache);
  }
  return built;
}

/**
 * Docs load in the background (the catalog's prefetch, or a hover): put required options into
 * snippets built before their doc came. Builtins every time (they are what people pick most), the
 * rest a slice per request.
 */
function refreshDocless(
  built: Built[],
  catalog: ModuleCatalog,
  layout: string,
  site: InsertionSite,
  cache: ItemCache,
): void {
  const rebuild = (i: number) => {
    const b = built[i];
    if (!b.docless || !catalog.getDoc(b.fqcn)) return;
    built[i] = build(cache.bySummary.get(b.fqcn)!, String(b.item.label), catalog, layout, site.column, site.unit);
  };
  built.forEach((b, i) => {
    if (b.docless && b.fqcn.startsWith('ansible.builtin.')) rebuild(i);
  });
  const from = cache.sweepFrom.get(layout) ?? 0;
  let checked = 0;
  let i = from;
  for (; checked < sweepBudget && i < built.length; i++) {
    if (!built[i].docless || built[i].fqcn.startsWith('ansible.builtin.')) continue;
    checked++;
    rebuild(i);
  }
  cache.sweepFrom.set(layout, i >= built.length ? 0 : i);
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
  const built = builtItems(catalog, site);
  const word = site.prefix.toLowerCase();
  const dot = word.lastIndexOf('.');
  const namespace = dot >= 0 ? word.slice(0, dot + 1) : '';
  const rest = word.slice(dot + 1);
  const starts: Built[] = [];
  const others: Built[] = [];
  for (const b of built) {
    const label = String(b.item.label).toLowerCase();
    if (namespace) {
      if (!label.startsWith(namespace)) continue;
    } else if (!word) {
      const collection = b.fqcn.slice(0, b.fqcn.lastIndexOf('.'));
      if (collection !== 'ansible.builtin' && !collectionsInUse.has(collection)) continue;
    }
    const tail = label.slice(namespace ? namespace.length : label.lastIndexOf('.') + 1);
    if ((!word && modulesInUse.has(b.fqcn)) || (word && (tail.startsWith(rest) || label.startsWith(word))))
      starts.push(b);
    else if (isSubsequence(rest, namespace ? tail : label)) others.push(b);
  }
  const matches = starts.concat(others);
  const kept = matches.slice(0, maxItems);
  const items = kept.map((b) => ({ ...b.item, textEdit: { range: site.range, newText: b.newText } }));
  return { items, incomplete: !word || kept.length < matches.length || namespace !== '', narrowed: namespace !== '' };
}

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (let j = 0; i < needle.length && j < hay.length; j++) if (needle[i] === hay[j]) i++;
  return i === needle.length;
}
