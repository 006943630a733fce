// What `scribe eval` reports for studying errors: foreign variables, command where a module does the
// job, the confusion summary, the file-kind and "module already in file" groups, and the prediction
// records, on hand-written records scored against the installed Ansible's catalog.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import type { CorpusTask } from '../../server/src/corpus/types';
import { actionYaml, NearestByName } from '../../server/src/eval/baselines';
import { evaluate, formatReport, type PredictionRecord } from '../../server/src/eval/run';
import { dataSamples } from '../../server/src/eval/samples';
import {
  commandWhereModule,
  confusionSummary,
  formatConfusion,
  suggestionForeignVariables,
} from '../../server/src/eval/study';
import type { TaskRequest } from '../../server/src/suggest/types';
import { sharedCatalogCache } from '../helpers/workspace';

const inScope = (...variables: string[]): TaskRequest => ({
  description: 'x',
  context: { previousModules: [], collectionsInUse: [], variables, section: 'tasks' },
});
const foreign = (args: Record<string, unknown>, keywords: Record<string, unknown>, ...variables: string[]) =>
  suggestionForeignVariables({ args, keywords }, inScope(...variables));

describe('foreign variables', () => {
  it('a variable the request does not have in scope is foreign; one it has is not', () => {
    assert.deepEqual(foreign({ port: '{{ he_webui_forward_port }}/tcp' }, {}), ['he_webui_forward_port']);
    assert.deepEqual(foreign({ port: '{{ web_port }}/tcp' }, {}, 'web_port'), []);
  });

  it("a variable the task name writes is the project's, not foreign", () => {
    const request = { ...inScope(), description: 'ensure {{ mariadb_service }} is started' };
    assert.deepEqual(
      suggestionForeignVariables({ args: { name: '{{ mariadb_service }}' }, keywords: {} }, request),
      [],
    );
    assert.deepEqual(suggestionForeignVariables({ args: { name: '{{ redis_daemon }}' }, keywords: {} }, request), [
      'redis_daemon',
    ]);
    // …written bare too: the user typed it.
    const bare = { ...inScope(), description: 'Test users_shell' };
    const test = { fqcn: 'ansible.builtin.assert', args: { that: ['users_shell is string'] }, keywords: {} };
    assert.deepEqual(suggestionForeignVariables(test, bare), []);
  });

  it("an assert's conditions and a debug's var are read as the expressions they are", () => {
    const request = inScope('web_port');
    const assertion = (that: unknown) =>
      suggestionForeignVariables({ fqcn: 'ansible.builtin.assert', args: { that }, keywords: {} }, request);
    assert.deepEqual(assertion(['my_param <= 100', 'web_port > 0']), ['my_param']);
    assert.deepEqual(assertion('web_port > 0'), []);
    const shown = suggestionForeignVariables(
      { fqcn: 'ansible.builtin.debug', args: { var: 'result' }, keywords: {} },
      request,
    );
    assert.deepEqual(shown, ['result']);
  });

  it('facts, magic variables, filters and attributes are never foreign', () => {
    assert.deepEqual(
      foreign(
        { msg: '{{ ansible_facts.os_family | lower }} {{ hostvars[inventory_hostname].x }} {{ groups["web"] }}' },
        {},
      ),
      [],
    );
  });

  it('`item` needs a loop in the suggestion (or in scope); a loop_var renames it', () => {
    assert.deepEqual(foreign({ name: '{{ item }}' }, {}), ['item']);
    assert.deepEqual(foreign({ name: '{{ item }}' }, { loop: ['a'] }), []);
    assert.deepEqual(foreign({ name: '{{ item }}' }, { with_items: ['a'] }), []);
    assert.deepEqual(foreign({ name: '{{ item }}' }, {}, 'item'), []);
    assert.deepEqual(foreign({ name: '{{ pkg }}' }, { loop: ['a'], loop_control: { loop_var: 'pkg' } }), []);
    assert.deepEqual(foreign({ name: '{{ item }}' }, { loop: ['a'], loop_control: { loop_var: 'pkg' } }), ['item']);
  });

  it('keywords are read too: bare `when:` expressions, the loop, the task vars (which bring their own names)', () => {
    assert.deepEqual(foreign({}, { when: 'nginx_enabled | bool' }), ['nginx_enabled']);
    assert.deepEqual(foreign({}, { when: 'nginx_enabled | bool' }, 'nginx_enabled'), []);
    assert.deepEqual(foreign({ name: '{{ item }}' }, { loop: '{{ other_project_packages }}' }), [
      'other_project_packages',
    ]);
    assert.deepEqual(foreign({ dest: '{{ conf }}' }, { vars: { conf: '/etc/{{ app }}.conf' } }), ['app']);
    assert.deepEqual(foreign({ dest: '{{ conf }}' }, { vars: { conf: '/etc/x.conf' } }), []);
  });
});

