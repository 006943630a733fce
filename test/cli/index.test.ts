// `scribe index build` and `scribe index push` as a user runs them (the CLI's entry point through
// tsx, so no bundle is needed): bad input gives one line and exit 2; a build prints stats and is
// then up to date; a push to a real PostgreSQL loads the corpus, and a second push skips it all.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadCorpus } from '../../server/src/corpus/store';
import { MIGRATIONS } from '../../server/src/sharedIndex/migrations';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const repo = join(__dirname, '..', '..');
const entry = join(repo, 'server', 'src', 'cli.ts');
// The temp workspace is the cwd, so tsx is named by its path, not as a package.
const tsx = pathToFileURL(join(repo, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const ftdata = join(__dirname, '..', 'fixtures', 'corpus', 'ftdata.jsonl');

function scribe(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--import', tsx, entry, 'index', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, XDG_CACHE_HOME: join(cwd, 'xdg'), ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scribe index build', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());
  const cache = ['--cache-dir', sharedCatalogCache];

  const badInput: [string, string[], RegExp][] = [
    [
      'a missing ftdata file',
      ['build', '--ftdata', 'missing.jsonl'],
      /^scribe: index build: missing\.jsonl: no such ftdata file$/,
    ],
    [
      'a folder that does not exist',
      ['build', '--dir', 'nowhere'],
      /^scribe: index build: nowhere: cannot read folder \(ENOENT\)$/,
    ],
    [
      'an ftdata file with no usable record',
      ['build', '--ftdata', 'junk.jsonl', ...cache],
      /^scribe: index build: junk\.jsonl: no usable ftdata records \(2 malformed lines\)$/,
    ],
    [
      'a licence that is not an SPDX id',
      ['build', '--dir', '.', '--license', 'my own terms'],
      /is not an SPDX licence id/,
    ],
    ['an unknown option', ['build', '--frobnicate'], /^scribe: index build: Unknown option '--frobnicate'/],
    ['an unknown subcommand', ['rebuild'], /^scribe: index: unknown subcommand 'rebuild'/],
  ];
  ws.write('junk.jsonl', 'not json\n{"input": 1}\n');
  for (const [what, args, message] of badInput) {
    it(`exits 2 with one line on ${what}`, () => {
      const r = scribe(args, ws.root);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      const lines = r.stderr.split('\n').filter((l) => l && !l.startsWith('[index'));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], message);
      assert.equal(r.stdout, '');
    });
  }

  it('builds from ftdata into --out, reports malformed lines, and is up to date the second time', () => {
    const out = join(ws.root, 'corpus');
    const r = scribe(['build', '--ftdata', ftdata, '--out', out, ...cache], ws.root);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^corpus written to .*corpus$/m);
    assert.match(r.stdout, /^tasks: 3 \(3 named; 0 duplicates merged\)$/m);
    assert.match(r.stdout, /^licences: .*MIT 1/m);
    assert.match(r.stdout, /^origins: ftdata 3$/m);
    assert.match(r.stderr, /^\[index 1\/1\] ftdata .*: 3 tasks from 4 lines, 1 malformed/m);
    assert.match(r.stderr, /1 malformed ftdata lines \(skipped; first at line 3\)/);
    assert.equal(loadCorpus(out).tasks.length, 3);

    const again = scribe(['build', '--ftdata', ftdata, '--out', out, '--json', ...cache], ws.root);
    assert.equal(again.code, 0, again.stderr);
    const stats = JSON.parse(again.stdout) as { upToDate: boolean; tasks: number; origins: Record<string, number> };
    assert.equal(stats.upToDate, true);
    assert.equal(stats.tasks, 3);

    const forced = scribe(['build', '--ftdata', ftdata, '--out', out, '--json', '--force', ...cache], ws.root);
    assert.equal((JSON.parse(forced.stdout) as { upToDate: boolean }).upToDate, false);
  });
});

/** A loopback port nobody listens on (taken and released). */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
    });
  });
}

