// `scribe suggest` and `scribe eval` as the CLI runs them (runSuggest / runEval; the dispatcher turns
// a UsageError into its one-line message and exit code 2). Bad input is rejected before any corpus
// is loaded; the end-to-end cases use the stored corpus of the installed Ansible (built into a
// temporary folder by `scribe index build` when the user's cache has none).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runEval } from '../../server/src/cli/eval';
import { runIndex } from '../../server/src/cli/index';
import { defaultCacheDir } from '../../server/src/cacheDir';
import { runSuggest } from '../../server/src/cli/suggest';
import { defaultCorpusDir } from '../../server/src/engine/environment';
import { runCli } from '../helpers/cli';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const fixture = join(__dirname, '..', 'fixtures', 'suggest', 'site.yml');
/** The fixture's project would be this repository (its .git): these cases are about the installed corpus alone. */
const alone = '--no-workspace';

const run = runCli;

async function rejects(args: string[], reason: RegExp) {
  const r = await run(runSuggest, ['--cache-dir', sharedCatalogCache, ...args]);
  assert.equal(r.code, 2, r.stdout);
  assert.ok(r.error && !r.error.includes('\n'), `one line: ${r.error}`);
  assert.match(r.error, reason);
}

describe('scribe suggest: bad input', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());
  const inVars = ws.write('vars.yml', '- hosts: all\n  vars:\n    # install nginx\n    port: 80\n  tasks: []\n');
  const broken = ws.write(
    'broken.yml',
    '- hosts: all\n  tasks:\n    - name: A\n      debug: {msg: [}\n    - name: Install nginx\n',
  );

  it('missing file', () =>
    rejects(['/nonexistent/site.yml', '--line', '3'], /^suggest: \/nonexistent\/site\.yml: no such file$/));
  it('no --line, or a bad one', async () => {
    await rejects([fixture], /--line N is required/);
    await rejects([fixture, '--line', '0'], /line number from 1/);
    await rejects([fixture, '--line', 'x'], /line number from 1/);
  });
  it('a --workspace that is not a folder, or with --no-workspace', async () => {
    await rejects(
      [fixture, '--line', '13', '--workspace', '/nonexistent'],
      /^suggest: --workspace \/nonexistent: not a folder$/,
    );
    await rejects([fixture, '--line', '13', '--workspace', ws.root, '--no-workspace'], /exclude each other$/);
  });
  it('line out of range', () => rejects([fixture, '--line', '99'], /line 99 is outside the file \(16 lines\)$/));
  it('broken YAML above the line', () =>
    rejects([broken.path, '--line', '5'], /YAML above line 5 does not parse: .* \(line 4\)$/));
  it('a line that is not a task description', async () => {
    await rejects([fixture, '--line', '9'], /line 9 is not a task description/);
    await rejects([fixture, '--line', '6'], /line 6 is not a task description/);
    await rejects([inVars.path, '--line', '3'], /line 3 is inside "vars:", where a task cannot stand$/);
    await rejects([fixture, '--line', '2'], /play level/);
  });
});

