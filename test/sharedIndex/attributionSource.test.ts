// Attribution with a shared index configured: the shared index's corpus matches merged with the
// workspace's own tasks from the local index; the local index alone, with the reason, while the
// database is down; the local index when no shared index is configured.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AttributionIndex } from '../../server/src/attribution/attributionIndex';
import type { CorpusTask } from '../../server/src/corpus/types';
import { AttributionSource } from '../../server/src/sharedIndex/attributionSource';
import { createPool } from '../../server/src/sharedIndex/connection';
import { migrate } from '../../server/src/sharedIndex/migrations';
import { pushTasks } from '../../server/src/sharedIndex/push';
import { SharedIndexClient } from '../../server/src/sharedIndex/sharedIndexClient';
import { corpusTask, FIXTURE } from '../attribution/corpusFixture';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

const copyMotd = FIXTURE.find((t) => t.id === 'copy-motd') as CorpusTask;
// The user's own copy of the corpus task, a value changed: a close match only this workspace has.
const own: CorpusTask = {
  ...corpusTask('own-motd', copyMotd.text.replace('files/motd', 'files/our-motd'), {
    source: 'workspace',
    collection: 'this workspace',
    license: 'MIT',
  }),
  origin: 'workspace',
};
const query = { yaml: copyMotd.text.replace('/etc/motd', '/etc/motd.d/10-scribe') };

describe('AttributionSource', () => {
  let server: TestPostgres;
  before(async () => {
    server = await startPostgres();
    const pool = createPool(server.url);
    await migrate(pool);
    await pushTasks(pool, FIXTURE);
    await pool.end();
  });
  after(() => server?.dispose());
  const local = AttributionIndex.build([...FIXTURE, own]);

  it('merges the shared index’s matches with the workspace’s own, best first', async () => {
    const client = new SharedIndexClient(server.url);
    try {
      const answer = await new AttributionSource(() => local, client).search(query, 3);
      assert.equal(answer.source, 'shared');
      assert.equal(answer.fallback, undefined);
      // The same answer the local index (corpus + workspace) gives.
      assert.deepEqual(
        answer.matches.map((m) => [m.task.id, m.score]),
        local.search(query, 3).map((m) => [m.task.id, m.score]),
      );
      assert.ok(answer.matches.some((m) => m.task.id === 'own-motd'));
      assert.ok(answer.matches.some((m) => m.task.id === 'copy-motd'));
    } finally {
      await client.dispose();
    }
  });

  it('answers from the local index, saying why, while the database is down', async () => {
    const client = new SharedIndexClient(server.url);
    try {
      server.stopServer();
      const answer = await new AttributionSource(() => local, client).search(query, 3);
      assert.equal(answer.source, 'local');
      assert.match(answer.fallback ?? '', /^cannot reach the database /);
      assert.deepEqual(
        answer.matches.map((m) => m.task.id),
        local.search(query, 3).map((m) => m.task.id),
      );
    } finally {
      server.start();
      await client.dispose();
    }
  });

  it('is the local index when no shared index is configured', async () => {
    const answer = await new AttributionSource(() => local).search(query, 2);
    assert.deepEqual(answer, { matches: local.search(query, 2), source: 'local' });
  });
});
