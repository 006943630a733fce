// Scores systems (the model and the baselines) on samples, and sums the scores up per group:
// all, builtin-module references vs others, real use vs EXAMPLES.

import { performance } from 'node:perf_hooks';
import type { ModuleCatalog } from '../catalog/types';
import type { TaskModel } from '../suggest/types';
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

export interface EvalSystem {
  name: string;
  model: TaskModel;
}

export interface SampleScore {
  exact: number;
  schema: number;
  module: number;
  keyF1: number;
  value: number;
  bleu: BleuStats;
  millis: number;
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
}

export const GROUPS = ['all', 'builtin', 'other', 'real', 'real builtin', 'real other', 'examples'] as const;
export type GroupName = (typeof GROUPS)[number];

export interface SystemReport {
  name: string;
  groups: Partial<Record<GroupName, GroupScores>>;
  /** Why outputs were not schema-correct, most common first (top 5). */
  schemaFailures: { why: string; count: number }[];
}

export interface EvalReport {
  samples: number;
  systems: SystemReport[];
}

type Catalog = Pick<ModuleCatalog, 'resolve' | 'getDoc' | 'loadDoc'>;

export function groupsOf(sample: EvalSample, ref: TaskAction): GroupName[] {
  const builtin = ref.module.startsWith('ansible.builtin.');
  const out: GroupName[] = ['all', builtin ? 'builtin' : 'other'];
  if (sample.origin === 'real') out.push('real', builtin ? 'real builtin' : 'real other');
  else out.push('examples');
  return out;
}

export async function evaluate(
  samples: readonly EvalSample[],
  systems: readonly EvalSystem[],
  catalog: Catalog,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<EvalReport> {
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
    const scores: SampleScore[] = [];
    const failures = new Map<string, number>();
    // Latency is measured warm, as in a running server: a first untimed pass loads the module docs
    // each answer needs (from the catalog's disk cache, or ansible-doc) and fills lazy indexes.
    for (const s of samples) await system.model.suggest(s.request, catalog as ModuleCatalog);
    for (let i = 0; i < samples.length; i++) {
      const started = performance.now();
      const out = await system.model.suggest(samples[i].request, catalog as ModuleCatalog);
      const millis = performance.now() - started;
      const yaml = out?.yaml ?? '';
      const verdict = out ? await schemaCorrect(yaml, catalog) : { ok: false as const, why: 'no suggestion' };
      if (!verdict.ok) {
        const why = verdict.why.replace(/'[^']*'/g, "'…'");
        failures.set(why, (failures.get(why) ?? 0) + 1);
      }
      const pred = actionOf(yaml, catalog);
      const ref = refs[i];
      scores.push({
        exact: exactMatch(pred, ref),
        schema: verdict.ok ? 1 : 0,
        module: moduleMatch(pred, ref),
        keyF1: keyF1(pred, ref),
        value: valueMatch(pred, ref),
        bleu: actionBleuStats(pred, ref),
        millis,
      });
      if (++done % 200 === 0) progress(done, total);
    }
    const groups: SystemReport['groups'] = {};
    for (const g of GROUPS) {
      const picked = scores.filter((_, i) => groupsOf(samples[i], refs[i]).includes(g));
      if (picked.length) groups[g] = summarise(picked);
    }
    const schemaFailures = [...failures]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([why, count]) => ({ why, count }));
    reports.push({ name: system.name, groups, schemaFailures });
  }
  return { samples: samples.length, systems: reports };
}

export function summarise(scores: readonly SampleScore[]): GroupScores {
  const mean = (f: (s: SampleScore) => number) => scores.reduce((a, s) => a + f(s), 0) / scores.length;
  const latencies = scores.map((s) => s.millis).sort((a, b) => a - b);
  const module = mean((s) => s.module);
  const key = mean((s) => s.keyF1);
  const value = mean((s) => s.value);
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
  };
}

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
    'p50 ms',
    'p95 ms',
  ];
  const rows: string[][] = [];
  for (const s of report.systems) {
    for (const g of GROUPS) {
      const x = s.groups[g];
      if (!x) continue;
      const f = (v: number) => v.toFixed(3);
      rows.push([
        g === 'all' ? s.name : '',
        g,
        String(x.n),
        f(x.exactMatch),
        f(x.bleu),
        f(x.schemaCorrect),
        f(x.moduleMatch),
        f(x.keyF1),
        f(x.valueMatch),
        f(x.ansibleAware),
        x.latencyP50.toFixed(2),
        x.latencyP95.toFixed(2),
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  for (const s of report.systems) {
    if (s.schemaFailures.length)
      out.push(`${s.name}: not schema-correct: ${s.schemaFailures.map((f) => `${f.why} (${f.count})`).join('; ')}`);
  }
  return out.join('\n') + '\n';
}
