// Replay benchmark for local learning from feedback (issue 7): the held-out real-use tasks of the
// corpus (roles and playbooks, split === 'test'), grouped by source file and in file order, are
// written one after another as a user would. The same sequence runs three times, and module match
// is printed per window of tasks:
//   - no learning: exactly the embedded model;
//   - explicit: each suggestion whose module is right is accepted; a wrong one is rejected (👎) and
//     the task as the corpus has it is accepted (the user wrote it and says so);
//   - editor: what the editor sees without explicit verdicts: a right suggestion is accepted, a
//     wrong one is only ignored (replaced by the user's typing), and the task the user wrote
//     instead under that name is learned when the file is saved.
//
//   node bench/feedback.mjs [--corpus DIR] [--limit N] [--window 50] [--json FILE]
//                           [--alpha 1] [--min-similarity 0.3] [--lead-weight 1]
//
// Needs the module catalog and a corpus in the cache (`scribe index build`). The script re-runs
// itself under tsx so it imports the TypeScript sources directly (no build step).

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (!process.env.SCRIBE_BENCH_CHILD) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, SCRIBE_BENCH_CHILD: '1' },
    cwd: root,
  });
  process.exit(r.status ?? 1);
}

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const src = (p) => pathToFileURL(join(root, p)).href;

const { AnsibleCatalog } = await import(src('server/src/catalog/ansibleCatalog.ts'));
const { defaultCacheDir } = await import(src('server/src/cacheDir.ts'));
const { heldOutSamples, originGroup } = await import(src('server/src/eval/samples.ts'));
const { embeddedTrainer } = await import(src('server/src/engine/embedded.ts'));
const { defaultCorpusDir, openEnvironment } = await import(src('server/src/engine/environment.ts'));
const { FeedbackModel } = await import(src('server/src/feedback/reranker.ts'));
const { FeedbackStore } = await import(src('server/src/feedback/store.ts'));

const limit = Number(arg('limit', 'Infinity'));
const window = Number(arg('window', '50'));
const alpha = Number(arg('alpha', '1'));
const minSimilarity = Number(arg('min-similarity', '0.3'));
const leadWeight = Number(arg('lead-weight', '1'));
const log = (line) => process.stderr.write(`[feedback] ${line}\n`);

const cacheDir = defaultCacheDir();
const catalog = new AnsibleCatalog({ cacheDir, ansiblePath: '', prefetch: false });
await catalog.ready();
if (catalog.status().state !== 'ready') {
  log(`module catalog unavailable: ${catalog.status().message ?? ''}`);
  process.exit(1);
}
const corpusDir = arg('corpus') ? resolve(arg('corpus')) : defaultCorpusDir(cacheDir);
if (!corpusDir) {
  log('no corpus: run `scribe index build`');
  process.exit(1);
}
const env = openEnvironment({
  corpusDir,
  trainer: embeddedTrainer(catalog.list()),
  resolve: (n) => catalog.resolve(n)?.fqcn,
  writeCache: false,
  log,
});

// The held-out real-use tasks, by source file (files in name order), then by line in the file.
const requests = new Map(heldOutSamples(env.corpus.tasks).map((s) => [s.id, s.request]));
const fileOf = (t) => `${t.sources[0]?.collection ?? ''}:${t.sources[0]?.path ?? t.id}`;
const tasks = env.corpus.tasks
  .filter((t) => requests.has(t.id) && originGroup(t.origin) === 'real')
  .sort((a, b) => {
    const fa = fileOf(a);
    const fb = fileOf(b);
    return fa < fb ? -1 : fa > fb ? 1 : (a.sources[0]?.line ?? 0) - (b.sources[0]?.line ?? 0);
  })
  .slice(0, limit);
const files = new Set(tasks.map(fileOf)).size;
log(`${tasks.length} held-out real-use tasks from ${files} files of ${corpusDir}`);

/** Arguments with sorted keys, for "the whole body was right" (module and every argument). */
const canonical = (v) =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x,
  );

async function replay(learning, user = 'explicit') {
  const store = new FeedbackStore();
  const model = new FeedbackModel(env.model, store, { enabled: () => learning, alpha, minSimilarity, leadWeight });
  const hits = [];
  const exact = [];
  const t0 = performance.now();
  for (const t of tasks) {
    const req = requests.get(t.id);
    const s = await model.suggest(req, catalog);
    const hit = s?.fqcn === t.fqcn;
    hits.push(hit);
    exact.push(hit && canonical(s.args) === canonical(t.args));
    if (hit) store.record({ kind: 'accept', description: req.description, fqcn: s.fqcn, args: s.args });
    else if (user === 'editor') {
      if (s) store.record({ kind: 'ignore', description: req.description, fqcn: s.fqcn, args: s.args });
      // What the user then wrote under that name and saved (feedback/writtenTasks.ts).
      store.record({ kind: 'accept', description: req.description, fqcn: t.fqcn, args: t.args });
    } else {
      if (s) store.record({ kind: 'reject', description: req.description, fqcn: s.fqcn, args: s.args });
      store.record({ kind: 'accept', description: req.description, fqcn: t.fqcn, args: t.args });
    }
  }
  return { hits, exact, millisPerTask: (performance.now() - t0) / Math.max(1, tasks.length) };
}

const off = await replay(false);
const on = await replay(true);
const editor = await replay(true, 'editor');
catalog.dispose();

const pct = (xs) => (xs.length ? (100 * xs.filter(Boolean).length) / xs.length : 0);
const rows = [];
for (let i = 0; i < tasks.length; i += window) {
  const j = Math.min(tasks.length, i + window);
  rows.push({
    tasks: `${i + 1}-${j}`,
    off: pct(off.hits.slice(i, j)),
    on: pct(on.hits.slice(i, j)),
    editor: pct(editor.hits.slice(i, j)),
    offSoFar: pct(off.hits.slice(0, j)),
    onSoFar: pct(on.hits.slice(0, j)),
  });
}
const f = (x) => x.toFixed(1).padStart(6);
const lines = [
  `module match over ${tasks.length} held-out real-use tasks (${files} files), window ${window}, alpha ${alpha}, min similarity ${minSimilarity}, lead weight ${leadWeight}`,
  '',
  'tasks       | no learning | explicit | Δ      | editor   | cumulative no / explicit',
  '------------|-------------|----------|--------|----------|-------------------------',
  ...rows.map(
    (r) =>
      `${r.tasks.padEnd(11)} | ${f(r.off)}%     | ${f(r.on)}%  | ${(r.on - r.off >= 0 ? '+' : '') + (r.on - r.off).toFixed(1)} | ${f(r.editor)}%  | ${f(r.offSoFar)}% / ${f(r.onSoFar)}%`,
  ),
  '',
  `overall module match: no learning ${pct(off.hits).toFixed(1)}%, explicit feedback ${pct(on.hits).toFixed(1)}%, editor (accept, ignore, then what the user wrote) ${pct(editor.hits).toFixed(1)}%`,
  `overall module + exact arguments: no learning ${pct(off.exact).toFixed(1)}%, learning ${pct(on.exact).toFixed(1)}%`,
  `latency per task: no learning ${off.millisPerTask.toFixed(1)} ms, learning ${on.millisPerTask.toFixed(1)} ms`,
];
process.stdout.write(`${lines.join('\n')}\n`);
const json = arg('json');
if (json) writeFileSync(json, JSON.stringify({ corpusDir, tasks: tasks.length, files, window, alpha, rows }, null, 2));
