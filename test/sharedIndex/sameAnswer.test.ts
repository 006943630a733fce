// The shared index answers as the local index does: the installed Ansible's corpus (~24,000 tasks)
// pushed to a real PostgreSQL and indexed locally, the same queries (verbatim tasks, edited tasks,
// novel combinations, short module names), the same top 3: same tasks, same order, same scores.
// A second corpus puts one module past MODULE_SCAN_LIMIT, where both rely on LSH buckets alone.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import {
  AttributionIndex,
  MODULE_SCAN_LIMIT,
  type AttributionQuery,
  type CorpusMatch,
} from '../../server/src/attribution/attributionIndex';
import { buildCorpus } from '../../server/src/corpus/build';
import { discoverInstalledAnsible } from '../../server/src/corpus/installed';
import type { CorpusTask } from '../../server/src/corpus/types';
import { createPool } from '../../server/src/sharedIndex/connection';
import { migrate } from '../../server/src/sharedIndex/migrations';
import { pushTasks } from '../../server/src/sharedIndex/push';
import { SharedAttributionIndex } from '../../server/src/sharedIndex/sharedAttributionIndex';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

// Deterministic PRNG (mulberry32), so a failure reproduces.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function queriesFrom(tasks: readonly CorpusTask[], count: number, seed: number): AttributionQuery[] {
  const rand = rng(seed);
  const pick = () => tasks[Math.floor(rand() * tasks.length)];
  const out: AttributionQuery[] = [];
  for (let i = 0; i < count; i++) {
    const t = pick();
    switch (i % 4) {
      case 0:
        out.push({ yaml: t.text });
        break;
      case 1: {
        const args = { ...t.args };
        const key = Object.keys(args)[0];
        if (key) args[key] = `changed-${i}`;
        out.push({ fqcn: t.fqcn || t.module, args, name: `${t.name} again` });
        break;
      }
      case 2:
        out.push({ fqcn: t.fqcn || t.module, args: pick().args, name: pick().name });
        break;
      default:
        // The short name, no task name: resolved through what the corpus taught.
        out.push({ fqcn: (t.fqcn || t.module).split('.').pop() ?? '', args: t.args });
    }
  }
  return out;
}

const view = (ms: CorpusMatch[]) => ms.map((m) => ({ id: m.task.id, score: m.score, license: m.license }));

async function assertSameAnswers(local: AttributionIndex, shared: SharedAttributionIndex, qs: AttributionQuery[]) {
  let nonEmpty = 0;
  for (const q of qs) {
    const want = view(local.search(q, 3));
    const got = view(await shared.search(q, 3));
    assert.deepEqual(got, want, `query ${JSON.stringify(q).slice(0, 300)}`);
    if (want.length) nonEmpty++;
  }
  // Not a comparison of empty lists.
  assert.ok(nonEmpty > qs.length * 0.9, `${nonEmpty} of ${qs.length} queries found matches`);
}

describe('the shared index gives the local index’s top 3', () => {
  let server: TestPostgres;
  const pools: pg.Pool[] = [];
  before(async () => {
    server = await startPostgres();
  });
  after(async () => {
    await Promise.all(pools.map((p) => p.end()));
    server?.dispose();
  });
  const open = async (url: string) => {
    const pool = createPool(url);
    pools.push(pool);
    await migrate(pool);
    return pool;
  };

  it('on the installed corpus', async () => {
    const installed = await discoverInstalledAnsible();
    const { tasks } = await buildCorpus({ core: installed.core, collectionRoots: installed.collectionRoots });
    assert.ok(tasks.length > 10_000, `${tasks.length} tasks`);
    const pool = await open(server.url);
    const pushed = await pushTasks(pool, tasks);
    assert.equal(pushed.size, tasks.length);
    const local = AttributionIndex.build(tasks);
    const shared = await SharedAttributionIndex.open(pool);
    await assertSameAnswers(local, shared, queriesFrom(tasks, 200, 1));
  });

  it('when a module has more tasks than the local index scans whole (LSH buckets only)', async () => {
    const rand = rng(5);
    const words = ['web', 'db', 'cache', 'api', 'edge', 'logs', 'backup', 'node'];
    const tasks: CorpusTask[] = [];
    for (let i = 0; i < MODULE_SCAN_LIMIT + 800; i++) {
      const w = words[Math.floor(rand() * words.length)];
      const args: Record<string, unknown> = { path: `/etc/${w}/${i % 500}.conf`, line: `${w}_${i % 37}=yes` };
      if (rand() < 0.4) args.create = true;
      if (rand() < 0.3) args.mode = '0644';
      tasks.push({
        id: `t${i}`,
        name: `Set ${w} option ${i % 37}`,
        module: 'lineinfile',
        fqcn: 'ansible.builtin.lineinfile',
        text: `name: Set ${w} option ${i % 37}\nansible.builtin.lineinfile: ${JSON.stringify(args)}`,
        args,
        keywords: {},
        origin: 'ftdata',
        context: { previousModules: [], section: 'tasks', variables: [] },
        sources: [
          {
            source: 'ftdata',
            collection: 'synthetic',
            version: '',
            path: `f${i % 50}.yml`,
            line: i,
            repoUrl: '',
            license: i % 2 ? 'MIT' : 'GPL-3.0-only',
          },
        ],
        split: 'train',
      });
    }
    const pool = await open(await server.createDatabase('big_module'));
    await pushTasks(pool, tasks, { batchSize: 1000 });
    const local = AttributionIndex.build(tasks);
    const shared = await SharedAttributionIndex.open(pool);
    await assertSameAnswers(local, shared, queriesFrom(tasks, 80, 2));
  });
});
