// Micro-benchmark of the attribution index (server/src/attribution): build time, memory,
// serialised size and load time, query latency p50/p95, and recall of the LSH candidate step
// against an exact scan, at the real corpus size and on a synthetic corpus of up to 1M tasks
// made by perturbing real (or fixture) tasks.
//
//   node bench/attribution.mjs [--corpus DIR | --tasks FILE.json] [--sizes 25000,1000000]
//                              [--queries 400] [--exact 100] [--name-queries 100] [--json OUT]
//
// --corpus reads a stored corpus (scribe index build --out DIR); --tasks a JSON array of
// CorpusTask; neither: the test fixture (10 tasks), which only makes sense for smoke runs.
// The script re-runs itself under tsx with --expose-gc and a large heap.

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { perturb, rng, synthetic } from './syntheticCorpus.mjs';
import { arg, runUnderTsx, src } from './tsxChild.mjs';

runUnderTsx(import.meta.url);

const { AttributionIndex } = await import(src('server/src/attribution/attributionIndex.ts'));
const { featuresOf, score } = await import(src('server/src/attribution/features.ts'));
const { canonicalFromCorpus, canonicalFromStructured, canonicalFromYaml } = await import(
  src('server/src/attribution/normalise.ts')
);

async function baseTasks() {
  const corpusDir = arg('corpus');
  if (corpusDir) {
    const { loadCorpus } = await import(src('server/src/corpus/index.ts'));
    return { from: `corpus ${corpusDir}`, tasks: loadCorpus(resolve(corpusDir)).tasks };
  }
  const file = arg('tasks');
  if (file) return { from: file, tasks: JSON.parse(readFileSync(file, 'utf8')) };
  const { FIXTURE } = await import(src('test/attribution/corpusFixture.ts'));
  return { from: 'test fixture', tasks: FIXTURE };
}

function heapMiB() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function queries(tasks, count) {
  const rand = rng(7);
  const qs = [];
  for (let i = 0; i < count; i++) {
    const t = tasks[Math.floor(rand() * tasks.length)];
    const kind = i % 3;
    if (kind === 0) qs.push({ kind: 'verbatim', q: { yaml: t.text } });
    else if (kind === 1) {
      const p = perturb(t, i, rand);
      qs.push({ kind: 'edited', q: { fqcn: p.fqcn || p.module, args: p.args, name: p.name } });
    } else {
      // A novel task: one task's module with another task's options.
      const o = tasks[Math.floor(rand() * tasks.length)];
      qs.push({ kind: 'novel', q: { fqcn: t.fqcn || t.module, args: o.args, name: o.name } });
    }
  }
  return qs;
}

function timeQueries(index, qs, k = 3) {
  const ms = [];
  const byKind = {};
  let verbatimTop1 = 0;
  let verbatim = 0;
  for (const { kind, q } of qs) {
    const t0 = performance.now();
    const res = index.search(q, k);
    const dt = performance.now() - t0;
    ms.push(dt);
    (byKind[kind] ??= []).push(dt);
    if (kind === 'verbatim') {
      verbatim++;
      if (res[0]?.score === 1) verbatimTop1++;
    }
  }
  ms.sort((a, b) => a - b);
  const kinds = Object.fromEntries(
    Object.entries(byKind).map(([kind, v]) => {
      v.sort((a, b) => a - b);
      return [kind, { p50: pct(v, 50), p95: pct(v, 95) }];
    }),
  );
  return { p50: pct(ms, 50), p95: pct(ms, 95), max: ms[ms.length - 1], kinds, verbatimTop1: verbatimTop1 / verbatim };
}

/** Share of the exact top-3 scores (a full scan) that the index returns at the same rank. */
function recall(index, tasks, qs, k = 3) {
  const feats = tasks.map((t) => featuresOf(canonicalFromCorpus(t)));
  let hit = 0;
  let total = 0;
  // Close matches (exact score ≥ 0.5) are the ones a licence decision rests on.
  let closeHit = 0;
  let closeTotal = 0;
  let scanMs = 0;
  for (const { q } of qs) {
    const qf = featuresOf('yaml' in q ? canonicalFromYaml(q.yaml) : canonicalFromStructured(q));
    const t0 = performance.now();
    const exact = feats
      .map((f) => score(qf, f))
      .sort((a, b) => b - a)
      .slice(0, k);
    scanMs += performance.now() - t0;
    const got = index.search(q, k).map((m) => m.score);
    for (let i = 0; i < exact.length; i++) {
      const found = got[i] !== undefined && got[i] >= exact[i] - 1e-9;
      total++;
      if (found) hit++;
      if (exact[i] >= 0.5) {
        closeTotal++;
        if (found) closeHit++;
      }
    }
  }
  return { recallAt3: hit / total, closeRecallAt3: closeHit / Math.max(1, closeTotal), fullScanMs: scanMs / qs.length };
}

