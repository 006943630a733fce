// The embedded domain-tuned model: description + context → module + arguments, with the corpus
// examples it drew on. Trained on the corpus's train split only. Stored (`serialize`) with what is
// slow to rebuild from the corpus: its two name indexes, the module statistics and the entry tables,
// as columns of one Buffer (columns.ts); loading reads them back and checks them against the corpus
// (`deserialize`: 0.4–1.4 s of rebuilding became a few tens of milliseconds).

import { createHash } from 'node:crypto';
import type { ModuleCatalog, ModuleDoc, ModuleSummary } from '../catalog/types';
import type { CorpusTask } from '../corpus/types';
import { argsFit, isTemplated } from './argspec';
import { fillArgs, type ExampleTask, type ScoredExample } from './argFilling';
import { decodeColumns, encodeColumns, isColumnFile, type Column, type DecodedColumns } from './columns';
import { isCommandModule, moduleForCommand } from './commandModules';
import { collectionOf, onlyFamily, queriedFamily, requestFromCorpusTask } from './context';
import { extractEntities } from './entities';
import { installedCheckArgs } from './installedCheck';
import type { FileNeighbour } from './fileNeighbours';
import { workspaceFor } from './workspaceTasks';
import { argVariables, foreignVariables } from './jinjaScope';
import { intentModules } from './intents';
import {
  ModuleRanker,
  FEATURES,
  FEATURE_NAMES,
  fitWeights,
  initialWeights,
  type LeaveOut,
  type ModuleStats,
  type RankSample,
} from './moduleRanker';
import { NameIndex, type NameEntry, type NameIndexArrays } from './nameIndex';
import { brewServicesCommand } from './macServices';
import { projectModuleCopy } from './projectModules';
import { registeredResultFact } from './registeredResult';
import { renderTask } from './render';
import { inTryOrder } from './tryOrder';
import { describedVariables } from './variableChoice';
import { leadWord, mainPart, stepOf } from './text';
import type { ModelSuggestion, ModuleScore, TaskRequest } from './types';

export interface TrainOptions {
  seed?: number;
  /** The catalog's module list: short descriptions become training names for modules without examples. */
  modules?: readonly ModuleSummary[];
  /** Cap on EXAMPLES-origin tasks used to fit the re-ranker (real-use tasks are all used). */
  rankerExamples?: number;
}

interface SerializedModel {
  format: 'scribe-embedded-model-columns';
  version: typeof MODEL_VERSION;
  seed: number;
  features: string[];
  weights: number[];
  modules: { fqcn: string; shortDescription: string }[];
  /** Hash of the train-split task ids the statistics were built from. */
  corpusHash: string;
  /** Train-split tasks (their count must match the corpus read back with). */
  trainTasks: number;
}

/** What the model derives from its training tasks (stored, or rebuilt when it is not). */
interface Indexes {
  stats: ModuleStats;
  names: NameIndex;
  realNames: NameIndex;
  /** Entry in `names` (and in `realNames`, −1 for EXAMPLES) of each train task. */
  entryOfTask: Int32Array;
  realEntryOfTask: Int32Array;
}

/** The text form `serialize` returns: a marker line, then the column file in base64. */
const TEXT_MARKER = 'scribe-embedded-model-columns-base64\n';

/**
 * The stored model's version: raise it whenever training or the features change meaning, so a
 * model trained by older code is retrained rather than read with other semantics. 2: file
 * neighbours, leave-collection-out features. 3: stored with its indexes (columns). 4: workspace
 * neighbours. 5: the nearest earlier name's module when its own words named it (fileTopNamedOther).
 */
export const MODEL_VERSION = 5;

/** Real use (role/playbook/workspace/ftdata) counts this much more than a documentation example. */
const REAL_WEIGHT = 3;
const SYNTHETIC_WEIGHT = 5;
/** Modules tried in turn when the best one is not in the catalog. */
const MODULE_TRIES = 3;
const SET_FACT = 'ansible.builtin.set_fact';

function isReal(t: CorpusTask): boolean {
  return t.origin !== 'module-examples';
}

function usable(t: CorpusTask): boolean {
  return t.split === 'train' && t.fqcn !== '' && t.name.trim() !== '';
}

