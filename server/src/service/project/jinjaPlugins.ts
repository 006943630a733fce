// Filters and tests inside Jinja: completion after `|` (and `{% filter`), after `is ` / `is not `,
// and hover on their names, inside `{{ }}` / `{% %}` and in the values Ansible reads as bare
// expressions (`when:`, `changed_when:`, `failed_when:`, `until:`, assert's `that:`). The names
// come from catalog/jinjaPlugins.ts: Jinja2's own at once, the installed plugins once listed.
// Ansible finds ansible.builtin's by their short name too (`to_json`); a collection's only by FQCN.

import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Hover,
} from 'vscode-languageserver-types';
import type { JinjaPlugin, JinjaPluginCatalog, JinjaPluginDoc, JinjaPluginType } from '../../catalog/jinjaPlugins';
import { BARE_EXPRESSION_KEYS } from '../../document/jinja';
import { playAt, taskAt } from '../../document/locate';
import type { AnsibleDocument, Span } from '../../document/model';
import { codeBlock, escapeMarkdown, inlineCode, markdownLink, sanitizeMarkdown } from '../../document/markdown';

/** What a completion or hover needs of the catalog (JinjaPluginCatalog). */
export type JinjaPluginSource = Pick<JinjaPluginCatalog, 'ready' | 'state' | 'list' | 'find' | 'getDoc' | 'loadDoc'>;

/** Marks our completion items, for completionItem/resolve. */
export interface JinjaPluginItemData {
  scribeJinjaPlugin: { type: JinjaPluginType; fqcn: string };
}

/** How long the first completion after `|` waits for the installed plugins' list (a cold list takes ~1.5 s). */
export const LIST_WAIT_MS = 2_000;
/** How long a hover or resolve waits for documentation before showing the list's line. */
const DOC_WAIT_MS = 5_000;

/** Module options Ansible reads as bare expressions (assert's `that`). */
const EXPRESSION_ARGS = new Set(['that']);
/** How far back an unclosed `{{` / `{%` is looked for (a Jinja expression over several lines). */
const LOOKBACK = 4_000;

const contains = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

/** Where the Jinja expression holding `offset` starts (its `{{` / `{%`, or a bare expression's value), if any. */
function expressionStart(doc: AnsibleDocument, offset: number): number | undefined {
  const text = doc.text;
  const from = Math.max(0, offset - LOOKBACK);
  const before = text.slice(from, offset);
  const open = Math.max(before.lastIndexOf('{{'), before.lastIndexOf('{%'));
  const close = Math.max(before.lastIndexOf('}}'), before.lastIndexOf('%}'));
  if (open >= 0 && open > close) return from + open;
  // A bare expression: the value of `when:` and the like (the cursor may stand after trailing blanks
  // that the value's span does not cover).
  let probe = offset;
  while (probe > 0 && (text[probe - 1] === ' ' || text[probe - 1] === '\t')) probe--;
  const play = playAt(doc, probe);
  const tasks = play ? [...play.pre_tasks, ...play.tasks, ...play.post_tasks, ...play.handlers] : doc.tasks;
  const task = taskAt(tasks, probe);
  if (!task) return undefined;
  const entry = task.entries.find((e) => BARE_EXPRESSION_KEYS.has(e.key) && contains(e.valueSpan, probe));
  if (entry) return entry.valueSpan.start;
  const arg = task.module?.args.find((a) => EXPRESSION_ARGS.has(a.name) && contains(a.valueSpan, probe));
  return arg?.valueSpan.start;
}

const WORD = /[A-Za-z0-9_.]/;

/** The filter or test name being typed at `offset` (completion): its type and the span typed so far. */
export function pluginSlotAt(doc: AnsibleDocument, offset: number): { type: JinjaPluginType; span: Span } | undefined {
  const start = expressionStart(doc, offset);
  if (start === undefined) return undefined;
  const before = doc.text.slice(start, offset);
  const filter = /(?:\||\{%-?\s*filter\s)\s*([A-Za-z_][\w.]*)?$/.exec(before);
  const test = /\bis\s+(?:not\s+)?([A-Za-z_][\w.]*)?$/.exec(before);
  const m = filter ?? test;
  if (!m) return undefined;
  const typed = m[1] ?? '';
  return { type: filter ? 'filter' : 'test', span: { start: offset - typed.length, end: offset } };
}

/** The filter or test name under `offset` (hover), with its span. */
export function pluginNameAt(
  doc: AnsibleDocument,
  offset: number,
): { type: JinjaPluginType; name: string; span: Span } | undefined {
  const text = doc.text;
  let s = offset;
  let e = offset;
  while (s > 0 && WORD.test(text[s - 1])) s--;
  while (e < text.length && WORD.test(text[e])) e++;
  while (e > s && text[e - 1] === '.') e--;
  const name = text.slice(s, e);
  if (!/^[A-Za-z_]/.test(name)) return undefined;
  const start = expressionStart(doc, s);
  if (start === undefined) return undefined;
  const before = text.slice(start, s);
  if (/(?:\||\{%-?\s*filter\s)\s*$/.test(before)) return { type: 'filter', name, span: { start: s, end: e } };
  if (/\bis\s+(?:not\s+)?$/.test(before) && name !== 'not') return { type: 'test', name, span: { start: s, end: e } };
  return undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Waits for `p` at most `ms`; undefined when it did not settle in time. */
async function bounded<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, delay(ms).then(() => undefined)]);
}

