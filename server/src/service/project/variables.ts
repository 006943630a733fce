// Variables across the project: where each is defined (play `vars:`, vars files, role defaults and
// vars, group_vars/host_vars, `register:`, `set_fact`, `loop_var`, the inventory's own host and
// group variables), so that a name inside Jinja
// (`{{ web_port }}`, `when: result is failed`) goes to its definitions, hovers with them and
// completes from them. Read statically from the workspace's files; Ansible's precedence is shown
// by listing every place, most specific kind first, rather than guessed.

import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type Hover,
  type Location,
  type Range,
} from 'vscode-languageserver-types';
import { BARE_EXPRESSION_KEYS, JINJA_GLOBALS, JINJA_KEYWORDS, MAGIC_VARIABLES } from '../../document/jinja';
import { playAt, taskAt } from '../../document/locate';
import { allTasks, type AnsibleDocument, type Span } from '../../document/model';
import { codeBlock, escapeMarkdown, inlineCode } from '../../document/markdown';
import { uriToPath } from '../../document/uri';
import { readInventory } from '../../project/inventory';
import { findRole, type ProjectLayout } from './layout';

export interface VariableDefinition {
  name: string;
  uri: string;
  span: Span;
  /** What defines it: 'play vars', 'role defaults', 'group_vars', 'register', … */
  origin: string;
  /** The value as written (YAML text, shortened), when it has one. */
  value?: string;
  /** Where it applies when that is narrower than the host: its play (play vars) or its task (task vars, loop_var). */
  within?: Span;
  /** Where it is in a file that is no parsed document (an INI inventory), for go to definition. */
  range?: Range;
}

/** Module options that take bare expressions or variable names (assert `that`, debug `var`). */
const RAW_EXPRESSION_ARGS = new Set(['that', 'var']);
/** Words inside Jinja that are not variables: keywords, global functions and word tests. */
const NOT_VARIABLES: ReadonlySet<string> = new Set([...JINJA_KEYWORDS, ...JINJA_GLOBALS, 'defined', 'undefined']);

const contains = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

/** Whether `offset` of the line is inside an unclosed `{{`/`{%` before it on that line. */
function insideJinja(line: string, column: number): boolean {
  const before = line.slice(0, column);
  const open = Math.max(before.lastIndexOf('{{'), before.lastIndexOf('{%'));
  const close = Math.max(before.lastIndexOf('}}'), before.lastIndexOf('%}'));
  return open >= 0 && open > close;
}

/** Whether the offset is in a value that Ansible reads as a bare expression (`when:`, assert `that:`). */
function inRawExpression(doc: AnsibleDocument, offset: number): boolean {
  const play = playAt(doc, offset);
  const tasks = play ? [...play.pre_tasks, ...play.tasks, ...play.post_tasks, ...play.handlers] : doc.tasks;
  const task = taskAt(tasks, offset);
  if (!task) return false;
  if (task.entries.some((e) => BARE_EXPRESSION_KEYS.has(e.key) && contains(e.valueSpan, offset))) return true;
  return !!task.module?.args.some((a) => RAW_EXPRESSION_ARGS.has(a.name) && contains(a.valueSpan, offset));
}

/** Text Ansible evaluates as Jinja: the inside of `{{ }}` or `{% %}`, or the value of a bare expression. */
export interface JinjaExpression {
  /** Offset of `text` in the document. */
  start: number;
  text: string;
}

const CLOSE: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };
/** A line that starts a YAML key: an expression running onto one was never closed (text being typed). */
const YAML_KEY_LINE = /\n[ \t]*(?:-[ \t]+)?[A-Za-z_][\w.-]*:(?:[ \t]|$)/m;

/**
 * The insides of `{{ … }}` and `{% … %}`, over several lines too (a block scalar, a long quoted
 * string); `{# … #}` comments hold none. An opening whose close is not found before the next YAML
 * key is left alone, so a half-typed `{{` does not swallow the keys after it.
 */
function templated(text: string): JinjaExpression[] {
  const out: JinjaExpression[] = [];
  for (let i = nextOpening(text, 0); i >= 0;) {
    const open = text.slice(i, i + 2);
    const end = text.indexOf(CLOSE[open], i + 2);
    const inner = end < 0 ? undefined : text.slice(i + 2, end);
    if (inner === undefined || inner.length > 4000 || YAML_KEY_LINE.test(inner)) {
      i = nextOpening(text, i + 2);
      continue;
    }
    if (open !== '{#') out.push({ start: i + 2, text: inner });
    i = nextOpening(text, end + 2);
  }
  return out;
}