describe('scribe index push', () => {
  const ws = new TempWorkspace();
  let server: TestPostgres;
  before(async () => {
    server = await startPostgres();
  });
  after(() => {
    server?.dispose();
    ws.dispose();
  });
  const cache = ['--cache-dir', sharedCatalogCache];
  const password = 'hunter2-not-shown';

  const oneLine = (r: { code: number | null; stdout: string; stderr: string }, message: RegExp) => {
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const lines = r.stderr.split('\n').filter((l) => l && !l.startsWith('[index') && !l.startsWith('[push'));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], message);
    assert.equal(r.stdout, '');
    assert.ok(!(r.stdout + r.stderr).includes(password), 'the password is never printed');
  };

  it('exits 2 with one line on a URL that is not PostgreSQL’s, or no URL at all', () => {
    oneLine(
      scribe(['push', '--db', `http://me:${password}@example.com/x`, '--ftdata', ftdata], ws.root),
      /^scribe: index push: not a PostgreSQL URL: scheme 'http'/,
    );
    oneLine(scribe(['push', '--db', `${password} nonsense`, '--ftdata', ftdata], ws.root), /not a PostgreSQL URL/);
    oneLine(
      scribe(['push', '--ftdata', ftdata], ws.root),
      /^scribe: index push: --db URL or --db-env VAR is required$/,
    );
    oneLine(
      scribe(['push', '--db-env', 'SCRIBE_TEST_NO_SUCH_VAR', '--ftdata', ftdata], ws.root),
      /^scribe: index push: environment variable SCRIBE_TEST_NO_SUCH_VAR is not set$/,
    );
    oneLine(
      scribe(['push', '--db', server.url, '--batch', 'many', '--ftdata', ftdata], ws.root),
      /^scribe: index push: --batch 'many' is not a number/,
    );
  });

  it('exits 2 with one line, the password masked, when the database is unreachable', async () => {
    const port = await closedPort();
    const r = scribe(
      ['push', '--db', `postgres://scribe:${password}@127.0.0.1:${port}/scribe`, '--ftdata', ftdata],
      ws.root,
    );
    oneLine(
      r,
      new RegExp(
        `^scribe: index push: cannot reach the database postgres://scribe:\\*\\*\\*@127\\.0\\.0\\.1:${port}/scribe: .*ECONNREFUSED`,
      ),
    );
    // A database that does not exist on a running server is unreachable too.
    const missing = server.url.replace(/\/[^/]+$/, '/no_such_db');
    oneLine(scribe(['push', '--db', missing, '--ftdata', ftdata], ws.root), /cannot reach the database .*no_such_db/);
  });

  it('pushes an ftdata corpus through --db-env with progress, then skips it all the second time', async () => {
    // Trust authentication: the password is accepted and must not appear anywhere.
    const url = server.url.replace('scribe@', `scribe:${password}@`);
    const env = { SCRIBE_SHARED_INDEX_URL: url };
    const r = scribe(['push', '--db-env', 'SCRIBE_SHARED_INDEX_URL', '--ftdata', ftdata, ...cache], ws.root, env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(!(r.stdout + r.stderr).includes(password), 'the password is never printed');
    assert.match(
      r.stdout,
      /^pushed 3 tasks to postgres:\/\/scribe:\*\*\*@127\.0\.0\.1:\d+\/scribe_test: 3 new, 0 changed, 0 unchanged; 3 tasks in the shared index/m,
    );
    const versions = MIGRATIONS.map((m) => m.version).join(', ');
    assert.ok(r.stderr.split('\n').includes(`[push] schema migrated to version ${versions}`), r.stderr);
    assert.match(r.stderr, /^\[push 3\/3\] 3 new, 0 changed, 0 unchanged/m);

    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const rows = await client.query<{ name: string; license: string; repo: string }>(
        "SELECT name, license, sources->0->>'repoUrl' AS repo FROM tasks ORDER BY slot",
      );
      assert.deepEqual(rows.rows, [
        { name: 'Start nginx', license: 'MIT', repo: 'https://github.com/acme/acme-playbooks' },
        { name: 'Create the app user', license: 'Apache-2.0', repo: 'https://github.com/acme/acme-roles' },
        { name: 'Touch a file', license: 'NOASSERTION', repo: '' },
      ]);
    } finally {
      await client.end();
    }

    const again = scribe(['push', '--db', server.url, '--ftdata', ftdata, '--json', ...cache], ws.root);
    assert.equal(again.code, 0, again.stderr);
    const result = JSON.parse(again.stdout) as { inserted: number; unchanged: number; size: number };
    assert.deepEqual([result.inserted, result.unchanged, result.size], [0, 3, 3]);
  });
});
