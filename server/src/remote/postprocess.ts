// Post-processing of a remote model's reply into a validated task body: code fences and prose
// stripped, YAML parsed (a list holding the task, a task mapping, or a bare `module: {args}`
// mapping), the task body kept (a repeated `name:` dropped), the module resolved through the
// catalog and written as its FQCN, options checked against the module's argspec with the same
// rules as the embedded model (model/argspec.ts: unknown options dropped, aliases kept, required
// ones filled), and the body rendered at indent 0 with no blank or trailing-space lines.
// Task keywords are kept only where a task has them (beside the module): one written inside the
// module's arguments, under `args:` or as a `become=yes` word is not an option and is dropped, never
// moved up to the task. What stays is judged by the pipeline's output policy
// (suggest/outputPolicy.ts), which needs the description this parser does not have.
// The pipeline places it at the user's indentation and attributes it by similarity (drewOn: []).

import { parse } from 'yaml';
import type { ModuleCatalog } from '../catalog/types';
import { isTaskKeyword } from '../document/keywords';
import { fitArgs, optionIndex } from '../model/argspec';
import { octalMode, renderTask, tidyTask } from '../model/render';
import type { ModelSuggestion } from '../model/types';

export type PostProcessed =
  { suggestion: ModelSuggestion; reason?: undefined } | { suggestion?: undefined; reason: string };

/** Task keywords that say where, as whom or how visibly a task runs (never module options here). */
const RUN_KEYWORDS: ReadonlySet<string> = new Set([
  'action',
  'become',
  'become_exe',
  'become_flags',
  'become_method',
  'become_user',
  'connection',
  'debugger',
  'delegate_facts',
  'delegate_to',
  'environment',
  'ignore_errors',
  'ignore_unreachable',
  'local_action',
  'module_defaults',
  'no_log',
  'remote_user',
  'vars',
]);

/** A remote reply the catalog accepts has this confidence: the endpoint gives no calibrated score. */
export const REMOTE_CONFIDENCE = 0.5;

export async function postprocess(
  raw: string,
  catalog: Pick<ModuleCatalog, 'resolve' | 'loadDoc'>,
  options: { handler?: boolean } = {},
): Promise<PostProcessed> {
  const text = stripProse(stripFences(raw));
  if (!text.trim()) return { reason: 'the model returned no YAML' };
  let task: Record<string, unknown> | undefined;
  let lastError = '';
  for (const candidate of candidates(text)) {
    try {
      task = asTask(parse(candidate));
    } catch (e) {
      lastError = e instanceof Error ? e.message.split('\n')[0] : String(e);
      continue;
    }
    if (task) break;
  }
  if (!task)
    return { reason: lastError ? `the model's reply is not YAML: ${lastError}` : "the model's reply is not a task" };

  const keywords: Record<string, unknown> = {};
  const unknown: string[] = [];
  let module: { written: string; fqcn: string; value: unknown } | undefined;
  let extraArgs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(task)) {
    if (key === 'name') continue; // the pipeline writes the name; a repeated one would double it
    if (key === 'args' && isMapping(value)) {
      extraArgs = value;
      continue;
    }
    if (isTaskKeyword(key, options.handler) && key !== 'action' && key !== 'local_action') {
      keywords[key] = value;
      continue;
    }
    const resolved = module ? undefined : catalog.resolve(key);
    if (resolved && !resolved.removed) module = { written: key, fqcn: resolved.fqcn, value };
    else unknown.push(key);
  }
  if (!module)
    return {
      reason: unknown.length
        ? `unknown module ${unknown.map((k) => `'${k}'`).join(', ')}`
        : 'the reply names no module',
    };

  let args: Record<string, unknown>;
  if (isMapping(module.value)) args = { ...module.value };
  else if (module.value === null || module.value === undefined) args = {};
  else args = splitFreeForm(String(module.value));
  Object.assign(args, extraArgs);
  for (const k of Object.keys(args)) if (k === 'mode') args[k] = octalMode(args[k]);

  const doc = await catalog.loadDoc(module.fqcn);
  if (doc) args = fitArgs(doc, args);
  // A keyword that changes where, as whom or how visibly a task runs, written among the arguments
  // (`shell: {cmd: x, become: true}`, `args: {delegate_to: h}`, `become=yes`), is not the module's
  // option: it is neither kept as one (without the module's documentation nothing else would drop
  // it) nor moved up to the task.
  const known = doc ? optionIndex(doc) : undefined;
  for (const k of Object.keys(args)) if (RUN_KEYWORDS.has(k) && !known?.has(k)) delete args[k];
  const yaml = tidyTask(renderTask(module.fqcn, args, keywords));
  return {
    suggestion: { fqcn: module.fqcn, args, keywords, yaml, drewOn: [], confidence: REMOTE_CONFIDENCE },
  };
}

/** The inside of the first fenced block when the reply has one (```yaml … ```). */
export function stripFences(raw: string): string {
  const text = raw.replace(/\r\n?/g, '\n');
  const fence = /(^|\n)[ \t]*(```|~~~)[\w+-]*[ \t]*\n([\s\S]*?)(\n[ \t]*\2[ \t]*(?=\n|$)|$)/.exec(text);
  return fence ? fence[3] : text;
}

const looksLikeYaml = (line: string): boolean =>
  /^\s*-\s+["']?[\w.]+["']?\s*:(\s|$)/.test(line) || /^\s*["']?[\w.]+["']?\s*:(\s|$)/.test(line);

/** Prose before the first YAML-looking line, and after the YAML ends (a dedent to prose). */
export function stripProse(text: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex(looksLikeYaml);
  if (first < 0) return '';
  const base = lines[first].length - lines[first].trimStart().length;
  const kept: string[] = [];
  for (let i = first; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '') {
      kept.push(l);
      continue;
    }
    const indent = l.length - l.trimStart().length;
    // Prose after the YAML: a line at the block's own level that is not YAML.
    if (indent <= base && !looksLikeYaml(l) && !/^\s*-\s/.test(l) && !/^\s*#/.test(l)) break;
    kept.push(l);
  }
  return kept.join('\n');
}

/**
 * Texts to try in order: the first task only (a completion often runs on into the next task,
 * or dedents to the list), then the whole reply dedented (wrongly indented but parseable).
 */
function candidates(text: string): string[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (!lines.length) return [];
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const first = indentOf(lines[0]);
  const startsItem = /^\s*-\s/.test(lines[0]);
  const firstTask: string[] = [lines[0]];
  for (const l of lines.slice(1)) {
    const i = indentOf(l);
    if (i < first) break;
    if (i === first && /^\s*-\s/.test(l)) {
      if (startsItem) break; // the next list item: the next task
      if (!firstTask.every((x) => /^\s*-\s/.test(x) || indentOf(x) > first)) break;
    }
    firstTask.push(l);
  }
  const min = Math.min(...lines.map(indentOf));
  const dedent = (ls: string[], n: number) => ls.map((l) => l.slice(Math.min(n, indentOf(l)))).join('\n');
  return [dedent(firstTask, first), dedent(lines, min)];
}

function asTask(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value)) return value.find(isMapping);
  return isMapping(value) ? value : undefined;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `name=nginx state=present` words as arguments; other text stays free-form (`_raw_params`). */
function splitFreeForm(text: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const rest: string[] = [];
  for (const word of text.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []) {
    const m = /^([A-Za-z_]\w*)=(.*)$/.exec(word);
    if (m) args[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2');
    else rest.push(word);
  }
  if (rest.length) args._raw_params = rest.join(' ');
  return args;
}
