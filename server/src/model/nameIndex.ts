// Two views of the training names, built from the same word features:
// - a TF-IDF inverted index for nearest-neighbour search (kNN over names), and
// - multinomial naive Bayes counts per module (a learned module predictor).
// Built from the corpus when the model is trained, and stored with it (`toArrays` / `fromArrays`:
// the vocabulary and the typed arrays as they are, so loading copies nothing it does not have to).
// Features are interned to integer ids and everything is held in typed arrays: about 23k names
// must stay within a few MiB of heap.

import { features } from './text';

export interface NameEntry {
  /** Index into the model's training tasks (-1 for synthetic names, which kNN never returns). */
  task: number;
  module: number;
  text: string;
  /** How much this name counts (real-use tasks more than documentation EXAMPLES). */
  weight: number;
  /** The source file; kNN can leave a whole file out (honest features when training the re-ranker). */
  group: number;
}

/** What the index keeps of an entry (the name text itself is not needed after building). */
export interface IndexedEntry {
  task: number;
  module: number;
  weight: number;
  group: number;
}

/** Naive Bayes counts some entries contributed: per module, and per feature and module. */
export interface NbLeaveOut {
  total: Map<number, number>;
  byFeature: Map<number, Map<number, number>>;
}

export interface Neighbour {
  entry: number;
  score: number;
}

/** Everything an index holds, as plain columns (what the model's cache file stores). */
export interface NameIndexArrays {
  vocabulary: string[];
  entryTask: Int32Array;
  entryModule: Int32Array;
  entryWeight: Float64Array;
  entryGroup: Int32Array;
  featureStart: Int32Array;
  featureIds: Int32Array;
  postingStart: Int32Array;
  postingEntries: Int32Array;
  idf: Float64Array;
  unseenIdf: number;
  norms: Float64Array;
  nbStart: Int32Array;
  nbModules: Int32Array;
  nbCounts: Float64Array;
  nbTotals: Float64Array;
}

const ALPHA = 0.1;

export class NameIndex {
  readonly entries: IndexedEntry[];
  private readonly vocabulary: Map<string, number>;
  /** Entry → its feature ids: featureIds[featureStart[e] .. featureStart[e + 1]). */
  private readonly featureStart: Int32Array;
  private readonly featureIds: Int32Array;
  /** Feature → the searchable entries holding it (kNN postings). */
  private readonly postingStart: Int32Array;
  private readonly postingEntries: Int32Array;
  private readonly idf: Float64Array;
  /** The idf of a feature no searchable name has (a word only this project uses). */
  private readonly unseenIdf: number;
  private readonly norms: Float64Array;
  /** Feature → (module, weighted count) pairs for naive Bayes. */
  private readonly nbStart: Int32Array;
  private readonly nbModules: Int32Array;
  private readonly nbCounts: Float64Array;
  private readonly nbTotals: Float64Array;
  /** Scratch accumulator for search (one per index; searches are synchronous). */
  private readonly acc: Float64Array;

  /** An index read back from `toArrays` (the arrays are used as they are, not copied). */
  static fromArrays(a: NameIndexArrays): NameIndex {
    const n = a.entryTask.length;
    const V = a.vocabulary.length;
    const lengths: [string, number, number][] = [
      ['entryModule', a.entryModule.length, n],
      ['entryWeight', a.entryWeight.length, n],
      ['entryGroup', a.entryGroup.length, n],
      ['featureStart', a.featureStart.length, n + 1],
      ['featureIds', a.featureIds.length, a.featureStart[n] ?? -1],
      ['postingStart', a.postingStart.length, V + 1],
      ['postingEntries', a.postingEntries.length, a.postingStart[V] ?? -1],
      ['idf', a.idf.length, V],
      ['norms', a.norms.length, n],
      ['nbStart', a.nbStart.length, V + 1],
      ['nbModules', a.nbModules.length, a.nbStart[V] ?? -1],
      ['nbCounts', a.nbCounts.length, a.nbStart[V] ?? -1],
    ];
    for (const [name, got, want] of lengths) {
      if (got !== want) throw new Error(`name index: ${name} holds ${got} values, expected ${want}`);
    }
    return new NameIndex(a);
  }

  /** An index of the given names (features interned in order of first appearance). */
  static build(entries: readonly NameEntry[], moduleCount: number): NameIndex {
    return new NameIndex({ entries, moduleCount });
  }

