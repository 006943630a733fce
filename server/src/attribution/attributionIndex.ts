// The attribution index: which corpus tasks does a task (a suggestion, an accepted snippet) most
// resemble, and under which licence are they?
//
// Method: each task becomes a canonical form (normalise.ts) and a set of hashed features
// (features.ts). Candidates come from MinHash LSH buckets (minhash.ts, bandTable.ts) plus, when the
// module has at most MODULE_SCAN_LIMIT tasks, every task of the query's module; each candidate is
// then scored exactly (features.ts documents the score and what its values mean) and the top k are
// returned. With ~25k tasks no module passes the limit, so the result is the exact top k among the
// query's module plus whatever LSH finds in others; at 1M tasks the big modules rely on LSH.
// `searchByName` is BM25 over task names (nameIndex.ts), built on first use.

import type { CorpusTask, Provenance } from '../corpus/types';
import { BandTable } from './bandTable';
import { featuresOf, moduleFeature, score } from './features';
import { BANDS, ROWS, bandKeys } from './minhash';
import { NameIndex } from './nameIndex';
import {
  canonicalFromCorpus,
  canonicalFromStructured,
  canonicalFromYaml,
  type ModuleResolver,
  type StructuredTask,
} from './normalise';
import { decode, encode } from './serialize';

export type { ModuleResolver } from './normalise';
export { WEIGHTS } from './features';

export type AttributionQuery = { yaml: string } | { fqcn: string; args: Record<string, unknown>; name?: string };

export interface CorpusMatch {
  task: CorpusTask;
  /** Similarity in [0,1]; see features.ts for its definition. */
  score: number;
  /** The first source's provenance, flattened (the `scribe/attribution` contract). */
  collection: string;
  version: string;
  path: string;
  repoUrl: string;
  license: string;
  /** The matched task's text. */
  snippet: string;
  /** Every source of this task (identical tasks found in several places). */
  sources: Provenance[];
}

export interface NameMatch {
  task: CorpusTask;
  /** BM25 score: higher is closer, comparable only within one query. */
  score: number;
}

/** A module with more tasks than this is not scanned whole; LSH buckets stand for it. */
export const MODULE_SCAN_LIMIT = 8192;

function grow(a: Uint32Array, need: number): Uint32Array {
  if (need <= a.length) return a;
  const b = new Uint32Array(Math.max(need, a.length * 2, 1024));
  b.set(a);
  return b;
}

/** A corpus task as an attribution match: its first source's provenance, flattened. */
export function corpusMatch(task: CorpusTask, s: number): CorpusMatch {
  const first = task.sources[0];
  return {
    task,
    score: s,
    collection: first?.collection ?? '',
    version: first?.version ?? '',
    path: first?.path ?? '',
    repoUrl: first?.repoUrl ?? '',
    license: first?.license ?? 'NOASSERTION',
    snippet: task.text,
    sources: task.sources,
  };
}

export class AttributionIndex {
  /** Slot → task; undefined once removed. */
  private tasks: (CorpusTask | undefined)[] = [];
  private offsets: Uint32Array = new Uint32Array(1024);
  private features: Uint32Array = new Uint32Array(16384);
  private featureEnd = 0;
  private bands: BandTable[] = Array.from({ length: BANDS }, () => BandTable.empty());
  private readonly slotOf = new Map<string, number>();
  private readonly byModule = new Map<number, number[]>();
  private live = 0;
  private seen: Uint32Array = new Uint32Array(1024);
  private epoch = 0;
  private names: NameIndex | undefined;
  // Module names learned from the corpus (as written → FQCN; short name → FQCN when unique), the
  // fallback when no catalog resolver is given.
  private readonly learned = new Map<string, string>();
  private readonly learnedShort = new Map<string, string | null>();

  private constructor(private readonly resolver: ModuleResolver | undefined) {}

  static build(tasks: readonly CorpusTask[], resolve?: ModuleResolver): AttributionIndex {
    const index = new AttributionIndex(resolve);
    // Learn every module name first, so a task whose module the corpus builder could not resolve
    // resolves the same way as a query naming it.
    for (const t of tasks) index.learn(t);
    index.append(tasks, false);
    // Drop the doubling slack of the growable arrays (up to half of them at 1M tasks).
    index.features = index.features.slice(0, index.featureEnd);
    index.offsets = index.offsets.slice(0, index.tasks.length + 1);
    index.rebuildBands();
    return index;
  }