function corpusHash(tasks: readonly CorpusTask[]): string {
  const h = createHash('sha256');
  for (const t of tasks) h.update(t.id + '\n');
  return h.digest('hex').slice(0, 16);
}

/** Deterministic pseudo-random fraction for a task (seeded sub-sampling without Math.random). */
function fraction(id: string, seed: number): number {
  return createHash('sha1').update(`${seed}:${id}`).digest().readUInt32BE(0) / 2 ** 32;
}

export class EmbeddedModel {
  private readonly ranker: ModuleRanker;
  /** Train-split tasks the model draws on, by entry index of the name index. */
  private readonly train: CorpusTask[];
  private readonly entryOfTask: Int32Array;
  private readonly realEntryOfTask: Int32Array;
  private readonly entriesByModule: number[][];

  private constructor(
    train: CorpusTask[],
    private readonly summaries: { fqcn: string; shortDescription: string }[],
    weights: Float64Array,
    private readonly seed: number,
    stored?: Indexes,
  ) {
    this.train = train;
    const { stats, names, realNames, entryOfTask, realEntryOfTask } = stored ?? buildIndexes(train, summaries);
    this.entryOfTask = entryOfTask;
    this.realEntryOfTask = realEntryOfTask;
    this.entriesByModule = stats.modules.map(() => []);
    names.entries.forEach((e, i) => {
      if (e.task >= 0) this.entriesByModule[e.module].push(i);
    });
    this.ranker = new ModuleRanker(stats, names, realNames, weights);
  }

  static train(tasks: readonly CorpusTask[], options: TrainOptions = {}): EmbeddedModel {
    const seed = options.seed ?? 1;
    const train = tasks.filter(usable);
    const summaries = (options.modules ?? []).map((m) => ({ fqcn: m.fqcn, shortDescription: m.shortDescription }));
    const model = new EmbeddedModel(train, summaries, initialWeights(), seed);
    model.fitRanker(options.rankerExamples ?? 1000);
    return model;
  }

  /** Fits the re-ranker on train tasks with honest features (own name and own file left out). */
  private fitRanker(exampleCap: number): void {
    const real = this.train.filter(isReal).length;
    const examples = this.train.length - real;
    const keep = Math.min(1, exampleCap / Math.max(1, examples));
    const samples: RankSample[] = [];
    const { stats, names } = this.ranker;
    const earlier = earlierInFile(this.train);
    const workspace = workspaceOfTasks(this.train);
    const taskNames = this.train.map((t) => t.name);
    // A real-use task's whole collection (or repository) is left out of its features: a user's
    // project is never in the corpus, and one vendor's roles share their naming habits. An
    // EXAMPLES task leaves out only itself (every module's documentation is in the corpus).
    const byProject = new Map<string, number[]>();
    const projectKey: string[] = [];
    this.train.forEach((t, i) => {
      if (!isReal(t)) return;
      const key = (projectKey[i] = t.sources[0]?.collection ?? t.id);
      const list = byProject.get(key);
      if (list) list.push(i);
      else byProject.set(key, [i]);
    });
    // What each project leaves out, built once for all of its tasks.
    const projects = new Map<string, Omit<LeaveOut, 'lead'> & { leads: Map<string, Map<number, number>> }>();
    const projectOf = (key: string) => {
      let p = projects.get(key);
      if (p) return p;
      const members = byProject.get(key)!;
      const leads = new Map<string, Map<number, number>>();
      const real = new Map<number, number>();
      const groups = new Set<number>();
      for (const j of members) {
        const u = this.train[j];
        const m = stats.index.get(u.fqcn)!;
        groups.add(names.entries[this.entryOfTask[j]].group);
        real.set(m, (real.get(m) ?? 0) + 1);
        const w = leadWord(u.name);
        let l = leads.get(w);
        if (!l) leads.set(w, (l = new Map()));
        l.set(m, (l.get(m) ?? 0) + 1);
      }
      p = {
        nb: names.leaveOutCounts(members.map((j) => this.entryOfTask[j])),
        nbReal: this.ranker.realNames.leaveOutCounts(members.map((j) => this.realEntryOfTask[j])),
        groups,
        real,
        examples: new Map(),
        leads,
      };
      projects.set(key, p);
      return p;
    };
    const none = { nb: { total: new Map(), byFeature: new Map() }, real: new Map(), lead: new Map() };
    this.train.forEach((t, i) => {
      const r = isReal(t);
      if (!r && fraction(t.id, this.seed) >= keep) return;
      const entry = this.entryOfTask[i];
      const own = stats.index.get(t.fqcn)!;
      let leaveOut: LeaveOut;
      if (r) {
        const p = projectOf(projectKey[i]);
        leaveOut = { ...p, lead: p.leads.get(leadWord(t.name)) ?? new Map() };
      } else {
        leaveOut = {
          nb: names.leaveOutCounts([entry]),
          nbReal: none.nb,
          groups: new Set([names.entries[entry].group]),
          real: none.real,
          examples: new Map([[own, 1]]),
          lead: none.lead,
        };
      }
      // Ranking reads the names and modules only (a stored task parses its args on access).
      const brief = (j: number) => ({ name: taskNames[j], fqcn: this.train[j].fqcn, args: {} });
      const req = requestFromCorpusTask(t, earlier.get(i)?.map(brief));
      // Half of them as a lone file (a playbook opened outside any project), so that the weights
      // serve both.
      if (r && fraction(`${t.id}:workspace`, this.seed) < 0.5) req.context.workspaceTasks = workspace(i)?.map(brief);
      const { candidates } = this.ranker.candidates({ req, leaveOut });
      const target = candidates.findIndex((c) => c.module === own);
      if (target < 0 || candidates.length < 2) return;
      // Real playbooks are mostly builtin modules (issue 4); the corpus's real use comes from vendor
      // collections' own roles, so builtin targets weigh more to learn the playbook-writer's habits.
      const builtin = t.fqcn.startsWith('ansible.builtin.');
      samples.push({ candidates, target, weight: (r ? REAL_WEIGHT : 1) * (builtin ? 2 : 1) });
    });
    if (samples.length >= 50) this.ranker.weights = fitWeights(samples, this.ranker.weights);
  }

