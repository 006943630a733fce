// ansible-doc's JSON (`ansible-doc -t module -j NAME…`) → our ModuleDoc. Pure; keeps only what
// completion, hover and validation use (examples, return values, authors, attributes and seealso
// are dropped, which makes the cached shards about a fifth of ansible-doc's output).

import type { ModuleDeprecation, ModuleDoc, ModuleOption } from './types';
import { paragraphs, stripMarkup } from './markup';

/**
 * Modules whose arguments are a free string. ansible-core's MODULE_REQUIRE_ARGS
 * (ansible/constants.py, used as FREEFORM_ACTIONS in ansible/parsing/mod_args.py); other modules
 * declare it in their docs with a `free_form` / `free-form` / `_raw_params` option.
 */
const FREE_FORM_MODULES = new Set([
  'ansible.builtin.command',
  'ansible.builtin.shell',
  'ansible.builtin.raw',
  'ansible.builtin.script',
  'ansible.windows.win_command',
  'ansible.windows.win_shell',
]);
const FREE_FORM_OPTIONS = ['free_form', 'free-form', '_raw_params'];

type Raw = Record<string, unknown>;

function isRecord(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string {
  return paragraphs(v).join('\n\n');
}

function optionalString(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

function convertOption(name: string, raw: unknown): ModuleOption {
  const o = isRecord(raw) ? raw : {};
  const option: ModuleOption = {
    name,
    description: text(o.description),
    required: o.required === true,
    aliases: Array.isArray(o.aliases) ? o.aliases.map(String) : [],
  };
  const type = optionalString(o.type);
  if (type) option.type = type;
  const elements = optionalString(o.elements);
  if (elements) option.elements = elements;
  if (o.default !== undefined && o.default !== null) option.default = o.default;
  // Newer docs may give choices as a mapping of choice → description.
  if (Array.isArray(o.choices)) option.choices = o.choices;
  else if (isRecord(o.choices)) option.choices = Object.keys(o.choices);
  const sub = convertOptions(o.suboptions ?? o.options);
  if (sub) option.suboptions = sub;
  return option;
}

function convertOptions(raw: unknown): Record<string, ModuleOption> | undefined {
  if (!isRecord(raw)) return undefined;
  const out: Record<string, ModuleOption> = {};
  for (const [name, value] of Object.entries(raw)) out[name] = convertOption(name, value);
  return out;
}

/** `deprecated:` of a module doc: {why, removed_in | removed_at_date, alternative}. */
export function convertDeprecation(raw: unknown): ModuleDeprecation | undefined {
  if (!raw) return undefined;
  if (!isRecord(raw)) return { message: stripMarkup(String(raw)) };
  const why = text(raw.why).replace(/\s*\n+\s*/g, ' ');
  const alternative = optionalString(raw.alternative) && text(raw.alternative).replace(/\s*\n+\s*/g, ' ');
  const removedIn = optionalString(raw.removed_in ?? raw.removed_at_date ?? raw.version);
  let message = why || 'Deprecated.';
  if (alternative) message += (/[.!]$/.test(message) ? ' ' : '. ') + `Use instead: ${alternative}`;
  const dep: ModuleDeprecation = { message };
  if (removedIn) dep.removedIn = removedIn;
  if (alternative) dep.alternative = alternative;
  return dep;
}

function isFreeForm(fqcn: string, options: Record<string, ModuleOption>): boolean {
  return FREE_FORM_MODULES.has(fqcn) || FREE_FORM_OPTIONS.some((o) => o in options);
}

/**
 * Converts one entry of ansible-doc's JSON (the value under the module's name, with a `doc` key)
 * into a ModuleDoc. Returns undefined when the entry has no usable `doc`.
 */
export function convertModuleDoc(fqcn: string, entry: unknown): ModuleDoc | undefined {
  if (!isRecord(entry) || !isRecord(entry.doc)) return undefined;
  const doc = entry.doc;
  const options = convertOptions(doc.options) ?? {};
  const collection = optionalString(doc.collection) ?? fqcn.split('.').slice(0, 2).join('.');
  const result: ModuleDoc = {
    fqcn,
    collection,
    shortDescription: text(doc.short_description).replace(/\s*\n+\s*/g, ' '),
    description: paragraphs(doc.description),
    options,
    freeForm: isFreeForm(fqcn, options),
  };
  const deprecated = convertDeprecation(doc.deprecated);
  if (deprecated) result.deprecated = deprecated;
  const versionAdded = optionalString(doc.version_added);
  if (versionAdded) result.versionAdded = versionAdded;
  const requirements = paragraphs(doc.requirements);
  if (requirements.length) result.requirements = requirements;
  const notes = paragraphs(doc.notes);
  if (notes.length) result.notes = notes;
  return result;
}

/** Converts ansible-doc's whole JSON output (keyed by module name). */
export function convertDocOutput(output: unknown): Map<string, ModuleDoc> {
  const docs = new Map<string, ModuleDoc>();
  if (!isRecord(output)) return docs;
  for (const [name, entry] of Object.entries(output)) {
    const doc = convertModuleDoc(name, entry);
    if (doc) docs.set(name, doc);
  }
  return docs;
}