  /**
   * Loads what `serialize` wrote. `tasks` are the corpus records (matched by id); records missing
   * from `tasks` are dropped and extra ones are added. Throws on a stale or foreign file.
   */
  static deserialize(
    data: Buffer | Uint8Array | string,
    tasks: readonly CorpusTask[],
    resolve?: ModuleResolver,
  ): AttributionIndex {
    const snap = decode(typeof data === 'string' ? Buffer.from(data, 'base64') : data, BANDS, ROWS);
    const index = new AttributionIndex(resolve);
    const n = snap.ids.length;
    // Usually the file was written from these very tasks, in this order: no id map is needed.
    let aligned = tasks.length >= n;
    for (let s = 0; aligned && s < n; s++) aligned = tasks[s].id === snap.ids[s];
    if (aligned) index.tasks = tasks.slice(0, n);
    else {
      const byId = new Map(tasks.map((t) => [t.id, t]));
      index.tasks = snap.ids.map((id) => byId.get(id));
    }
    index.offsets = snap.offsets;
    index.features = snap.features;
    index.featureEnd = snap.offsets[n];
    index.bands = snap.bands.map((b) => BandTable.fromArrays(b.keys, b.slots));
    index.seen = new Uint32Array(n + 1);
    for (let s = 0; s < n; s++) {
      const task = index.tasks[s];
      if (!task) continue;
      index.slotOf.set(snap.ids[s], s);
      index.live++;
      index.learn(task);
      index.indexModule(s);
    }
    const extra = aligned ? tasks.slice(n) : tasks.filter((t) => !index.slotOf.has(t.id));
    if (extra.length > 0) index.add(extra);
    return index;
  }