const OPENING = /\{[{%#]/g;
const nextOpening = (text: string, from: number) => {
  OPENING.lastIndex = from;
  return OPENING.exec(text)?.index ?? -1;
};
const expressionsCache = new WeakMap<AnsibleDocument, JinjaExpression[]>();

/** Every Jinja expression of `doc`, in `{{ }}`/`{% %}` anywhere and in bare-expression values of tasks. */
export function jinjaExpressions(doc: AnsibleDocument): JinjaExpression[] {
  const cached = expressionsCache.get(doc);
  if (cached) return cached;
  const out = templated(doc.text);
  const bare = (node: YamlNode | null | undefined) => {
    if (isSeq(node)) for (const item of node.items) bare(item as YamlNode);
    if (!isScalar(node) || !node.range || typeof node.value !== 'string') return;
    let [start, end] = node.range;
    if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') [start, end] = [start + 1, end - 1];
    else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') start = doc.text.indexOf('\n', start) + 1;
    const text = doc.text.slice(start, end);
    if (!/\{\{|\{%/.test(text)) out.push({ start, text }); // else the {{ }} inside is already listed
  };
  for (const t of allTasks(doc)) {
    for (const e of t.entries) if (BARE_EXPRESSION_KEYS.has(e.key)) bare(e.valueNode);
    for (const a of t.module?.args ?? []) {
      if (!RAW_EXPRESSION_ARGS.has(a.name)) continue;
      if (a.inline) out.push({ start: a.valueSpan.start, text: doc.text.slice(a.valueSpan.start, a.valueSpan.end) });
      else bare(a.valueNode);
    }
  }
  expressionsCache.set(doc, out);
  return out;
}

export interface JinjaToken {
  kind: 'name' | 'string' | 'number' | 'op';
  /** The word, the operator, or a string's value without its quotes. */
  text: string;
  /** Document offsets; a string's span includes its quotes. */
  span: Span;
}

/** The tokens of a Jinja expression (enough of Jinja's lexer to tell names, strings and operators apart). */
export function jinjaTokens(expr: JinjaExpression): JinjaToken[] {
  const out: JinjaToken[] = [];
  const s = expr.text;
  const push = (kind: JinjaToken['kind'], text: string, from: number, to: number) =>
    out.push({ kind, text, span: { start: expr.start + from, end: expr.start + to } });
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < s.length && s[j] !== c) j += s[j] === '\\' ? 2 : 1;
      push('string', s.slice(i + 1, Math.min(j, s.length)), i, Math.min(j + 1, s.length));
      i = j + 1;
    } else {
      const m = /^(?:([A-Za-z_][A-Za-z0-9_]*)|([0-9][0-9A-Za-z_.]*)|(==|!=|<=|>=|\/\/|\*\*|.))/.exec(
        s.slice(i, i + 64),
      )!;
      push(m[1] ? 'name' : m[2] ? 'number' : 'op', m[0], i, i + m[0].length);
      i += m[0].length;
    }
  }
  return out;
}

/** The index of the `[` that the `]` at `close` closes, or -1. */
function openingBracket(tokens: readonly JinjaToken[], close: number): number {
  for (let i = close, depth = 0; i >= 0; i--) {
    if (tokens[i].kind !== 'op') continue;
    if (tokens[i].text === ']') depth++;
    else if (tokens[i].text === '[' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Whether the tokens ending at `end` are a mapping of variables by name: `vars`, `hostvars[host]`
 * or `hostvars.host` (so `vars.web_port` and `hostvars[h].web_port` read the variable web_port).
 */
export function readsVariablesByName(tokens: readonly JinjaToken[], end: number): boolean {
  const isName = (i: number, name?: string) =>
    tokens[i]?.kind === 'name' && (name === undefined || tokens[i].text === name) && !isOp(tokens[i - 1], '.');
  const t = tokens[end];
  if (!t) return false;
  if (isName(end, 'vars')) return true;
  if (isOp(t, ']')) return isName(openingBracket(tokens, end) - 1, 'hostvars');
  return t.kind === 'name' && isOp(tokens[end - 1], '.') && isName(end - 2, 'hostvars');
}

const isOp = (t: JinjaToken | undefined, text: string) => t?.kind === 'op' && t.text === text;
const isWord = (t: JinjaToken | undefined, text: string) => t?.kind === 'name' && t.text === text;

export interface VariableUse {
  name: string;
  span: Span;
}

/**
 * The variables an expression reads: names that are not keywords, attributes (`result.stdout`:
 * only `result`), filters, tests, called functions, keyword arguments or inside strings; an
 * attribute of `vars`/`hostvars[h]` is the variable it names.
 */
export function variablesIn(expr: JinjaExpression): VariableUse[] {
  const tokens = jinjaTokens(expr);
  const out: VariableUse[] = [];
  let parens = 0;
  tokens.forEach((t, i) => {
    if (isOp(t, '(') || isOp(t, ')')) parens += t.text === '(' ? 1 : -1;
    if (t.kind !== 'name' || NOT_VARIABLES.has(t.text)) return;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (isOp(prev, '.') && !readsVariablesByName(tokens, i - 2)) return;
    if (isOp(prev, '|') || isWord(prev, 'is') || (isWord(prev, 'not') && isWord(tokens[i - 2], 'is'))) return;
    if (isOp(next, '(') || (isOp(next, '=') && parens > 0)) return;
    out.push({ name: t.text, span: t.span });
  });
  return out;
}

const usesCache = new WeakMap<AnsibleDocument, VariableUse[]>();

/** Every variable `doc` reads inside Jinja or a bare expression. */
export function variableUses(doc: AnsibleDocument): VariableUse[] {
  let uses = usesCache.get(doc);
  if (!uses) usesCache.set(doc, (uses = jinjaExpressions(doc).flatMap(variablesIn)));
  return uses;
}

/** The variable name under the offset, when the offset is inside Jinja or a bare expression. */
export function variableAt(doc: AnsibleDocument, offset: number): VariableUse | undefined {
  return variableUses(doc).find((u) => contains(u.span, offset));
}

const keysCache = new WeakMap<AnsibleDocument, VariableDefinition[]>();

/** Every variable `doc` defines, with where and how. */
export function definitionsIn(doc: AnsibleDocument): VariableDefinition[] {
  const cached = keysCache.get(doc);
  if (cached) return cached;
  const out: VariableDefinition[] = [];
  const add = (name: string, span: Span, origin: string, value?: string, within?: Span) =>
    out.push({ name, uri: doc.uri, span, origin, value, ...(within ? { within } : {}) });
  const mapKeys = (node: YamlNode | null | undefined, origin: string, within?: Span) => {
    if (!isMap(node)) return;
    for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
      if (isScalar(pair.key) && pair.key.range)
        add(
          String(pair.key.value),
          { start: pair.key.range[0], end: pair.key.range[1] },
          origin,
          valueText(doc, pair.value),
          within,
        );
    }
  };
  if (doc.kind === 'vars') mapKeys(parseDocument(doc.text, { strict: false }).contents as YamlNode, originOf(doc.uri));
  for (const play of doc.plays) mapKeys(play.entries.find((e) => e.key === 'vars')?.valueNode, 'play vars', play.span);
  for (const t of allTasks(doc)) {
    const register = t.entries.find((e) => e.key === 'register');
    if (register && typeof register.value === 'string') add(register.value, register.valueSpan, 'register');
    mapKeys(t.entries.find((e) => e.key === 'vars')?.valueNode, 'task vars', t.span);
    const loopVar = t.entries.find((e) => e.key === 'loop_control')?.valueNode;
    const lv = isMap(loopVar) ? loopVar.get('loop_var', true) : undefined;
    if (isScalar(lv) && typeof lv.value === 'string' && lv.range)
      add(lv.value, { start: lv.range[0], end: lv.range[1] }, 'loop_var', undefined, t.span);
    if (t.module && /(^|\.)set_fact$/.test(t.module.name)) {
      for (const a of t.module.args)
        if (a.name !== 'cacheable') add(a.name, a.nameSpan, 'set_fact', valueText(doc, a.valueNode));
    }
  }
  keysCache.set(doc, out);
  return out;
}

function valueText(doc: AnsibleDocument, node: YamlNode | null | undefined): string | undefined {
  if (!node?.range) return undefined;
  const text = doc.text.slice(node.range[0], node.range[1]).trim();
  return text.length > 200 ? text.slice(0, 200) + ' …' : text;
}

/** The kind of vars file a path is, as a label. */
function originOf(uri: string): string {
  const path = decodeURIComponent(uri);
  const role = /\/roles\/([^/]+)\/(defaults|vars)\//.exec(path);
  if (role) return `role ${role[1]} ${role[2]}`;
  const inv = /\/(group_vars|host_vars)\/([^/]+)/.exec(path);
  if (inv) return `${inv[1]}/${inv[2].replace(/\.ya?ml$/, '')}`;
  return 'vars file';
}

/**
 * The documents whose variables reach `current`: a role's defaults and vars only from the role
 * Ansible would pick for that name (a workspace may hold several `roles/web`), everything else as is.
 */
export function inReach(
  docs: readonly AnsibleDocument[],
  current: AnsibleDocument,
  layout: ProjectLayout,
): AnsibleDocument[] {
  const here = uriToPath(current.uri);
  if (!here) return [...docs];
  return docs.filter((d) => {
    const m = /^(.*\/roles\/([^/]+))\/(defaults|vars)\//.exec(uriToPath(d.uri) ?? '');
    return !m || findRole(m[2], here, layout) === m[1];
  });
}

/**
 * Whether a definition reaches `offset` in `current`: one bound to a play or a task only inside
 * it; one bound to a play or task of another file only when `current` is not a playbook (a task
 * file or role may be run by that play or task; a playbook's plays never see another's vars).
 */
function reaches(d: VariableDefinition, current: AnsibleDocument, offset: number): boolean {
  if (!d.within) return true;
  return d.uri === current.uri ? contains(d.within, offset) : current.kind !== 'playbook';
}

/** The definitions in reach at `offset` of `current`: its own first, then those of `docs`. */
function definitionsInReach(
  docs: readonly AnsibleDocument[],
  current: AnsibleDocument,
  offset: number,
): VariableDefinition[] {
  const all = [...definitionsIn(current), ...docs.filter((d) => d.uri !== current.uri).flatMap(definitionsIn)];
  return all.filter((d) => reaches(d, current, offset));
}

/**
 * Where `name` is defined, as seen from `offset` in `current`: the current document's own
 * definitions first, the inventory's (`more`, the weakest in Ansible's precedence) last.
 */
export function variableDefinitions(
  name: string,
  docs: readonly AnsibleDocument[],
  current: AnsibleDocument,
  offset: number,
  more: readonly VariableDefinition[] = [],
): VariableDefinition[] {
  return [...definitionsInReach(docs, current, offset), ...more].filter((d) => d.name === name);
}

/**
 * The host and group variables of the inventory files (read statically, as `hosts:` completion
 * reads them) that reach `doc`: those of its own folder and the workspace folders.
 */
export function inventoryDefinitions(doc: AnsibleDocument, layout: ProjectLayout): VariableDefinition[] {
  const path = uriToPath(doc.uri);
  if (!path) return [];
  return readInventory([dirname(path), ...layout.workspaceRoots]).vars.map((v) => {
    const start = { line: v.line, character: v.character };
    return {
      name: v.name,
      uri: pathToFileURL(v.file).href,
      span: { start: v.start, end: v.end },
      origin: `inventory ${v.target.kind} ${v.target.name}`,
      value: v.value.length > 200 ? v.value.slice(0, 200) + ' …' : v.value,
      range: { start, end: { line: v.line, character: v.character + v.name.length } },
    };
  });
}

export function definitionLocations(defs: readonly VariableDefinition[], docs: readonly AnsibleDocument[]): Location[] {
  const byUri = new Map(docs.map((d) => [d.uri, d]));
  return defs.flatMap((d) => {
    const doc = byUri.get(d.uri);
    if (doc) return [{ uri: d.uri, range: doc.lines.range(d.span) }];
    return d.range ? [{ uri: d.uri, range: d.range }] : [];
  });
}

export function variableHover(
  name: string,
  span: Span,
  defs: readonly VariableDefinition[],
  doc: AnsibleDocument,
  roots: readonly string[] = [],
): Hover | null {
  const magic = MAGIC_VARIABLES.includes(name);
  if (!defs.length && !magic) return null;
  const lines = [`**${escapeMarkdown(name)}**${magic ? ' (Ansible magic variable)' : ''}`];
  for (const d of defs.slice(0, 8)) {
    const path = uriToPath(d.uri) ?? d.uri;
    const root = roots.find((r) => path.startsWith(r + '/'));
    const file = root ? path.slice(root.length + 1) : path.split('/').slice(-3).join('/');
    lines.push(`- ${escapeMarkdown(d.origin)} — ${inlineCode(file)}`);
    if (d.value !== undefined) lines.push(codeBlock(d.value, 'yaml').replace(/^/gm, '  '));
  }
  if (defs.length > 8) lines.push(`- … ${defs.length - 8} more`);
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: doc.lines.range(span) };
}

/** Completion of variable names inside Jinja or a bare expression: the word being typed and the items. */
export function variableCompletion(
  doc: AnsibleDocument,
  offset: number,
  /** The documents in scope: asked only inside Jinja (reading them may mean reading the workspace). */
  scope: () => readonly AnsibleDocument[],
  /** Definitions outside those documents (the inventory's), asked only inside Jinja too. */
  more: () => readonly VariableDefinition[] = () => [],
): CompletionItem[] | undefined {
  const pos = doc.lines.positionAt(offset);
  const line = doc.lines.lineText(pos.line);
  const inJinja = insideJinja(line, pos.character);
  const bare =
    /^\s*(-\s+)?(when|changed_when|failed_when|until|that|var):\s*\S*/.test(line) || /^\s*-\s+[^:]*$/.test(line);
  if (!inJinja && !(bare && inRawExpression(doc, offset))) return undefined;
  const docs = scope();
  const before = line.slice(0, pos.character);
  const attribute = /([A-Za-z_][A-Za-z0-9_]*)\.[A-Za-z0-9_]*$/.exec(before);
  if (attribute) return attributeItems(attribute[1], doc, docs);
  if (/(\|\s*|\bis\s+(not\s+)?)[A-Za-z0-9_]*$/.test(before)) return undefined; // filter, test
  const seen = new Map<string, CompletionItem>();
  for (const d of [...definitionsInReach(docs, doc, offset), ...more()]) {
    if (seen.has(d.name)) continue;
    seen.set(d.name, { label: d.name, kind: CompletionItemKind.Variable, detail: d.origin, sortText: `0${d.name}` });
  }
  for (const m of MAGIC_VARIABLES)
    if (!seen.has(m))
      seen.set(m, { label: m, kind: CompletionItemKind.Variable, detail: 'magic variable', sortText: `1${m}` });
  return [...seen.values()];
}

/** What every module's result carries once registered (Ansible's common return values). */
const RESULT_FIELDS: Record<string, string> = {
  changed: 'whether the task changed something',
  failed: 'whether the task failed',
  skipped: 'whether the task was skipped',
  msg: "the module's message",
  rc: 'return code (command, shell, script …)',
  stdout: 'standard output',
  stdout_lines: 'standard output, split into lines',
  stderr: 'standard error',
  stderr_lines: 'standard error, split into lines',
  results: 'one result per loop item, when the task has a loop',
};

/** Facts most playbooks read (`ansible_facts.<name>`, gathered by setup). */
const COMMON_FACTS = [
  'architecture', 'date_time', 'default_ipv4', 'default_ipv6', 'devices', 'distribution',
  'distribution_major_version', 'distribution_release', 'distribution_version', 'domain', 'env', 'fqdn',
  'hostname', 'interfaces', 'kernel', 'lsb', 'machine_id', 'memfree_mb', 'memtotal_mb', 'mounts', 'nodename',
  'os_family', 'pkg_mgr', 'processor', 'processor_cores', 'processor_count', 'processor_vcpus', 'python',
  'python_version', 'selinux', 'service_mgr', 'system', 'user_id', 'virtualization_role', 'virtualization_type',
]; // prettier-ignore

/** After `x.`: a registered result's fields, or facts after `ansible_facts.`. */
function attributeItems(
  base: string,
  doc: AnsibleDocument,
  docs: readonly AnsibleDocument[],
): CompletionItem[] | undefined {
  if (base === 'ansible_facts')
    return COMMON_FACTS.map((f) => ({ label: f, kind: CompletionItemKind.Field, detail: 'fact' }));
  const registered = [doc, ...docs].some((d) =>
    definitionsIn(d).some((x) => x.name === base && x.origin === 'register'),
  );
  if (!registered) return undefined;
  return Object.entries(RESULT_FIELDS).map(([label, detail]) => ({ label, kind: CompletionItemKind.Field, detail }));
}
