// The client an editor or `scribe serve` uses for the shared index, against a real PostgreSQL and
// real faults: the server stopped and started again, a table locked so a search hangs, a TCP
// server that accepts and never answers, a database that holds no shared index. Each gives a
// "fall back" answer with its reason, never an exception; the shared index comes back after the
// retry interval once the database does.

import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { AttributionIndex } from '../../server/src/attribution/attributionIndex';
import { createPool, SharedIndexConfigError } from '../../server/src/sharedIndex/connection';
import { migrate } from '../../server/src/sharedIndex/migrations';
import { pushTasks } from '../../server/src/sharedIndex/push';
import { SharedIndexClient, type SharedIndexStatus } from '../../server/src/sharedIndex/sharedIndexClient';
import { FIXTURE } from '../attribution/corpusFixture';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

const query = { yaml: FIXTURE[0].text };

describe('SharedIndexClient', () => {
  let server: TestPostgres;
  before(async () => {
    server = await startPostgres();
    const pool = createPool(server.url);
    await migrate(pool);
    await pushTasks(pool, FIXTURE);
    await pool.end();
  });
  after(() => server?.dispose());

  it('reads the URL from the named environment variable, and names the variable, never the value, when it is wrong', () => {
    assert.throws(
      () => SharedIndexClient.fromEnvironment('SCRIBE_DB', {}),
      (e: Error) => e instanceof SharedIndexConfigError && e.message === 'environment variable SCRIBE_DB is not set',
    );
    assert.throws(
      () => SharedIndexClient.fromEnvironment('SCRIBE_DB', { SCRIBE_DB: 'mysql://root:topsecret@db/x' }),
      (e: Error) => /^SCRIBE_DB: not a PostgreSQL URL/.test(e.message) && !e.message.includes('topsecret'),
    );
  });

  it('answers with the local index’s top 3 and reports ready', async () => {
    const client = SharedIndexClient.fromEnvironment('SCRIBE_DB', {
      SCRIBE_DB: server.url.replace('scribe@', 'scribe:pw-not-shown@'),
    });
    try {
      const statuses: SharedIndexStatus[] = [];
      client.onStatus((s) => statuses.push(s));
      const answer = await client.search(query, 3);
      assert.equal(answer.source, 'shared');
      const local = AttributionIndex.build(FIXTURE).search(query, 3);
      assert.deepEqual(
        answer.source === 'shared' && answer.matches.map((m) => [m.task.id, m.score]),
        local.map((m) => [m.task.id, m.score]),
      );
      assert.deepEqual(statuses.at(-1), {
        state: 'ready',
        database: server.url.replace('scribe@', 'scribe:***@'),
        tasks: FIXTURE.length,
      });
    } finally {
      await client.dispose();
    }
  });

  it('falls back while the database is down, waits out the retry interval, and comes back', async () => {
    let clock = 0;
    const client = new SharedIndexClient(server.url, {
      retryAfterMs: 10_000,
      now: () => clock,
      connectTimeoutMs: 2000,
    });
    try {
      assert.equal((await client.search(query)).source, 'shared');
      server.stopServer();
      const down = await client.search(query);
      assert.equal(down.source, 'fallback');
      assert.match(
        down.source === 'fallback' ? down.reason : '',
        /^cannot reach the database postgres:\/\/scribe@127\.0\.0\.1:\d+\/scribe_test: /,
      );
      assert.equal(client.status().state, 'unreachable');

      server.start();
      // Within the retry interval the client does not try: still the fallback.
      clock += 5_000;
      assert.equal((await client.search(query)).source, 'fallback');
      clock += 5_000;
      const back = await client.search(query);
      assert.equal(back.source, 'shared');
      assert.equal(client.status().state, 'ready');
    } finally {
      await client.dispose();
    }
  });

  it('gives up on a search that hangs (a locked table), cancels it on the server, and falls back', async () => {
    const client = new SharedIndexClient(server.url, { queryTimeoutMs: 500 });
    const locker = new pg.Client({ connectionString: server.url });
    await locker.connect();
    try {
      assert.equal((await client.search(query)).source, 'shared');
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE');
      const answer = await client.search(query);
      assert.equal(answer.source, 'fallback');
      assert.match(answer.source === 'fallback' ? answer.reason : '', /no answer within 500 ms$/);
      // The abandoned statement does not stay waiting on the server.
      let waiting = 1;
      for (let i = 0; i < 50 && waiting > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const r = await locker.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'ansible-scribe attribution' AND state = 'active'",
        );
        waiting = Number(r.rows[0].n);
      }
      assert.equal(waiting, 0);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
      await client.dispose();
    }
  });

  it('falls back when the server accepts the connection and never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const client = new SharedIndexClient(`postgres://scribe@127.0.0.1:${port}/x`, {
      queryTimeoutMs: 400,
      connectTimeoutMs: 300,
    });
    try {
      const answer = await client.search(query);
      assert.equal(answer.source, 'fallback');
      assert.equal(client.status().state, 'unreachable');
    } finally {
      await client.dispose();
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('falls back, saying why, on a database that holds no shared index', async () => {
    const client = new SharedIndexClient(await server.createDatabase('empty_db'));
    try {
      const answer = await client.search(query);
      assert.deepEqual(answer, {
        source: 'fallback',
        reason: 'the database holds no shared index (run scribe index push --db …)',
      });
    } finally {
      await client.dispose();
    }
  });

  it('rejects with the caller’s reason when the caller aborts', async () => {
    const client = new SharedIndexClient(server.url);
    try {
      const ac = new AbortController();
      const pending = client.search(query, 3, ac.signal);
      ac.abort(new Error('typing went on'));
      await assert.rejects(pending, /typing went on/);
      assert.equal((await client.search(query)).source, 'shared');
    } finally {
      await client.dispose();
    }
  });
});
