// Checks a module call's arguments against the module's argument spec: unknown options, missing
// required options, values outside `choices`, and literal values of the wrong type. Templated
// values (`{{ … }}`) are never judged: they are only known when the play runs.

import { isScalar } from 'yaml';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { anyChoice, type ModuleDoc, type ModuleOption } from '../../catalog/types';
import type { LineIndex, ModuleArg, ModuleCall } from '../../document/model';
import { closest } from '../../catalog/didYouMean';

/**
 * Modules that take arbitrary keys besides their documented options (Ansible's own action
 * plugins read them as variables or host vars).
 */
const openModules = new Set(['ansible.builtin.set_fact', 'ansible.builtin.add_host', 'ansible.builtin.set_stats']);

/**
 * Modules whose action plugin hands the arguments to another module: `package` runs the host's
 * package manager module (yum's `enablerepo`, apt's `allow_downgrade`, `pkg` …) with its own
 * defaults (no `state` needed), so only a package name is required, and a key is known when one
 * of those package managers takes it (`passThroughOptions`).
 */
const passThroughModules = new Map([['ansible.builtin.package', ['name', 'pkg']]]);

/** The modules `package` may hand its arguments to, by the host's package manager. */
export const PACKAGE_MANAGERS = [
  'ansible.builtin.apt',
  'ansible.builtin.yum',
  'ansible.builtin.dnf',
  'community.general.zypper',
  'community.general.apk',
  'community.general.pacman',
  'community.general.pkgng',
  'community.general.homebrew',
  'community.general.portage',
  'community.general.openbsd_pkg',
];

export function passesThrough(fqcn: string): boolean {
  return passThroughModules.has(fqcn);
}

/**
 * Modules that take a command line: in their free-form text Ansible reads only their own options
 * as `k=v` (chdir=/tmp); any other `KEY=value` word (`-o StrictHostKeyChecking=no`, `if=/dev/zero`)
 * stays part of the command.
 */
const commandModules = new Set([
  'ansible.builtin.command',
  'ansible.builtin.shell',
  'ansible.builtin.raw',
  'ansible.builtin.script',
  'ansible.windows.win_command',
  'ansible.windows.win_shell',
]);

/** Pseudo-options that document free-form text or arbitrary keys (set_fact's key_value), not keys a user writes. */
const pseudoOptions = new Set(['free_form', '_raw_params', 'key_value']);

export interface OptionCheckContext {
  lines: LineIndex;
  /** module_defaults may supply required options, so missing ones cannot be judged. */
  hasModuleDefaults: boolean;
  /** For a pass-through module: the option names (and aliases) the modules it hands over to take. */
  passThroughOptions?: ReadonlySet<string>;
}

/**
 * How sure an argument check can be. ansible-core's own modules have documentation that its sanity
 * tests hold to the argument spec: a mismatch there is an error Ansible would raise. A collection's
 * documentation sometimes disagrees with what its module accepts (cisco.ucs documents true/false
 * where the module takes yes/no; cisco.ise's action plugins accept a `state` they do not document),
 * so there it is a warning.
 */
function severityFor(doc: ModuleDoc): DiagnosticSeverity {
  return doc.fqcn.startsWith('ansible.builtin.') ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
}