  private constructor(from: NameIndexArrays | { entries: readonly NameEntry[]; moduleCount: number }) {
    if ('vocabulary' in from) {
      this.vocabulary = new Map();
      from.vocabulary.forEach((f, i) => this.vocabulary.set(f, i));
      if (this.vocabulary.size !== from.vocabulary.length) throw new Error('name index: repeated vocabulary');
      this.entries = new Array<IndexedEntry>(from.entryTask.length);
      for (let i = 0; i < this.entries.length; i++) {
        this.entries[i] = {
          task: from.entryTask[i],
          module: from.entryModule[i],
          weight: from.entryWeight[i],
          group: from.entryGroup[i],
        };
      }
      this.featureStart = from.featureStart;
      this.featureIds = from.featureIds;
      this.postingStart = from.postingStart;
      this.postingEntries = from.postingEntries;
      this.idf = from.idf;
      this.unseenIdf = from.unseenIdf;
      this.norms = from.norms;
      this.nbStart = from.nbStart;
      this.nbModules = from.nbModules;
      this.nbCounts = from.nbCounts;
      this.nbTotals = from.nbTotals;
      this.acc = new Float64Array(this.entries.length);
      return;
    }
    const { entries, moduleCount } = from;
    this.vocabulary = new Map();
    this.entries = entries.map((e) => ({ task: e.task, module: e.module, weight: e.weight, group: e.group }));
    const perEntry = entries.map((e) => features(e.text).map((f) => this.intern(f)));
    const V = this.vocabulary.size;
    this.featureStart = new Int32Array(entries.length + 1);
    perEntry.forEach((fs, i) => (this.featureStart[i + 1] = this.featureStart[i] + fs.length));
    this.featureIds = Int32Array.from(perEntry.flat());

    // kNN postings and idf over searchable (real corpus) entries.
    const df = new Int32Array(V);
    let searchable = 0;
    perEntry.forEach((fs, i) => {
      if (entries[i].task < 0) return;
      searchable++;
      for (const f of fs) df[f]++;
    });
    this.postingStart = new Int32Array(V + 1);
    for (let f = 0; f < V; f++) this.postingStart[f + 1] = this.postingStart[f] + df[f];
    this.postingEntries = new Int32Array(this.postingStart[V]);
    const fill = this.postingStart.slice(0, V);
    perEntry.forEach((fs, i) => {
      if (entries[i].task < 0) return;
      for (const f of fs) this.postingEntries[fill[f]++] = i;
    });
    this.idf = new Float64Array(V);
    for (let f = 0; f < V; f++) this.idf[f] = df[f] ? Math.log(1 + searchable / df[f]) : 0;
    this.unseenIdf = Math.log(1 + searchable);
    this.norms = new Float64Array(entries.length);
    perEntry.forEach((fs, i) => {
      let s = 0;
      for (const f of fs) s += this.idf[f] ** 2;
      this.norms[i] = Math.sqrt(s) || 1;
    });

    // Naive Bayes counts: per feature, modules in ascending order with their weighted counts.
    const byFeature: Map<number, number>[] = Array.from({ length: V }, () => new Map());
    this.nbTotals = new Float64Array(moduleCount);
    perEntry.forEach((fs, i) => {
      const e = entries[i];
      for (const f of fs) byFeature[f].set(e.module, (byFeature[f].get(e.module) ?? 0) + e.weight);
      this.nbTotals[e.module] += fs.length * e.weight;
    });
    this.nbStart = new Int32Array(V + 1);
    byFeature.forEach((m, f) => (this.nbStart[f + 1] = this.nbStart[f] + m.size));
    this.nbModules = new Int32Array(this.nbStart[V]);
    this.nbCounts = new Float64Array(this.nbStart[V]);
    byFeature.forEach((m, f) => {
      let at = this.nbStart[f];
      for (const [mod, c] of [...m].sort((a, b) => a[0] - b[0])) {
        this.nbModules[at] = mod;
        this.nbCounts[at++] = c;
      }
    });
    this.acc = new Float64Array(entries.length);
  }

  /** The index as plain columns, for `fromArrays` (shared with the index, not copied). */
  toArrays(): NameIndexArrays {
    const n = this.entries.length;
    const entryTask = new Int32Array(n);
    const entryModule = new Int32Array(n);
    const entryWeight = new Float64Array(n);
    const entryGroup = new Int32Array(n);
    this.entries.forEach((e, i) => {
      entryTask[i] = e.task;
      entryModule[i] = e.module;
      entryWeight[i] = e.weight;
      entryGroup[i] = e.group;
    });
    return {
      vocabulary: [...this.vocabulary.keys()],
      entryTask,
      entryModule,
      entryWeight,
      entryGroup,
      featureStart: this.featureStart,
      featureIds: this.featureIds,
      postingStart: this.postingStart,
      postingEntries: this.postingEntries,
      idf: this.idf,
      unseenIdf: this.unseenIdf,
      norms: this.norms,
      nbStart: this.nbStart,
      nbModules: this.nbModules,
      nbCounts: this.nbCounts,
      nbTotals: this.nbTotals,
    };
  }

  private intern(f: string): number {
    let id = this.vocabulary.get(f);
    if (id === undefined) this.vocabulary.set(f, (id = this.vocabulary.size));
    return id;
  }

  private query(text: string): number[] {
    const out: number[] = [];
    for (const f of features(text)) {
      const id = this.vocabulary.get(f);
      if (id !== undefined) out.push(id);
    }
    return out;
  }