  /** The learned weight of each re-ranker feature (for reports). */
  weights(): Record<string, number> {
    return Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, this.ranker.weights[i]]));
  }

  /** The stored model as text (for callers that write strings): the column file in base64. */
  serialize(): string {
    return TEXT_MARKER + this.toBuffer().toString('base64');
  }

  /** The stored model: weights, module summaries, name indexes, statistics and entry tables. */
  toBuffer(): Buffer {
    const { stats, names, realNames } = this.ranker;
    const meta: SerializedModel = {
      format: 'scribe-embedded-model-columns',
      version: MODEL_VERSION,
      seed: this.seed,
      features: [...FEATURE_NAMES],
      weights: [...this.ranker.weights],
      modules: this.summaries,
      corpusHash: corpusHash(this.train),
      trainTasks: this.train.length,
    };
    const leadWords = [...stats.lead.keys()];
    const leadStart = new Int32Array(leadWords.length + 1);
    const leadModules: number[] = [];
    const leadCounts: number[] = [];
    leadWords.forEach((w, i) => {
      for (const [m, c] of stats.lead.get(w)!) {
        leadModules.push(m);
        leadCounts.push(c);
      }
      leadStart[i + 1] = leadModules.length;
    });
    return encodeColumns(meta, {
      modules: stats.modules,
      realUse: stats.realUse,
      examples: stats.examples,
      inHandlers: stats.inHandlers,
      leadWords,
      leadStart,
      leadModules: Int32Array.from(leadModules),
      leadCounts: Float64Array.from(leadCounts),
      entryOfTask: this.entryOfTask,
      realEntryOfTask: this.realEntryOfTask,
      ...prefixed('names.', names.toArrays()),
      ...prefixed('real.', realNames.toArrays()),
    });
  }

  /**
   * The model `serialize` or `toBuffer` wrote, for the same corpus (throws otherwise, and on a
   * damaged file or one another version wrote: the caller retrains).
   */
  static deserialize(data: Buffer | string, tasks: readonly CorpusTask[]): EmbeddedModel {
    const file = storedBytes(data);
    const columns = decodeColumns(file);
    const parsed = columns.meta as SerializedModel;
    if (parsed?.format !== 'scribe-embedded-model-columns') throw new Error('not a scribe embedded model');
    if (parsed.version !== MODEL_VERSION)
      throw new Error(
        `embedded model version ${String(parsed.version)}, this code writes ${MODEL_VERSION}: retrain it`,
      );
    if (parsed.features.length !== FEATURES || parsed.features.some((f, i) => f !== FEATURE_NAMES[i])) {
      throw new Error('embedded model was trained with other features: retrain it');
    }
    const train = tasks.filter(usable);
    if (train.length !== parsed.trainTasks || corpusHash(train) !== parsed.corpusHash)
      throw new Error('embedded model was trained on another corpus: retrain it');
    const indexes = readIndexes(columns, train.length);
    return new EmbeddedModel(train, parsed.modules, Float64Array.from(parsed.weights), parsed.seed, indexes);
  }

  suggestModules(req: TaskRequest, k: number): ModuleScore[] {
    if (!req.description.trim()) return [];
    // The same order `suggest` tries modules in (a near-copy in the file, the portable package module).
    const { ranked: byScore } = this.ranker.rank({ req });
    const ranked = inTryOrder(byScore, req, this.ranker.stats);
    const seen = new Set<number>();
    return ranked
      .filter((r) => !seen.has(r.module) && seen.add(r.module))
      .slice(0, k)
      .map((r) => ({ fqcn: this.ranker.stats.modules[r.module], score: r.p }));
  }

  /** The module's training examples nearest the description, best first. */
  private examplesOf(module: number, description: string, k: number): ScoredExample[] {
    const ids = this.entriesByModule[module];
    if (!ids.length) return [];
    const names = this.ranker.names;
    return names
      .scoreEntries(description, ids)
      .slice(0, k)
      .map((n) => ({ task: exampleTask(this.train[names.entries[n.entry].task]), score: n.score }));
  }

  async suggest(req: TaskRequest, catalog: ModuleCatalog): Promise<ModelSuggestion | undefined> {
    try {
      if (!req.description.trim()) return undefined;
      const own = projectModuleCopy(req, catalog);
      if (own) return own;
      const { ranked: byScore, neighbours, inFile, inWorkspace } = this.ranker.rank({ req });
      const ranked = inTryOrder(byScore, req, this.ranker.stats);
      const entities = extractEntities(req.description);
      const tries = ranked.slice(0, MODULE_TRIES);
      for (let t = 0; t < tries.length; t++) {
        const r = tries[t];
        const fqcn = this.ranker.stats.modules[r.module];
        let doc = catalog.getDoc(fqcn) ?? (await catalog.loadDoc(fqcn));
        if (!doc) continue;
        // The file's own earlier tasks of this module (most similar first) vote before the
        // workspace's and the corpus's.
        // A benchmark role's recurring step ("… | blacklist") is written as its earlier instances.
        const step = stepOf(req.description);
        const like = (list: FileNeighbour[], origin: 'file' | 'workspace', k: number): ScoredExample[] => {
          const same = list.filter((n) => n.task.fqcn === fqcn);
          const sameStep = step ? same.filter((n) => stepOf(n.task.name) === step) : [];
          return (sameStep.length ? sameStep : same)
            .slice(0, k)
            .map((n) => ({ task: { id: n.task.id, name: n.task.name, args: n.task.args, origin }, score: n.score }));
        };
        const fromFile = like(inFile, 'file', 2);
        const own = [...fromFile, ...like(inWorkspace, 'workspace', 2 - fromFile.length)];
        const examples = [...own, ...this.examplesOf(r.module, req.description, 5 - own.length)];
        const collection = collectionOf(fqcn);
        const siblings =
          collection === 'ansible.builtin'
            ? []
            : neighbours
                .map((n) => ({ entry: this.ranker.names.entries[n.entry], score: n.score }))
                .filter(
                  (n) =>
                    n.entry.task >= 0 &&
                    n.entry.module !== r.module &&
                    collectionOf(this.ranker.stats.modules[n.entry.module]) === collection,
                )
                .slice(0, SIBLINGS)
                .map((n) => ({ task: exampleTask(this.train[n.entry.task]), score: n.score }));
        const filled = fillArgs({
          description: req.description,
          siblings,
          fqcn: doc.fqcn,
          doc,
          examples,
          variables: [...req.context.variables, ...describedVariables(req.description, req.context.variables)],
          entities,
          localFiles: req.context.localFiles,
          projectTasks: [...(req.context.earlierTasks ?? []), ...(req.context.workspaceTasks ?? [])],
          justRegistered: req.context.earlierTasks?.at(-1)?.register,
          blockDefines: req.context.blockDefines,
          section: req.context.section,
        });
        const { used } = filled;
        // "Check if snmpd is installed": a query of the package (installedCheck.ts), not a copied command.
        // "Restart MacOS Telegraf": Homebrew's command (macServices.ts), not another project's
        // command line (the project's own is kept).
        const brew =
          doc.fqcn === 'ansible.builtin.command' &&
          onlyFamily(req) === 'darwin' &&
          !/\bwindows\b/i.test(req.description.replace(/_/g, ' ')) &&
          !used.some((e) => e.task.origin === 'file' || e.task.origin === 'workspace')
            ? brewServicesCommand(req.description)
            : undefined;
        let args =
          installedCheckArgs(mainPart(req.description), doc.fqcn, queriedFamily(req)) ??
          (brew ? { _raw_params: brew } : filled.args);
        // The command the task just before ran and registered: this one reads its result.
        const fact = registeredResultFact(mainPart(req.description), doc.fqcn, args, req.context.earlierTasks);
        const factDoc = fact && (catalog.getDoc(SET_FACT) ?? (await catalog.loadDoc(SET_FACT)));
        if (fact && factDoc) [doc, args] = [factDoc, fact];
        if (!argsFit(doc, args)) continue;
        // A command line some module does the job of: that module is tried first.
        const instead = isCommandModule(doc.fqcn)
          ? moduleForCommand(args._raw_params ?? args.cmd, req.description)
          : undefined;
        const insteadId = instead === undefined ? undefined : this.ranker.stats.index.get(instead);
        if (insteadId !== undefined && !tries.slice(0, t).some((x) => x.module === insteadId)) {
          tries.splice(t + 1, 0, { ...r, module: insteadId });
          continue;
        }
        const keywords: Record<string, unknown> = {};
        const loopsItem = argVariables(doc.fqcn, args).has('item');
        // `name: "{{ varnish_enabled_services }}"` on an option that takes one name, "Create
        // directories", "Remove users": each of them, in a loop.
        const several = loopsItem ? undefined : (listInSingleOption(doc, args) ?? pluralSubject(doc, args, req));
        if (several) {
          args = { ...args, [several.option]: '{{ item }}' };
          keywords.loop = several.list;
        } else if (loopsItem) {
          // `{{ item }}` taken from an earlier task of the file comes with that task's loop (a value
          // naming the loop item means nothing without it).
          const scope = new Set(req.context.variables);
          const source = inFile.find(
            (n) =>
              n.task.fqcn === fqcn &&
              n.task.loop !== undefined &&
              argVariables(n.task.fqcn, n.task.args).has('item') &&
              !foreignVariables(n.task.loop, scope).length,
          );
          if (source) keywords[source.task.loopWith ?? 'loop'] = source.task.loop;
        }
        const drawn = (used.length ? used : examples).filter((e) => e.task.id !== undefined).slice(0, 3);
        const drewOn = drawn.length
          ? drawn.map((e) => ({ taskId: e.task.id!, score: round(e.score) }))
          : neighbours
              .slice(0, 3)
              .filter((n) => this.ranker.names.entries[n.entry].task >= 0)
              .map((n) => ({ taskId: this.train[this.ranker.names.entries[n.entry].task].id, score: round(n.score) }));
        return {
          fqcn: doc.fqcn,
          args,
          keywords,
          yaml: renderTask(doc.fqcn, args, keywords),
          drewOn,
          confidence: round(r.p),
        };
      }
      return undefined;
    } catch {
      return undefined;
    }
  }
}

