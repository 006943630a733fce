// Scores systems (the model, the baselines, or a remote endpoint) on samples, and sums the scores
// up per group: all, builtin-module references vs others, real use vs EXAMPLES, the file's kind,
// and whether the reference's module was already used earlier in the same file. Per sample it can
// hand out a prediction record (--predictions) and per system a confusion summary (study.ts).

import { performance } from 'node:perf_hooks';
import type { ModuleCatalog } from '../catalog/types';
import type { ModelSuggestion, TaskModel, TaskRequest } from '../suggest/types';
import { actionOf, type TaskAction } from './action';
import {
  actionBleuStats,
  addBleuStats,
  bleuScore,
  emptyBleuStats,
  exactMatch,
  keyF1,
  moduleMatch,
  valueMatch,
  type BleuStats,
} from './metrics';
import type { EvalSample } from './samples';
import { schemaCorrect } from './schema';
import { commandWhereModule, confusionSummary, suggestionForeignVariables, type ConfusionRow } from './study';

export interface EvalSystem {
  name: string;
  model: TaskModel;
  /**
   * A remote endpoint: no untimed warm-up pass (it would double the requests), up to `concurrency`
   * requests at a time (latency is still each request's own), and a failed request scores as no
   * suggestion (counted under `errors`) unless every request so far failed (then eval stops).
   */
  remote?: { concurrency: number };
}

export interface SampleScore {
  exact: number;
  schema: number;
  module: number;
  keyF1: number;
  value: number;
  bleu: BleuStats;
  millis: number;
  /** A suggestion was made (the denominator of the two rates below). */
  suggested?: boolean;
  /** 1 when the suggestion reads a variable not in scope (study.ts). */
  foreign?: number;
  /** 1 when the suggestion is command/shell where a module does the job. */
  commandWhereModule?: number;
}

/** One line of `--predictions`: what was asked, expected and suggested, and how it scored. */
export interface PredictionRecord {
  id: string;
  system: string;
  description: string;
  referenceModule: string;
  reference: string;
  predictedModule: string;
  /** The suggested task body (YAML), null when there was none. */
  predicted: string | null;
  scores: { exact: number; schema: number; module: number; keyF1: number; value: number; ansibleAware: number };
  foreignVariables: string[];
  /** The module a command/shell suggestion should have been, when one does the job. */
  commandWhereModule: string | null;
  /** The same of the reference (authors write command/shell where a module exists too). */
  referenceCommandWhereModule: string | null;
  groups: GroupName[];
  millis: number;
  /** Why there was no suggestion: the schema failure, or the endpoint's error. */
  error?: string;
}

export interface GroupScores {
  n: number;
  exactMatch: number;
  bleu: number;
  schemaCorrect: number;
  moduleMatch: number;
  keyF1: number;
  valueMatch: number;
  ansibleAware: number;
  latencyP50: number;
  latencyP95: number;
  /** Samples with a suggestion. */
  suggestions: number;
  /** Share of suggestions reading a variable not in scope (target ≤ 0.05). */
  foreignVariableRate: number;
  /** Share of suggestions that are command/shell where a module does the job. */
  commandWhereModuleRate: number;
}

export const GROUPS = [
  'all',
  'builtin',
  'other',
  'real',
  'real builtin',
  'real other',
  'examples',
  'playbook',
  'tasks file',
  'handlers file',
  'module in file',
  'module new to file',
] as const;
export type GroupName = (typeof GROUPS)[number];

export interface SystemReport {
  name: string;
  groups: Partial<Record<GroupName, GroupScores>>;
  /** Why outputs were not schema-correct, most common first (top 5). */
  schemaFailures: { why: string; count: number }[];
  /** The foreign variables suggestions used, most often first (top 10). */
  foreignVariables: { name: string; count: number }[];
  /** Requests that failed (remote systems), by message, most common first (top 5). */
  errors?: { why: string; count: number }[];
  /** Scores per value of a record field (`--by repo`: `repo=owner/name`), most samples first. */
  by?: { group: string; scores: GroupScores }[];
  /** Reference module → what was suggested, most wrong first (with `confusion`). */
  confusion?: ConfusionRow[];
}

