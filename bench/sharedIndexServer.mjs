// Attribution latency as the language server sees it, on the shared PostgreSQL index at scale and
// on the local index: two real servers (server/dist/server.js over stdio), one with
// `scribe.attribution.databaseEnv` naming the database's URL, one without, each asked
// `scribe/suggest` for the same task descriptions; the figure is the pipeline's own attribution
// time per suggestion (`tasks[].millis.attribution`: the worker's similarity search of the model's
// output, through AttributionSource, the pool and its timeouts), first request and the rest, plus
// the whole request's round trip.
//
//   node bench/sharedIndexServer.mjs [--tasks 1000000] [--requests 200] [--db URL]
//
// --db: a database already loaded with `scribe index push` (nothing is pushed). Without it a
// throwaway PostgreSQL 15 (as bench/attributionScale.mjs starts it) is loaded with the synthetic
// corpus of --tasks tasks (the installed corpus plus perturbed copies) first. The servers use the
// installed corpus in the user's cache (built on first use). Run `npm run build` first.

import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rng, synthetic } from './syntheticCorpus.mjs';
import { arg, runUnderTsx, src } from './tsxChild.mjs';

runUnderTsx(import.meta.url);

const { LspTestClient } = await import(src('test/helpers/lspClient.ts'));
const { startPostgres } = await import(src('test/helpers/postgres.ts'));
const { defaultCacheDir } = await import(src('server/src/cacheDir.ts'));
const { createPool } = await import(src('server/src/sharedIndex/connection.ts'));
const { migrate } = await import(src('server/src/sharedIndex/migrations.ts'));
const { pushTasks } = await import(src('server/src/sharedIndex/push.ts'));
const { buildCorpus } = await import(src('server/src/corpus/build.ts'));
const { discoverInstalledAnsible } = await import(src('server/src/corpus/installed.ts'));

const taskCount = Number(arg('tasks', '1000000'));
const requestCount = Number(arg('requests', '200'));
const log = (line) => process.stderr.write(`[server-attribution] ${line}\n`);
const VARIABLE = 'SCRIBE_BENCH_SHARED_INDEX_URL';

const installed = await discoverInstalledAnsible();
const base = (await buildCorpus({ core: installed.core, collectionRoots: installed.collectionRoots })).tasks;

let cluster;
let url = arg('db');
if (!url) {
  cluster = await startPostgres('scribe_bench_server', {
    settings: {
      shared_buffers: '1GB',
      work_mem: '16MB',
      maintenance_work_mem: '512MB',
      max_wal_size: '8GB',
      jit: 'off',
    },
  });
  url = cluster.url;
  const pool = createPool(url, { max: 2 });
  await migrate(pool);
  const started = performance.now();
  let said = 0;
  await pushTasks(pool, synthetic(base, taskCount), {
    batchSize: 5000,
    progress: (p) => {
      if (p.done - said >= taskCount / 10 || p.done === p.total) log(`push ${(said = p.done)}/${p.total}`);
    },
  });
  log(`pushed ${taskCount} tasks in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  await pool.end();
}

// Task descriptions the servers are asked for: names of corpus tasks, a deterministic sample.
const rand = rng(11);
const names = [];
while (names.length < requestCount) {
  const t = base[Math.floor(rand() * base.length)];
  if (t.name && /^[\w .,'()/-]{8,80}$/.test(t.name) && !names.includes(t.name)) names.push(t.name);
}
const workspace = mkdtempSync(join(tmpdir(), 'scribe-bench-server-'));
const lines = ['- name: Bench', '  hosts: all', '  tasks:'];
const asked = names.map((name) => {
  lines.push(`    - name: ${JSON.stringify(name)}`, '');
  return lines.length - 2;
});
const file = join(workspace, 'site.yml');
writeFileSync(file, lines.join('\n') + '\n');
const uri = pathToFileURL(file).href;

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f1 = (x) => x.toFixed(1);

async function measure(label, shared) {
  const client = await LspTestClient.start({
    workspace,
    cacheDir: defaultCacheDir(),
    storagePath: join(workspace, `.storage-${label}`),
    env: { [VARIABLE]: url },
    settings: {
      model: { prepareOnStartup: true },
      lint: { enabled: false },
      ...(shared && { attribution: { databaseEnv: VARIABLE } }),
    },
  });
  try {
    // Timed from a loaded model: the first request then measures the first attribution (the pool's
    // first connection, the shared index opening), not the model's loading.
    await client.until('the model to be ready', () => client.statuses.some((s) => s.model?.state === 'ready'), 600_000);
    await client.open(uri, lines.join('\n') + '\n');
    const attribution = [];
    const roundTrip = [];
    let answeredBy = '';
    for (const line of asked) {
      const t0 = performance.now();
      const r = await client.conn.sendRequest('scribe/suggest', { textDocument: { uri }, line });
      roundTrip.push(performance.now() - t0);
      if (!r.tasks) continue;
      attribution.push(r.tasks[0].millis.attribution);
      answeredBy ||= r.attributedBy ?? '';
    }
    const [first, ...rest] = attribution;
    const row = {
      index: label,
      answeredBy: answeredBy || 'local index',
      suggestions: attribution.length,
      firstAttributionMs: first,
      attributionP50: pct(rest, 50),
      attributionP95: pct(rest, 95),
      roundTripFirstMs: roundTrip[0],
      roundTripP50: pct(roundTrip.slice(1), 50),
      roundTripP95: pct(roundTrip.slice(1), 95),
    };
    log(JSON.stringify(row));
    return row;
  } finally {
    await client.stop();
  }
}

const rows = [];
try {
  rows.push(await measure(`shared (${taskCount.toLocaleString('en')} tasks)`, true));
  rows.push(await measure('local', false));
} finally {
  cluster?.dispose();
  rmSync(workspace, { recursive: true, force: true });
}
console.log(
  '| attribution index | suggestions | first: attribution / round trip | then attribution p50 / p95 | then round trip p50 / p95 |',
);
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(
    `| ${r.index} | ${r.suggestions} | ${f1(r.firstAttributionMs)} / ${f1(r.roundTripFirstMs)} ms | ${f1(r.attributionP50)} / ${f1(r.attributionP95)} ms | ${f1(r.roundTripP50)} / ${f1(r.roundTripP95)} ms |`,
  );