/** The module statistics and name indexes of the train tasks (what `toBuffer` stores). */
function buildIndexes(
  train: readonly CorpusTask[],
  summaries: readonly { fqcn: string; shortDescription: string }[],
): Indexes {
  const moduleSet = new Set<string>([...train.map((t) => t.fqcn), ...intentModules(), ...summaries.map((s) => s.fqcn)]);
  const modules = [...moduleSet].sort();
  const index = new Map(modules.map((m, i) => [m, i]));
  const stats: ModuleStats = {
    modules,
    index,
    realUse: new Float64Array(modules.length),
    examples: new Float64Array(modules.length),
    inHandlers: new Float64Array(modules.length),
    lead: new Map(),
  };
  const realEntries: NameEntry[] = [];
  const realEntryOfTask = new Int32Array(train.length);
  const groups = new Map<string, number>();
  const entries: NameEntry[] = [];
  const entryOfTask = new Int32Array(train.length);
  train.forEach((t, i) => {
    const m = index.get(t.fqcn)!;
    if (isReal(t)) {
      stats.realUse[m]++;
      if (t.context.section === 'handlers') stats.inHandlers[m]++;
      const w = leadWord(t.name);
      let byModule = stats.lead.get(w);
      if (!byModule) stats.lead.set(w, (byModule = new Map()));
      byModule.set(m, (byModule.get(m) ?? 0) + 1);
    } else stats.examples[m]++;
    const src = t.sources[0];
    const file = src ? `${src.collection}:${src.path}` : t.id;
    let g = groups.get(file);
    if (g === undefined) groups.set(file, (g = groups.size));
    entryOfTask[i] = entries.length;
    entries.push({ task: i, module: m, text: t.name, weight: isReal(t) ? REAL_WEIGHT : 1, group: g });
    realEntryOfTask[i] = isReal(t) ? realEntries.length : -1;
    if (isReal(t)) realEntries.push({ task: i, module: m, text: t.name, weight: 1, group: g });
  });
  // Synthetic names: the module's own name words and its short description.
  const descriptions = new Map(summaries.map((s) => [s.fqcn, s.shortDescription]));
  modules.forEach((fqcn, m) => {
    const short = fqcn.split('.').pop()!.replace(/_/g, ' ');
    entries.push({ task: -1, module: m, text: short, weight: SYNTHETIC_WEIGHT, group: -1 });
    const d = descriptions.get(fqcn);
    if (d) entries.push({ task: -1, module: m, text: d, weight: SYNTHETIC_WEIGHT, group: -1 });
  });
  return {
    stats,
    names: NameIndex.build(entries, modules.length),
    realNames: NameIndex.build(realEntries, modules.length),
    entryOfTask,
    realEntryOfTask,
  };
}