export function checkOptions(call: ModuleCall, doc: ModuleDoc, ctx: OptionCheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byName = optionIndex(doc.options);
  const passThrough = passThroughModules.get(doc.fqcn);
  const open = openModules.has(doc.fqcn) || Object.keys(doc.options).length === 0 || doc.incompleteOptions === true;
  const present = new Set<string>();
  for (const arg of call.args) {
    const opt = byName.get(arg.name);
    if (!opt) {
      const commandWord = arg.inline && commandModules.has(doc.fqcn);
      const handedOver = passThrough && (!ctx.passThroughOptions || ctx.passThroughOptions.has(arg.name));
      if (!open && !commandWord && !handedOver && !arg.name.startsWith('_'))
        out.push(unknownOption(arg, doc, byName, ctx.lines));
      continue;
    }
    present.add(opt.name);
    out.push(...checkValue(arg, opt, doc, ctx.lines));
  }
  const templatedArgs = call.args.length === 0 && /\{\{|\{%/.test(call.freeForm?.text ?? '');
  if (!ctx.hasModuleDefaults && !templatedArgs) {
    const missing = passThrough
      ? passThrough.some((n) => call.args.some((a) => a.name === n))
        ? []
        : [doc.options[passThrough[0]]].filter(Boolean)
      : Object.values(doc.options).filter((o) => o.required && !present.has(o.name) && !pseudoOptions.has(o.name));
    if (missing.length) {
      const names = missing.map((o) => o.name);
      out.push({
        range: ctx.lines.range(call.nameSpan),
        severity: severityFor(doc),
        source: 'scribe',
        code: 'missing-required-option',
        message: `${doc.fqcn}: missing required option${names.length > 1 ? 's' : ''} ${names.map((n) => `'${n}'`).join(', ')}`,
        data: { options: names },
      });
    }
  }
  return out;
}

function optionIndex(options: Record<string, ModuleOption>): Map<string, ModuleOption> {
  const m = new Map<string, ModuleOption>();
  for (const o of Object.values(options)) {
    m.set(o.name, o);
    for (const a of o.aliases) m.set(a, o);
  }
  return m;
}

function unknownOption(
  arg: ModuleArg,
  doc: ModuleDoc,
  byName: Map<string, ModuleOption>,
  lines: LineIndex,
): Diagnostic {
  const valid = [...byName.keys()].filter((n) => !pseudoOptions.has(n) && !n.startsWith('_'));
  const suggestions = closest(arg.name, valid);
  const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
  return {
    range: lines.range(arg.nameSpan),
    severity: severityFor(doc),
    source: 'scribe',
    code: 'unknown-option',
    message: `${doc.fqcn} has no option '${arg.name}'.${hint}`,
    data: { suggestions },
  };
}

export function isTemplated(v: unknown): boolean {
  return typeof v === 'string' && /\{\{|\{%/.test(v);
}

/** PyYAML (YAML 1.1, what Ansible loads with) reads these plain scalars as booleans; `yaml` (1.2) as strings. */
const YAML11_BOOLEANS: Record<string, boolean> = { yes: true, no: false, on: true, off: false };

/** The value as Ansible sees it: a plain `yes`/`no`/`on`/`off` is a boolean. */
function ansibleValue(arg: ModuleArg): unknown {
  const v = arg.value;
  const plain = arg.valueNode && isScalar(arg.valueNode) && arg.valueNode.type === 'PLAIN';
  return plain && typeof v === 'string' && v.toLowerCase() in YAML11_BOOLEANS ? YAML11_BOOLEANS[v.toLowerCase()] : v;
}

/** A documented choice that stands for a numeric range (`0-6`, `0-4294967295`). */
function inRangeChoice(x: unknown, choices: readonly unknown[]): boolean {
  const n = Number(x);
  if (typeof x === 'boolean' || x === '' || !Number.isFinite(n)) return false;
  return choices.some((c) => {
    const m = /^(-?\d+)-(\d+)$/.exec(String(c));
    return !!m && n >= Number(m[1]) && n <= Number(m[2]);
  });
}

function checkValue(arg: ModuleArg, opt: ModuleOption, doc: ModuleDoc, lines: LineIndex): Diagnostic[] {
  const v = ansibleValue(arg);
  if (v === undefined || v === null || isTemplated(v)) return [];
  const range = lines.range(arg.valueSpan);
  const typeProblem = wrongType(v, opt.type);
  if (typeProblem) {
    return [
      {
        range,
        severity: severityFor(doc),
        source: 'scribe',
        code: 'invalid-type',
        message: `${doc.fqcn} option '${opt.name}' expects ${typeProblem}, got ${JSON.stringify(v)}`,
      },
    ];
  }
  if (!opt.choices?.length || opt.type === 'bool' || anyChoice(opt)) return [];
  // A list option takes a comma-separated string too (Ansible splits it).
  const values =
    opt.type === 'list' && Array.isArray(v) ? v : opt.type === 'list' && typeof v === 'string' ? v.split(',') : [v];
  const allowed = new Set(opt.choices.map((c) => String(c)));
  const bad = values.filter(
    (x) =>
      typeof x !== 'object' &&
      !isTemplated(x) &&
      !allowed.has(String(x).trim()) &&
      !booleanChoice(x, allowed) &&
      !inRangeChoice(x, opt.choices!),
  );
  if (!bad.length) return [];
  const suggestions = closest(String(bad[0]), allowed);
  const hint = suggestions.length ? ` Did you mean '${suggestions[0]}'?` : '';
  return [
    {
      range,
      severity: severityFor(doc),
      source: 'scribe',
      code: 'invalid-choice',
      message: `${doc.fqcn} option '${opt.name}' must be one of ${[...allowed].join(', ')}; got ${bad.map((b) => JSON.stringify(b)).join(', ')}.${hint}`,
      data: { suggestions },
    },
  ];
}

/**
 * A boolean given for a choice list that holds exactly one word for it (uri's follow_redirects:
 * yes/no/…): Ansible's argument spec validation takes `false` as that word.
 */
function booleanChoice(v: unknown, allowed: ReadonlySet<string>): boolean {
  if (typeof v !== 'boolean') return false;
  const words = v ? ['yes', 'true', 'on', 'y', '1'] : ['no', 'false', 'off', 'n', '0'];
  return words.filter((w) => allowed.has(w)).length === 1;
}

// What Ansible's argument spec validation accepts for each type (ansible.module_utils.common.validation).
const boolWords = new Set(['yes', 'no', 'true', 'false', 'on', 'off', '1', '0', 'y', 'n', 't', 'f', '1.0', '0.0']);

/** A description of the expected type when `v` cannot be converted to it, else undefined. */
function wrongType(v: unknown, type: string | undefined): string | undefined {
  switch (type) {
    case 'bool':
      if (typeof v === 'boolean' || v === 0 || v === 1) return undefined;
      return typeof v === 'string' && boolWords.has(v.toLowerCase()) ? undefined : 'a boolean (true/false)';
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v)) return undefined;
      return typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? undefined : 'an integer';
    case 'float':
      if (typeof v === 'number') return undefined;
      return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? undefined : 'a number';
    case 'list':
      // Strings are split on commas and numbers wrapped; only a mapping cannot become a list.
      return isPlainObject(v) ? 'a list' : undefined;
    case 'dict':
      // A mapping, or a string of k=v pairs or JSON.
      return isPlainObject(v) || typeof v === 'string' ? undefined : 'a mapping';
    default:
      return undefined;
  }
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
