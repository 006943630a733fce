// The shared attribution index (server/src/sharedIndex) at organisation scale, beside the local
// in-memory index (server/src/attribution) on the same synthetic corpus: push time and rate,
// database size (table, band-key GIN index, total), top-3 attribution latency p50/p95 in
// PostgreSQL, and the local index's build time, memory and latency; plus how often both gave the
// same top 3 (they should always).
//
//   node bench/attributionScale.mjs [--sizes 100000,1000000] [--corpus DIR] [--queries 300]
//                                   [--batch 5000] [--db URL] [--json OUT]
//
// --corpus: a stored corpus (scribe index build --out DIR) whose tasks are the seeds; default: the
// installed Ansible's corpus, built here (~15 s). The synthetic corpus is each seed task plus
// perturbed copies (a changed value, sometimes a dropped or an extra option, an extra name word),
// as bench/attribution.mjs makes it. --db: an existing PostgreSQL (each size gets a fresh
// database `scribe_bench_<n>` created there); default: a throwaway PostgreSQL 15 cluster started
// for the run (test/helpers/postgres.ts) with fsync on and 1 GB shared_buffers, removed after.
// Latency is measured from this process through a pg pool, one query at a time, after 20
// warm-up queries. The script re-runs itself under tsx with --expose-gc and a large heap.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { perturb, rng, synthetic } from './syntheticCorpus.mjs';
import { arg, runUnderTsx, src } from './tsxChild.mjs';

runUnderTsx(import.meta.url);

const { AttributionIndex } = await import(src('server/src/attribution/attributionIndex.ts'));
const { createPool } = await import(src('server/src/sharedIndex/connection.ts'));
const { migrate } = await import(src('server/src/sharedIndex/migrations.ts'));
const { pushTasks } = await import(src('server/src/sharedIndex/push.ts'));
const { SharedAttributionIndex } = await import(src('server/src/sharedIndex/sharedAttributionIndex.ts'));
const { startPostgres } = await import(src('test/helpers/postgres.ts'));
const pg = (await import('pg')).default;

const sizes = arg('sizes', '100000,1000000').split(',').map(Number);
const queryCount = Number(arg('queries', '300'));
const batchSize = Number(arg('batch', '5000'));
const log = (line) => process.stderr.write(`[scale] ${line}\n`);

async function baseTasks() {
  const corpusDir = arg('corpus');
  if (corpusDir) {
    const { loadCorpus } = await import(src('server/src/corpus/index.ts'));
    return { from: `corpus ${corpusDir}`, tasks: [...loadCorpus(resolve(corpusDir)).tasks] };
  }
  const { buildCorpus } = await import(src('server/src/corpus/build.ts'));
  const { discoverInstalledAnsible } = await import(src('server/src/corpus/installed.ts'));
  const installed = await discoverInstalledAnsible();
  const built = await buildCorpus({ core: installed.core, collectionRoots: installed.collectionRoots });
  return { from: 'the installed Ansible', tasks: built.tasks };
}

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
      const o = tasks[Math.floor(rand() * tasks.length)];
      qs.push({ kind: 'novel', q: { fqcn: t.fqcn || t.module, args: o.args, name: o.name } });
    }
  }
  return qs;
}

function memMiB() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => Number(x.toFixed(2));
const mib = (bytes) => Number((bytes / 2 ** 20).toFixed(1));

const { from, tasks: base } = await baseTasks();
log(`${base.length} seed tasks from ${from}`);

let server;
let adminUrl = arg('db');
if (!adminUrl) {
  server = await startPostgres('scribe_bench', {
    settings: {
      fsync: 'on',
      synchronous_commit: 'on',
      full_page_writes: 'on',
      shared_buffers: '1GB',
      work_mem: '16MB',
      maintenance_work_mem: '512MB',
      max_wal_size: '8GB',
      checkpoint_timeout: '30min',
      random_page_cost: '1.1',
      jit: 'off',
    },
  });
  adminUrl = server.url;
}

