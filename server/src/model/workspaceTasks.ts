// Which of the workspace's other tasks a request sees (TaskRequest.context.workspaceTasks): the
// same role's files first, then the same folder's, then the rest, in path order, at most
// WORKSPACE_TASKS. One rule for the editor (engine/workspaceIndex.ts), for training (a corpus
// task's collection stands for its workspace) and for `scribe eval --workspace-by`.

import type { CorpusTask } from '../corpus/types';
import { argVariables } from './jinjaScope';
import { isProjectModuleName } from './projectModules';
import type { EarlierTask } from './types';

/** Enough for a role or a project's playbooks; a request compares its name with each. */
export const WORKSPACE_TASKS = 400;

/**
 * The role folder a path is in (`…/roles/<name>/`), '' when the workspace is a role itself
 * (`tasks/main.yml` at its root, as in a role's own repository), or undefined.
 */
function roleOf(path: string): string | undefined {
  return /^(.*\/)?roles\/[^/]+\//.exec(path)?.[0] ?? (ROOT_ROLE.test(path) ? '' : undefined);
}

const ROOT_ROLE = /^(?:tasks|handlers)\//;

function inRole(path: string, role: string | undefined): boolean {
  return role === '' ? ROOT_ROLE.test(path) : role !== undefined && path.startsWith(role);
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/** The tasks of `files` other than `path`'s, nearest files first, at most `cap`. */
export function workspaceFor<T>(
  path: string,
  files: ReadonlyMap<string, readonly T[]>,
  cap: number = WORKSPACE_TASKS,
): T[] {
  const role = roleOf(path);
  const folder = folderOf(path);
  // A role's own repository ('') ranks by folder: all of it is the role anyway.
  const rank = (p: string) => (role && p.startsWith(role) ? 0 : folderOf(p) === folder ? 1 : 2);
  const others = [...files.keys()]
    .filter((p) => p !== path)
    .map((p) => ({ p, r: rank(p) }))
    .sort((a, b) => a.r - b.r || (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
  const out: T[] = [];
  for (const { p } of others) {
    for (const t of files.get(p)!) {
      if (out.length >= cap) return out;
      out.push(t);
    }
  }
  return out;
}

/**
 * Variables the same role's other files read (`{{ redis_daemon }}` in tasks/main.yml for a handler):
 * like the file's own earlier tasks (suggest/context.ts), they are defined where the role can see
 * them (its defaults and vars, the inventory). Loop variables excepted; none outside a role.
 */
export function roleVariables(path: string, files: ReadonlyMap<string, readonly EarlierTask[]>): string[] {
  const role = roleOf(path);
  if (role === undefined) return [];
  const out = new Set<string>();
  for (const [p, tasks] of files) {
    if (p === path || !inRole(p, role)) continue;
    for (const t of tasks) for (const v of argVariables(t.fqcn, t.args)) if (v !== 'item') out.add(v);
  }
  return [...out];
}

/**
 * The named tasks with a module of indexed files, per file (`sources[0].path`), in file order; a
 * module the catalog does not know as written.
 */
export function namedTasksByFile(tasks: readonly CorpusTask[]): Map<string, EarlierTask[]> {
  const out = new Map<string, { line: number; task: EarlierTask }[]>();
  for (const t of tasks) {
    const src = t.sources[0];
    // A module the catalog does not know is kept as written: the project's own (projectModules.ts).
    const fqcn = t.fqcn || (isProjectModuleName(t.module) ? t.module : '');
    if (!src || !fqcn || !t.name.trim()) continue;
    const list = out.get(src.path) ?? [];
    list.push({ line: src.line, task: { id: t.id, name: t.name, fqcn, args: t.args } });
    out.set(src.path, list);
  }
  return new Map([...out].map(([path, list]) => [path, list.sort((a, b) => a.line - b.line).map((x) => x.task)]));
}