const kindWord = (type: JinjaPluginType) => (type === 'filter' ? 'filter' : 'test');

/** The list's line, or what stands for it. */
function summary(p: JinjaPlugin): string {
  if (p.shortDescription) return p.shortDescription;
  return `${kindWord(p.type)} (no documentation)`;
}

/**
 * Completion of filter names after `|` and test names after `is `: undefined anywhere else. Inside
 * an expression but elsewhere it only starts loading the installed plugins' list, so that it is
 * there by the time a `|` is typed. The first answer waits up to LIST_WAIT_MS for the list; if it
 * is still loading then, the answer is Jinja2's own names, marked incomplete (the client asks again).
 */
export async function jinjaPluginCompletion(
  doc: AnsibleDocument,
  offset: number,
  catalog: JinjaPluginSource,
  waitMs = LIST_WAIT_MS,
): Promise<CompletionList | undefined> {
  const slot = pluginSlotAt(doc, offset);
  if (!slot) {
    if (catalog.state === 'idle' && expressionStart(doc, offset) !== undefined) void catalog.ready();
    return undefined;
  }
  if (catalog.state === 'idle' || catalog.state === 'loading') await bounded(catalog.ready(), waitMs);
  const range = doc.lines.range(slot.span);
  const items: CompletionItem[] = [];
  const item = (p: JinjaPlugin, label: string, rank: number): CompletionItem => {
    const loaded = p.origin === 'ansible' ? catalog.getDoc(p.type, p.fqcn) : undefined;
    const data: JinjaPluginItemData = { scribeJinjaPlugin: { type: p.type, fqcn: p.fqcn } };
    return {
      label,
      kind: CompletionItemKind.Function,
      detail: summary(p),
      labelDetails: { description: p.origin === 'jinja2' ? 'Jinja2' : p.fqcn.split('.').slice(0, 2).join('.') },
      ...(loaded || p.origin === 'jinja2'
        ? { documentation: { kind: MarkupKind.Markdown, value: pluginMarkdown(p, loaded) } }
        : {}),
      sortText: `${rank}${label}`,
      filterText: label,
      textEdit: { range, newText: label },
      data,
    };
  };
  for (const p of catalog.list(slot.type)) {
    if (p.origin === 'jinja2') items.push(item(p, p.name, 0));
    else if (p.fqcn.startsWith('ansible.builtin.')) items.push(item(p, p.name, 0), item(p, p.fqcn, 1));
    else items.push(item(p, p.fqcn, 2));
  }
  return { isIncomplete: catalog.state === 'loading', items };
}

/** completionItem/resolve for our items: their documentation. Undefined for an item that is not ours. */
export async function resolveJinjaPluginItem(
  item: CompletionItem,
  catalog: JinjaPluginSource,
): Promise<CompletionItem | undefined> {
  const data = (item.data as Partial<JinjaPluginItemData> | undefined)?.scribeJinjaPlugin;
  if (!data || (data.type !== 'filter' && data.type !== 'test') || typeof data.fqcn !== 'string') return undefined;
  const plugin = catalog.find(data.type, data.fqcn);
  if (!plugin || plugin.origin !== 'ansible') return item;
  const doc =
    catalog.getDoc(data.type, data.fqcn) ?? (await bounded(catalog.loadDoc(data.type, data.fqcn), DOC_WAIT_MS));
  return { ...item, documentation: { kind: MarkupKind.Markdown, value: pluginMarkdown(plugin, doc) } };
}