const { from, tasks: base } = await baseTasks();
const sizes = (arg('sizes', `${base.length},1000000`) ?? '').split(',').map(Number);
const nQueries = Number(arg('queries', '400'));
const nExact = Number(arg('exact', '100'));
const nNameQueries = Number(arg('name-queries', '100'));
const step = (line) => process.stderr.write(`  … ${line}\n`);
const results = { from, base: base.length, runs: [] };
console.log(`attribution bench: ${base.length} base tasks from ${from}`);

for (const n of sizes) {
  const corpus = n === base.length ? base : synthetic(base, n);
  const before = heapMiB();
  let t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const index = AttributionIndex.build(corpus);
  const buildMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // CPU time next to wall time: on a busy 2-core machine the wall time mostly measures the others.
  const buildCpuMs = (cpu.user + cpu.system) / 1000;
  const indexMiB = heapMiB() - before;
  step(`${n}: built in ${buildMs.toFixed(0)} ms, ${indexMiB.toFixed(0)} MiB`);
  t0 = performance.now();
  const data = index.serialize();
  const serializeMs = performance.now() - t0;
  t0 = performance.now();
  const loaded = AttributionIndex.deserialize(data, corpus);
  const loadMs = performance.now() - t0;
  const qs = queries(corpus, nQueries);
  timeQueries(loaded, qs.slice(0, 30)); // warm-up
  const q = timeQueries(loaded, qs);
  step(`${n}: load ${loadMs.toFixed(0)} ms, search p50 ${q.p50.toFixed(2)} ms p95 ${q.p95.toFixed(2)} ms`);
  const r =
    nExact > 0 ? recall(loaded, corpus, qs.slice(0, nExact)) : { recallAt3: NaN, closeRecallAt3: NaN, fullScanMs: NaN };
  step(`${n}: recall@3 ${(r.recallAt3 * 100).toFixed(1)}%`);
  t0 = performance.now();
  if (nNameQueries > 0) loaded.searchByName('warm up the name index', 3);
  const nameBuildMs = performance.now() - t0;
  step(`${n}: name index built in ${nameBuildMs.toFixed(0)} ms`);
  const nameMs = qs.slice(0, nNameQueries).map(({ q: x }) => {
    const s = performance.now();
    loaded.searchByName(x.name ?? corpus[0].name, 3);
    return performance.now() - s;
  });
  nameMs.sort((a, b) => a - b);
  if (nameMs.length === 0) nameMs.push(NaN);
  const extra = synthetic(base, Math.min(n, base.length) + 1000)
    .slice(-1000)
    .map((t) => ({ ...t, id: `${t.id}+add` }));
  t0 = performance.now();
  loaded.add(extra);
  const addMs = performance.now() - t0;
  t0 = performance.now();
  loaded.remove(extra.map((t) => t.id));
  const removeMs = performance.now() - t0;
  const run = {
    tasks: n,
    buildMs,
    buildCpuMs,
    indexMiB,
    serializedMiB: data.length / 2 ** 20,
    serializeMs,
    loadMs,
    query: q,
    ...r,
    nameIndexBuildMs: nameBuildMs,
    nameQuery: { p50: pct(nameMs, 50), p95: pct(nameMs, 95) },
    add1000Ms: addMs,
    remove1000Ms: removeMs,
  };
  results.runs.push(run);
  const f = (x) => x.toFixed(x < 10 ? 2 : 0);
  console.log(
    `${n} tasks: build ${f(buildMs)} ms (cpu ${f(buildCpuMs)} ms), index ${f(indexMiB)} MiB (heap+buffers), file ${f(run.serializedMiB)} MiB, ` +
      `load ${f(loadMs)} ms; search top-3 p50 ${f(q.p50)} ms p95 ${f(q.p95)} ms max ${f(q.max)} ms ` +
      `(verbatim ${f(q.kinds.verbatim.p95)}, edited ${f(q.kinds.edited.p95)}, novel ${f(q.kinds.novel.p95)} ms p95); ` +
      `verbatim top-1 = 1.0: ${(q.verbatimTop1 * 100).toFixed(1)}%; recall@3 vs full scan ${(r.recallAt3 * 100).toFixed(1)}%, ` +
      `of matches >= 0.5 ${(r.closeRecallAt3 * 100).toFixed(1)}% ` +
      `(full scan ${f(r.fullScanMs)} ms/query); name index build ${f(nameBuildMs)} ms, name query p50 ${f(run.nameQuery.p50)} ` +
      `p95 ${f(run.nameQuery.p95)} ms; add 1000 ${f(addMs)} ms, remove 1000 ${f(removeMs)} ms`,
  );
}

const out = arg('json');
if (out) writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