function prefixed(prefix: string, arrays: NameIndexArrays): Record<string, Column> {
  const out: Record<string, Column> = {};
  for (const [k, v] of Object.entries(arrays)) {
    if (k === 'unseenIdf') out[prefix + k] = Float64Array.of(v as number);
    else out[prefix + k] = v as Column;
  }
  return out;
}

function nameIndexArrays(c: DecodedColumns, prefix: string): NameIndexArrays {
  const i32 = (k: string) => c.i32(prefix + k);
  const f64 = (k: string) => c.f64(prefix + k);
  const unseen = f64('unseenIdf');
  if (unseen.length !== 1) throw new Error('embedded model: damaged name index');
  return {
    vocabulary: c.strings(prefix + 'vocabulary'),
    entryTask: i32('entryTask'),
    entryModule: i32('entryModule'),
    entryWeight: f64('entryWeight'),
    entryGroup: i32('entryGroup'),
    featureStart: i32('featureStart'),
    featureIds: i32('featureIds'),
    postingStart: i32('postingStart'),
    postingEntries: i32('postingEntries'),
    idf: f64('idf'),
    unseenIdf: unseen[0],
    norms: f64('norms'),
    nbStart: i32('nbStart'),
    nbModules: i32('nbModules'),
    nbCounts: f64('nbCounts'),
    nbTotals: f64('nbTotals'),
  };
}

