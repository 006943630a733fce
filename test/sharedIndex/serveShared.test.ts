// `scribe serve --db-env VAR` (issue 13, part 2): one suggestion service for a team, its answers
// attributed by the shared index in a real PostgreSQL — including a task only the database holds —
// and by the local index, saying so on stderr and in the answer, while the database is down; back
// to the shared index by itself once it returns. The password is never printed.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { runIndex } from '../../server/src/cli/index';
import { runCli } from '../helpers/cli';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';
import { spawnFixtureServe, type ServeProcess } from '../serve/fixtureServe';

const VARIABLE = 'SCRIBE_TEST_SERVE_DB_URL';
const MODEL = 'scribe-embedded';
/** A licence the fixture corpus (all MIT) does not use: a match under it comes from the database. */
const TEAM_LICENCE = '0BSD';
const PLAYBOOK = '- hosts: web\n  become: true\n  tasks:\n    - name: Install nginx\n';

interface Attributed {
  choices: { text: string }[];
  attribution: { matches: { license: string; score: number; path: string }[]; attributedBy?: string };
}

describe('scribe serve --db-env', () => {
  const ws = new TempWorkspace();
  let pg: TestPostgres;
  let serve: ServeProcess;
  let client: OpenAI;
  /** The test cluster trusts loopback: a password in the URL is accepted, and must never be printed. */
  let url = '';
  const complete = async () =>
    (await client.completions.create({ model: MODEL, prompt: PLAYBOOK })) as unknown as Attributed;
  /** Asks until the shared index answers (the client retries a failed database after 300 ms here). */
  const fromSharedIndex = async () => {
    let r = await complete();
    for (let i = 0; i < 50 && !r.attribution.attributedBy?.startsWith('shared'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      r = await complete();
    }
    return r;
  };

  before(async () => {
    pg = await startPostgres();
    url = pg.url.replace('://scribe@', '://scribe:s3cret-pw@');
    serve = await spawnFixtureServe(['--db-env', VARIABLE], {
      [VARIABLE]: url,
      SCRIBE_SHARED_INDEX_RETRY_MS: '300',
    });
    client = new OpenAI({ baseURL: serve.url, apiKey: 'none', maxRetries: 0, timeout: 20_000 });
  });
  after(async () => {
    await serve?.dispose();
    pg?.dispose();
    ws.dispose();
  });

  it('says where attribution comes from, without the password', () => {
    const masked = pg.url.replace('://scribe@', '://scribe:***@');
    assert.ok(serve.output().includes(`attribution from the shared index at ${masked}`), serve.output());
    assert.ok(!serve.output().includes('s3cret-pw'));
  });

  it('attributes answers by the shared index, including a task only the database holds', async () => {
    const first = await complete();
    assert.ok(!first.attribution.matches.some((m) => m.license === TEAM_LICENCE));

    // The team's playbook holds exactly the served task.
    const dir = join(ws.root, 'team');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'web.yml'), PLAYBOOK + first.choices[0].text);
    const pushed = await runCli(runIndex, [
      'push',
      '--db',
      pg.url,
      '--dir',
      dir,
      '--license',
      TEAM_LICENCE,
      '--quiet',
      '--cache-dir',
      sharedCatalogCache,
    ]);
    assert.equal(pushed.code, 0, pushed.error);

    const r = await fromSharedIndex();
    assert.equal(r.choices[0].text, first.choices[0].text);
    const mine = r.attribution.matches.find((m) => m.license === TEAM_LICENCE);
    assert.ok(mine, JSON.stringify(r.attribution));
    assert.equal(mine.score, 1);
    assert.equal(mine.path, 'web.yml');
    assert.match(r.attribution.attributedBy ?? '', /^shared index at postgres:\/\/scribe:\*\*\*@127\.0\.0\.1:\d+\//);
  });

  it('falls back to the local index while the database is down, and comes back by itself', async () => {
    pg.stopServer();
    try {
      const r = await complete();
      assert.match(r.attribution.attributedBy ?? '', /^local index \(shared index unreachable: /);
      assert.ok(r.attribution.matches.length > 0);
      assert.ok(!r.attribution.matches.some((m) => m.license === TEAM_LICENCE));
      assert.match(serve.output(), /scribe: serve: attribution: local index \(shared index unreachable: /);
    } finally {
      pg.start();
    }
    const back = await fromSharedIndex();
    assert.match(back.attribution.attributedBy ?? '', /^shared index at /);
    assert.ok(back.attribution.matches.some((m) => m.license === TEAM_LICENCE));
    assert.match(
      serve.output(),
      /scribe: serve: attribution: local index .*\nscribe: serve: attribution: shared index at /,
    );
    assert.ok(!serve.output().includes('s3cret-pw'));
  });
});
