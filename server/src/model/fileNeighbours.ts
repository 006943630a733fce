// The tasks written earlier in the same file, as neighbours of a description: real files repeat
// themselves (about 4 tasks in 10 reuse a module already used above, often with the same options
// and variables), so the closest earlier task by name is strong evidence for both the module and
// its arguments. Cosine similarity over the same word features as the corpus names, weighted by
// the corpus idf (a word no corpus name has, such as the project's own product name, weighs most).

import { intentScores } from './intents';
import { features, terms } from './text';
import type { EarlierTask } from './types';

export interface FileNeighbour {
  task: EarlierTask;
  /** Position in the file's earlier tasks (larger: nearer the description). */
  position: number;
  score: number;
}

export type FeatureWeight = (feature: string) => number;

function vector(text: string, weight: FeatureWeight): Map<string, number> {
  const v = new Map<string, number>();
  for (const f of features(text)) v.set(f, weight(f) ** 2);
  return v;
}

function norm(v: Map<string, number>): number {
  let s = 0;
  for (const w of v.values()) s += w;
  return Math.sqrt(s);
}

/**
 * A task's name vector and its norm, kept per task object and weight function: a workspace's tasks
 * (hundreds) are compared with every request.
 */
const vectors = new WeakMap<FeatureWeight, WeakMap<EarlierTask, { v: Map<string, number>; n: number }>>();

function taskVector(task: EarlierTask, weight: FeatureWeight): { v: Map<string, number>; n: number } {
  let byTask = vectors.get(weight);
  if (!byTask) vectors.set(weight, (byTask = new WeakMap()));
  let out = byTask.get(task);
  if (!out) {
    const v = vector(task.name, weight);
    byTask.set(task, (out = { v, n: norm(v) }));
  }
  return out;
}

/** Earlier tasks by similarity of their names to the description, best first (nearer first on ties). */
export function fileNeighbours(
  description: string,
  earlier: readonly EarlierTask[] | undefined,
  weight: FeatureWeight,
): FileNeighbour[] {
  if (!earlier?.length) return [];
  const q = vector(description, weight);
  const qn = norm(q);
  if (!qn) return [];
  const out: FileNeighbour[] = [];
  earlier.forEach((task, position) => {
    const { v, n } = taskVector(task, weight);
    let dot = 0;
    for (const [f, w] of v) if (q.has(f)) dot += w;
    if (dot > 0) out.push({ task, position, score: dot / (qn * n) });
  });
  return out.sort((a, b) => b.score - a.score || b.position - a.position);
}

/**
 * The nearest earlier task whose name is the description with at most two words changed (and
 * fewer than half): "Set ssh port option" after "Set ssh password option". People write such
 * series with one module, whatever the words say elsewhere in the corpus.
 */
export function nearCopy(description: string, earlier: readonly EarlierTask[] | undefined): EarlierTask | undefined {
  if (!earlier?.length) return undefined;
  const plain = (t: string) => terms(t.replace(/\{\{.*?\}\}|\{%.*?%\}/g, ' '));
  const d = plain(description);
  if (d.length < 3) return undefined;
  for (let i = earlier.length - 1; i >= 0; i--) {
    const e = plain(earlier[i].name);
    if (e.length !== d.length) continue;
    let changed = 0;
    for (let j = 0; j < d.length; j++) if (d[j] !== e[j]) changed++;
    if (changed <= 2 && changed < d.length / 2 && !changedIntent(description, earlier[i])) return earlier[i];
  }
  return undefined;
}

/**
 * The changed words are what names the earlier task's module ("Add the telegraf group" is
 * `group`, "Add the telegraf user" is not): the series does not carry its module over.
 */
function changedIntent(description: string, earlier: EarlierTask): boolean {
  return intentScores(earlier.name).has(earlier.fqcn) && !intentScores(description).has(earlier.fqcn);
}
