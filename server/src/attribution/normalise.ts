// Canonical form of one task, the thing the attribution index compares.
//
// A task reaches us in three shapes: a corpus record (CorpusTask), the YAML text of one task (a
// suggestion's output), or `{fqcn, args, name}`. All three become the same CanonicalTask:
//
// - module: resolved to its FQCN through the injected resolver (`copy` → `ansible.builtin.copy`);
//   as written when the resolver does not know it. `action:`/`local_action:` forms are unwrapped.
// - keys: every option key path, nested ones dotted, list items as `[]`
//   (`definition`, `definition.metadata`, `definition.metadata.name`, `loop_over[]`).
//   Aliases are not resolved (`dest` and `path` stay different keys).
// - values: every leaf as `path=value`. Values are literals after normalisation: strings trimmed
//   and whitespace runs collapsed (so `|` and `>` block scalars and re-indentation compare equal);
//   Jinja blocks without insignificant whitespace (`{{ pkg | default('x') }}` → `{{pkg|default('x')}}`);
//   YAML 1.1 booleans (`yes`, `on`, `True`) → `true`/`false`; integers without leading zeros
//   (`0644` and 644 compare equal). A null value counts as a key without a value.
// - nameTokens: the lowercased words (letters/digits) of the task's `name`.
// - Free-form strings are split into args the way Ansible's parse_kv does: `k=v` words become
//   options, the rest is `_raw_params`. For command-like modules (command, shell, raw, script,
//   win_command, win_shell) only their documented `k=v` options are split off, so `echo a=b`
//   stays raw. A `_raw_params` in mapping form (how the corpus stores free-form) is split the same
//   way, so `copy: src=a dest=b` equals `copy: {src: a, dest: b}`.
// - A YAML merge key (`<<: *login`) is left out: its anchor lies outside the task text.
// - The `args:` keyword (a mapping, or a free-form string) is merged into the module's options. Other task keywords (when, loop,
//   register, notify, become, …) are not part of the comparison: attribution is about the module
//   call, and a copied task with another `register:` is still a copy.
// Key order and YAML layout disappear: every part is a set.

import { parseDocument, Scalar, visit } from 'yaml';
import type { CorpusTask } from '../corpus/types';
import { isTaskKeyword } from '../document/keywords';

export type ModuleResolver = (name: string) => string | undefined;

export interface CanonicalTask {
  module: string;
  /** Sorted, unique. */
  keys: string[];
  /** Sorted, unique `path=value`. */
  values: string[];
  /** Sorted, unique. */
  nameTokens: string[];
}

/** A task as `{fqcn, args, name}`; `fqcn` may be a short name when a resolver is given. */
export interface StructuredTask {
  fqcn: string;
  args: unknown;
  name?: string;
}

const COMMAND_LIKE = new Set(['command', 'shell', 'raw', 'script', 'win_command', 'win_shell']);
// The k=v words ansible-core's parse_kv(check_raw=True) lifts out of a command-like free form.
const COMMAND_KV = new Set([
  'creates',
  'removes',
  'chdir',
  'executable',
  'warn',
  'stdin',
  'stdin_add_newline',
  'strip_empty_ends',
  'argv',
  'cmd',
  'expand_argument_vars',
]);

// `<<: *anchor` merges a mapping defined outside the task text (EXAMPLES share a login block this
// way); its content is unknown here, so the merge key takes no part in the comparison.
const MERGE_KEY = '<<';

// Same custom tags as the document parser: `!unsafe`/`!vault` values load as their text.
const customTags = ['!vault', '!unsafe'].map((tag) => ({ tag, resolve: (s: string) => s }));

function shortName(module: string): string {
  const dot = module.lastIndexOf('.');
  return dot < 0 ? module : module.slice(dot + 1);
}

/** Splits a command line into words: whitespace outside quotes and Jinja blocks separates. */
export function splitArgs(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote = '';
  let jinja = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const two = text.slice(i, i + 2);
    if (!quote && (two === '{{' || two === '{%' || two === '{#')) {
      jinja++;
      cur += two;
      i++;
      continue;
    }
    if (!quote && jinja > 0 && (two === '}}' || two === '%}' || two === '#}')) {
      jinja--;
      cur += two;
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      cur += c + text[i + 1];
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
      cur += c;
      continue;
    }
    if (jinja === 0 && (c === '"' || c === "'")) {
      quote = c;
      cur += c;
      continue;
    }
    if (jinja === 0 && /\s/.test(c)) {
      if (cur) words.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur) words.push(cur);
  return words;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) {
    return value.slice(1, -1);
  }
  return value;
}

/** `src=a dest="b c" extra` → `{src: 'a', dest: 'b c', _raw_params: 'extra'}` (see the header). */
export function parseFreeForm(text: string, module: string): Record<string, unknown> {
  const commandLike = COMMAND_LIKE.has(shortName(module));
  const args: Record<string, unknown> = {};
  const raw: string[] = [];
  for (const word of splitArgs(text.trim())) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word);
    if (m && (!commandLike || COMMAND_KV.has(m[1]))) args[m[1]] = unquote(m[2]);
    else raw.push(word);
  }
  if (raw.length > 0) args._raw_params = raw.join(' ');
  return args;
}

/** Jinja without insignificant whitespace: runs collapse, and only spaces between words stay. */
function normaliseJinja(inner: string): string {
  return inner
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/ (?=\W)|(?<=\W) /g, '');
}

