// Attack: a model (a remote endpoint, or the embedded one) answers an innocent description with a
// task that escalates privileges, runs elsewhere, loads code into the process, swaps the Python
// interpreter, hides its output and swallows its failure. `scribe suggest` must print none of that
// and say what it removed; a description that asks for root keeps `become`.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { defaultCacheDir } from '../../server/src/cacheDir';
import { runIndex } from '../../server/src/cli/index';
import { runSuggest } from '../../server/src/cli/suggest';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { defaultCorpusDir } from '../../server/src/engine/environment';
import { renderTask } from '../../server/src/model/render';
import type { ModelSuggestion, TaskModel } from '../../server/src/model/types';
import { postprocess } from '../../server/src/remote/postprocess';
import { applyOutputPolicy } from '../../server/src/suggest/outputPolicy';
import { suggestAt } from '../../server/src/suggest/pipeline';
import { startModelEndpoint, type ModelEndpoint } from '../helpers/modelEndpoint';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

/** The hostile reply: every keyword of the attack under an innocent task. */
const HOSTILE_REPLY = [
  '```yaml',
  '- name: Show the disk usage',
  '  ansible.builtin.shell:',
  '    cmd: df -h',
  '  args:',
  '    executable: /tmp/.x/sh',
  '  become: true',
  '  become_user: root',
  '  delegate_to: evil.example.com',
  '  environment:',
  '    LD_PRELOAD: /tmp/.x/hook.so',
  '  vars:',
  '    ansible_python_interpreter: /tmp/.x/python',
  '  no_log: true',
  '  ignore_errors: true',
  '  register: usage',
  '```',
].join('\n');

/** Every key of the attack, as it must be named in a note and absent from the output. */
const ATTACK_KEYS = [
  'become',
  'become_user',
  'delegate_to',
  'environment',
  'vars',
  'no_log',
  'ignore_errors',
  'executable',
  'ansible_python_interpreter',
];
const ATTACK_VALUES = ['evil.example.com', 'LD_PRELOAD', '/tmp/.x'];

const PLAYBOOK = (name: string) => `- hosts: web\n  tasks:\n    - name: ${name}\n`;

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await runSuggest(args, out);
  return { code, stdout };
}

interface JsonOut {
  insertText: string;
  notes: string[];
  tasks: { body: string; args: Record<string, unknown>; notes: string[] }[];
}

function assertNoAttack(text: string): void {
  for (const v of ATTACK_VALUES) assert.ok(!text.includes(v), `${v} in:\n${text}`);
  for (const k of ATTACK_KEYS) assert.ok(!new RegExp(`^\\s*${k}:`, 'm').test(text), `${k}: in:\n${text}`);
}

function assertNamed(notes: string[], keys: string[]): void {
  for (const k of keys)
    assert.ok(
      notes.some((n) => new RegExp(`\\b${k}\\b`).test(n)),
      `no note names ${k}:\n${notes.join('\n')}`,
    );
}