/** The stored indexes, checked against the train-task count (they index into the train tasks). */
function readIndexes(c: DecodedColumns, trainTasks: number): Indexes {
  const modules = c.strings('modules');
  const M = modules.length;
  const realUse = c.f64('realUse');
  const examples = c.f64('examples');
  const inHandlers = c.f64('inHandlers');
  if (realUse.length !== M || examples.length !== M || inHandlers.length !== M)
    throw new Error('embedded model: damaged statistics');
  const leadWords = c.strings('leadWords');
  const leadStart = c.i32('leadStart');
  const leadModules = c.i32('leadModules');
  const leadCounts = c.f64('leadCounts');
  if (leadStart.length !== leadWords.length + 1 || leadModules.length !== leadCounts.length)
    throw new Error('embedded model: damaged lead-word counts');
  const lead = new Map<string, Map<number, number>>();
  leadWords.forEach((w, i) => {
    const byModule = new Map<number, number>();
    for (let j = leadStart[i]; j < leadStart[i + 1]; j++) byModule.set(leadModules[j], leadCounts[j]);
    lead.set(w, byModule);
  });
  const entryOfTask = c.i32('entryOfTask');
  const realEntryOfTask = c.i32('realEntryOfTask');
  if (entryOfTask.length !== trainTasks || realEntryOfTask.length !== trainTasks)
    throw new Error('embedded model: entry tables do not match the corpus');
  const names = NameIndex.fromArrays(nameIndexArrays(c, 'names.'));
  const realNames = NameIndex.fromArrays(nameIndexArrays(c, 'real.'));
  for (const index of [names, realNames]) {
    for (const e of index.entries) {
      if (e.task >= trainTasks || e.module < 0 || e.module >= M) throw new Error('embedded model: damaged entries');
    }
  }
  return {
    stats: { modules, index: new Map(modules.map((m, i) => [m, i])), realUse, examples, inHandlers, lead },
    names,
    realNames,
    entryOfTask,
    realEntryOfTask,
  };
}

