// `scribe suggest --db-env VAR` (issue 13, part 2): similar tasks from the shared index in a real
// PostgreSQL, including one only the database holds (pushed with `scribe index push --dir`); the
// local index with the reason when the database cannot be reached; a clear usage error when the
// variable is unset, with nothing of its value printed.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultCacheDir } from '../../server/src/cacheDir';
import { runIndex } from '../../server/src/cli/index';
import { runSuggest } from '../../server/src/cli/suggest';
import { defaultCorpusDir } from '../../server/src/engine/environment';
import { runCli } from '../helpers/cli';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const fixture = join(__dirname, '..', 'fixtures', 'suggest', 'site.yml');
const VARIABLE = 'SCRIBE_TEST_SUGGEST_DB_URL';
/** A licence no installed collection uses: a match under it comes from the database. */
const TEAM_LICENCE = '0BSD';

interface SuggestJson {
  insertText: string;
  tasks: { similar: { license: string; score: number; path: string }[] }[];
  attribution?: { source: string; database: string; fallback?: string };
}

describe('scribe suggest --db-env', () => {
  const ws = new TempWorkspace();
  let pg: TestPostgres;
  let corpus = '';
  const suggest = (...extra: string[]) =>
    runCli(runSuggest, [fixture, '--line', '13', '--corpus', corpus, '--cache-dir', sharedCatalogCache, ...extra]);

  before(async () => {
    corpus = defaultCorpusDir(defaultCacheDir()) ?? '';
    if (!corpus) {
      corpus = join(ws.root, 'corpus');
      const r = await runCli(runIndex, ['build', '--quiet', '--cache-dir', sharedCatalogCache, '--out', corpus]);
      assert.equal(r.code, 0, r.error);
    }
    pg = await startPostgres();
    process.env[VARIABLE] = pg.url;
  });
  after(() => {
    pg?.dispose();
    delete process.env[VARIABLE];
    ws.dispose();
  });

  it('prints a similar task only the shared index holds', async () => {
    const local = await suggest('--json');
    assert.equal(local.code, 0, local.error);
    const suggestion = JSON.parse(local.stdout) as SuggestJson;
    assert.ok(!suggestion.tasks[0].similar.some((m) => m.license === TEAM_LICENCE));
    assert.equal(suggestion.attribution, undefined);

    // The team's playbook holds exactly the suggested task.
    const dir = join(ws.root, 'team-playbooks');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'web.yml'), `- hosts: all\n  tasks:\n    - name: Install nginx\n${suggestion.insertText}`);
    const pushed = await runCli(runIndex, [
      'push',
      '--db-env',
      VARIABLE,
      '--dir',
      dir,
      '--license',
      TEAM_LICENCE,
      '--quiet',
      '--cache-dir',
      sharedCatalogCache,
    ]);
    assert.equal(pushed.code, 0, pushed.error);

    const text = await suggest('--db-env', VARIABLE);
    assert.equal(text.code, 0, text.error);
    assert.match(text.stdout, /similar:\n {4}1\.00 {2}\S+ {2}web\.yml:3 .* 0BSD {2}"Install nginx"/);

    const json = JSON.parse((await suggest('--db-env', VARIABLE, '--json')).stdout) as SuggestJson;
    assert.equal(json.attribution?.source, 'shared');
    assert.equal(json.attribution?.database, pg.url.replace(/:[^:@/]*@/, '@')); // no password either way
    const mine = json.tasks[0].similar.find((m) => m.license === TEAM_LICENCE);
    assert.ok(mine, JSON.stringify(json.tasks[0].similar));
    assert.equal(mine.score, 1);
  });

  it('falls back to the local index when the database cannot be reached, and says why', async () => {
    process.env.SCRIBE_TEST_DEAD_DB_URL = 'postgres://scribe:secret@127.0.0.1:1/nothing';
    try {
      const r = await suggest('--db-env', 'SCRIBE_TEST_DEAD_DB_URL', '--json');
      assert.equal(r.code, 0, r.error);
      const j = JSON.parse(r.stdout) as SuggestJson;
      assert.equal(j.attribution?.source, 'local');
      assert.match(j.attribution?.fallback ?? '', /cannot reach the database/);
      assert.doesNotMatch(r.stdout, /secret/);
      assert.ok(j.tasks[0].similar.length > 0);
      assert.ok(!j.tasks[0].similar.some((m) => m.license === TEAM_LICENCE));
    } finally {
      delete process.env.SCRIBE_TEST_DEAD_DB_URL;
    }
  });

  it('an unset variable or a URL in place of its name is a usage error naming the variable', async () => {
    const unset = await suggest('--db-env', 'SCRIBE_TEST_NO_SUCH_VARIABLE');
    assert.equal(unset.code, 2);
    assert.match(unset.error ?? '', /SCRIBE_TEST_NO_SUCH_VARIABLE is not set/);
    const url = await suggest('--db-env', 'postgres://scribe:secret@127.0.0.1/x');
    assert.equal(url.code, 2);
    assert.match(url.error ?? '', /--db-env takes the name of an environment variable holding the URL/);
    assert.doesNotMatch(url.error ?? '', /secret/);
  });
});
