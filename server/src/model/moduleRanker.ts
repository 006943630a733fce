// Choosing the module: candidates from naive Bayes, kNN over names, the file's earlier modules and
// the intent table, scored by a conditional-logit re-ranker over a few features (learned on the
// train split with leave-one-out / leave-file-out features, so it learns how far to trust each).

import { collectionOf, collectionsInUse, moduleFamily, osFamilies } from './context';
import { fileNeighbours, type FileNeighbour } from './fileNeighbours';
import { intentScores } from './intents';
import { isProjectModuleName } from './projectModules';
import type { NameIndex, NbLeaveOut, Neighbour } from './nameIndex';
import { features, leadWord, mainPart, words } from './text';
import type { EarlierTask, TaskRequest } from './types';

export const FEATURE_NAMES = [
  'nb',
  'nbTop',
  'knn',
  'knnTop',
  'prevIn',
  'prevRecent',
  'prevCount',
  'collectionInUse',
  'builtin',
  'vendorNotInUse',
  'prior',
  'priorExamples',
  'intent',
  'nameMatch',
  'handlers',
  'osMatch',
  'osMismatch',
  'nbReal',
  'lead',
  'nameMatchNotInUse',
  'nbNotInUse',
  'osNeutral',
  'fileSim',
  'fileTop',
  'fileShare',
  'fileStrong',
  'intentTop',
  'everydayNotInUse',
  'workspaceSim',
  'workspaceShare',
  'workspaceUsed',
  'fileTopNamedOther',
] as const;
export const FEATURES = FEATURE_NAMES.length;

/** Per-module statistics the features read (all from the train split). */
export interface ModuleStats {
  modules: string[];
  index: Map<string, number>;
  /** Real-use (role/playbook/workspace/ftdata) train tasks per module. */
  realUse: Float64Array;
  examples: Float64Array;
  /** Real-use tasks in a handlers section, per module. */
  inHandlers: Float64Array;
  /** Real-use tasks per lead word (the verb) and module: `print` → debug. */
  lead: Map<string, Map<number, number>>;
}

export interface Candidate {
  module: number;
  x: Float64Array;
}

/** What a training sample must not see of itself (honest features for fitting the weights). */
export interface LeaveOut {
  /** Naive Bayes counts left out: the task's own name, or all of its project's. */
  nb: NbLeaveOut;
  /** The same in the real-use name index. */
  nbReal: NbLeaveOut;
  /** The files kNN skips. */
  groups: Set<number>;
  /** Real-use and EXAMPLES tasks per module to take off the priors. */
  real: Map<number, number>;
  examples: Map<number, number>;
  /** Real-use tasks per module with the description's lead word, to take off the lead counts. */
  lead: Map<number, number>;
}

export interface RankInput {
  req: TaskRequest;
  leaveOut?: LeaveOut;
}

const NB_CANDIDATES = 15;
/** Play-level keywords that look like modules in the catalog but cannot stand as a task. */
const NOT_TASKS = new Set(['ansible.builtin.import_playbook']);
/** Modules that work on any OS family: the safe choice when nothing points at one. */
const OS_NEUTRAL = new Set(['ansible.builtin.package', 'ansible.builtin.service']);
const KNN = 25;
/**
 * Collections that ship with Ansible and hold everyday system modules (firewalld, mount, sysctl,
 * ufw, timezone …): a file that has not used them yet is not choosing a vendor's product.
 */
const EVERYDAY = new Set(['ansible.posix', 'community.general']);

export class ModuleRanker {
  constructor(
    readonly stats: ModuleStats,
    readonly names: NameIndex,
    /** Naive Bayes over real-use names only: how playbooks, not documentation, say things. */
    readonly realNames: NameIndex,
    public weights: Float64Array,
  ) {}

  /** One function for the ranker's life: name vectors are cached per weight function (fileNeighbours.ts). */
  private readonly featureWeight = (f: string) => this.names.featureWeight(f);