  /** An indexed task by id (a workspace task has no other home: corpus lookups fall back to this). */
  get(id: string): CorpusTask | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.tasks[slot];
  }

  /** Live tasks. */
  get size(): number {
    return this.live;
  }

  /** Writes the index (not the tasks: `deserialize` takes them back by id). */
  serialize(): Buffer {
    if (this.live < this.tasks.length) this.compact();
    return encode(
      {
        ids: this.tasks.map((t) => t?.id ?? ''),
        offsets: this.offsets.subarray(0, this.tasks.length + 1),
        features: this.features.subarray(0, this.featureEnd),
        bands: this.bands.map((b) => b.arrays),
      },
      BANDS,
      ROWS,
    );
  }

  /** Adds tasks (a task whose id is already indexed replaces it). */
  add(tasks: readonly CorpusTask[]): void {
    this.append(tasks, true);
    this.compactIfSparse();
  }

  /** Removes tasks by id; unknown ids are ignored. */
  remove(ids: readonly string[]): void {
    for (const id of ids) this.drop(id);
    this.compactIfSparse();
  }

  private drop(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.names?.remove(slot, this.tasks[slot]?.name ?? '');
    this.tasks[slot] = undefined;
    this.live--;
  }

  private compactIfSparse(): void {
    const dead = this.tasks.length - this.live;
    if (dead > Math.max(1024, this.live)) this.compact();
  }

  /**
   * The k corpus tasks most similar to `query`, best first, one match per task; fewer when fewer
   * tasks share anything with it. `filter` (e.g. a licence policy) is applied before ranking.
   * Throws when `query.yaml` is not the YAML of one task.
   */
  search(query: AttributionQuery, k = 3, filter?: (t: CorpusTask) => boolean): CorpusMatch[] {
    if (k <= 0 || this.live === 0) return [];
    const q = featuresOf(
      'yaml' in query
        ? canonicalFromYaml(query.yaml, this.resolveName)
        : canonicalFromStructured(query as StructuredTask, this.resolveName),
    );
    const candidates = this.candidates(q);
    const top: { slot: number; score: number }[] = [];
    for (const slot of candidates) {
      const task = this.tasks[slot];
      if (!task) continue;
      const s = score(q, this.features, this.offsets[slot], this.offsets[slot + 1]);
      if (top.length === k && (s < top[k - 1].score || (s === top[k - 1].score && slot > top[k - 1].slot))) continue;
      if (filter && !filter(task)) continue;
      let i = top.length < k ? top.length : k - 1;
      while (i > 0 && (top[i - 1].score < s || (top[i - 1].score === s && top[i - 1].slot > slot))) {
        top[i] = top[i - 1];
        i--;
      }
      top[i] = { slot, score: s };
    }
    return top.map((t) => corpusMatch(this.tasks[t.slot] as CorpusTask, t.score));
  }

  /** The k tasks whose names are closest to `text` by BM25 (see nameIndex.ts). */
  searchByName(text: string, k = 3, filter?: (t: CorpusTask) => boolean): NameMatch[] {
    if (!this.names) {
      this.names = new NameIndex();
      this.tasks.forEach((t, slot) => t && this.names?.add(slot, t.name));
    }
    return this.names
      .query(text, k, (slot) => {
        const t = this.tasks[slot];
        return t !== undefined && (!filter || filter(t));
      })
      .map((h) => ({ task: this.tasks[h.slot] as CorpusTask, score: h.score }));
  }

  /** The resolver used for queries: the injected one, else what the corpus itself taught. */
  private readonly resolveName = (name: string): string | undefined => {
    const viaCatalog = this.resolver?.(name);
    if (viaCatalog) return viaCatalog;
    const known = this.learned.get(name);
    if (known) return known;
    const short = name.startsWith('ansible.legacy.') ? name.slice('ansible.legacy.'.length) : name;
    return short.includes('.') ? undefined : (this.learnedShort.get(short) ?? undefined);
  };

  private learn(task: CorpusTask): void {
    if (!task.fqcn) return;
    if (task.module) this.learned.set(task.module, task.fqcn);
    const short = task.fqcn.slice(task.fqcn.lastIndexOf('.') + 1);
    const prev = this.learnedShort.get(short);
    if (prev === undefined) this.learnedShort.set(short, task.fqcn);
    // Builtin wins a clash, as it does in Ansible's own short-name lookup.
    else if (prev !== task.fqcn && !prev?.startsWith('ansible.builtin.')) {
      this.learnedShort.set(short, task.fqcn.startsWith('ansible.builtin.') ? task.fqcn : null);
    }
  }

  private indexModule(slot: number): void {
    const m = moduleFeature(this.features, this.offsets[slot], this.offsets[slot + 1]);
    if (m < 0) return;
    const list = this.byModule.get(m);
    if (list) list.push(slot);
    else this.byModule.set(m, [slot]);
  }

  private append(tasks: readonly CorpusTask[], incremental: boolean): void {
    const keys = new Uint32Array(BANDS);
    for (const task of tasks) {
      this.drop(task.id); // a task with a known id replaces the old one (also within one batch)
      const slot = this.tasks.length;
      this.tasks.push(task);
      this.slotOf.set(task.id, slot);
      this.live++;
      this.learn(task);
      const f = featuresOf(canonicalFromCorpus(task, this.resolveName));
      this.offsets = grow(this.offsets, slot + 2);
      this.features = grow(this.features, this.featureEnd + f.length);
      this.features.set(f, this.featureEnd);
      this.offsets[slot] = this.featureEnd;
      this.featureEnd += f.length;
      this.offsets[slot + 1] = this.featureEnd;
      this.indexModule(slot);
      this.names?.add(slot, task.name);
      if (incremental) {
        bandKeys(f, 0, f.length, keys);
        for (let b = 0; b < BANDS; b++) this.bands[b].add(keys[b], slot);
      }
    }
    this.seen = grow(this.seen, this.tasks.length + 1);
  }

  private rebuildBands(): void {
    const n = this.tasks.length;
    const keys = new Uint32Array(n * BANDS);
    for (let s = 0; s < n; s++) bandKeys(this.features, this.offsets[s], this.offsets[s + 1], keys, s * BANDS);
    this.bands = Array.from({ length: BANDS }, (_, b) =>
      BandTable.build(
        n,
        (s) => keys[s * BANDS + b],
        (s) => this.tasks[s] !== undefined,
      ),
    );
  }

  /** Drops removed slots: renumbers live tasks, keeps their features, rebuilds the buckets. */
  private compact(): void {
    const live = this.tasks.filter((t): t is CorpusTask => t !== undefined);
    const offsets = new Uint32Array(live.length + 1);
    const features = new Uint32Array(this.featureEnd);
    let end = 0;
    let w = 0;
    this.tasks.forEach((t, s) => {
      if (!t) return;
      const f = this.features.subarray(this.offsets[s], this.offsets[s + 1]);
      features.set(f, end);
      offsets[w] = end;
      end += f.length;
      offsets[++w] = end;
    });
    this.tasks = live;
    this.offsets = offsets;
    this.features = features;
    this.featureEnd = end;
    this.slotOf.clear();
    live.forEach((t, s) => this.slotOf.set(t.id, s));
    this.byModule.clear();
    for (let s = 0; s < live.length; s++) this.indexModule(s);
    this.names = undefined;
    this.rebuildBands();
  }

  /** Candidate slots for a query: LSH buckets, plus the query module's tasks when few enough. */
  private candidates(q: Uint32Array): number[] {
    if (++this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    const seen = this.seen;
    const out: number[] = [];
    const visit = (slot: number) => {
      if (seen[slot] !== epoch) {
        seen[slot] = epoch;
        out.push(slot);
      }
    };
    const keys = new Uint32Array(BANDS);
    bandKeys(q, 0, q.length, keys);
    for (let b = 0; b < BANDS; b++) this.bands[b].lookup(keys[b], visit);
    const m = moduleFeature(q);
    const sameModule = m < 0 ? undefined : this.byModule.get(m);
    if (sameModule && sameModule.length <= MODULE_SCAN_LIMIT) for (const s of sameModule) visit(s);
    return out;
  }
}

/** The score (features.ts) between two tasks, without an index. */
export function similarity(a: AttributionQuery, b: AttributionQuery, resolve?: ModuleResolver): number {
  const featuresOfQuery = (q: AttributionQuery) =>
    featuresOf(
      'yaml' in q ? canonicalFromYaml(q.yaml, resolve) : canonicalFromStructured(q as StructuredTask, resolve),
    );
  return score(featuresOfQuery(a), featuresOfQuery(b));
}
