// A task's action (module + arguments) in normal form, which every metric compares: the module
// resolved to its FQCN, option aliases replaced by the option's name, free-form text under
// `_raw_params`, scalar values as strings with Jinja whitespace normalised and read as Ansible's
// YAML 1.1 reads them (`yes`/`no` booleans, `0644` octal), file modes in one octal spelling. Task keywords (when, loop, register, notify, tags, become …) are
// not part of the action: a description rarely says them, and the reference's come from its file.

import { isScalar, stringify } from 'yaml';
import type { ModuleCatalog, ModuleDoc } from '../catalog/types';
import type { LineIndex, Task } from '../document/model';
import { parseAnsibleDocument } from '../document/parse';

export interface TaskAction {
  /** Resolved FQCN, or the name as written when the catalog does not know it ('' when none). */
  module: string;
  /** Normalised option name → normalised value (a string; JSON for lists and mappings). */
  args: Map<string, string>;
  /** The parsed task, for schema checks. */
  task?: Task;
  /** The text does not parse as exactly one task. */
  broken: boolean;
}

type Resolver = Pick<ModuleCatalog, 'resolve' | 'getDoc'>;

/** Parses a task body (`ansible.builtin.apt: …`, with or without `name:`, indent 0) or a `- name: …` task. */
export function parseTaskText(yaml: string): { task?: Task; broken: boolean; lines: LineIndex } {
  const text = yaml.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  const dedented = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
  const listed = /^-(\s|$)/.test(dedented[0] ?? '')
    ? dedented
    : dedented.map((l, i) => (i === 0 ? `- ${l}` : l ? `  ${l}` : l));
  const doc = parseAnsibleDocument('file:///eval/tasks/main.yml', listed.join('\n') + '\n');
  const broken = doc.syntaxErrors.some((e) => e.severity === 'error') || doc.tasks.length !== 1;
  return { task: doc.tasks[0], broken, lines: doc.lines };
}

/**
 * `knownFqcn`: the module's FQCN when known from elsewhere (a corpus record resolves the short
 * names of a collection's own EXAMPLES, which the catalog cannot place on their own).
 */
export function actionOf(yaml: string, catalog: Resolver, knownFqcn?: string): TaskAction {
  const { task, broken } = parseTaskText(yaml);
  const call = task?.module;
  if (!task || !call) return { module: '', args: new Map(), task, broken: true };
  const resolved = catalog.resolve(call.name) ?? (knownFqcn ? catalog.resolve(knownFqcn) : undefined);
  const module = resolved?.fqcn ?? knownFqcn ?? call.name;
  const doc = resolved ? catalog.getDoc(module) : undefined;
  const args = new Map<string, string>();
  if (call.freeForm) args.set('_raw_params', normaliseValue(call.freeForm.text));
  for (const a of call.args) {
    const name = optionName(a.name, module, doc);
    const value = yaml11(a.value, a.valueNode);
    args.set(name, normaliseValue(name === 'mode' ? octalSpelling(value) : value));
  }
  return { module, args, task, broken };
}

/**
 * A plain `0644` is octal in YAML 1.1 (which Ansible reads), an integer 644 in the YAML 1.2 this
 * parser reads: its source text keeps the octal meaning.
 */
function yaml11(value: unknown, node: unknown): unknown {
  if (typeof value === 'number' && isScalar(node) && node.type === 'PLAIN' && /^0[0-7]+$/.test(node.source ?? ''))
    return node.source;
  return value;
}

/** Ansible reads a string mode as octal: `'644'`, `'0644'` and a YAML 1.1 `0644` are one mode. */
function octalSpelling(mode: unknown): unknown {
  return typeof mode === 'string' && /^[0-7]{3}$/.test(mode) ? `0${mode}` : mode;
}

/** An option's name for an alias (`pkg` → `name`); `cmd` of command/shell is their free-form text. */
function optionName(name: string, module: string, doc: ModuleDoc | undefined): string {
  if (name === 'cmd' && (module === 'ansible.builtin.command' || module === 'ansible.builtin.shell'))
    return '_raw_params';
  if (name === 'free_form') return '_raw_params';
  if (!doc || doc.options[name]) return name;
  for (const o of Object.values(doc.options)) if (o.aliases.includes(name)) return o.name;
  return name;
}

const boolWords: Record<string, boolean> = { yes: true, no: false, true: true, false: false, on: true, off: false };

/** `{{foo}}` and `{{ foo }}` are the same template; `yes` and `true` the same boolean. */
export function normaliseJinja(s: string): string {
  return s
    .replace(/\{\{-?\s*/g, '{{ ')
    .replace(/\s*-?\}\}/g, ' }}')
    .replace(/\{%-?\s*/g, '{% ')
    .replace(/\s*-?%\}/g, ' %}')
    .trim();
}

function canonical(v: unknown): unknown {
  if (typeof v === 'string') {
    const b = boolWords[v.trim().toLowerCase()];
    return b ?? normaliseJinja(v);
  }
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, canonical(o[k])]),
    );
  }
  return v ?? null;
}

export function normaliseValue(v: unknown): string {
  const c = canonical(v);
  return typeof c === 'object' && c !== null ? JSON.stringify(c) : String(c);
}

/** The normalised action as YAML text (sorted options), for BLEU. */
export function actionText(a: TaskAction): string {
  if (!a.module) return '';
  const args = Object.fromEntries([...a.args].sort((x, y) => x[0].localeCompare(y[0])));
  return stringify({ [a.module]: args }, { lineWidth: 0 });
}