  candidates(input: RankInput): {
    candidates: Candidate[];
    neighbours: Neighbour[];
    inFile: FileNeighbour[];
    inWorkspace: FileNeighbour[];
  } {
    const { req } = input;
    const { stats, names } = this;
    const main = mainPart(req.description);
    // Naive Bayes grows more confident with every word (its independence assumption): its log
    // posterior is read per word, so a long CIS-style name does not drown the other features.
    const temper = 3 / Math.max(3, features(req.description).length);
    const lo = input.leaveOut;
    const post = names.logPosterior(req.description, lo?.nb);
    const postReal = this.realNames.logPosterior(req.description, lo?.nbReal);
    const neighbours = names.search(req.description, KNN, lo?.groups);
    // Words inside `{{ }}` name variables (`runn_name_prefix`), not what the task does.
    const plain = (t: string) => t.replace(/\{\{.*?\}\}|\{%.*?%\}/g, ' ');
    const intents = intentScores(plain(main));
    const lead = leadWord(req.description);
    const leadCounts = stats.lead.get(lead);
    const set = new Set<number>();
    const nbTop: number[] = [];
    for (const m of topK(post, NB_CANDIDATES)) {
      set.add(m);
      nbTop.push(m);
    }
    for (const m of topK(postReal, 5)) set.add(m);
    const knn = new Map<number, number>();
    const knnTop = new Map<number, number>();
    for (const n of neighbours) {
      const e = names.entries[n.entry];
      set.add(e.module);
      knn.set(e.module, (knn.get(e.module) ?? 0) + n.score * e.weight);
      knnTop.set(e.module, Math.max(knnTop.get(e.module) ?? 0, n.score));
    }
    const prev = req.context.previousModules;
    const prevCount = new Map<number, number>();
    prev.forEach((p) => {
      const m = stats.index.get(p);
      if (m === undefined) return;
      set.add(m);
      prevCount.set(m, (prevCount.get(m) ?? 0) + 1);
    });
    const recent = new Set(prev.slice(-3).map((p) => stats.index.get(p)));
    // The file's own earlier tasks, nearest names first: per module the best similarity, and the
    // share of the five nearest.
    // Tasks of the project's own modules (no collection: projectModules.ts) say nothing here.
    const knownOnly = (tasks: readonly EarlierTask[] | undefined) => tasks?.filter((t) => !isProjectModuleName(t.fqcn));
    const inFile = fileNeighbours(req.description, knownOnly(req.context.earlierTasks), this.featureWeight);
    const fileSim = new Map<number, number>();
    const fileShare = new Map<number, number>();
    let shareTotal = 0;
    inFile.forEach((n, i) => {
      const m = stats.index.get(n.task.fqcn);
      if (m === undefined) return;
      set.add(m);
      if (!fileSim.has(m)) fileSim.set(m, n.score);
      if (i < 5) {
        fileShare.set(m, (fileShare.get(m) ?? 0) + n.score);
        shareTotal += n.score;
      }
    });
    const fileTop = inFile.length ? stats.index.get(inFile[0].task.fqcn) : undefined;
    // The nearest earlier name named its module by words the description does not have ("Adding
    // Telegraf group" → group, then "Adding Telegraf user"): the likeness is in the other words.
    const fileTopNamedOther =
      inFile.length > 0 &&
      intentScores(inFile[0].task.name).has(inFile[0].task.fqcn) &&
      !intents.has(inFile[0].task.fqcn);
    // The workspace's other files, the same way: the project's habits (apt or package, service or
    // systemd) where this file has not shown them yet. How often it uses each module, too.
    const workspace = knownOnly(req.context.workspaceTasks) ?? [];
    const inWorkspace = fileNeighbours(req.description, workspace, this.featureWeight);
    const wsSim = new Map<number, number>();
    const wsShare = new Map<number, number>();
    let wsTotal = 0;
    inWorkspace.slice(0, 5).forEach((n) => {
      const m = stats.index.get(n.task.fqcn);
      if (m === undefined) return;
      set.add(m);
      if (!wsSim.has(m)) wsSim.set(m, n.score);
      wsShare.set(m, (wsShare.get(m) ?? 0) + n.score);
      wsTotal += n.score;
    });
    const wsUsed = new Map<number, number>();
    for (const t of workspace) {
      const m = stats.index.get(t.fqcn);
      if (m !== undefined) wsUsed.set(m, (wsUsed.get(m) ?? 0) + 1);
    }
    for (const [f] of intents) {
      const m = stats.index.get(f);
      if (m !== undefined) set.add(m);
    }
    let intentMax = 0;
    for (const w of intents.values()) intentMax = Math.max(intentMax, w);
    const inUse = collectionsInUse(req);
    // The lead word's modules among the collections this file can use: "configure" in the
    // corpus's vendor roles is mostly their own modules, for this file mostly template.
    const leadOf = (m: number) => Math.max(0, (leadCounts?.get(m) ?? 0) - (lo?.lead.get(m) ?? 0));
    let leadTotal = 0;
    for (const m of leadCounts?.keys() ?? []) if (inUse.has(collectionOf(stats.modules[m]))) leadTotal += leadOf(m);
    const families = osFamilies(req);
    const descWords = new Set(words(plain(req.description)));
    const handlers = req.context.section === 'handlers';
    const knnTotal = [...knn.values()].reduce((a, b) => a + b, 0) || 1;
    const out: Candidate[] = [];
    for (const m of [...set].sort((a, b) => a - b)) {
      const fqcn = stats.modules[m];
      if (NOT_TASKS.has(fqcn)) continue;
      const coll = collectionOf(fqcn);
      const builtin = coll === 'ansible.builtin';
      const real = Math.max(0, stats.realUse[m] - (lo?.real.get(m) ?? 0));
      const examples = Math.max(0, stats.examples[m] - (lo?.examples.get(m) ?? 0));
      const short = fqcn.split('.').pop()!;
      const nameWords = short.split('_').filter((w) => w.length > 1);
      const matched = nameWords.filter((w) => descWords.has(w)).length;
      const family = moduleFamily(fqcn);
      const x = new Float64Array(FEATURES);
      x[0] = (Math.max(-30, post[m]) / 10) * temper;
      x[1] = nbTop.indexOf(m) === 0 ? 1 : 0;
      x[2] = (knn.get(m) ?? 0) / knnTotal;
      x[3] = knnTop.get(m) ?? 0;
      x[4] = prevCount.has(m) ? 1 : 0;
      x[5] = recent.has(m) ? 1 : 0;
      x[6] = Math.log1p(prevCount.get(m) ?? 0);
      x[7] = !builtin && inUse.has(coll) ? 1 : 0;
      x[8] = builtin ? 1 : 0;
      x[9] = !builtin && !inUse.has(coll) && !EVERYDAY.has(coll) ? 1 : 0;
      x[27] = !inUse.has(coll) && EVERYDAY.has(coll) ? 1 : 0;
      x[10] = Math.log1p(real);
      x[11] = Math.log1p(examples);
      x[12] = intents.get(fqcn) ?? 0;
      // Product names in a description match vendor module names ("Restart nginx" is not a cloud
      // operation): the match counts separately for collections the file does not use.
      const nameMatch = nameWords.length ? matched / nameWords.length : 0;
      const notInUse = !builtin && !inUse.has(coll);
      x[13] = notInUse ? 0 : nameMatch;
      x[19] = notInUse ? nameMatch : 0;
      x[20] = notInUse ? x[0] : 0;
      x[21] = families.size === 0 && OS_NEUTRAL.has(fqcn) ? 1 : 0;
      x[14] = handlers ? (stats.inHandlers[m] + 0.1) / (real + 1) : 0;
      x[15] = family && families.has(family) ? 1 : 0;
      x[16] = family && families.size > 0 && !families.has(family) ? 1 : 0;
      x[17] = (Number.isFinite(postReal[m]) ? Math.max(-30, postReal[m]) / 10 : -3) * temper;
      const leadCount = leadOf(m);
      const leadBase = leadTotal + (inUse.has(coll) ? 0 : leadCount);
      x[18] = leadBase > 0 ? leadCount / (leadBase + 1) : 0;
      x[22] = fileSim.get(m) ?? 0;
      x[23] = fileTop === m ? 1 : 0;
      x[24] = shareTotal > 0 ? (fileShare.get(m) ?? 0) / shareTotal : 0;
      // A near-copy of an earlier name (one word changed) is close to decisive: the linear model
      // needs it as its own feature.
      x[25] = Math.max(0, x[22] - 0.5) * 2;
      x[26] = x[12] > 0 && x[12] === intentMax ? 1 : 0;
      x[28] = wsSim.get(m) ?? 0;
      x[29] = wsTotal > 0 ? (wsShare.get(m) ?? 0) / wsTotal : 0;
      x[30] = workspace.length ? Math.log1p(wsUsed.get(m) ?? 0) / Math.log1p(workspace.length) : 0;
      x[31] = fileTopNamedOther && fileTop === m ? x[22] : 0;
      out.push({ module: m, x });
    }
    return { candidates: out, neighbours, inFile, inWorkspace };
  }