export interface EvalReport {
  samples: number;
  systems: SystemReport[];
}

type Catalog = Pick<ModuleCatalog, 'resolve' | 'getDoc' | 'loadDoc'>;

const KIND_GROUP: Record<NonNullable<EvalSample['fileKind']>, GroupName> = {
  playbook: 'playbook',
  tasks: 'tasks file',
  handlers: 'handlers file',
};

export function groupsOf(sample: EvalSample, ref: TaskAction): GroupName[] {
  const builtin = ref.module.startsWith('ansible.builtin.');
  const out: GroupName[] = ['all', builtin ? 'builtin' : 'other'];
  if (sample.origin === 'real') out.push('real', builtin ? 'real builtin' : 'real other');
  else out.push('examples');
  if (sample.fileKind) out.push(KIND_GROUP[sample.fileKind]);
  // The modules of the file's earlier tasks (eval's requests see no workspace).
  if (ref.module)
    out.push(sample.request.context.previousModules.includes(ref.module) ? 'module in file' : 'module new to file');
  return out;
}

export interface EvaluateOptions {
  progress?: (done: number, total: number) => void;
  /** Called once per sample and system, in sample order per system. */
  onPrediction?: (p: PredictionRecord) => void;
  /** Build each system's confusion summary. */
  confusion?: boolean;
  /** Also group by this field of the samples' records (EvalSample.fields). */
  by?: string;
}

