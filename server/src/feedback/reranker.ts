// Local learning from feedback: wraps a model that ranks modules and lets what the user kept or
// threw away in this workspace move modules and option values up or down.
//
// Module score (deterministic, no training step):
//   score(m) = p_base(m) + ALPHA · tanh(Σ_i sim(description, d_i) · w(kind_i))   over events i with fqcn m
// where sim is the Jaccard overlap of the descriptions' stemmed content words (model/text.ts `terms`
// of the description's main part, so `proxysql | install | Install x` compares as `Install x`):
// "Install nginx" / "Install redis" → 0.33, "Install nginx" / "install the nginx package" → 0.67.
// (Counting the first word, usually the verb, twice was tried: 68.7% against 69.8% module match
// in the replay benchmark, so `leadWeight` defaults to 1.)
// tanh saturates: a habit shown twenty times moves a module about as far as one shown three times,
// so it cannot bury the base model's ranking for every description that shares a verb. Events
// below MIN_SIMILARITY count for nothing, and
// w = +1 accept / thumbs up, −1 reject (a dismissal), −2 thumbs down, −0.25 ignore (ignoring is
// weak evidence: the user may just have kept typing). A thumbs down is a deliberate verdict on the
// suggestion, a dismissal may only mean "not now", so the rating weighs twice: one thumbs down on
// `package` for "Install nginx" (similarity .33 to "Install haproxy") moves it by tanh(.67) = .58,
// enough to keep it below the alternatives even after they too were each dismissed once. Modules the user kept for similar descriptions join the
// candidates even when the base model did not rank them.
//
// Arguments: the base model cannot be told which module to use, so when the re-ranked top differs
// from the base model's own answer the body comes from, in order: the base's `suggestForModule`
// when it has one; the most similar kept example of that module, with the word that differs
// between the two descriptions swapped in its values ("Install nginx" kept `name: nginx` →
// "Install redis" gets `name: redis`); the base model asked again with the module's name words
// appended to the description; and failing all three, the base model's answer as it was.
//
// Values: for the chosen module, an option whose kept value is a preference rather than an entity
// (it is not a word of its description) and that the user kept the same at least twice and in at
// least two thirds of the times they kept the option, replaces the suggested value ("always
// `state: latest`" → `state: latest`); it is added when absent only if the user kept the option
// in at least two thirds of that module's accepts. The result must still fit the module's argspec.

import type { ModuleCatalog } from '../catalog/types';
import { argsFit } from '../model/argspec';
import { renderTask } from '../model/render';
import { mainPart, terms, words } from '../model/text';
import type { ModelSuggestion, ModuleScore, TaskModel, TaskRequest } from '../model/types';
import type { FeedbackEvent, FeedbackKind, FeedbackSource, FeedbackValue } from './store';

/** A model that ranks modules for a description (the embedded model does). */
export interface RankingModel extends TaskModel {
  suggestModules(req: TaskRequest, k: number): ModuleScore[];
  /** Optional: the model's answer written with a given module. */
  suggestForModule?(
    req: TaskRequest,
    fqcn: string,
    catalog: ModuleCatalog,
  ): ModelSuggestion | undefined | Promise<ModelSuggestion | undefined>;
}

export interface FeedbackModelOptions {
  /** Learning on (default); off, the wrapper is exactly the base model. Read on every request. */
  enabled?: () => boolean;
  /** Most that feedback moves a module's score, against the base model's probability (default 1). */
  alpha?: number;
  /** Base candidates re-ranked (default 10). */
  candidates?: number;
  /** Events less similar than this are ignored (default 0.3). */
  minSimilarity?: number;
  /** Weight of a description's first word (usually its verb) in the similarity (default 1). */
  leadWeight?: number;
}

const KIND_WEIGHT: Record<FeedbackKind, number> = {
  accept: 1,
  thumbsUp: 1,
  reject: -1,
  thumbsDown: -2,
  ignore: -0.25,
};

/** A builtin module fits anywhere; another collection's when the file uses none or uses it. */
function collectionFits(fqcn: string, inUse: ReadonlySet<string>): boolean {
  const collection = fqcn.split('.').slice(0, 2).join('.');
  const others = [...inUse].filter((c) => c !== 'ansible.builtin');
  return collection === 'ansible.builtin' || !others.length || inUse.has(collection);
}

const kept = (e: FeedbackEvent): boolean => e.kind === 'accept' || e.kind === 'thumbsUp';