  score(c: Candidate): number {
    let s = 0;
    for (let i = 0; i < FEATURES; i++) s += this.weights[i] * c.x[i];
    return s;
  }

  /** Modules best first with softmax probabilities over the candidates. */
  rank(input: RankInput): {
    ranked: { module: number; p: number }[];
    neighbours: Neighbour[];
    inFile: FileNeighbour[];
    inWorkspace: FileNeighbour[];
  } {
    const { candidates, neighbours, inFile, inWorkspace } = this.candidates(input);
    const scores = candidates.map((c) => this.score(c));
    const max = Math.max(...scores, 0);
    const exps = scores.map((s) => Math.exp(s - max));
    const z = exps.reduce((a, b) => a + b, 0) || 1;
    const ranked = candidates
      .map((c, i) => ({ module: c.module, p: exps[i] / z }))
      .sort((a, b) => b.p - a.p || a.module - b.module);
    return { ranked, neighbours, inFile, inWorkspace };
  }
}

/** Hand-set starting weights (also the fallback when there is too little data to learn). */
export function initialWeights(): Float64Array {
  const w = new Float64Array(FEATURES);
  const set: Record<string, number> = {
    nb: 1,
    knn: 2,
    knnTop: 2,
    prevIn: 1.5,
    prevRecent: 0.5,
    collectionInUse: 0.5,
    builtin: 0.5,
    vendorNotInUse: -1,
    prior: 0.3,
    intent: 2,
    nameMatch: 1,
    handlers: 1,
    osMatch: 0.5,
    osMismatch: -1,
  };
  FEATURE_NAMES.forEach((n, i) => (w[i] = set[n] ?? 0));
  return w;
}

