// The file's own habits in the try order (tryOrder.ts): a near-copy of the description earlier in
// the file keeps the series' module; the file's earlier tasks with the description's verb, when they
// agree, theirs (with a general verb, "Set …", when four or more of them and three in four agree);
// a file that only includes others includes the next one too; and so do a benchmark role's earlier
// tasks with the same last step ("… | Warn Count"; an import where the control's block sets the
// warning control id, before any), its pairs of one name written twice (a set_fact, then the debug
// saying a handler applies it) and its earlier one-task controls of the same kind in the section
// ("6.3.3.x | PATCH | …").

import { nearCopy } from './fileNeighbours';
import { B, first, type ModuleIds, type RankedModule } from './rankedModules';
import { WARNING_STEP } from './taskFiles';
import { leadWord, stepOf } from './text';
import type { TaskRequest } from './types';

const INCLUDES = new Set(
  ['include_tasks', 'import_tasks', 'include_role', 'import_role'].map((m) => `ansible.builtin.${m}`),
);

/**
 * A file that only includes others (a role's main.yml: "Configure sysctl", "Disable kernel
 * modules", each importing its file; four or more, all includes) includes the next one too, with
 * the module it uses most.
 */
export function includesOnly<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const earlier = req.context.earlierTasks ?? [];
  const top = ranked[0] && ids.modules[ranked[0].module];
  if (!top || INCLUDES.has(top) || earlier.length < 4 || !earlier.every((t) => INCLUDES.has(t.fqcn))) return ranked;
  return first(ranked, mostCommon(earlier.map((t) => t.fqcn))[0], ids);
}

/** Lead verbs (stemmed) too general to say which module ("Ensure …", "Make sure …"). */
const GENERAL_VERBS = new Set([
  'ensur',
  'mak',
  'set',
  'configur',
  'manag',
  'updat',
  'run',
  'do',
  'handl',
  'includ',
  'import',
]);

/** General verbs whose object varies less than "Ensure …" and "Include …" do. */
const HABIT_VERBS = new Set(['set', 'configur', 'manag', 'updat', 'run', 'do', 'handl']);

/**
 * The file's own way with the description's verb: "Copy varnish secret." in a file whose earlier
 * "Copy …" tasks are all templates is a template too (two or more of them, all one module); "Set
 * cache section" in a file of "Set … option" lines is a line too (four or more, three in four).
 */
export function verbHabit<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const lead = leadWord(req.description);
  if (!lead) return ranked;
  const same = (req.context.earlierTasks ?? []).filter((t) => leadWord(t.name) === lead).map((t) => t.fqcn);
  if (GENERAL_VERBS.has(lead)) {
    // A general verb ("Set …") says the file's module only when the file says it often, and not
    // over the module the description names ("Set other ACL": acl).
    const named = ranked[0] && ids.modules[ranked[0].module].split('.').pop()!;
    if (!HABIT_VERBS.has(lead) || (named && new RegExp(`\\b${named}\\b`, 'i').test(req.description))) return ranked;
    const [top, n] = mostCommon(same);
    return n >= 4 && n >= 0.75 * same.length ? first(ranked, top, ids) : ranked;
  }
  if (same.length < 2 || same.some((m) => m !== same[0])) return ranked;
  return ranked.slice(0, 5).some((r) => ids.modules[r.module] === same[0]) ? first(ranked, same[0], ids) : ranked;
}

/**
 * The project's way with a step that recurs across a benchmark role's controls: "… | Warn Count"
 * is the same import of warning_facts.yml wherever it is written (two or more earlier such steps,
 * in the file or the workspace, all one module); before there are any, the block around it setting
 * the warning control id says so.
 */
export function stepHabit<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const step = stepOf(req.description);
  if (!step) return ranked;
  const same = [...(req.context.earlierTasks ?? []), ...(req.context.workspaceTasks ?? [])]
    .filter((t) => stepOf(t.name) === step)
    .map((t) => t.fqcn);
  if (same.length >= 2 && same.every((m) => m === same[0])) return first(ranked, same[0], ids);
  return WARNING_STEP.test(step) && WARNING_CONTROL.test(req.context.fileText ?? '')
    ? first(ranked, B + 'import_tasks', ids)
    : ranked;
}

/**
 * The variable a benchmark role's control block sets for the warning task file it imports
 * (`vars: {warn_control_id: '1.2.1.4'}`): set in the block, read in that file.
 */
const WARNING_CONTROL = /^[ \t]+warn\w*_control\w*:/m;

/**
 * A file that writes a task again under the same name with another module ("1.5.1 | PATCH | …" a
 * set_fact, then "1.5.1 | PATCH | …" the debug saying a handler sets it): a description repeating
 * the name of the task just before (without its "| Set Fact" step) is written as the second of such
 * pairs, when two or more earlier pairs agree.
 */
export function pairHabit<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const earlier = req.context.earlierTasks ?? [];
  const before = earlier.at(-1);
  if (!before || unstepped(before.name) !== req.description.trim()) return ranked;
  const seconds = earlier
    .slice(1, -1)
    .filter((t, i) => earlier[i].fqcn === before.fqcn && unstepped(earlier[i].name) === t.name.trim())
    .map((t) => t.fqcn);
  return seconds.length >= 2 && seconds.every((m) => m === seconds[0]) && seconds[0] !== before.fqcn
    ? first(ranked, seconds[0], ids)
    : ranked;
}

/** A name without a closing "| Set Fact" step. */
function unstepped(name: string): string {
  return name.replace(/\s*\|\s*set facts?\s*$/i, '').trim();
}

/**
 * The kind of a benchmark control written as one task, with the section it is in ("6.3.3.12 |
 * PATCH | Ensure … are collected" → "6.3 PATCH").
 */
function controlKind(name: string): string | undefined {
  const parts = name.split('|').map((p) => p.trim());
  const section = /^(\d+\.\d+)(?:\.\d+)+$/.exec(parts[0])?.[1];
  return parts.length === 3 && section ? `${section} ${parts[1].toUpperCase()}` : undefined;
}

/**
 * A benchmark role's file of controls each written as one task ("6.3.3.x | PATCH | Ensure …
 * events are collected", each setting the fact that regenerates the audit rules): the controls
 * before it of the same kind in the same section say the module, when four or more do and three
 * in four agree.
 */
export function controlHabit<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const module = controlModule(req);
  return module ? first(ranked, module, ids) : ranked;
}

/** The module the file's earlier controls of the description's kind agree on (controlHabit). */
export function controlModule(req: TaskRequest): string | undefined {
  const kind = controlKind(req.description);
  if (!kind) return undefined;
  const same = (req.context.earlierTasks ?? []).filter((t) => controlKind(t.name) === kind).map((t) => t.fqcn);
  const [top, n] = mostCommon(same);
  return n >= 4 && n >= 0.75 * same.length ? top : undefined;
}

/** The module of a near-copy of the description earlier in the file goes first (fileNeighbours.ts). */
export function nearCopyFirst<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const copy = nearCopy(req.description, req.context.earlierTasks);
  return copy ? first(ranked, copy.fqcn, ids) : ranked;
}

/** The module most of `modules` are, and how many (the first written of as many); `['', 0]` for none. */
function mostCommon(modules: readonly string[]): [string, number] {
  const counts = new Map<string, number>();
  for (const m of modules) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
}