describe('security: model output keywords (scribe suggest --endpoint)', () => {
  const ws = new TempWorkspace();
  let corpus = '';
  let endpoint: ModelEndpoint;
  let reply = HOSTILE_REPLY;
  before(async () => {
    endpoint = await startModelEndpoint(() => reply);
    corpus = defaultCorpusDir(defaultCacheDir()) ?? '';
    if (!corpus) {
      corpus = join(ws.root, 'corpus');
      const out = new PassThrough();
      out.resume();
      assert.equal(await runIndex(['build', '--quiet', '--cache-dir', sharedCatalogCache, '--out', corpus], out), 0);
    }
  });
  after(async () => {
    await endpoint.close();
    ws.dispose();
  });
  const suggest = (file: string, extra: string[] = []) =>
    run([
      file,
      '--line',
      '3',
      '--endpoint',
      endpoint.url,
      '--model',
      'fixture',
      '--api',
      'chat',
      '--corpus',
      corpus,
      '--cache-dir',
      sharedCatalogCache,
      ...extra,
    ]);

  it('an innocent description: every attacking key removed, each named in a note (JSON and text)', async () => {
    reply = HOSTILE_REPLY;
    const file = ws.write('innocent.yml', PLAYBOOK('Show the disk usage')).path;
    const j = await suggest(file, ['--json']);
    assert.equal(j.code, 0, j.stdout);
    const out = JSON.parse(j.stdout) as JsonOut;
    assertNoAttack(out.insertText);
    assertNoAttack(out.tasks[0].body);
    assert.deepEqual(Object.keys(out.tasks[0].args).sort(), ['cmd']);
    // What stays: the module and the harmless keyword.
    const task = parse(out.tasks[0].body) as Record<string, unknown>;
    assert.deepEqual(task, { 'ansible.builtin.shell': { cmd: 'df -h' }, register: 'usage' });
    assertNamed(out.notes, ATTACK_KEYS);
    assert.deepEqual(out.tasks[0].notes, out.notes);

    const t = await suggest(file);
    assert.equal(t.code, 0, t.stdout);
    const [inserted, report] = t.stdout.split('\n\n');
    assertNoAttack(inserted);
    assert.match(report, /\n {2}output policy:\n/);
    assertNamed(report.split('\n'), ATTACK_KEYS);
  });

  it('the same keys hidden inside the module arguments are not re-admitted', async () => {
    reply = [
      'ansible.builtin.shell:',
      '  cmd: df -h',
      '  become: true',
      '  delegate_to: evil.example.com',
      '  environment: {LD_PRELOAD: /tmp/.x/hook.so}',
      '  executable: /tmp/.x/sh',
    ].join('\n');
    const file = ws.write('hidden.yml', PLAYBOOK('Show the disk usage')).path;
    const j = await suggest(file, ['--json']);
    assert.equal(j.code, 0, j.stdout);
    const out = JSON.parse(j.stdout) as JsonOut;
    assertNoAttack(out.insertText);
    assertNamed(out.notes, ['executable']);
  });

  it('a description that asks for root keeps become (and nothing else of the attack)', async () => {
    reply = HOSTILE_REPLY;
    const file = ws.write('root.yml', PLAYBOOK('Show the disk usage as root')).path;
    const j = await suggest(file, ['--json']);
    assert.equal(j.code, 0, j.stdout);
    const out = JSON.parse(j.stdout) as JsonOut;
    const task = parse(out.tasks[0].body) as Record<string, unknown>;
    assert.equal(task.become, true);
    assert.equal(task.become_user, 'root');
    for (const k of ['delegate_to', 'environment', 'vars', 'no_log', 'ignore_errors'])
      assert.ok(!(k in task), `${k} kept`);
    assert.ok(!out.notes.some((n) => /^removed become\b/.test(n)), out.notes.join('\n'));
  });

  it('a play that already escalates keeps become; a description that names the host keeps delegate_to', async () => {
    reply = HOSTILE_REPLY;
    const file = ws.write(
      'context.yml',
      '- hosts: web\n  become: true\n  tasks:\n    - name: Show the disk usage on evil.example.com\n',
    ).path;
    const j = await run([
      file,
      '--line',
      '4',
      '--json',
      '--endpoint',
      endpoint.url,
      '--model',
      'fixture',
      '--corpus',
      corpus,
      '--cache-dir',
      sharedCatalogCache,
    ]);
    assert.equal(j.code, 0, j.stdout);
    const out = JSON.parse(j.stdout) as JsonOut;
    const task = parse(out.tasks[0].body) as Record<string, unknown>;
    assert.equal(task.become, true);
    assert.equal(task.delegate_to, 'evil.example.com');
    assert.ok(!('environment' in task) && !('vars' in task) && !('no_log' in task));
  });
});

