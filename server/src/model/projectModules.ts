// Modules the project has and the catalog does not: a role's own (`library/sr_fingerprint.py`) or
// one of a collection not installed on this machine. The model cannot rank or fill them (it knows
// neither their options nor any example), but the project's own tasks show how they are written:
// a near-copy of the description that uses one ("Record role begin fingerprint" for "Record role
// success fingerprint") is copied, its changed words changed in its values too.

import { closest } from '../catalog/didYouMean';
import type { ModuleCatalog } from '../catalog/types';
import { nearCopy } from './fileNeighbours';
import { nameSubstitutions, substituteAll } from './nameSubstitution';
import { renderTask } from './render';
import type { EarlierTask, ModelSuggestion, TaskRequest } from './types';

/** How a module the catalog does not know is written: a plain lower-case name (`sr_fingerprint`). */
const PROJECT_MODULE = /^[a-z][a-z0-9_]*$/;

/** Whether a module key as written can be one of the project's own modules. */
export function isProjectModuleName(name: string): boolean {
  return PROJECT_MODULE.test(name);
}

/**
 * The near-copy of the description among the file's earlier tasks, else the workspace's, when its
 * module is one the catalog does not know and not a misspelling of one it does (`servce`);
 * undefined otherwise (the model's own ranking decides).
 */
export function projectModuleCopy(
  req: TaskRequest,
  catalog: Pick<ModuleCatalog, 'resolve' | 'list'>,
): ModelSuggestion | undefined {
  const copy: EarlierTask | undefined =
    nearCopy(req.description, req.context.earlierTasks) ?? nearCopy(req.description, req.context.workspaceTasks);
  if (!copy || !isProjectModuleName(copy.fqcn) || catalog.resolve(copy.fqcn)) return undefined;
  const shortNames = catalog.list().map((m) => m.fqcn.slice(m.fqcn.lastIndexOf('.') + 1));
  if (closest(copy.fqcn, shortNames, 1).length) return undefined;
  const args = substituteAll(copy.args, nameSubstitutions(copy.name, req.description, 2)) as Record<string, unknown>;
  return {
    fqcn: copy.fqcn,
    args,
    keywords: {},
    yaml: renderTask(copy.fqcn, args, {}),
    drewOn: copy.id ? [{ taskId: copy.id, score: 1 }] : [],
    confidence: 0.9,
  };
}