export async function evaluate(
  samples: readonly EvalSample[],
  systems: readonly EvalSystem[],
  catalog: Catalog,
  options: EvaluateOptions | ((done: number, total: number) => void) = {},
): Promise<EvalReport> {
  const o: EvaluateOptions = typeof options === 'function' ? { progress: options } : options;
  const progress = o.progress ?? (() => undefined);
  const refs: TaskAction[] = [];
  for (const s of samples) {
    // Option aliases are read from the module's doc: load it first.
    const first = actionOf(s.reference, catalog, s.referenceFqcn);
    if (first.module && !catalog.getDoc(first.module) && (await catalog.loadDoc(first.module)))
      refs.push(actionOf(s.reference, catalog, s.referenceFqcn));
    else refs.push(first);
  }
  const reports: SystemReport[] = [];
  const total = samples.length * systems.length;
  let done = 0;
  for (const system of systems) {
    const scores: SampleScore[] = new Array<SampleScore>(samples.length);
    const failures = new Map<string, number>();
    const errors = new Map<string, number>();
    const foreignNames = new Map<string, number>();
    const pairs: { reference: string; predicted: string }[] = new Array(samples.length);
    const records: (PredictionRecord | undefined)[] = new Array(samples.length);
    let emitted = 0;
    let answered = 0;
    const scoreOne = async (i: number): Promise<void> => {
      const sample = samples[i];
      const started = performance.now();
      let out: ModelSuggestion | undefined;
      let error: string | undefined;
      try {
        out = await system.model.suggest(sample.request, catalog as ModuleCatalog);
        answered++;
      } catch (e) {
        if (!system.remote) throw e;
        error = e instanceof Error ? e.message : String(e);
        // Nothing answered yet: the endpoint is down or misconfigured, not one bad request.
        if (!answered) throw new EndpointError(error);
        errors.set(error, (errors.get(error) ?? 0) + 1);
      }
      const millis = performance.now() - started;
      const yaml = out?.yaml ?? '';
      const verdict = out
        ? await schemaCorrect(yaml, catalog, projectModulesOf(sample.request, catalog))
        : { ok: false as const, why: error ? 'request failed' : 'no suggestion' };
      if (!verdict.ok) {
        const why = verdict.why.replace(/'[^']*'/g, "'…'");
        failures.set(why, (failures.get(why) ?? 0) + 1);
      }
      const pred = actionOf(yaml, catalog);
      const ref = refs[i];
      const foreign = out ? suggestionForeignVariables(out, sample.request) : [];
      for (const n of foreign) foreignNames.set(n, (foreignNames.get(n) ?? 0) + 1);
      const instead = out ? commandWhereModule(pred.module, pred.args, sample.request.description) : undefined;
      const score: SampleScore = {
        exact: exactMatch(pred, ref),
        schema: verdict.ok ? 1 : 0,
        module: moduleMatch(pred, ref),
        keyF1: keyF1(pred, ref),
        value: valueMatch(pred, ref),
        bleu: actionBleuStats(pred, ref),
        millis,
        suggested: !!out,
        foreign: foreign.length ? 1 : 0,
        commandWhereModule: instead ? 1 : 0,
      };
      scores[i] = score;
      pairs[i] = { reference: ref.module, predicted: out ? pred.module || out.fqcn : '' };
      if (o.onPrediction) {
        records[i] = {
          id: sample.id,
          system: system.name,
          description: sample.request.description,
          referenceModule: ref.module,
          reference: sample.reference,
          predictedModule: out ? pred.module || out.fqcn : '',
          predicted: out ? yaml : null,
          scores: {
            exact: score.exact,
            schema: score.schema,
            module: score.module,
            keyF1: score.keyF1,
            value: score.value,
            ansibleAware: (score.module + score.keyF1 + score.value) / 3,
          },
          foreignVariables: foreign,
          commandWhereModule: instead ?? null,
          referenceCommandWhereModule: commandWhereModule(ref.module, ref.args, sample.request.description) ?? null,
          groups: groupsOf(sample, ref),
          millis,
          ...(error ? { error } : !verdict.ok ? { error: verdict.why } : {}),
        };
        // In sample order, whatever order concurrent requests finish in.
        while (emitted < samples.length && records[emitted]) {
          o.onPrediction(records[emitted]!);
          records[emitted++] = undefined;
        }
      }
      if (++done % 200 === 0) progress(done, total);
    };

    if (system.remote) {
      // The first request alone: an unreachable endpoint stops eval with its message at once.
      if (samples.length) await scoreOne(0);
      let next = 1;
      const worker = async () => {
        while (next < samples.length) await scoreOne(next++);
      };
      await Promise.all(Array.from({ length: Math.max(1, system.remote.concurrency) }, worker));
    } else {
      // Latency is measured warm, as in a running server: a first untimed pass loads the module docs
      // each answer needs (from the catalog's disk cache, or ansible-doc) and fills lazy indexes.
      for (const s of samples) await system.model.suggest(s.request, catalog as ModuleCatalog);
      for (let i = 0; i < samples.length; i++) await scoreOne(i);
    }

    const groups: SystemReport['groups'] = {};
    for (const g of GROUPS) {
      const picked = scores.filter((_, i) => groupsOf(samples[i], refs[i]).includes(g));
      if (picked.length) groups[g] = summarise(picked);
    }
    const top = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([why, count]) => ({ why, count }));
    const foreignVariables = [...foreignNames]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([name, count]) => ({ name, count }));
    let by: SystemReport['by'];
    if (o.by) {
      const field = o.by;
      const buckets = new Map<string, SampleScore[]>();
      samples.forEach((sample, i) => {
        const value = sample.fields?.[field];
        const group = `${field}=${value === undefined || value === null || value === '' ? '(none)' : String(value)}`;
        const list = buckets.get(group) ?? [];
        buckets.set(group, list);
        list.push(scores[i]);
      });
      by = [...buckets]
        .map(([group, list]) => ({ group, scores: summarise(list) }))
        .sort((a, b) => b.scores.n - a.scores.n || a.group.localeCompare(b.group));
    }
    reports.push({
      name: system.name,
      ...(by ? { by } : {}),
      groups,
      schemaFailures: top(failures),
      foreignVariables,
      ...(system.remote ? { errors: top(errors) } : {}),
      ...(o.confusion ? { confusion: confusionSummary(pairs) } : {}),
    });
  }
  return { samples: samples.length, systems: reports };
}

