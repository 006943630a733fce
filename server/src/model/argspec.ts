// Makes a suggestion's arguments fit the module's argument spec, with the same rules as the
// built-in validator (service/validation/options.ts): no unknown options (except on modules that
// take arbitrary keys), required options present, literal values of the right type and in `choices`.
// Templated values (`{{ … }}`) are never judged.

import { anyChoice, type ModuleDoc, type ModuleOption } from '../catalog/types';

/** Modules that take arbitrary keys besides their documented options. */
const OPEN_MODULES = new Set(['ansible.builtin.set_fact', 'ansible.builtin.add_host', 'ansible.builtin.set_stats']);
/** Pseudo-options documenting free-form text or arbitrary keys, not keys a user writes. */
export const PSEUDO_OPTIONS = new Set(['free_form', 'free-form', '_raw_params', 'key_value']);

export function isTemplated(v: unknown): boolean {
  return typeof v === 'string' && /\{\{|\{%/.test(v);
}

/** Options documented as strings that take a mapping (include_tasks' `apply:` keywords). */
const MISTYPED = new Set(['ansible.builtin.include_tasks.apply']);

export function optionIndex(doc: ModuleDoc): Map<string, ModuleOption> {
  const m = new Map<string, ModuleOption>();
  for (const documented of Object.values(doc.options)) {
    const o = MISTYPED.has(`${doc.fqcn}.${documented.name}`) ? { ...documented, type: 'dict' } : documented;
    m.set(o.name, o);
    for (const a of o.aliases) m.set(a, o);
  }
  return m;
}

export function isOpenModule(doc: ModuleDoc): boolean {
  return OPEN_MODULES.has(doc.fqcn) || Object.keys(doc.options).length === 0;
}

const TRUE_WORDS = new Set(['yes', 'true', 'on', '1', 'y', 't', '1.0']);
const FALSE_WORDS = new Set(['no', 'false', 'off', '0', 'n', 'f', '0.0']);

/** The value converted to the option's type when it is a literal of another type; undefined when it cannot be. */
export function coerce(v: unknown, opt: ModuleOption): unknown {
  if (v === null || v === undefined) return undefined;
  if (isTemplated(v)) return v;
  switch (opt.type) {
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 0 || v === 1) return v === 1;
      if (typeof v === 'string' && TRUE_WORDS.has(v.toLowerCase())) return true;
      if (typeof v === 'string' && FALSE_WORDS.has(v.toLowerCase())) return false;
      return undefined;
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      return typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : undefined;
    case 'float':
      if (typeof v === 'number') return v;
      return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined;
    case 'list':
      // Ansible turns a scalar into a one-item list (and splits a comma-separated string), not a mapping.
      return typeof v === 'object' && !Array.isArray(v) ? undefined : v;
    case 'dict':
      return (typeof v === 'object' && !Array.isArray(v)) || typeof v === 'string' ? v : undefined;
    case 'str':
    case 'path':
      return typeof v === 'object' ? (Array.isArray(v) ? v : undefined) : v;
    default:
      return v;
  }
}

function inChoices(v: unknown, opt: ModuleOption): boolean {
  if (!opt.choices?.length || opt.type === 'bool' || anyChoice(opt) || isTemplated(v)) return true;
  const allowed = new Set(opt.choices.map((c) => String(c)));
  const values = Array.isArray(v) && opt.type === 'list' ? v : [v];
  return values.every((x) => typeof x === 'object' || isTemplated(x) || allowed.has(String(x)));
}

/** A value for a required option nobody supplied: a choice, a default, or a placeholder named after it. */
export function placeholder(opt: ModuleOption): unknown {
  if (opt.choices?.length) return opt.choices[0];
  if (opt.default !== undefined && opt.default !== null) return opt.default;
  if (opt.type === 'bool') return true;
  return `{{ ${opt.name.replace(/[^A-Za-z0-9_]/g, '_')} }}`;
}

/**
 * The arguments made valid: unknown options dropped, bad literals replaced (or dropped when the
 * option is not required), duplicate aliases dropped, and required options added via `fill`.
 */
/**
 * Arguments Ansible reserves for itself (its action plugins' `_uses_shell`, `_variable_params`,
 * `_ansible_*`); a fact may start with underscores (`__redis_package`, a role's private variable).
 */
const INTERNAL_ARG = /^_(uses_shell|variable_params|ansible_\w*)$/;

export function fitArgs(
  doc: ModuleDoc,
  args: Record<string, unknown>,
  fill: (opt: ModuleOption) => unknown = placeholder,
): Record<string, unknown> {
  const byName = optionIndex(doc);
  const open = isOpenModule(doc);
  const out: Record<string, unknown> = {};
  const present = new Set<string>();
  for (const [k, v0] of Object.entries(args)) {
    if (k === '_raw_params') {
      if (doc.freeForm || open || byName.has('free_form') || byName.has('_raw_params')) out[k] = v0;
      continue;
    }
    const opt = byName.get(k);
    if (!opt) {
      if (open && !INTERNAL_ARG.test(k) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) out[k] = v0;
      continue;
    }
    if (present.has(opt.name) || PSEUDO_OPTIONS.has(opt.name)) continue;
    let v = coerce(v0, opt);
    if (v !== undefined && !inChoices(v, opt)) v = undefined;
    if (v === undefined) {
      if (!opt.required) continue;
      v = fill(opt);
    }
    present.add(opt.name);
    out[k] = v;
  }
  const freeText = typeof out._raw_params === 'string' && out._raw_params.trim() !== '';
  if (!freeText) {
    for (const o of Object.values(doc.options)) {
      if (!o.required || present.has(o.name) || PSEUDO_OPTIONS.has(o.name)) continue;
      let v = coerce(fill(o), o);
      if (v === undefined || !inChoices(v, o)) v = placeholder(o);
      out[o.name] = v;
    }
  }
  return out;
}

/**
 * What a module checks that ansible-doc does not show (its `required_one_of`, a command's free
 * form): a call that sets none of these is refused when it runs ("one of the following is
 * required", "no command given").
 */
const REQUIRED_ONE_OF: Record<string, readonly string[]> = {
  'ansible.builtin.systemd': ['state', 'enabled', 'masked', 'daemon_reload', 'daemon_reexec'],
  'ansible.builtin.systemd_service': ['state', 'enabled', 'masked', 'daemon_reload', 'daemon_reexec'],
  'ansible.builtin.service': ['state', 'enabled'],
  // "no command given"
  'ansible.builtin.command': ['_raw_params', 'cmd', 'argv'],
  'ansible.builtin.shell': ['_raw_params', 'cmd'],
};

/** Whether arguments fit the spec (the "Schema Correct" half that concerns options). */
export function argsFit(doc: ModuleDoc, args: Record<string, unknown>): boolean {
  const oneOf = REQUIRED_ONE_OF[doc.fqcn];
  if (oneOf && !oneOf.some((k) => args[k] !== undefined && args[k] !== '')) return false;
  const byName = optionIndex(doc);
  const open = isOpenModule(doc);
  const present = new Set<string>();
  for (const [k, v] of Object.entries(args)) {
    if (k === '_raw_params') {
      if (!(doc.freeForm || open || byName.has('free_form') || byName.has('_raw_params'))) return false;
      continue;
    }
    const opt = byName.get(k);
    if (!opt) {
      if (open) continue;
      return false;
    }
    present.add(opt.name);
    if (coerce(v, opt) === undefined || !inChoices(v, opt)) return false;
  }
  const freeText = typeof args._raw_params === 'string' && args._raw_params.trim() !== '';
  if (freeText) return true;
  return Object.values(doc.options).every((o) => !o.required || present.has(o.name) || PSEUDO_OPTIONS.has(o.name));
}
