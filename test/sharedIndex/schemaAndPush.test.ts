// The shared index's schema and push on a real PostgreSQL: a database at schema version 1 with
// tasks in it upgrades to the latest and keeps them; a push stores provenance, licence, the
// normalised form and band keys; a second push skips what is unchanged (content hash), updates
// what changed and appends what is new; an interrupted push resumes; a newer schema is refused.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { BANDS } from '../../server/src/attribution/minhash';
import type { CorpusTask } from '../../server/src/corpus/types';
import { corpusTask, FIXTURE } from '../attribution/corpusFixture';
import { createPool } from '../../server/src/sharedIndex/connection';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../server/src/sharedIndex/migrations';
import { pushTasks, type PushProgress } from '../../server/src/sharedIndex/push';
import { SharedAttributionIndex } from '../../server/src/sharedIndex/sharedAttributionIndex';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

describe('shared index schema and push', () => {
  let server: TestPostgres;
  const pools: pg.Pool[] = [];
  let n = 0;
  const freshPool = async () => {
    const pool = createPool(await server.createDatabase(`db${++n}`));
    pools.push(pool);
    return pool;
  };
  before(async () => {
    server = await startPostgres();
  });
  after(async () => {
    await Promise.all(pools.map((p) => p.end()));
    server?.dispose();
  });

  it('upgrades a version-1 database with tasks in it to the latest version, keeping them', async () => {
    assert.ok(LATEST_VERSION > 1, 'there is an upgrade to test');
    const pool = await freshPool();
    assert.equal(await schemaVersion(pool), 0);
    assert.deepEqual(await migrate(pool, 1), [1]);
    assert.equal(await schemaVersion(pool), 1);
    // Version 1 has no push log: load the tasks with version 1's columns only.
    await pool.query(
      `INSERT INTO tasks (task_id, content_hash, name, module, fqcn, text, normalised, origin, split, args, keywords,
         context, sources, license, licenses, module_feature, key_features, value_features, name_features, band_keys)
       VALUES ('a', 'h', 'Install nginx', 'apt', 'ansible.builtin.apt', 'name: Install nginx', '{}', 'ftdata', 'train',
         '{}', '{}', '{}', '[]', 'MIT', '{MIT}', 7, '{}', '{}', '{}', '{1,2}')`,
    );
    await assert.rejects(pool.query('SELECT count(*) FROM pushes'), /relation "pushes" does not exist/);

    assert.deepEqual(
      await migrate(pool),
      MIGRATIONS.filter((m) => m.version > 1).map((m) => m.version),
    );
    assert.equal(await schemaVersion(pool), LATEST_VERSION);
    const kept = await pool.query<{ task_id: string; name: string }>('SELECT task_id, name FROM tasks');
    assert.deepEqual(kept.rows, [{ task_id: 'a', name: 'Install nginx' }]);
    // Version 3 moved the features to their own table.
    const features = await pool.query<{ module_feature: number; band_keys: string[] }>(
      'SELECT module_feature, band_keys FROM task_features',
    );
    assert.deepEqual(features.rows, [{ module_feature: 7, band_keys: ['1', '2'] }]);
    // Version 2's parts are there too: the push log and the trigram name search.
    await pool.query('SELECT count(*) FROM pushes');
    const byName = await (await SharedAttributionIndex.open(pool)).searchByName('install nginx', 3);
    assert.deepEqual(
      byName.map((h) => h.task.id),
      ['a'],
    );
    // Migrating again does nothing.
    assert.deepEqual(await migrate(pool), []);
  });

  it('refuses a database whose schema is newer than this code', async () => {
    const pool = await freshPool();
    await migrate(pool);
    await pool.query("INSERT INTO schema_version (version, description) VALUES ($1, 'from the future')", [
      LATEST_VERSION + 1,
    ]);
    await assert.rejects(SharedAttributionIndex.open(pool), /schema version \d+, this scribe expects/);
  });

  it('stores provenance, licence, normalised form and band keys; re-pushing skips, updates and appends', async () => {
    const pool = await freshPool();
    await migrate(pool);
    const first = await pushTasks(pool, FIXTURE, { batchSize: 4 });
    assert.deepEqual(
      { inserted: first.inserted, updated: first.updated, unchanged: first.unchanged, size: first.size },
      { inserted: FIXTURE.length, updated: 0, unchanged: 0, size: FIXTURE.length },
    );
    const row = await pool.query<{
      sources: CorpusTask['sources'];
      license: string;
      normalised: string;
      band_keys: string[];
      module_feature: number;
    }>(
      'SELECT sources, license, normalised, band_keys, module_feature FROM tasks JOIN task_features USING (slot) WHERE task_id = $1',
      [FIXTURE[0].id],
    );
    const stored = row.rows[0];
    assert.deepEqual(stored.sources, FIXTURE[0].sources);
    assert.equal(stored.license, FIXTURE[0].sources[0].license);
    assert.equal((JSON.parse(stored.normalised) as { module: string }).module, FIXTURE[0].fqcn);
    assert.equal(stored.band_keys.length, BANDS);
    // Band b's key sits in the high bits: b · 2^32 + key.
    assert.deepEqual(
      stored.band_keys.map((k) => Math.floor(Number(k) / 2 ** 32)),
      Array.from({ length: BANDS }, (_, b) => b),
    );

    const changed = { ...FIXTURE[1], sources: [{ ...FIXTURE[1].sources[0], license: 'Apache-2.0' }] };
    const added = corpusTask('new', 'name: Reload nginx\nansible.builtin.service:\n  name: nginx\n  state: reloaded', {
      license: 'MIT',
    });
    const progress: PushProgress[] = [];
    const second = await pushTasks(pool, [FIXTURE[0], changed, ...FIXTURE.slice(2), added], {
      batchSize: 4,
      progress: (p) => progress.push(p),
    });
    assert.deepEqual(
      { inserted: second.inserted, updated: second.updated, unchanged: second.unchanged, size: second.size },
      { inserted: 1, updated: 1, unchanged: FIXTURE.length - 1, size: FIXTURE.length + 1 },
    );
    assert.equal(progress.at(-1)?.done, FIXTURE.length + 1);
    assert.ok(progress.length >= 3, 'progress after each batch');
    const licence = await pool.query<{ license: string; slot: string }>(
      'SELECT license, slot FROM tasks WHERE task_id = $1',
      [changed.id],
    );
    assert.equal(licence.rows[0].license, 'Apache-2.0');
    // The updated task keeps its place (its slot), so ties still rank it where the corpus has it.
    assert.equal(licence.rows[0].slot, '2');
    const log = await pool.query<{ inserted: number; updated: number; unchanged: number }>(
      'SELECT inserted, updated, unchanged FROM pushes ORDER BY id',
    );
    assert.deepEqual(log.rows, [
      { inserted: FIXTURE.length, updated: 0, unchanged: 0 },
      { inserted: 1, updated: 1, unchanged: FIXTURE.length - 1 },
    ]);
  });

  it('resumes an interrupted push: committed batches are skipped the second time', async () => {
    const pool = await freshPool();
    await migrate(pool);
    const stop = new AbortController();
    await assert.rejects(
      pushTasks(pool, FIXTURE, {
        batchSize: 3,
        signal: stop.signal,
        progress: (p) => {
          if (p.done >= 6) stop.abort(new Error('interrupted'));
        },
      }),
      /interrupted/,
    );
    const again = await pushTasks(pool, FIXTURE, { batchSize: 3 });
    assert.equal(again.unchanged, 6);
    assert.equal(again.inserted, FIXTURE.length - 6);
    assert.equal(again.size, FIXTURE.length);
  });

  it('rejects an aborted search with the signal’s reason and keeps the pool usable', async () => {
    const pool = await freshPool();
    await migrate(pool);
    await pushTasks(pool, FIXTURE);
    const index = await SharedAttributionIndex.open(pool);
    const ac = new AbortController();
    const pending = index.search({ yaml: FIXTURE[0].text }, 3, { signal: ac.signal });
    ac.abort(new Error('user typed on'));
    await assert.rejects(pending, /user typed on/);
    // The pool still answers afterwards.
    const [m] = await index.search({ yaml: FIXTURE[0].text }, 3);
    assert.equal(m.score, 1);
  });
});