export function summarise(scores: readonly SampleScore[]): GroupScores {
  const mean = (f: (s: SampleScore) => number) => scores.reduce((a, s) => a + f(s), 0) / scores.length;
  const latencies = scores.map((s) => s.millis).sort((a, b) => a - b);
  const module = mean((s) => s.module);
  const key = mean((s) => s.keyF1);
  const value = mean((s) => s.value);
  const suggested = scores.filter((s) => s.suggested ?? true);
  const rate = (f: (s: SampleScore) => number) =>
    suggested.length ? suggested.reduce((a, s) => a + f(s), 0) / suggested.length : 0;
  return {
    n: scores.length,
    exactMatch: mean((s) => s.exact),
    bleu: bleuScore(scores.reduce((a, s) => addBleuStats(a, s.bleu), emptyBleuStats())),
    schemaCorrect: mean((s) => s.schema),
    moduleMatch: module,
    keyF1: key,
    valueMatch: value,
    // Mean over samples of the per-sample mean = mean of the three means.
    ansibleAware: (module + key + value) / 3,
    latencyP50: percentile(latencies, 0.5),
    latencyP95: percentile(latencies, 0.95),
    suggestions: suggested.length,
    foreignVariableRate: rate((s) => s.foreign ?? 0),
    commandWhereModuleRate: rate((s) => s.commandWhereModule ?? 0),
  };
}

/** The endpoint failed on the first request: eval stops with its message. */
export class EndpointError extends Error {}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function formatReport(report: EvalReport): string {
  const head = [
    'system',
    'group',
    'n',
    'EM',
    'BLEU',
    'Schema',
    'Module',
    'KeyF1',
    'Value',
    'Aware',
    'Foreign',
    'CmdMod',
    'p50 ms',
    'p95 ms',
  ];
  const rows: string[][] = [];
  const f = (v: number) => v.toFixed(3);
  const row = (system: string, group: string, x: GroupScores) => [
    system,
    group,
    String(x.n),
    f(x.exactMatch),
    f(x.bleu),
    f(x.schemaCorrect),
    f(x.moduleMatch),
    f(x.keyF1),
    f(x.valueMatch),
    f(x.ansibleAware),
    f(x.foreignVariableRate),
    f(x.commandWhereModuleRate),
    x.latencyP50.toFixed(2),
    x.latencyP95.toFixed(2),
  ];
  for (const s of report.systems) {
    for (const g of GROUPS) {
      const x = s.groups[g];
      if (x) rows.push(row(g === 'all' ? s.name : '', g, x));
    }
    for (const b of s.by ?? []) rows.push(row('', b.group, b.scores));
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  out.push(
    'Foreign: share of suggestions using a Jinja variable not in scope; CmdMod: share that are command/shell where a module does the job.',
  );
  for (const s of report.systems) {
    if (s.schemaFailures.length)
      out.push(`${s.name}: not schema-correct: ${s.schemaFailures.map((f) => `${f.why} (${f.count})`).join('; ')}`);
    if (s.foreignVariables.length)
      out.push(
        `${s.name}: foreign variables most used: ${s.foreignVariables.map((f) => `${f.name} (${f.count})`).join(', ')}`,
      );
    if (s.errors?.length)
      out.push(`${s.name}: failed requests: ${s.errors.map((f) => `${f.why} (${f.count})`).join('; ')}`);
  }
  return out.join('\n') + '\n';
}

/** Modules the request's file and workspace use that the catalog does not know (model/projectModules.ts). */
function projectModulesOf(req: TaskRequest, catalog: Pick<ModuleCatalog, 'resolve'>): Set<string> {
  const tasks = [...(req.context.earlierTasks ?? []), ...(req.context.workspaceTasks ?? [])];
  return new Set(tasks.map((t) => t.fqcn).filter((m) => !catalog.resolve(m)));
}