async function freshDatabase(n) {
  const name = `scribe_bench_${n}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const results = [];
try {
  for (const n of sizes) {
    log(`--- ${n} tasks`);
    let tasks = synthetic(base, n);
    const qs = queries(tasks, queryCount);

    // The local index: build, memory, latency.
    const before = memMiB();
    let t0 = performance.now();
    let local = AttributionIndex.build(tasks);
    const localBuildS = (performance.now() - t0) / 1000;
    const localMiB = memMiB() - before;
    const localMs = [];
    const localTop = [];
    for (const { q } of qs) {
      t0 = performance.now();
      const r = local.search(q, 3);
      localMs.push(performance.now() - t0);
      localTop.push(r.map((m) => `${m.task.id}:${m.score}`).join(' '));
    }
    log(
      `local: build ${localBuildS.toFixed(1)} s, ${localMiB.toFixed(0)} MiB, p50 ${pct(localMs, 50).toFixed(2)} ms, p95 ${pct(localMs, 95).toFixed(2)} ms`,
    );
    local = undefined;

    // The shared index: push, size, latency.
    const url = await freshDatabase(n);
    const pool = createPool(url, { max: 2 });
    await migrate(pool);
    t0 = performance.now();
    let lastLog = 0;
    const pushed = await pushTasks(pool, tasks, {
      batchSize,
      progress: (p) => {
        if (p.done - lastLog >= n / 10 || p.done === p.total) {
          lastLog = p.done;
          log(`push ${p.done}/${p.total} (${Math.round(p.done / ((performance.now() - t0) / 1000))} tasks/s)`);
        }
      },
    });
    const pushS = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const again = await pushTasks(pool, tasks.slice(0, Math.min(n, 100_000)), { batchSize });
    const repushS = (performance.now() - t0) / 1000;
    if (again.unchanged !== Math.min(n, 100_000))
      throw new Error(`re-push changed ${again.inserted + again.updated} tasks`);
    const size = (
      await pool.query(
        `SELECT pg_database_size(current_database()) AS db, pg_total_relation_size('tasks') AS tasks,
                pg_total_relation_size('task_features') AS features,
                pg_relation_size('task_features_band_keys') AS bands, pg_relation_size('tasks_name_trgm') AS trgm`,
      )
    ).rows[0];
    const shared = await SharedAttributionIndex.open(pool);
    for (const { q } of qs.slice(0, 20)) await shared.search(q, 3);
    const sharedMs = [];
    let same = 0;
    for (const [i, { q }] of qs.entries()) {
      t0 = performance.now();
      const r = await shared.search(q, 3);
      sharedMs.push(performance.now() - t0);
      if (r.map((m) => `${m.task.id}:${m.score}`).join(' ') === localTop[i]) same++;
    }
    await pool.end();
    const row = {
      tasks: n,
      push: { seconds: Number(pushS.toFixed(1)), tasksPerSecond: Math.round(n / pushS), batch: batchSize },
      repushUnchanged: { tasks: Math.min(n, 100_000), seconds: Number(repushS.toFixed(1)) },
      database: {
        totalMiB: mib(Number(size.db)),
        tasksTableMiB: mib(Number(size.tasks)),
        featuresTableMiB: mib(Number(size.features)),
        bandKeyIndexMiB: mib(Number(size.bands)),
        nameTrigramIndexMiB: mib(Number(size.trgm)),
      },
      shared: { p50: ms(pct(sharedMs, 50)), p95: ms(pct(sharedMs, 95)), max: ms(Math.max(...sharedMs)) },
      local: {
        buildSeconds: Number(localBuildS.toFixed(1)),
        memoryMiB: Number(localMiB.toFixed(0)),
        p50: ms(pct(localMs, 50)),
        p95: ms(pct(localMs, 95)),
      },
      sameTop3: `${same}/${qs.length}`,
      pushed: pushed.size,
    };
    results.push(row);
    log(JSON.stringify(row));
    tasks = undefined;
  }
} finally {
  server?.dispose();
}

console.log(
  '| tasks | push | push rate | DB size (tasks / features / band GIN) | shared top-3 p50 / p95 | local build | local memory | local p50 / p95 | same top 3 |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results)
  console.log(
    `| ${r.tasks.toLocaleString('en')} | ${r.push.seconds} s | ${r.push.tasksPerSecond}/s | ${r.database.totalMiB} MiB (${r.database.tasksTableMiB} / ${r.database.featuresTableMiB} / ${r.database.bandKeyIndexMiB}) | ${r.shared.p50} / ${r.shared.p95} ms | ${r.local.buildSeconds} s | ${r.local.memoryMiB} MiB | ${r.local.p50} / ${r.local.p95} ms | ${r.sameTop3} |`,
  );
const out = arg('json');
if (out) writeFileSync(out, JSON.stringify({ from, queries: queryCount, results }, null, 2));
