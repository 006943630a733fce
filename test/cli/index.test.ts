// `scribe index build` as a user runs it (the CLI's entry point through tsx, so no bundle is
// needed): bad input gives one line and exit 2; a build prints stats and is then up to date.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { loadCorpus } from '../../server/src/corpus/store';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const repo = join(__dirname, '..', '..');
const entry = join(repo, 'server', 'src', 'cli.ts');
// The temp workspace is the cwd, so tsx is named by its path, not as a package.
const tsx = pathToFileURL(join(repo, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const ftdata = join(__dirname, '..', 'fixtures', 'corpus', 'ftdata.jsonl');

function scribe(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, ['--import', tsx, entry, 'index', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, XDG_CACHE_HOME: join(cwd, 'xdg') },
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