describe('command where a module exists', () => {
  const args = (line: string) => new Map([['_raw_params', line]]);
  it('a command line a module does is flagged with that module', () => {
    assert.equal(
      commandWhereModule('ansible.builtin.command', args('firewall-cmd --add-port 80/tcp'), 'Open port 80'),
      'ansible.posix.firewalld',
    );
    assert.equal(
      commandWhereModule('ansible.builtin.shell', args('systemctl restart nginx'), 'Restart nginx'),
      'ansible.builtin.systemd',
    );
  });
  it('not when the description asks for the command, nor a query, nor another module', () => {
    assert.equal(
      commandWhereModule('ansible.builtin.command', args('systemctl restart nginx'), 'Run systemctl'),
      undefined,
    );
    assert.equal(
      commandWhereModule('ansible.builtin.command', args('systemctl is-active nginx'), 'Check nginx'),
      undefined,
    );
    assert.equal(commandWhereModule('ansible.builtin.command', args('/opt/app/bin/migrate'), 'Migrate'), undefined);
    assert.equal(commandWhereModule('ansible.builtin.file', args('mkdir /x'), 'Make /x'), undefined);
  });
});

describe('confusion summary', () => {
  const pairs = [
    { reference: 'ansible.builtin.service', predicted: 'ansible.builtin.systemd' },
    { reference: 'ansible.builtin.service', predicted: 'ansible.builtin.systemd' },
    { reference: 'ansible.builtin.service', predicted: 'ansible.builtin.service' },
    { reference: 'ansible.builtin.service', predicted: '' },
    { reference: 'ansible.builtin.copy', predicted: 'ansible.builtin.template' },
    { reference: 'ansible.builtin.debug', predicted: 'ansible.builtin.debug' },
  ];
  it('counts per reference module, most wrong first, what was suggested instead', () => {
    assert.deepEqual(confusionSummary(pairs), [
      {
        reference: 'ansible.builtin.service',
        n: 4,
        right: 1,
        predicted: [
          { module: 'ansible.builtin.systemd', count: 2 },
          { module: '(none)', count: 1 },
        ],
      },
      {
        reference: 'ansible.builtin.copy',
        n: 1,
        right: 0,
        predicted: [{ module: 'ansible.builtin.template', count: 1 }],
      },
      { reference: 'ansible.builtin.debug', n: 1, right: 1, predicted: [] },
    ]);
  });
  it('as text, limited to the top rows', () => {
    const text = formatConfusion('model', confusionSummary(pairs), 2);
    assert.match(text, /^ansible\.builtin\.service +4 +1 +3 {2}ansible\.builtin\.systemd 2, \(none\) 1$/m);
    assert.match(text, /^… 1 more reference modules/m);
    assert.doesNotMatch(text, /builtin\.debug/);
  });
});