/** Hover on a filter or test name inside Jinja: its documentation; null elsewhere or for a name not installed. */
export async function jinjaPluginHover(
  doc: AnsibleDocument,
  offset: number,
  catalog: JinjaPluginSource,
): Promise<Hover | null> {
  const at = pluginNameAt(doc, offset);
  if (!at) return null;
  if (catalog.state === 'idle' || catalog.state === 'loading') await bounded(catalog.ready(), DOC_WAIT_MS);
  const plugin = catalog.find(at.type, at.name);
  if (!plugin) return null;
  const loaded =
    plugin.origin === 'ansible'
      ? (catalog.getDoc(at.type, at.name) ?? (await bounded(catalog.loadDoc(at.type, at.name), DOC_WAIT_MS)))
      : undefined;
  return {
    contents: { kind: MarkupKind.Markdown, value: pluginMarkdown(plugin, loaded, at.name) },
    range: doc.lines.range(at.span),
  };
}

/** Options shown in a hover before it is cut short. */
const MAX_OPTIONS = 12;
/** Lines of the examples shown. */
const MAX_EXAMPLE_LINES = 12;

const docInline = (s: string) => sanitizeMarkdown(s.replace(/\s*\n\s*/g, ' '));

/** Jinja's documentation page of its own filters and tests. */
function jinjaDocsUrl(p: JinjaPlugin): string {
  return `https://jinja.palletsprojects.com/en/3.1.x/templates/#jinja-${p.type}s.${encodeURIComponent(p.name)}`;
}

/**
 * A filter or test as Markdown: its line, description, arguments, what it returns and a few
 * examples. `written`: the name in the document, when Ansible redirects it (`json_query`).
 */
export function pluginMarkdown(p: JinjaPlugin, doc?: JinjaPluginDoc, written?: string): string {
  const out: string[] = [];
  const short = doc?.shortDescription || p.shortDescription;
  const what = p.origin === 'jinja2' ? `Jinja2 builtin ${kindWord(p.type)}` : kindWord(p.type);
  out.push(`**${escapeMarkdown(p.fqcn)}** (${what})${short ? ` — ${docInline(short)}` : ''}`);
  const name = written?.replace(/^ansible\.legacy\./, '');
  if (name && name !== p.fqcn && `ansible.builtin.${name}` !== p.fqcn)
    out.push(`*${inlineCode(written!)} is redirected to ${inlineCode(p.fqcn)}.*`);
  if (p.origin === 'jinja2') {
    out.push(markdownLink(`Jinja ${p.type}s: ${p.name}`, jinjaDocsUrl(p)));
    return out.join('\n\n');
  }
  if (!doc) {
    if (!p.documented) out.push(`*ansible-doc has no documentation for this ${kindWord(p.type)}.*`);
    return out.join('\n\n');
  }
  if (doc.aliases.length) out.push(`Also: ${doc.aliases.map(inlineCode).join(', ')}`);
  out.push(...doc.description.slice(0, 2).map((d) => sanitizeMarkdown(d)));
  const call =
    p.type === 'filter'
      ? `value | ${p.fqcn}${doc.positional.length ? `(${doc.positional.join(', ')})` : ''}`
      : `value is ${p.fqcn}${doc.positional.length ? `(${doc.positional.join(', ')})` : ''}`;
  out.push(inlineCode(call));
  if (doc.options.length) {
    const lines = doc.options.slice(0, MAX_OPTIONS).map((o) => {
      const facts = [
        doc.positional.includes(o.name) ? 'positional' : '',
        o.type ?? '',
        o.required ? 'required' : '',
        o.default !== undefined
          ? `default ${inlineCode(typeof o.default === 'string' ? o.default : JSON.stringify(o.default))}`
          : '',
        o.choices?.length ? `one of ${o.choices.map((c) => inlineCode(String(c))).join(', ')}` : '',
      ].filter(Boolean);
      const desc = o.description ? ` — ${docInline(o.description)}` : '';
      return `- ${inlineCode(o.name)}${facts.length ? ` (${facts.join(', ')})` : ''}${desc}`;
    });
    if (doc.options.length > MAX_OPTIONS) lines.push(`- … ${doc.options.length - MAX_OPTIONS} more`);
    out.push(`**Arguments**\n\n${lines.join('\n')}`);
  }
  if (doc.returns) out.push(`**Returns:** ${docInline(doc.returns)}`);
  if (doc.requirements.length) out.push(`**Requires:** ${doc.requirements.map(docInline).join('; ')}`);
  if (doc.examples) {
    const lines = doc.examples.split('\n');
    const shown = lines.slice(0, MAX_EXAMPLE_LINES).join('\n') + (lines.length > MAX_EXAMPLE_LINES ? '\n# …' : '');
    out.push(`**Examples**\n\n${codeBlock(shown, 'yaml')}`);
  }
  return out.join('\n\n');
}