/** The column file in what was stored: raw (`toBuffer`) or the text form (`serialize`). */
function storedBytes(data: Buffer | string): Buffer {
  const buffer = typeof data === 'string' ? undefined : data;
  if (buffer && isColumnFile(buffer)) return buffer;
  const marker = Buffer.from(TEXT_MARKER, 'latin1');
  if (buffer && buffer.subarray(0, marker.length).equals(marker))
    return Buffer.from(buffer.toString('latin1', marker.length), 'base64');
  if (typeof data === 'string' && data.startsWith(TEXT_MARKER))
    return Buffer.from(data.slice(TEXT_MARKER.length), 'base64');
  throw new Error('not a scribe embedded model (an older format?): retrain it');
}

/**
 * For each real-use train task, the real-use train tasks before it in its file (by line), as
 * indexes: what the editor's request would carry as the file's earlier tasks.
 */
function earlierInFile(train: readonly CorpusTask[]): Map<number, number[]> {
  const files = new Map<string, { i: number; line: number }[]>();
  train.forEach((t, i) => {
    const src = t.sources[0];
    if (!isReal(t) || !src) return;
    const key = `${src.collection}:${src.path}`;
    let list = files.get(key);
    if (!list) files.set(key, (list = []));
    list.push({ i, line: src.line });
  });
  const out = new Map<number, number[]>();
  for (const list of files.values()) {
    list.sort((a, b) => a.line - b.line || a.i - b.i);
    list.forEach((x, k) => {
      if (k > 0)
        out.set(
          x.i,
          list.slice(Math.max(0, k - 200), k).map((y) => y.i),
        );
    });
  }
  return out;
}

/**
 * A real-use task's workspace: the other files of its collection (or project), as the editor
 * gives a request its workspace's (workspaceTasks.ts). Computed once per file.
 */
function workspaceOfTasks(train: readonly CorpusTask[]): (i: number) => number[] | undefined {
  const projects = new Map<string, Map<string, number[]>>();
  const fileOf: { project: string; path: string }[] = [];
  train.forEach((t, i) => {
    const src = t.sources[0];
    if (!isReal(t) || !src) return;
    const project = src.collection;
    fileOf[i] = { project, path: src.path };
    let files = projects.get(project);
    if (!files) projects.set(project, (files = new Map()));
    const list = files.get(src.path);
    if (list) list.push(i);
    else files.set(src.path, [i]);
  });
  for (const files of projects.values())
    for (const list of files.values())
      list.sort((a, b) => train[a].sources[0].line - train[b].sources[0].line || a - b);
  const cache = new Map<string, number[]>();
  return (i) => {
    const f = fileOf[i];
    if (!f) return undefined;
    const key = `${f.project}:${f.path}`;
    let out = cache.get(key);
    if (!out) cache.set(key, (out = workspaceFor(f.path, projects.get(f.project)!)));
    return out;
  };
}