/** A description's stemmed content words with their weights (the first word's is `leadWeight`). */
export function descriptionFeatures(description: string, leadWeight = 1): Map<string, number> {
  const out = new Map<string, number>();
  terms(mainPart(description)).forEach((t, i) => out.set(t, Math.max(out.get(t) ?? 0, i === 0 ? leadWeight : 1)));
  return out;
}

/** Weighted Jaccard overlap of two descriptions' features, in [0, 1]. */
export function similarity(a: Map<string, number>, b: Map<string, number>): number {
  let common = 0;
  let all = 0;
  for (const [t, w] of a) {
    const v = b.get(t) ?? 0;
    common += Math.min(w, v);
    all += Math.max(w, v);
  }
  for (const [t, v] of b) if (!a.has(t)) all += v;
  return all ? common / all : 0;
}

interface Related {
  event: FeedbackEvent;
  sim: number;
}

export class FeedbackModel implements RankingModel {
  private readonly alpha: number;
  private readonly k: number;
  private readonly minSimilarity: number;
  private readonly featureCache = new Map<string, Map<string, number>>();

  constructor(
    private readonly base: RankingModel,
    private readonly feedback: FeedbackSource,
    private readonly options: FeedbackModelOptions = {},
  ) {
    this.alpha = options.alpha ?? 1;
    this.k = options.candidates ?? 10;
    this.minSimilarity = options.minSimilarity ?? 0.3;
  }

  private enabled(): boolean {
    return this.options.enabled ? this.options.enabled() : true;
  }

  private featuresOf(description: string): Map<string, number> {
    let f = this.featureCache.get(description);
    if (!f) {
      f = descriptionFeatures(description, this.options.leadWeight ?? 1);
      if (this.featureCache.size > 10_000) this.featureCache.clear();
      this.featureCache.set(description, f);
    }
    return f;
  }

  /** Events about descriptions similar to this one, most similar first (ties: newest first). */
  private related(description: string): Related[] {
    const mine = this.featuresOf(description);
    const out: Related[] = [];
    for (const event of this.feedback.events()) {
      const sim = similarity(mine, this.featuresOf(event.description));
      if (sim >= this.minSimilarity) out.push({ event, sim });
    }
    return out.sort((a, b) => b.sim - a.sim || b.event.time - a.event.time);
  }

  private rerank(req: TaskRequest, k: number, related: Related[]): ModuleScore[] {
    const base = this.base.suggestModules(req, Math.max(k, this.k));
    const score = new Map(base.map((m) => [m.fqcn, m.score]));
    const evidence = new Map<string, number>();
    for (const { event, sim } of related) {
      evidence.set(event.fqcn, (evidence.get(event.fqcn) ?? 0) + sim * KIND_WEIGHT[event.kind]);
    }
    const inUse = new Set(req.context.collectionsInUse);
    for (const [fqcn, e] of evidence) {
      // Feedback against a module the base did not rank leaves it out; a module kept elsewhere
      // does not enter a file that works with other collections (the replay benchmark showed
      // "Configure … policy" kept for cisco.intersight pulling a cisco.ucs file's tasks away).
      if (!score.has(fqcn) && (e <= 0 || !collectionFits(fqcn, inUse))) continue;
      score.set(fqcn, (score.get(fqcn) ?? 0) + this.alpha * Math.tanh(e));
    }
    return [...score]
      .map(([fqcn, s]) => ({ fqcn, score: s }))
      .sort((a, b) => b.score - a.score || (a.fqcn < b.fqcn ? -1 : a.fqcn > b.fqcn ? 1 : 0))
      .slice(0, k);
  }

  suggestModules(req: TaskRequest, k: number): ModuleScore[] {
    if (!this.enabled()) return this.base.suggestModules(req, k);
    const related = this.related(req.description);
    return related.length ? this.rerank(req, k, related) : this.base.suggestModules(req, k);
  }

  async suggest(req: TaskRequest, catalog: ModuleCatalog): Promise<ModelSuggestion | undefined> {
    if (!this.enabled()) return this.base.suggest(req, catalog);
    const related = this.related(req.description);
    if (!related.length) return this.base.suggest(req, catalog);
    const top = this.rerank(req, 1, related)[0];
    const fromBase = await this.base.suggest(req, catalog);
    let chosen = fromBase;
    if (top && fromBase?.fqcn !== top.fqcn) {
      chosen = (await this.writtenWith(req, top, related, catalog)) ?? fromBase;
    }
    return chosen && (await this.preferKeptValues(chosen, catalog));
  }