export function normaliseScalar(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let s = String(value).trim().replace(/\s+/g, ' ');
  if (/^(yes|true|on)$/i.test(s)) return 'true';
  if (/^(no|false|off)$/i.test(s)) return 'false';
  if (/^[+-]?\d+$/.test(s)) s = s.replace(/^([+-]?)0+(?=\d)/, '$1');
  return s.replace(/(\{\{|\{%-?|\{#)([\s\S]*?)(-?%\}|\}\}|#\})/g, (_m, open: string, inner: string, close: string) => {
    return open + normaliseJinja(inner) + close;
  });
}

function flatten(value: unknown, path: string, keys: Set<string>, values: Set<string>, module: string): void {
  if (Array.isArray(value)) {
    const itemPath = `${path}[]`;
    keys.add(itemPath);
    for (const item of value) flatten(item, itemPath, keys, values, module);
    return;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === MERGE_KEY) continue;
      const p = path ? `${path}.${k}` : k;
      keys.add(p);
      flatten(v, p, keys, values, module);
    }
    return;
  }
  if (value === null || value === undefined) return;
  const scalar = value instanceof Date ? value.toISOString() : value;
  values.add(`${path}=${normaliseScalar(scalar)}`);
}

/** Module options as a mapping: free-form strings split, `_raw_params` k=v words lifted out. */
export function moduleArgs(args: unknown, module: string): Record<string, unknown> {
  if (args === null || args === undefined) return {};
  if (typeof args !== 'object' || Array.isArray(args)) return parseFreeForm(normaliseScalar(args), module);
  const out: Record<string, unknown> = { ...(args as Record<string, unknown>) };
  if (typeof out._raw_params === 'string') {
    const raw = out._raw_params;
    delete out._raw_params;
    Object.assign(out, parseFreeForm(raw, module));
  }
  return out;
}

export function nameTokens(name: string | undefined): string[] {
  if (!name) return [];
  return [...new Set(name.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].sort();
}

function canonical(module: string, args: unknown, name: string | undefined): CanonicalTask {
  const keys = new Set<string>();
  const values = new Set<string>();
  for (const [k, v] of Object.entries(moduleArgs(args, module))) {
    if (k === MERGE_KEY) continue;
    keys.add(k);
    flatten(v, k, keys, values, module);
  }
  return { module, keys: [...keys].sort(), values: [...values].sort(), nameTokens: nameTokens(name) };
}

function resolveModule(name: string, resolve: ModuleResolver | undefined): string {
  const trimmed = name.trim();
  return (trimmed && resolve?.(trimmed)) || trimmed;
}

export function canonicalFromStructured(task: StructuredTask, resolve?: ModuleResolver): CanonicalTask {
  const module = resolveModule(task.fqcn, resolve);
  return canonical(module, task.args, task.name);
}

export function canonicalFromCorpus(task: CorpusTask, resolve?: ModuleResolver): CanonicalTask {
  const module = task.fqcn || resolveModule(task.module, resolve);
  const extra = task.keywords?.args;
  const args =
    extra !== undefined && extra !== null
      ? { ...moduleArgs(extra, module), ...moduleArgs(task.args, module) }
      : task.args;
  return canonical(module, args, task.name);
}

/**
 * Finds the module key of a task mapping among the keys that are not task keywords: a resolvable
 * FQCN first, then a resolvable short name (`gather_facts` is a module too), then the first.
 */
function moduleKeyOf(task: Record<string, unknown>, resolve: ModuleResolver | undefined): string | undefined {
  const candidates = Object.keys(task).filter((k) => !isTaskKeyword(k, true));
  return (
    candidates.find((k) => k.includes('.') && resolve?.(k)) ?? candidates.find((k) => resolve?.(k)) ?? candidates[0]
  );
}

/**
 * Parses the YAML of one task (a mapping, or a one-item list of it, as a suggestion is written)
 * into its structured form. Throws when the text is not one task.
 */
export function structuredFromYaml(text: string, resolve?: ModuleResolver): StructuredTask {
  const doc = parseDocument(text, { customTags, prettyErrors: false, strict: false, uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(`not a task: ${doc.errors[0].message}`);
  // A task cut out of a file may use an anchor defined elsewhere in it (`<<: *login`): keep the
  // alias as its text rather than fail.
  visit(doc, {
    Alias(_key, node) {
      if (!node.resolve(doc)) return new Scalar(`*${node.source}`);
    },
  });
  let value: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (Array.isArray(value) && value.length === 1) value = value[0];
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error('not a task: expected a mapping');
  const task = value as Record<string, unknown>;
  const name = typeof task.name === 'string' ? task.name : undefined;
  let module = '';
  let args: unknown = {};
  const action = task.action ?? task.local_action;
  if (action !== undefined) {
    if (typeof action === 'string') {
      const [head, ...rest] = splitArgs(action.trim());
      module = head ?? '';
      args = rest.join(' ');
    } else if (action && typeof action === 'object' && !Array.isArray(action)) {
      const { module: m, ...rest } = action as Record<string, unknown>;
      module = typeof m === 'string' ? m : '';
      args = rest;
    }
  } else {
    const key = moduleKeyOf(task, resolve);
    if (key !== undefined) {
      module = key;
      args = task[key];
    }
  }
  const extra = task.args;
  if (extra !== undefined && extra !== null) {
    // `args:` as a mapping, or as a string (`args: "{{ auth }}"`), which joins the free form.
    args = { ...moduleArgs(extra, module), ...moduleArgs(args, module) };
  }
  return { fqcn: module, args, name };
}

export function canonicalFromYaml(text: string, resolve?: ModuleResolver): CanonicalTask {
  return canonicalFromStructured(structuredFromYaml(text, resolve), resolve);
}
