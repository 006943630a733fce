// The suggestion pipeline with real stages: the nearest-name baseline as the model (a TaskModel
// like the embedded one), the real attribution index over a small corpus, the installed catalog.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { AttributionIndex } from '../../server/src/attribution/attributionIndex';
import type { CorpusTask } from '../../server/src/corpus/types';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { NearestByName } from '../../server/src/eval/baselines';
import { placeBody, placeTask, reindent } from '../../server/src/suggest/placement';
import { suggestAt, type Suggestion } from '../../server/src/suggest/pipeline';
import { sharedCatalogCache } from '../helpers/workspace';

describe('placement', () => {
  const body = 'ansible.builtin.apt:\n  name:\n    - nginx\n  state: present\n';

  it('puts a body under the name at its column', () => {
    assert.equal(
      placeBody(body, 6, 2),
      '      ansible.builtin.apt:\n        name:\n          - nginx\n        state: present\n',
    );
  });

  it('follows a 4-space file', () => {
    assert.equal(
      placeBody(body, 8, 4),
      '        ansible.builtin.apt:\n            name:\n                - nginx\n            state: present\n',
    );
  });

  it('moves block scalar text as a whole, keeping its inner layout', () => {
    const copy = 'ansible.builtin.copy:\n  dest: /etc/motd\n  content: |\n    hello\n      indented\n';
    assert.equal(
      reindent(copy, 4),
      'ansible.builtin.copy:\n    dest: /etc/motd\n    content: |\n        hello\n          indented\n',
    );
  });

  it('writes a whole task for a multi-task comment, quoting a name that needs it', () => {
    assert.equal(
      placeTask('open port: 80', 'ansible.posix.firewalld:\n  port: 80/tcp\n', 4, 6, 2),
      '    - name: "open port: 80"\n      ansible.posix.firewalld:\n        port: 80/tcp\n',
    );
  });
});

function task(
  id: string,
  name: string,
  text: string,
  fqcn: string,
  args: Record<string, unknown>,
  license: string,
): CorpusTask {
  return {
    id,
    name,
    module: fqcn,
    fqcn,
    text: `name: ${name}\n${text}`,
    args,
    keywords: {},
    origin: 'role',
    context: { previousModules: [], section: 'tasks', variables: [] },
    sources: [
      {
        source: 'collection',
        collection: 'demo.web',
        version: '1.2.0',
        path: `roles/web/tasks/${id}.yml`,
        line: 3,
        repoUrl: 'https://example.org/demo/web',
        license,
      },
    ],
    split: 'train',
  };
}

describe('suggestAt', () => {
  const corpus = [
    task(
      't1',
      'Install nginx',
      'ansible.builtin.package:\n  name: nginx\n  state: present\n',
      'ansible.builtin.package',
      { name: 'nginx', state: 'present' },
      'MIT',
    ),
    task(
      't2',
      'Start nginx',
      'ansible.builtin.service:\n  name: nginx\n  state: started\n',
      'ansible.builtin.service',
      { name: 'nginx', state: 'started' },
      'GPL-3.0-or-later',
    ),
    task(
      't3',
      'Open port 80 in the firewall',
      'ansible.posix.firewalld:\n  port: 80/tcp\n  state: enabled\n',
      'ansible.posix.firewalld',
      { port: '80/tcp', state: 'enabled' },
      'Apache-2.0',
    ),
  ];
  const byId = new Map(corpus.map((t) => [t.id, t]));
  const catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
  let deps: Parameters<typeof suggestAt>[2];
  before(async () => {
    await catalog.ready();
    deps = {
      model: NearestByName.train(corpus),
      catalog,
      index: AttributionIndex.build(corpus, (n) => catalog.resolve(n)?.fqcn),
      lookup: (id) => byId.get(id),
      readText: () => undefined,
    };
  });
  after(() => catalog.dispose());

  const ok = (r: Suggestion | { reason: string }): Suggestion => {
    assert.ok(!('reason' in r), 'reason' in r ? r.reason : '');
    return r;
  };

  it('single: the body under "- name:", attributed exactly and by similarity', async () => {
    const text = '- hosts: web\n  tasks:\n    - name: Install nginx\n';
    const r = ok(await suggestAt(parseAnsibleDocument('file:///p/site.yml', text), 2, deps));
    assert.equal(r.kind, 'single');
    assert.equal(r.insertText, '      ansible.builtin.package:\n        name: nginx\n        state: present\n');
    const t = r.tasks[0];
    assert.equal(t.fqcn, 'ansible.builtin.package');
    assert.deepEqual(
      t.drewOn.map((d) => [d.task.id, d.license, d.collection, d.version]),
      [['t1', 'MIT', 'demo.web', '1.2.0']],
    );
    assert.equal(t.similar[0].task.id, 't1');
    assert.equal(t.similar[0].score, 1);
    assert.ok(t.similar.length <= 3);
    assert.ok(r.millis.total >= r.millis.model);
    // The placed text makes a valid playbook with the suggested module.
    const filled = parseAnsibleDocument('file:///p/site.yml', text + r.insertText);
    assert.deepEqual(filled.syntaxErrors, []);
    assert.equal(filled.plays[0].tasks[0].module?.name, 'ansible.builtin.package');
  });

  it('multi: one whole task per part at the comment column', async () => {
    const text = '- hosts: web\n  tasks:\n    # install nginx & start nginx & open port 80\n';
    const r = ok(await suggestAt(parseAnsibleDocument('file:///p/site.yml', text), 2, deps));
    assert.equal(r.kind, 'multi');
    assert.deepEqual(
      r.tasks.map((t) => t.fqcn),
      ['ansible.builtin.package', 'ansible.builtin.service', 'ansible.posix.firewalld'],
    );
    const filled = parseAnsibleDocument('file:///p/site.yml', text + r.insertText);
    assert.deepEqual(filled.syntaxErrors, []);
    assert.deepEqual(
      filled.plays[0].tasks.map((t) => t.name),
      ['install nginx', 'start nginx', 'open port 80'],
    );
    assert.deepEqual(
      r.tasks.map((t) => t.drewOn[0]?.license),
      ['MIT', 'GPL-3.0-or-later', 'Apache-2.0'],
    );
  });

  it("passes the trigger rules' reason through", async () => {
    const r = await suggestAt(
      parseAnsibleDocument('file:///p/site.yml', '- hosts: web\n  vars:\n    # install nginx\n'),
      2,
      deps,
    );
    assert.ok('reason' in r);
    assert.match(r.reason, /inside "vars:"/);
  });
});
