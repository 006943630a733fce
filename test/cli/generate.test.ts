// `scribe generate` as the CLI runs it (runGenerate; the dispatcher turns a UsageError into its
// one-line message and exit 2). Bad input is rejected before the corpus is loaded; the end-to-end
// cases use the stored corpus of the installed Ansible (built into a temporary folder by
// `scribe index build` when the user's cache has none).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { defaultCacheDir } from '../../server/src/cacheDir';
import { runGenerate } from '../../server/src/cli/generate';
import { runIndex } from '../../server/src/cli/index';
import { defaultCorpusDir } from '../../server/src/engine/environment';
import { runCli, type CliCommand } from '../helpers/cli';
import { cannedModel, startModelEndpoint } from '../helpers/modelEndpoint';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const run = (args: string[], command: CliCommand = runGenerate) =>
  runCli(command, ['--cache-dir', sharedCatalogCache, ...args]);

async function rejects(args: string[], reason: RegExp) {
  const r = await run(args);
  assert.equal(r.code, 2, r.stdout);
  assert.ok(r.error && !r.error.includes('\n'), `one line: ${r.error}`);
  assert.match(r.error, reason);
}

describe('scribe generate: bad input', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());
  ws.write('roles/web/tasks/main.yml', '---\n[]\n');
  const empty = ws.write('empty-outline.txt', '\n# only a comment\n\n');

  it('nothing to generate', () => rejects([], /say what to generate/));
  it('empty goal', async () => {
    await rejects(['playbook', '  '], /^generate playbook: the goal is empty/);
    await rejects(['role', 'web', ''], /^generate role: the goal is empty/);
  });
  it('missing goal or role name', async () => {
    await rejects(['playbook'], /one quoted GOAL expected/);
    await rejects(['role', 'Install nginx'], /NAME and a quoted GOAL expected/);
  });
  it('role without --out', () => rejects(['role', 'web', 'Install nginx'], /--out DIR is required/));
  it('bad role name', () => rejects(['role', 'Web Server', 'Install nginx', '--out', ws.root], /not valid/));
  it('existing role', () =>
    rejects(['role', 'web', 'Install nginx', '--out', join(ws.root, 'roles')], /already exists: not overwriting/));
  it('unreadable or empty outline', async () => {
    await rejects(['playbook', 'Install nginx', '--outline', '/nonexistent/outline.txt'], /outline .*: no such file$/);
    await rejects(['playbook', 'Install nginx', '--outline', ws.root], /no such file$/);
    await rejects(['playbook', 'Install nginx', '--outline', empty.path], /no steps/);
  });
  it('unknown option', () => rejects(['playbook', 'x', '--frob'], /^generate: Unknown option/));
  it('a model without an endpoint, or a bad endpoint', async () => {
    await rejects(['playbook', 'x', '--model', 'm'], /need --endpoint URL/);
    await rejects(['playbook', 'x', '--endpoint', 'not a url', '--model', 'm'], /an http\(s\) URL/);
    await rejects(
      ['playbook', 'x', '--endpoint', 'http://127.0.0.1:9/v1', '--model', 'm', '--api', 'rest'],
      /'completions' or 'chat'/,
    );
  });
});

describe('scribe generate on the installed corpus', () => {
  const ws = new TempWorkspace();
  let corpus = '';
  before(async () => {
    corpus = defaultCorpusDir(defaultCacheDir()) ?? '';
    if (!corpus) {
      corpus = join(ws.root, 'corpus');
      const r = await run(['--quiet', '--out', corpus], (argv, out) => runIndex(['build', ...argv], out));
      assert.equal(r.code, 0, r.error);
    }
  });
  after(() => ws.dispose());
  const generate = (args: string[]) => run([...args, '--corpus', corpus]);

  it("prints a playbook and each task's attribution", async () => {
    const r = await generate(['playbook', 'Install and start nginx']);
    assert.equal(r.code, 0, r.error);
    assert.match(r.stdout, /^---\n- name: Install and start nginx\n {2}hosts: all\n/);
    assert.match(r.stdout, /outline from:\n {4}[\d.]+ {2}\S+@\S+ {2}\S+ {2}\S+/);
    assert.match(r.stdout, /→ ansible\.builtin\.\w+ \(confidence/);
    assert.match(r.stdout, /drew on:\n {4}[\d.]+ {2}\S+ {2}\S+ {2}\S+/);
  });

  it('follows --outline and writes --out; --json has tasks with sources', async () => {
    const outline = ws.write('outline.txt', '- Install nginx\n- Start nginx\n');
    const file = join(ws.root, 'site.yml');
    const r = await generate(['playbook', 'Web', '--outline', outline.path, '--out', file, '--json']);
    assert.equal(r.code, 0, r.error);
    const j = JSON.parse(r.stdout) as { tasks: { step: string; drewOn: { license: string }[] }[]; outline: unknown };
    assert.deepEqual(
      j.tasks.map((t) => t.step),
      ['Install nginx', 'Start nginx'],
    );
    assert.ok(j.tasks.every((t) => t.drewOn.length && t.drewOn.every((m) => m.license)));
    const play = (parse(readFileSync(file, 'utf8')) as { tasks: unknown[] }[])[0];
    assert.equal(play.tasks.length, 2);
  });

  it('judges every task by the licence policy (--warn-licenses)', async () => {
    const outline = ws.write('outline2.txt', '- Install nginx\n- Start nginx\n');
    const args = ['playbook', 'Web', '--outline', outline.path, '--threshold', '0', '--warn-licenses', '*'];
    const r = await generate([...args, '--json']);
    assert.equal(r.code, 0, r.error);
    const j = JSON.parse(r.stdout) as { tasks: { policy: { action: string } }[] };
    assert.deepEqual(
      j.tasks.map((t) => t.policy.action),
      ['warn', 'warn'],
    );
    assert.match((await generate(args)).stdout, /\n {2}licence warning: /);
  });

  it('uses an endpoint for the outline and the tasks, attributed by similarity', async () => {
    const endpoint = await startModelEndpoint(cannedModel);
    try {
      const r = await generate([
        'playbook',
        'Install and start nginx',
        '--json',
        '--endpoint',
        endpoint.url,
        '--model',
        'fixture',
      ]);
      assert.equal(r.code, 0, r.error);
      const j = JSON.parse(r.stdout) as {
        outline: { steps: string[]; model: string; sources: unknown[] };
        tasks: { fqcn: string; drewOn: unknown[]; similar: { license: string }[] }[];
      };
      assert.deepEqual(j.outline.steps, ['Install the nginx package', 'Start the nginx service']);
      assert.equal(j.outline.model, 'fixture');
      assert.ok(j.outline.sources.length > 0);
      assert.equal(j.tasks.length, 2);
      for (const t of j.tasks) {
        assert.equal(t.drewOn.length, 0, 'a remote model drew on no exact example');
        assert.ok(t.similar.length > 0 && t.similar.every((m) => m.license));
      }
      assert.equal(endpoint.bodies.length, 3, 'one outline and one request per task');
    } finally {
      await endpoint.close();
    }
  });

  it('writes a role and refuses to write it again', async () => {
    const dir = join(ws.root, 'roles');
    const r = await generate(['role', 'db', 'Set up a PostgreSQL server', '--out', dir]);
    assert.equal(r.code, 0, r.error);
    for (const f of ['tasks/main.yml', 'defaults/main.yml', 'meta/main.yml'])
      assert.ok(existsSync(join(dir, 'db', f)), f);
    await rejects(['role', 'db', 'Set up a PostgreSQL server', '--out', dir], /already exists/);
  });
});
