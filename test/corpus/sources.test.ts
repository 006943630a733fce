// Corpus sources besides installed collections: ftdata JSONL, --dir trees (licence, git remote,
// commit), and workspace files.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildCorpus, CorpusInputError } from '../../server/src/corpus/build';
import { indexWorkspaceFiles } from '../../server/src/corpus/workspace';
import { TempWorkspace } from '../helpers/workspace';

const ftdata = join(__dirname, '..', 'fixtures', 'corpus', 'ftdata.jsonl');

const gplText = `                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007
`;

describe('ftdata import', () => {
  it('takes each record’s task with its context, licence and repository, counting malformed lines', async () => {
    const built = await buildCorpus({ ftdata: [ftdata] });
    assert.equal(built.report.ftdata.lines, 4);
    assert.equal(built.report.ftdata.malformed, 1);
    assert.deepEqual(built.report.ftdata.malformedLines, [3]);
    assert.deepEqual(
      built.tasks.map((t) => [t.name, t.module, t.origin]),
      [
        ['Start nginx', 'ansible.builtin.service', 'ftdata'],
        ['Create the app user', 'user', 'ftdata'],
        ['Touch a file', 'ansible.builtin.file', 'ftdata'],
      ],
    );
    const [nginx, user, touch] = built.tasks;
    assert.deepEqual(nginx.args, { name: 'nginx', state: 'started' });
    assert.deepEqual(nginx.context.previousModules, ['ansible.builtin.apt']);
    assert.deepEqual(nginx.context.variables, ['nginx_install']);
    assert.equal(nginx.text, 'name: Start nginx\nansible.builtin.service:\n  name: nginx\n  state: started');
    assert.deepEqual(nginx.sources[0], {
      source: 'ftdata',
      collection: 'acme-playbooks',
      version: '',
      path: 'playbooks/web.yml',
      line: 0,
      repoUrl: 'https://github.com/acme/acme-playbooks',
      license: 'MIT',
    });
    assert.equal(user.sources[0].license, 'Apache-2.0');
    assert.equal(touch.sources[0].license, 'NOASSERTION');
  });

  it('fails with one line when the file is missing or has no usable record', async () => {
    const ws = new TempWorkspace();
    try {
      await assert.rejects(buildCorpus({ ftdata: [join(ws.root, 'missing.jsonl')] }), (e: Error) => {
        assert.ok(e instanceof CorpusInputError);
        assert.match(e.message, /missing\.jsonl: no such ftdata file$/);
        return true;
      });
      const junk = ws.write('junk.jsonl', 'not json\n{"input": 1}\n');
      await assert.rejects(buildCorpus({ ftdata: [junk.path] }), /no usable ftdata records \(2 malformed lines\)/);
    } finally {
      ws.dispose();
    }
  });
});

