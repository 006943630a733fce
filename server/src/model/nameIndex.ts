// Two views of the training names, built from the same word features:
// - a TF-IDF inverted index for nearest-neighbour search (kNN over names), and
// - multinomial naive Bayes counts per module (a learned module predictor).
// Both are rebuilt deterministically from the corpus at load time; only the corpus is stored.

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

export interface Neighbour {
  entry: number;
  score: number;
}

interface Posting {
  entries: number[];
  tf: number[];
}

export class NameIndex {
  readonly entries: NameEntry[];
  private readonly postings = new Map<string, Posting>();
  private readonly idf = new Map<string, number>();
  private readonly norms: Float64Array;
  // Naive Bayes: per feature, the weighted count per module; per module, the total.
  private readonly nbPostings = new Map<string, Map<number, number>>();
  private readonly nbTotals: Float64Array;
  private readonly entryFeatures: string[][];
  private readonly vocabulary: number;
  private static readonly ALPHA = 0.1;

  constructor(entries: NameEntry[], moduleCount: number) {
    this.entries = entries;
    this.entryFeatures = entries.map((e) => features(e.text));
    const df = new Map<string, number>();
    const searchable = entries.filter((e) => e.task >= 0).length;
    this.nbTotals = new Float64Array(moduleCount);
    entries.forEach((e, i) => {
      const fs = this.entryFeatures[i];
      for (const f of fs) {
        if (e.task >= 0) {
          df.set(f, (df.get(f) ?? 0) + 1);
          let p = this.postings.get(f);
          if (!p) this.postings.set(f, (p = { entries: [], tf: [] }));
          p.entries.push(i);
          p.tf.push(1);
        }
        let nb = this.nbPostings.get(f);
        if (!nb) this.nbPostings.set(f, (nb = new Map()));
        nb.set(e.module, (nb.get(e.module) ?? 0) + e.weight);
      }
      this.nbTotals[e.module] += fs.length * e.weight;
    });
    for (const [f, n] of df) this.idf.set(f, Math.log(1 + searchable / n));
    this.vocabulary = this.nbPostings.size;
    this.norms = new Float64Array(entries.length);
    entries.forEach((_e, i) => {
      let s = 0;
      for (const f of this.entryFeatures[i]) s += (this.idf.get(f) ?? 0) ** 2;
      this.norms[i] = Math.sqrt(s) || 1;
    });
  }

  /** Cosine similarity (TF-IDF, binary term frequency) of the k nearest names, best first. */
  search(text: string, k: number, excludeGroup = -1): Neighbour[] {
    const q = features(text);
    const acc = new Map<number, number>();
    let qn = 0;
    for (const f of q) {
      const idf = this.idf.get(f);
      if (idf === undefined) continue;
      qn += idf * idf;
      const p = this.postings.get(f)!;
      const w = idf * idf;
      for (const e of p.entries) acc.set(e, (acc.get(e) ?? 0) + w);
    }
    if (qn === 0) return [];
    const qnorm = Math.sqrt(qn);
    const out: Neighbour[] = [];
    for (const [e, dot] of acc) {
      if (excludeGroup >= 0 && this.entries[e].group === excludeGroup) continue;
      out.push({ entry: e, score: dot / (qnorm * this.norms[e]) });
    }
    out.sort((a, b) => b.score - a.score || a.entry - b.entry);
    return out.slice(0, k);
  }

  /** Cosine similarity of a text to the given entries, best first (ties by entry order). */
  scoreEntries(text: string, ids: readonly number[]): Neighbour[] {
    const q = new Map<string, number>();
    let qn = 0;
    for (const f of features(text)) {
      const idf = this.idf.get(f);
      if (idf === undefined) continue;
      q.set(f, idf * idf);
      qn += idf * idf;
    }
    const qnorm = Math.sqrt(qn) || 1;
    const out = ids.map((e) => {
      let dot = 0;
      for (const f of this.entryFeatures[e]) dot += q.get(f) ?? 0;
      return { entry: e, score: dot / (qnorm * this.norms[e]) };
    });
    out.sort((a, b) => b.score - a.score || a.entry - b.entry);
    return out;
  }

  /**
   * Naive Bayes log-likelihood of the description's features under every module (flat prior),
   * turned into a log posterior. `leaveOut` removes one entry's own counts (training features).
   */
  logPosterior(text: string, leaveOut = -1): Float64Array {
    const q = features(text).filter((f) => this.nbPostings.has(f));
    const n = this.nbTotals.length;
    const a = NameIndex.ALPHA;
    const out = new Float64Array(n);
    const aV = a * this.vocabulary;
    const lo = leaveOut >= 0 ? this.entries[leaveOut] : undefined;
    const loFeatures = lo ? new Set(this.entryFeatures[leaveOut]) : undefined;
    for (let m = 0; m < n; m++) {
      let total = this.nbTotals[m];
      if (lo && lo.module === m) total -= this.entryFeatures[leaveOut].length * lo.weight;
      out[m] = total > 1e-9 ? q.length * Math.log(a / (total + aV)) : -Infinity;
    }
    for (const f of q) {
      for (const [m, c0] of this.nbPostings.get(f)!) {
        if (!Number.isFinite(out[m])) continue;
        let c = c0;
        if (lo && lo.module === m && loFeatures!.has(f)) c -= lo.weight;
        if (c > 1e-9) out[m] += Math.log((c + a) / a);
      }
    }
    let max = -Infinity;
    for (let m = 0; m < n; m++) if (out[m] > max) max = out[m];
    let z = 0;
    for (let m = 0; m < n; m++) if (Number.isFinite(out[m])) z += Math.exp(out[m] - max);
    const lz = max + Math.log(z || 1);
    for (let m = 0; m < n; m++) out[m] -= lz;
    return out;
  }
}