  /** The suggestion written with `top.fqcn` (see the header for the order tried). */
  private async writtenWith(
    req: TaskRequest,
    top: ModuleScore,
    related: Related[],
    catalog: ModuleCatalog,
  ): Promise<ModelSuggestion | undefined> {
    if (this.base.suggestForModule) {
      const s = await this.base.suggestForModule(req, top.fqcn, catalog);
      if (s?.fqcn === top.fqcn) return s;
    }
    const doc = catalog.getDoc(top.fqcn) ?? (await catalog.loadDoc(top.fqcn));
    if (!doc) return undefined;
    const confidence = Math.round(Math.max(0, Math.min(1, top.score)) * 1000) / 1000;
    for (const { event } of related) {
      if (!kept(event) || event.fqcn !== top.fqcn) continue;
      const args = adaptArgs(event.args, event.description, req.description);
      if (!argsFit(doc, args)) continue;
      return { fqcn: doc.fqcn, args, keywords: {}, yaml: renderTask(doc.fqcn, args, {}), drewOn: [], confidence };
    }
    const nameWords = top.fqcn.split('.').pop()!.replace(/_/g, ' ');
    const nudged = await this.base.suggest({ ...req, description: `${req.description} ${nameWords}` }, catalog);
    return nudged?.fqcn === top.fqcn ? { ...nudged, confidence } : undefined;
  }

  private async preferKeptValues(s: ModelSuggestion, catalog: ModuleCatalog): Promise<ModelSuggestion> {
    const prefs = preferredValues(this.feedback.events(), s.fqcn);
    if (!prefs.size) return s;
    const args: Record<string, unknown> = { ...s.args };
    let changed = false;
    for (const [option, p] of prefs) {
      if (args[option] === p.value || (!(option in args) && !p.usual)) continue;
      if (typeof args[option] === 'string' && /{{/.test(args[option])) continue;
      args[option] = p.value;
      changed = true;
    }
    if (!changed) return s;
    const doc = catalog.getDoc(s.fqcn) ?? (await catalog.loadDoc(s.fqcn));
    if (!doc || !argsFit(doc, args)) return s;
    return { ...s, args, yaml: renderTask(s.fqcn, args, s.keywords) };
  }
}

/** Kept values of a module's options that look like preferences (see the header). */
export function preferredValues(
  events: readonly FeedbackEvent[],
  fqcn: string,
): Map<string, { value: FeedbackValue; usual: boolean }> {
  const accepts = events.filter((e) => kept(e) && e.fqcn === fqcn);
  const byOption = new Map<string, { times: number; counts: Map<string, number> }>();
  for (const e of accepts) {
    const described = new Set(words(e.description));
    for (const [option, value] of Object.entries(e.args)) {
      if (value === null) continue;
      let o = byOption.get(option);
      if (!o) byOption.set(option, (o = { times: 0, counts: new Map() }));
      o.times++;
      const ws = words(String(value));
      if (typeof value === 'string' && ws.some((w) => described.has(w))) continue;
      const key = JSON.stringify(value);
      o.counts.set(key, (o.counts.get(key) ?? 0) + 1);
    }
  }
  const out = new Map<string, { value: FeedbackValue; usual: boolean }>();
  for (const [option, o] of [...byOption].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const best = [...o.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (!best || best[1] < 2 || best[1] * 3 < o.times * 2) continue;
    out.set(option, { value: JSON.parse(best[0]) as FeedbackValue, usual: o.times * 3 >= accepts.length * 2 });
  }
  return out;
}

/**
 * A kept example's arguments for a new description: when the two descriptions differ by one word
 * each ("Install nginx" / "Install redis"), that word is swapped wherever it appears in a value.
 */
export function adaptArgs(args: Record<string, FeedbackValue>, from: string, to: string): Record<string, unknown> {
  const a = words(from);
  const b = words(to);
  const onlyA = [...new Set(a.filter((w) => !b.includes(w)))];
  const onlyB = [...new Set(b.filter((w) => !a.includes(w)))];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    if (v === null) continue;
    if (typeof v === 'string' && onlyA.length === 1 && onlyB.length === 1) {
      out[k] = v.replace(new RegExp(`\\b${onlyA[0]}\\b`, 'gi'), onlyB[0]);
    } else out[k] = v;
  }
  return out;
}