  /** How much a word feature says (its idf over the corpus names; rare and unseen words most). */
  featureWeight(f: string): number {
    const id = this.vocabulary.get(f);
    return id === undefined || this.idf[id] === 0 ? this.unseenIdf : this.idf[id];
  }

  /** Cosine similarity (TF-IDF, binary term frequency) of the k nearest names, best first. */
  search(text: string, k: number, excludeGroups?: ReadonlySet<number>): Neighbour[] {
    const q = this.query(text);
    const touched: number[] = [];
    let qn = 0;
    for (const f of q) {
      const w = this.idf[f] * this.idf[f];
      if (w === 0) continue;
      qn += w;
      for (let i = this.postingStart[f]; i < this.postingStart[f + 1]; i++) {
        const e = this.postingEntries[i];
        if (this.acc[e] === 0) touched.push(e);
        this.acc[e] += w;
      }
    }
    const qnorm = Math.sqrt(qn);
    const out: Neighbour[] = [];
    let floor = -1;
    for (const e of touched) {
      const dot = this.acc[e];
      this.acc[e] = 0;
      if (excludeGroups?.has(this.entries[e].group)) continue;
      const score = dot / (qnorm * this.norms[e]);
      if (out.length >= k && score < floor) continue;
      out.push({ entry: e, score });
      if (out.length >= 4 * k) {
        out.sort(byScore);
        out.length = k;
        floor = out[k - 1].score;
      }
    }
    out.sort(byScore);
    return out.slice(0, k);
  }

  /** Cosine similarity of a text to the given entries, best first (ties by entry order). */
  scoreEntries(text: string, ids: readonly number[]): Neighbour[] {
    const q = new Map<number, number>();
    let qn = 0;
    for (const f of this.query(text)) {
      const w = this.idf[f] * this.idf[f];
      q.set(f, w);
      qn += w;
    }
    const qnorm = Math.sqrt(qn) || 1;
    const out = ids.map((e) => {
      let dot = 0;
      for (let i = this.featureStart[e]; i < this.featureStart[e + 1]; i++) dot += q.get(this.featureIds[i]) ?? 0;
      return { entry: e, score: dot / (qnorm * this.norms[e]) };
    });
    out.sort(byScore);
    return out;
  }

  /**
   * What some entries contributed to the naive Bayes counts, to take off for training features (a
   * task's own name, or every name of its project). Built once per left-out set.
   */
  leaveOutCounts(entries: readonly number[]): NbLeaveOut {
    const total = new Map<number, number>();
    const byFeature = new Map<number, Map<number, number>>();
    for (const e of entries) {
      const lo = this.entries[e];
      const length = this.featureStart[e + 1] - this.featureStart[e];
      total.set(lo.module, (total.get(lo.module) ?? 0) + length * lo.weight);
      for (let i = this.featureStart[e]; i < this.featureStart[e + 1]; i++) {
        const f = this.featureIds[i];
        let m = byFeature.get(f);
        if (!m) byFeature.set(f, (m = new Map()));
        m.set(lo.module, (m.get(lo.module) ?? 0) + lo.weight);
      }
    }
    return { total, byFeature };
  }

  /**
   * Naive Bayes log-likelihood of the description's features under every module (flat prior),
   * turned into a log posterior, without what `leaveOut` contributed (training features).
   */
  logPosterior(text: string, leaveOut?: NbLeaveOut): Float64Array {
    const q = [...new Set(this.query(text))];
    const n = this.nbTotals.length;
    const out = new Float64Array(n);
    const aV = ALPHA * this.vocabulary.size;
    const lessTotal = leaveOut?.total;
    const less = leaveOut?.byFeature;
    const base = q.length * Math.log(ALPHA);
    for (let m = 0; m < n; m++) {
      const total = this.nbTotals[m] - (lessTotal?.get(m) ?? 0);
      out[m] = total > 1e-9 ? base - q.length * Math.log(total + aV) : -Infinity;
    }
    for (const f of q) {
      const own = less?.get(f);
      for (let i = this.nbStart[f]; i < this.nbStart[f + 1]; i++) {
        const m = this.nbModules[i];
        const c = this.nbCounts[i] - (own?.get(m) ?? 0);
        if (c > 1e-9 && out[m] !== -Infinity) out[m] += Math.log((c + ALPHA) / ALPHA);
      }
    }
    let max = -Infinity;
    for (let m = 0; m < n; m++) if (out[m] > max) max = out[m];
    let z = 0;
    for (let m = 0; m < n; m++) if (out[m] !== -Infinity) z += Math.exp(out[m] - max);
    const lz = max + Math.log(z || 1);
    for (let m = 0; m < n; m++) out[m] -= lz;
    return out;
  }
}

function byScore(a: Neighbour, b: Neighbour): number {
  return b.score - a.score || a.entry - b.entry;
}