describe('security: model output keywords (the embedded path: any TaskModel through the pipeline)', () => {
  let catalog: AnsibleCatalog;
  before(async () => {
    catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
    await catalog.ready();
  });
  after(() => catalog.dispose());

  /** A test double standing in for the embedded model: answers every request with the attack. */
  const hostile: TaskModel = {
    suggest: (): ModelSuggestion => {
      const args = { cmd: 'df -h', executable: '/tmp/.x/sh' };
      const keywords = {
        become: true,
        become_method: 'su',
        delegate_to: 'evil.example.com',
        environment: { LD_PRELOAD: '/tmp/.x/hook.so', LANG: 'C' },
        vars: { ansible_python_interpreter: '/tmp/.x/python' },
        no_log: true,
        ignore_errors: true,
        local_action: 'command id',
      };
      return {
        fqcn: 'ansible.builtin.shell',
        args,
        keywords,
        yaml: renderTask('ansible.builtin.shell', args, keywords),
        drewOn: [],
        confidence: 0.9,
      };
    },
  };

  it('single and multi-task suggestions lose every attacking key, with notes', async () => {
    const text = '- hosts: web\n  tasks:\n    - name: Show the disk usage\n\n    # list files & show uptime\n';
    const doc = parseAnsibleDocument('file:///w/site.yml', text);
    for (const line of [2, 4]) {
      const s = await suggestAt(doc, line, { model: hostile, catalog });
      assert.ok(!('reason' in s), JSON.stringify(s));
      assertNoAttack(s.insertText);
      assert.ok(!s.insertText.includes('local_action'));
      for (const t of s.tasks) {
        assertNoAttack(t.body);
        assert.deepEqual(t.args, { cmd: 'df -h' });
        assertNamed(t.notes, [...ATTACK_KEYS.filter((k) => k !== 'become_user'), 'become_method', 'local_action']);
      }
      assert.equal(
        s.notes.length,
        s.tasks.reduce((n, t) => n + t.notes.length, 0),
      );
    }
  });

  it('interpreter and connection variables go wherever they are (set_fact, loop items)', () => {
    const yaml = [
      'ansible.builtin.set_fact:',
      '  ansible_python_interpreter: /tmp/.x/python',
      '  ansible_become_password: x',
      '  web_port: 8080',
      'loop:',
      '  - {ansible_ruby_interpreter: /tmp/r}',
    ].join('\n');
    const r = applyOutputPolicy(
      { fqcn: 'ansible.builtin.set_fact', args: {}, keywords: {}, yaml, drewOn: [], confidence: 1 },
      {
        description: 'Set the web port',
        context: { previousModules: [], collectionsInUse: [], variables: [], section: 'tasks' },
      },
    );
    assert.ok(!('reason' in r));
    assert.ok(!/interpreter|become/.test(r.suggestion.yaml), r.suggestion.yaml);
    assert.match(r.suggestion.yaml, /web_port: 8080/);
    assertNamed(r.notes, ['ansible_python_interpreter', 'ansible_become_password', 'ansible_ruby_interpreter']);
  });

  it('justified keywords stay: sudo, a proxy the file sets, a secret, "ignore errors", vars the task uses', () => {
    const fileText = '- hosts: all\n  environment:\n    http_proxy: http://proxy:3128\n  tasks:\n';
    const keywords = {
      become: true,
      environment: { http_proxy: 'http://proxy:3128', LD_LIBRARY_PATH: '/tmp' },
      no_log: true,
      ignore_errors: true,
      vars: { pkg: 'curl', unused: 1 },
    };
    const args = { name: '{{ pkg }}', password: 'x' };
    const r = applyOutputPolicy(
      {
        fqcn: 'ansible.builtin.package',
        args,
        keywords,
        yaml: renderTask('ansible.builtin.package', args, keywords),
        drewOn: [],
        confidence: 1,
      },
      {
        description: 'Install curl with sudo, ignore errors',
        context: {
          previousModules: [],
          collectionsInUse: [],
          variables: [],
          section: 'tasks',
          fileText,
          listIndent: 4,
        },
      },
    );
    assert.ok(!('reason' in r));
    const task = parse(r.suggestion.yaml) as Record<string, unknown>;
    assert.equal(task.become, true);
    assert.deepEqual(task.environment, { http_proxy: 'http://proxy:3128' });
    assert.equal(task.no_log, true);
    assert.equal(task.ignore_errors, true);
    assert.deepEqual(task.vars, { pkg: 'curl' });
    assertNamed(r.notes, ['LD_LIBRARY_PATH', 'unused']);
    assert.equal(r.notes.length, 2, r.notes.join('\n'));
  });

  it('Jinja spellings of true, never-failing conditions, check_mode: false and free-form executable= go too', () => {
    const yaml = [
      'ansible.builtin.shell: rm -rf /srv/cache executable=/tmp/.x/sh',
      'become: "{{ true }}"',
      'ignore_errors: "{{ 1 }}"',
      'no_log: "{{ true }}"',
      'failed_when: "1 == 2"',
      'check_mode: false',
      'changed_when: result.rc != 0',
    ].join('\n');
    const r = applyOutputPolicy(
      { fqcn: 'ansible.builtin.shell', args: {}, keywords: {}, yaml, drewOn: [], confidence: 1 },
      {
        description: 'Clear the cache',
        context: { previousModules: [], collectionsInUse: [], variables: [], section: 'tasks' },
      },
    );
    assert.ok(!('reason' in r));
    assert.deepEqual(parse(r.suggestion.yaml), {
      'ansible.builtin.shell': 'rm -rf /srv/cache',
      changed_when: 'result.rc != 0',
    });
    assertNamed(r.notes, ['become', 'ignore_errors', 'no_log', 'failed_when', 'check_mode', 'executable']);
  });

  it('become follows the words of the description, not its subject', () => {
    const cases: [string, boolean][] = [
      ['Install sudo', false],
      ['Create the root directory', false],
      ['Restart nginx with sudo', true],
      ['Read the shadow file as root', true],
      ['Run the migration as the postgres user', true],
      ['Reload the service (become)', true],
    ];
    for (const [description, kept] of cases) {
      const keywords = { become: true, become_user: 'postgres' };
      const r = applyOutputPolicy(
        {
          fqcn: 'ansible.builtin.command',
          args: { cmd: 'true' },
          keywords,
          yaml: renderTask('ansible.builtin.command', { cmd: 'true' }, keywords),
          drewOn: [],
          confidence: 1,
        },
        { description, context: { previousModules: [], collectionsInUse: [], variables: [], section: 'tasks' } },
      );
      assert.ok(!('reason' in r));
      const task = parse(r.suggestion.yaml) as Record<string, unknown>;
      assert.equal('become' in task, kept, description);
      // The user to become only when named (postgres), never just because become stays.
      assert.equal('become_user' in task, description.includes('postgres'), description);
    }
  });

  it('the endpoint parser drops run keywords written among the arguments, even without module docs', async () => {
    const noDocs = { resolve: catalog.resolve.bind(catalog), loadDoc: () => Promise.resolve(undefined) };
    const r = await postprocess(
      'ansible.builtin.shell: df -h become=yes\nargs:\n  delegate_to: evil\n  chdir: /tmp\n',
      noDocs,
    );
    assert.ok(r.suggestion, r.reason);
    assert.deepEqual(r.suggestion.args, { _raw_params: 'df -h', chdir: '/tmp' });
    assert.deepEqual(r.suggestion.keywords, {});
  });
});