/** Same-collection examples of other modules that vote on shared options (argFilling.ts). */
const SIBLINGS = 5;

/**
 * What argument filling reads of a corpus task, read once: a stored corpus task decodes its
 * fields (and parses its args) on every access.
 */
function exampleTask(t: CorpusTask): ExampleTask {
  return { id: t.id, name: t.name, args: t.args, origin: t.origin };
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 1000) / 1000;
}

/** Kinds of thing a task makes or removes one at a time, as a description says several of them. */
const PLURAL_SUBJECT =
  /^(?:(?:ensure|make sure|create|remove|delete|add|manage|set up|clean-up|clean up|start|stop|restart|enable|disable)\s+)+(?:the\s+)?(?:[\w-]+\s+){0,3}?(directories|folders|users|groups|accounts|services|hostkeys|keys|files)\b(?!\s+(?:directory|dir|folder|file)\b)/i;

/** Which of those kinds each module makes or removes. */
const PLURAL_KINDS: Record<string, string[]> = {
  file: ['directories', 'folders', 'files', 'hostkeys', 'keys'],
  user: ['users', 'accounts'],
  group: ['groups'],
  service: ['services'],
  systemd: ['services'],
};

/**
 * The subject option (`name`, `path`) of a task whose description asks for several things of a
 * kind and names none ("Create directories", "Make sure private hostkeys have expected
 * permissions"): which, and the kind, for a loop over them. Not when the option already holds a
 * value the file's variables make.
 */
function pluralSubject(
  doc: ModuleDoc,
  args: Record<string, unknown>,
  req: TaskRequest,
): { option: string; list: unknown } | undefined {
  const noun = PLURAL_SUBJECT.exec(mainPart(req.description))?.[1]?.toLowerCase();
  const kind = doc.fqcn.replace(/^ansible\.builtin\./, '');
  if (!noun || !PLURAL_KINDS[kind]?.includes(noun) || /\{\{|\/|\w_\w/.test(req.description)) return undefined;
  const scope = new Set(req.context.variables);
  for (const option of ['path', 'dest', 'name']) {
    const v = args[option];
    const type = doc.options[option]?.type;
    if (v === undefined || !type || !SINGLE_TYPES.has(type)) continue;
    if (typeof v === 'string' && isTemplated(v) && !foreignVariables(v, scope).length) return undefined;
    // The file's list of them (`keystone_deprecated_apache_configs` is no list of files), else the
    // one the value named, to show what the list holds (no variable of nobody's).
    const list = [...scope].filter((x) => x === noun || x.endsWith(`_${noun}`)).sort((a, b) => a.length - b.length)[0];
    return { option, list: list ? `{{ ${list} }}` : isTemplated(v) ? `{{ ${noun} }}` : [v] };
  }
  return undefined;
}

/** Option types that take one value, not a list. */
const SINGLE_TYPES = new Set(['str', 'path', 'raw']);

/**
 * The subject option (`name`, `path`, `dest`) that takes one name or path, given a variable whose
 * name says it holds several (`varnish_enabled_services`, `docker_users`): which, and that list.
 */
function listInSingleOption(
  doc: ModuleDoc,
  args: Record<string, unknown>,
): { option: string; list: unknown } | undefined {
  for (const option of ['name', 'path', 'dest']) {
    const v = args[option];
    const list =
      typeof v === 'string'
        ? /^\{\{ ([a-z_][a-z0-9_]*_(?:services|users|groups|directories|dirs|paths|files|units)) \}\}$/.exec(v)?.[1]
        : undefined;
    const type = doc.options[option]?.type;
    if (list && type && SINGLE_TYPES.has(type)) return { option, list: `{{ ${list} }}` };
  }
  return undefined;
}