describe('--dir import', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());
  const root = join(ws.root, 'team');
  ws.write(
    'team/.git/config',
    '[core]\n\tbare = false\n[remote "upstream"]\n\turl = https://example.com/x/y\n[remote "origin"]\n\turl = git@gitlab.example.com:ops/team-playbooks.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n',
  );
  ws.write('team/.git/HEAD', 'ref: refs/heads/main\n');
  ws.write(
    'team/.git/packed-refs',
    '# pack-refs with: peeled fully-peeled sorted\n0123456789abcdef0123456789abcdef01234567 refs/heads/main\n',
  );
  ws.write('team/COPYING', gplText);
  ws.write(
    'team/site.yml',
    '- name: Site\n  hosts: all\n  roles: [db]\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n',
  );
  ws.write('team/roles/db/defaults/main.yml', 'db_name: app\n');
  ws.write(
    'team/roles/db/tasks/main.yml',
    '- name: Create the database\n  community.postgresql.postgresql_db:\n    name: "{{ db_name }}"\n',
  );
  ws.write(
    'team/roles/db/tasks/mit.yml',
    '# SPDX-License-Identifier: MIT\n- name: Dump\n  ansible.builtin.command: pg_dump app\n',
  );
  ws.write('team/docker-compose.yml', 'services:\n  web:\n    image: nginx\n');
  ws.write('team/data/list.yml', '- name: not a task file\n  colour: blue\n');

  it('indexes playbooks and role files with the git remote, commit and licence of the tree', async () => {
    const built = await buildCorpus({ dirs: [root] });
    assert.deepEqual(
      built.tasks.map((t) => [t.name, t.origin, t.sources[0].path, t.sources[0].license]),
      [
        ['Create the database', 'role', 'roles/db/tasks/main.yml', 'GPL-3.0-only'],
        ['Dump', 'role', 'roles/db/tasks/mit.yml', 'MIT'],
        ['Ping', 'playbook', 'site.yml', 'GPL-3.0-only'],
      ],
    );
    const db = built.tasks[0];
    assert.equal(db.sources[0].source, 'dir');
    assert.equal(db.sources[0].collection, 'team-playbooks');
    assert.equal(db.sources[0].repoUrl, 'https://gitlab.example.com/ops/team-playbooks');
    assert.equal(db.sources[0].version, '0123456789abcdef0123456789abcdef01234567');
    assert.equal(db.sources[0].line, 1);
    assert.deepEqual(db.context.variables, ['db_name']);
    assert.deepEqual(built.tasks[1].args, { _raw_params: 'pg_dump app' });
  });

  it('uses --license for files without a header', async () => {
    const built = await buildCorpus({ dirs: [root], license: 'apache-2.0' });
    assert.deepEqual(
      built.tasks.map((t) => t.sources[0].license),
      ['Apache-2.0', 'MIT', 'Apache-2.0'],
    );
  });

  it('fails with one line on a folder that does not exist', async () => {
    await assert.rejects(buildCorpus({ dirs: [join(ws.root, 'nope')] }), /nope: cannot read folder \(ENOENT\)$/);
    await assert.rejects(buildCorpus({ dirs: [join(root, 'site.yml')] }), /site\.yml: not a folder$/);
  });
});

describe('indexWorkspaceFiles', () => {
  it('makes workspace records with the workspace licence, role variables from the given files', () => {
    const ws = new TempWorkspace();
    try {
      ws.write(
        'LICENSE',
        'MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n',
      );
      const tasks = indexWorkspaceFiles(
        [
          {
            path: join(ws.root, 'roles/app/tasks/main.yml'),
            text: '- name: Install app\n  ansible.builtin.package:\n    name: "{{ app_pkg }}"\n',
          },
          { path: 'roles/app/vars/main.yml', text: 'app_pkg: app\n' },
          { path: 'notes.yml', text: 'a: 1\n' },
        ],
        ws.root,
      );
      assert.equal(tasks.length, 1);
      assert.equal(tasks[0].origin, 'workspace');
      assert.equal(tasks[0].sources[0].source, 'workspace');
      assert.equal(tasks[0].sources[0].path, 'roles/app/tasks/main.yml');
      assert.equal(tasks[0].sources[0].license, 'MIT');
      assert.deepEqual(tasks[0].context.variables, ['app_pkg']);
      const none = indexWorkspaceFiles(
        [{ path: 'x/tasks/a.yml', text: '- name: A\n  copy: {}\n' }],
        join(ws.root, 'empty'),
      );
      // Attributed as the user's own content, never NOASSERTION.
      assert.equal(none[0].sources[0].license, 'LicenseRef-this-workspace');
      assert.equal(none[0].sources[0].collection, 'this workspace');
      assert.equal(tasks[0].sources[0].collection, 'this workspace');
      assert.equal(none[0].fqcn, '');
      const resolved = indexWorkspaceFiles([{ path: 'x/tasks/a.yml', text: '- name: A\n  copy: {}\n' }], ws.root, {
        resolveModule: (n) => (n === 'copy' ? 'ansible.builtin.copy' : ''),
      });
      assert.equal(resolved[0].fqcn, 'ansible.builtin.copy');
    } finally {
      ws.dispose();
    }
  });
});