export interface RankSample {
  candidates: Candidate[];
  /** Index into candidates of the right module. */
  target: number;
  weight: number;
}

/** Conditional logit by full-batch gradient descent with L2; deterministic (fixed order, no sampling). */
export function fitWeights(
  samples: readonly RankSample[],
  start: Float64Array,
  epochs = 200,
  rate = 0.3,
  l2 = 1e-3,
): Float64Array {
  const F = FEATURES;
  // Flat feature matrix: one row per candidate, samples one after another.
  const offsets = new Int32Array(samples.length + 1);
  samples.forEach((s, i) => (offsets[i + 1] = offsets[i] + s.candidates.length));
  const rows = offsets[samples.length];
  const X = new Float64Array(rows * F);
  samples.forEach((s, i) => s.candidates.forEach((c, j) => X.set(c.x, (offsets[i] + j) * F)));
  const targets = Int32Array.from(samples, (s) => s.target);
  const sampleWeights = Float64Array.from(samples, (s) => s.weight);
  const totalWeight = sampleWeights.reduce((a, b) => a + b, 0) || 1;
  const w = Float64Array.from(start);
  const grad = new Float64Array(F);
  const scores = new Float64Array(rows);
  // Adagrad-style per-feature step sizes: the features live on different scales.
  const g2 = new Float64Array(F).fill(1e-8);
  for (let epoch = 0; epoch < epochs; epoch++) {
    grad.fill(0);
    for (let r = 0; r < rows; r++) {
      let v = 0;
      for (let f = 0; f < F; f++) v += w[f] * X[r * F + f];
      scores[r] = v;
    }
    for (let i = 0; i < samples.length; i++) {
      const a = offsets[i];
      const b = offsets[i + 1];
      let max = -Infinity;
      for (let r = a; r < b; r++) if (scores[r] > max) max = scores[r];
      let z = 0;
      for (let r = a; r < b; r++) z += Math.exp(scores[r] - max);
      const k = sampleWeights[i] / totalWeight;
      for (let r = a; r < b; r++) {
        const p = Math.exp(scores[r] - max) / z - (r - a === targets[i] ? 1 : 0);
        if (Math.abs(p) < 1e-6) continue;
        for (let f = 0; f < F; f++) grad[f] += k * p * X[r * F + f];
      }
    }
    for (let f = 0; f < F; f++) {
      const g = grad[f] + l2 * w[f];
      g2[f] += g * g;
      w[f] -= (rate * g) / Math.sqrt(g2[f]);
    }
  }
  return w;
}

/** Indices of the k largest finite values, largest first (ties: lower index first); O(n·k). */
function topK(values: Float64Array, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (best.length === k && v <= values[best[k - 1]]) continue;
    let j = best.length < k ? best.length : k - 1;
    best[j] = i;
    while (j > 0 && values[best[j - 1]] < v) {
      best[j] = best[j - 1];
      best[j - 1] = i;
      j--;
    }
  }
  return best;
}