describe('scribe suggest and eval on the installed corpus', () => {
  const ws = new TempWorkspace();
  let corpus = '';
  before(async () => {
    corpus = defaultCorpusDir(defaultCacheDir()) ?? '';
    if (!corpus) {
      corpus = join(ws.root, 'corpus');
      const r = await run(runIndex, ['build', '--quiet', '--cache-dir', sharedCatalogCache, '--out', corpus]);
      assert.equal(r.code, 0, r.error);
    }
  });
  after(() => ws.dispose());

  it('"Install nginx" → a package module, attributed with licences', async () => {
    const r = await run(runSuggest, [
      fixture,
      alone,
      '--line',
      '13',
      '--json',
      '--corpus',
      corpus,
      '--cache-dir',
      sharedCatalogCache,
    ]);
    assert.equal(r.code, 0, r.error);
    const j = JSON.parse(r.stdout) as {
      kind: string;
      insertText: string;
      tasks: {
        fqcn: string;
        drewOn: { license: string; repoUrl: string }[];
        similar: { license: string; score: number }[];
      }[];
    };
    assert.equal(j.kind, 'single');
    const t = j.tasks[0];
    assert.match(t.fqcn, /^ansible\.builtin\.(package|apt|dnf|yum)$/);
    assert.match(j.insertText, /^ {6}ansible\.builtin\.\w+:\n {8}name: /);
    assert.ok(t.drewOn.length > 0 && t.drewOn.every((m) => /\S/.test(m.license)), JSON.stringify(t.drewOn));
    assert.ok(t.similar.length > 0 && t.similar.length <= 3);
    assert.ok(t.similar.every((m) => m.license && m.score > 0 && m.score <= 1));
  });

  it('the licence policy judges the suggestion once: a warning in the output, a block withholds it', async () => {
    const base = [
      fixture,
      alone,
      '--line',
      '13',
      '--corpus',
      corpus,
      '--cache-dir',
      sharedCatalogCache,
      '--threshold',
      '0',
    ];
    const allowed = await run(runSuggest, [...base, '--json']);
    assert.equal(allowed.code, 0, allowed.error);
    assert.deepEqual((JSON.parse(allowed.stdout) as { policy: unknown }).policy, { action: 'allow' });

    const warned = await run(runSuggest, [...base, '--json', '--warn-licenses', '*']);
    assert.equal(warned.code, 0, warned.error);
    const j = JSON.parse(warned.stdout) as { policy: { action: string; reason: string }; matches: unknown[] };
    assert.equal(j.policy.action, 'warn');
    assert.ok(j.matches.length > 0 && j.matches.length <= 3);
    const text = await run(runSuggest, [...base, '--warn-licenses', '*']);
    assert.match(text.stdout, /\nlicence warning: .+\n$/);

    const blocked = await run(runSuggest, [...base, '--block-licenses', 'GPL-*,*']);
    assert.equal(blocked.code, 1);
    assert.equal(blocked.stdout, '');
  });

  it("the file's project steers the suggestion and is attributed as this workspace; --no-workspace leaves it out", async () => {
    const project = new TempWorkspace();
    try {
      project.write('ansible.cfg', '[defaults]\n');
      project.write(
        'roles/app/tasks/web.yml',
        '---\n- name: Restart the web worker\n  community.general.supervisorctl:\n    name: web\n    state: restarted\n',
      );
      const typed = project.write('roles/app/tasks/queue.yml', '---\n- name: Restart the queue worker\n');
      const args = [typed.path, '--line', '2', '--json', '--corpus', corpus, '--cache-dir', sharedCatalogCache];
      type Match = { collection: string; path: string; license: string };
      type Out = { tasks: { fqcn: string; drewOn: Match[]; similar: Match[] }[] };
      const withProject = await run(runSuggest, args);
      assert.equal(withProject.code, 0, withProject.error);
      const t = (JSON.parse(withProject.stdout) as Out).tasks[0];
      assert.equal(t.fqcn, 'community.general.supervisorctl');
      const sibling = (m: Match) => m.collection === 'this workspace' && m.path === 'roles/app/tasks/web.yml';
      // The sibling decided the options: the model says it drew on it, and the index finds it similar.
      assert.ok(t.drewOn.some(sibling), JSON.stringify(t.drewOn));
      assert.equal(t.drewOn.find(sibling)?.license, 'LicenseRef-this-workspace');
      assert.ok(t.similar.some(sibling), JSON.stringify(t.similar));
      const alone = await run(runSuggest, [...args, '--no-workspace']);
      assert.equal(alone.code, 0, alone.error);
      const a = (JSON.parse(alone.stdout) as Out).tasks[0];
      assert.notEqual(a.fqcn, 'community.general.supervisorctl');
      assert.ok(
        a.similar.every((m) => m.collection !== 'this workspace'),
        JSON.stringify(a.similar),
      );
    } finally {
      project.dispose();
    }
  });

  it('a bad licence policy is a usage error', async () => {
    await rejects([fixture, '--line', '13', '--threshold', '2'], /^suggest: .*threshold.*0 to 1/);
  });

  it('a "# a & b" comment → one task per part, as text', async () => {
    const r = await run(runSuggest, [
      fixture,
      alone,
      '--line',
      '15',
      '--corpus',
      corpus,
      '--cache-dir',
      sharedCatalogCache,
    ]);
    assert.equal(r.code, 0, r.error);
    assert.match(r.stdout, /^ {4}- name: start nginx\n {6}ansible\.builtin\.\w+:/);
    assert.match(r.stdout, /\n {4}- name: open port 80 in the firewall\n/);
    assert.match(r.stdout, /"start nginx" → \S+ \(confidence/);
    assert.match(r.stdout, /drew on:\n {4}\d\.\d\d {2}\S+@\S+ {2}\S+ {2}https?:\S+ {2}\S+/);
  });

  it('eval: a table of the model and both baselines; JSON with --json; JSONL data', async () => {
    const r = await run(runEval, [
      '--limit',
      '20',
      '--quiet',
      '--corpus',
      corpus,
      '--cache-dir',
      sharedCatalogCache,
      '--json',
    ]);
    assert.equal(r.code, 0, r.error);
    const j = JSON.parse(r.stdout) as {
      samples: number;
      systems: { name: string; groups: { all: { n: number; schemaCorrect: number } } }[];
    };
    assert.equal(j.samples, 20);
    assert.deepEqual(
      j.systems.map((s) => s.name),
      ['model', 'most-frequent', 'nearest-name'],
    );
    assert.ok(j.systems.every((s) => s.groups.all.n === 20));

    const data = ws.write(
      'data.jsonl',
      [
        {
          context: '- hosts: web\n  tasks:\n',
          name: 'Install nginx',
          task: '    - name: Install nginx\n      ansible.builtin.package:\n        name: nginx\n',
        },
        { context: 'port: 80\n', name: 'x', task: '- name: x\n  debug: {}\n', path: 'roles/r/defaults/main.yml' },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n'),
    );
    const t = await run(runEval, [
      '--data',
      data.path,
      '--quiet',
      '--corpus',
      corpus,
      '--cache-dir',
      sharedCatalogCache,
    ]);
    assert.equal(t.code, 0, t.error);
    assert.match(t.stdout, /^1 tasks from the /);
    assert.match(t.stdout, /^model +all +1 /m);
    assert.match(t.stdout, /^nearest-name +all +1 /m);
  });

  it('eval: bad arguments', async () => {
    const r = await run(runEval, ['--limit', '0']);
    assert.match(r.error ?? '', /--limit must be a positive number/);
    const m = await run(runEval, ['--data', '/nonexistent.jsonl']);
    assert.match(m.error ?? '', /no such file/);
  });
});