describe('evaluate: groups, rates, predictions and confusion on records', () => {
  const catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
  before(() => catalog.ready());
  after(() => catalog.dispose());

  const train = (id: string, name: string, fqcn: string, args: Record<string, unknown>): CorpusTask => ({
    id,
    name,
    module: fqcn,
    fqcn,
    text: `name: ${name}\n${actionYaml(fqcn, args)}`,
    args,
    keywords: {},
    origin: 'role',
    context: { previousModules: [], section: 'tasks', variables: [] },
    sources: [],
    split: 'train',
  });
  const model = NearestByName.train([
    train('1', 'Install the web server', 'ansible.builtin.package', { name: '{{ nginx_pkg }}' }),
    train('2', 'Restart nginx', 'ansible.builtin.service', { name: 'nginx', state: 'restarted' }),
    train('3', 'Open port 80 in the firewall', 'ansible.builtin.command', {
      _raw_params: 'firewall-cmd --add-port 80/tcp',
    }),
  ]);
  const records = [
    {
      id: 'play',
      repo: 'demo/site',
      context: '- hosts: web\n  vars:\n    nginx_pkg: nginx\n  tasks:\n',
      name: 'Install the web server',
      task: '    - name: Install the web server\n      ansible.builtin.package:\n        name: "{{ nginx_pkg }}"\n',
    },
    {
      id: 'again',
      repo: 'demo/role-web',
      path: 'eval-fixture/roles/web/tasks/main.yml',
      context: '- name: Install the web server\n  ansible.builtin.package:\n    name: nginx\n',
      name: 'Install the web server once more',
      task: '- name: Install the web server once more\n  ansible.builtin.package:\n    name: nginx\n',
    },
    {
      id: 'handler',
      repo: 'demo/role-web',
      path: 'eval-fixture/roles/web/handlers/main.yml',
      context: '',
      name: 'Restart nginx',
      task: '- name: Restart nginx\n  ansible.builtin.service:\n    name: nginx\n    state: restarted\n',
    },
    {
      id: 'port',
      repo: 'demo/role-web',
      path: 'eval-fixture/roles/web/tasks/firewall.yml',
      context: '',
      name: 'Open port 80 in the firewall',
      task: '- name: Open port 80 in the firewall\n  ansible.posix.firewalld:\n    port: 80/tcp\n    state: enabled\n',
    },
  ];

  it('scores per group and writes one record per sample, in order', async () => {
    const { samples, skipped } = dataSamples(records.map((r) => JSON.stringify(r)).join('\n'), catalog);
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      samples.map((s) => s.fileKind),
      ['playbook', 'tasks', 'handlers', 'tasks'],
    );
    const lines: PredictionRecord[] = [];
    const report = await evaluate(samples, [{ name: 'nearest', model }], catalog, {
      confusion: true,
      by: 'repo',
      onPrediction: (p) => lines.push(p),
    });
    const g = report.systems[0].groups;
    assert.equal(g.all?.n, 4);
    assert.equal(g.all?.suggestions, 4);
    assert.equal(g.all?.foreignVariableRate, 1 / 4); // nginx_pkg in the role file, where nothing defines it
    assert.equal(g.all?.commandWhereModuleRate, 1 / 4);
    assert.equal(g.playbook?.n, 1);
    assert.equal(g.playbook?.foreignVariableRate, 0);
    assert.equal(g['tasks file']?.n, 2);
    assert.equal(g['handlers file']?.n, 1);
    assert.equal(g['module in file']?.n, 1);
    assert.equal(g['module in file']?.foreignVariableRate, 1);
    assert.equal(g['module new to file']?.n, 3);

    assert.deepEqual(
      lines.map((l) => l.id),
      ['play', 'again', 'handler', 'port'],
    );
    const port = lines[3];
    assert.equal(port.description, 'Open port 80 in the firewall');
    assert.equal(port.referenceModule, 'ansible.posix.firewalld');
    assert.equal(port.predictedModule, 'ansible.builtin.command');
    assert.equal(port.commandWhereModule, 'ansible.posix.firewalld');
    assert.equal(port.referenceCommandWhereModule, null);
    assert.equal(port.scores.module, 0);
    assert.ok(port.groups.includes('tasks file') && port.groups.includes('module new to file'));
    assert.deepEqual(lines[1].foreignVariables, ['nginx_pkg']);
    assert.deepEqual(
      report.systems[0].by?.map((b) => [b.group, b.scores.n, b.scores.foreignVariableRate]),
      [
        ['repo=demo/role-web', 3, 1 / 3],
        ['repo=demo/site', 1, 0],
      ],
    );
    assert.match(formatReport(report), /^ +repo=demo\/site +1 /m);
    assert.deepEqual(report.systems[0].foreignVariables, [{ name: 'nginx_pkg', count: 1 }]);
    assert.match(formatReport(report), /^nearest: foreign variables most used: nginx_pkg \(1\)$/m);
    assert.equal(lines[0].scores.exact, 1);
    assert.equal(lines[0].predicted, 'ansible.builtin.package:\n  name: "{{ nginx_pkg }}"\n');
    assert.ok(lines.every((l) => l.system === 'nearest' && l.millis >= 0));

    assert.deepEqual(report.systems[0].confusion?.[0], {
      reference: 'ansible.posix.firewalld',
      n: 1,
      right: 0,
      predicted: [{ module: 'ansible.builtin.command', count: 1 }],
    });
  });

  it("--workspace-by: a record sees the named tasks of its project's other files, not its own file's", () => {
    const jsonl = records.map((r) => JSON.stringify(r)).join('\n');
    const { samples } = dataSamples(jsonl, catalog, { workspaceBy: 'repo' });
    const seen = (id: string) =>
      (samples.find((s) => s.id === id)!.request.context.workspaceTasks ?? []).map((t) => `${t.name} ${t.fqcn}`);
    // The handler's file is in the same role: it comes first.
    assert.deepEqual(seen('port'), [
      'Restart nginx ansible.builtin.service',
      'Install the web server ansible.builtin.package',
      'Install the web server once more ansible.builtin.package',
    ]);
    assert.ok(!seen('again').some((t) => t.startsWith('Install the web server')), 'its own file is not its workspace');
    // The task files next to its own, as the editor lists them from disk.
    assert.deepEqual(samples.find((s) => s.id === 'port')!.request.context.localFiles?.tasks, ['main.yml']);
    assert.deepEqual(seen('play'), [], 'a record without a path has no workspace');
    assert.equal(dataSamples(jsonl, catalog).samples[3].request.context.workspaceTasks, undefined);
  });
});
