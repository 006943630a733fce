// Navigation on a small real project (test/fixtures/project, which ansible-playbook accepts):
// outline, go to definition, handler references and rename.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { SymbolKind, type DocumentSymbol, type TextEdit } from 'vscode-languageserver-types';
import type { AnsibleDocument } from '../../server/src/document/model';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { WorkspaceFiles } from '../../server/src/project/workspaceFiles';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { definitionAt } from '../../server/src/service/project/definition';
import { handlerNameAt, handlerReferences, renameHandler } from '../../server/src/service/project/handlers';
import { findRole, roleOf } from '../../server/src/service/project/layout';
import { installedModuleDefinition, localModuleDefinition } from '../../server/src/service/project/localModules';
import { documentSymbols, workspaceSymbols } from '../../server/src/service/project/symbols';
import { sharedCatalogCache } from '../helpers/workspace';

const root = resolve(__dirname, '../fixtures/project');
const layout = { workspaceRoots: [root] };

function open(rel: string, text = readFileSync(join(root, rel), 'utf8')): AnsibleDocument {
  return parseAnsibleDocument(pathToFileURL(join(root, rel)).href, text);
}

/** The offset of the last character of the `nth` occurrence of `needle`. */
function at(doc: AnsibleDocument, needle: string, nth = 0): number {
  let i = -1;
  for (let n = 0; n <= nth; n++) {
    i = doc.text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `${needle} #${nth} not in ${doc.uri}`);
  }
  return i + needle.length - 1;
}

const relPath = (uri: string) => fileURLToPath(uri).slice(root.length + 1);

describe('the fixture project', () => {
  it('is a valid Ansible project (ansible-playbook --syntax-check accepts it)', () => {
    const out = execFileSync('ansible-playbook', ['--syntax-check', '-i', 'inventory/hosts.ini', 'site.yml'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
    });
    assert.match(out, /playbook: site\.yml/);
  });
});

describe('document symbols', () => {
  it('lists plays with their roles, tasks, blocks and handlers, nested', () => {
    const symbols = documentSymbols(open('site.yml'));
    const kindName = (k: number) => Object.entries(SymbolKind).find(([, v]) => v === k)?.[0];
    const names = (s: DocumentSymbol[] | undefined) => (s ?? []).map((x) => `${kindName(x.kind)}:${x.name}`);
    assert.deepEqual(names(symbols), ['Namespace:Web servers', 'File:other.yml']);
    assert.deepEqual(names(symbols[0].children), [
      'Package:web',
      'Package:db',
      'Function:Extra tasks',
      'Function:Message of the day',
      'Struct:Announce',
      'Event:restart web',
      'Event:Reload everything',
    ]);
    assert.deepEqual(names(symbols[0].children![4].children), ['Function:Say hello']);
    assert.equal(symbols[0].detail, 'hosts: webservers');
    for (const s of symbols[0].children!) {
      const inside = s.selectionRange.start.line >= s.range.start.line && s.selectionRange.end.line <= s.range.end.line;
      assert.ok(inside, `${s.name}: selection inside range`);
    }
  });

  it('lists a vars file by variable and a task file by task', () => {
    assert.deepEqual(
      documentSymbols(open('roles/web/defaults/main.yml')).map((s) => s.name),
      ['web_port', 'web_user'],
    );
    assert.deepEqual(
      documentSymbols(open('roles/web/tasks/main.yml')).map((s) => [s.name, s.detail]),
      [
        ['Install nginx', 'ansible.builtin.package'],
        ['Configure nginx', 'ansible.builtin.template'],
        ['Database role too', 'ansible.builtin.include_role'],
      ],
    );
  });

  it('workspace symbols find named things in every file of the folder', () => {
    const docs = new WorkspaceFiles(root).documents(() => undefined);
    const found = workspaceSymbols(docs, 'nginx').map((s) => `${s.name}@${relPath(s.location.uri)}`);
    assert.deepEqual(found.sort(), [
      'Configure nginx@roles/web/tasks/main.yml',
      'Install nginx@roles/web/tasks/main.yml',
      'restart nginx@roles/web/handlers/main.yml',
    ]);
  });
});

describe('go to definition', () => {
  const target = (rel: string, needle: string, nth = 0) => {
    const doc = open(rel);
    return definitionAt(doc, at(doc, needle, nth), layout).map((l) => `${relPath(l.uri)}:${l.range.start.line}`);
  };

  it('a role in roles: (plain and role:) and in include_role opens its tasks/main.yml', () => {
    assert.deepEqual(target('site.yml', '- web'), ['roles/web/tasks/main.yml:0']);
    assert.deepEqual(target('site.yml', '- role'), []); // on the key, not the name
    assert.deepEqual(target('site.yml', ' db'), ['roles/db/tasks/main.yml:0']);
    assert.deepEqual(target('roles/web/tasks/main.yml', ' db'), ['roles/db/tasks/main.yml:0']);
  });

  it('files: include_tasks, import_playbook, vars_files, template src in a play and in a role', () => {
    assert.deepEqual(target('site.yml', 'tasks/extra.yml'), ['tasks/extra.yml:0']);
    assert.deepEqual(target('site.yml', 'other.yml'), ['other.yml:0']);
    assert.deepEqual(target('site.yml', 'vars/common.yml'), ['vars/common.yml:0']);
    assert.deepEqual(target('site.yml', 'motd.j2'), ['templates/motd.j2:0']);
    assert.deepEqual(target('roles/web/tasks/main.yml', 'nginx.conf.j2'), ['roles/web/templates/nginx.conf.j2:0']);
  });

  it('notify opens the handler by name or listen topic, in the play or in the role', () => {
    assert.deepEqual(target('site.yml', 'notif').length, 0); // on the key
    assert.deepEqual(target('site.yml', 'restart web'), ['site.yml:30']);
    assert.deepEqual(target('site.yml', 'web changed'), ['site.yml:38']);
    assert.deepEqual(target('roles/web/tasks/main.yml', 'restart nginx'), ['roles/web/handlers/main.yml:1']);
  });

  it('does not guess at Jinja-built or missing targets', () => {
    const doc = open(
      'site.yml',
      readFileSync(join(root, 'site.yml'), 'utf8').replace('tasks/extra.yml', '"{{ f }}.yml"'),
    );
    assert.deepEqual(definitionAt(doc, at(doc, '{{ f }}'), layout), []);
    const missing = open('site.yml', readFileSync(join(root, 'site.yml'), 'utf8').replace('- web', '- nosuchrole'));
    assert.deepEqual(definitionAt(missing, at(missing, 'nosuchrole'), layout), []);
  });

  it('finds roles beside the including role, in roles_path and in a collection', () => {
    assert.equal(roleOf(join(root, 'roles/web/tasks/main.yml')), join(root, 'roles/web'));
    assert.equal(roleOf(join(root, 'site.yml')), undefined);
    assert.equal(
      findRole('db', join(root, 'roles/web/tasks/main.yml'), { workspaceRoots: [] }),
      join(root, 'roles/db'),
    );
    assert.equal(findRole('nosuch', join(root, 'site.yml'), layout), undefined);
  });
});

describe('handler references and rename', () => {
  const docs = () => new WorkspaceFiles(root).documents(() => undefined);

  it('references: the handler and every notify naming it, across files', () => {
    const doc = open('site.yml');
    const hit = handlerNameAt(doc, at(doc, 'restart web', 2));
    assert.equal(hit?.name, 'restart web');
    const refs = handlerReferences('restart web', docs()).map((l) => `${relPath(l.uri)}:${l.range.start.line}`);
    assert.deepEqual(refs.sort(), ['site.yml:18', 'site.yml:26', 'site.yml:30', 'tasks/extra.yml:6']);
  });

  it('rename edits the handler and its notifies, quoting as the file did', () => {
    const result = renameHandler('restart web', 'Restart web: now', docs());
    assert.ok('edit' in result);
    const changes = result.edit.changes!;
    const files = Object.keys(changes).map(relPath).sort();
    assert.deepEqual(files, ['site.yml', 'tasks/extra.yml']);
    const apply = (rel: string) => {
      const doc = open(rel);
      const edits = [...changes[pathToFileURL(join(root, rel)).href]].sort(
        (a: TextEdit, b: TextEdit) => doc.lines.offsetAt(b.range.start) - doc.lines.offsetAt(a.range.start),
      );
      let text = doc.text;
      for (const e of edits)
        text =
          text.slice(0, doc.lines.offsetAt(e.range.start)) + e.newText + text.slice(doc.lines.offsetAt(e.range.end));
      return open(rel, text);
    };
    const site = apply('site.yml');
    assert.deepEqual(
      handlerReferences('Restart web: now', [site, apply('tasks/extra.yml')]).length,
      4,
      'every reference now carries the new name, and the YAML still reads it so',
    );
    assert.equal(site.syntaxErrors.length, 0);
  });

  it('rename refuses when a notify builds a name that could be this one with Jinja', () => {
    const jinja = open('tasks/jinja.yml', '---\n- name: x\n  ansible.builtin.debug:\n  notify: "restart {{ svc }}"\n');
    const result = renameHandler('restart web', 'bounce web', [...docs(), jinja]);
    assert.ok('refused' in result);
    assert.match(result.refused, /Jinja/);
    // A Jinja notify that cannot produce the name does not block it.
    assert.ok(
      'edit' in
        renameHandler('restart nginx', 'bounce nginx', [
          ...docs(),
          open('tasks/j.yml', '---\n- name: x\n  ansible.builtin.debug:\n  notify: "reload {{ svc }}"\n'),
        ]),
    );
  });
});

describe('go to definition on an installed module: its source, from what the catalog has loaded', () => {
  const playbook = `- name: Modules
  hosts: all
  tasks:
    - name: Short name
      copy:
        content: hi
        dest: /tmp/x
    - name: FQCN
      ansible.builtin.copy:
        content: hi
        dest: /tmp/x
    - name: Legacy
      ansible.legacy.command: echo hi
    - name: Routed by ansible.builtin's runtime
      ufw:
        rule: allow
    - name: Action form
      action: ansible.builtin.file path=/tmp/x state=absent
    - name: Not a module
      no_such_module:
        x: 1
    - name: A library/ module of the project
      my_thing:
        size: 3
`;
  const doc = open('modules.yml', playbook);

  it('opens the Python file for a short name, an FQCN, ansible.legacy, a routed name and action:', async () => {
    const catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
    try {
      await catalog.ready();
      const spawned = catalog.spawnCount;
      const source = async (needle: string, into = 2) =>
        (await installedModuleDefinition(doc, doc.text.indexOf(needle) + into, async (n) => catalog.sourceFile(n))).map(
          (l) =>
            `${fileURLToPath(l.uri).replace(/^.*?\/(ansible\/modules|ansible_collections)\//, '$1/')}:${l.range.start.line}`,
        );
      assert.deepEqual(await source('copy:'), ['ansible/modules/copy.py:0']);
      assert.deepEqual(await source('ansible.builtin.copy'), ['ansible/modules/copy.py:0']);
      assert.deepEqual(await source('ansible.builtin.copy', 18), ['ansible/modules/copy.py:0'], 'on copy');
      assert.deepEqual(await source('ansible.legacy.command'), ['ansible/modules/command.py:0']);
      assert.deepEqual(await source('ufw:'), ['ansible_collections/community/general/plugins/modules/ufw.py:0']);
      assert.deepEqual(await source('ansible.builtin.file'), ['ansible/modules/file.py:0']);
      assert.deepEqual(await source('no_such_module'), []);
      assert.deepEqual(await source('content: hi'), [], 'an option is not the module');
      // The catalog answers from its loaded list: no ansible-doc per request, and quickly.
      const started = performance.now();
      for (let i = 0; i < 200; i++) await source('ufw:');
      const perRequest = (performance.now() - started) / 200;
      assert.equal(catalog.spawnCount, spawned, 'no process per request');
      assert.ok(perRequest < 5, `${perRequest.toFixed(3)} ms per definition`);
    } finally {
      catalog.dispose();
    }
  });

  it("a project's own library/ module opens before any installed one (navigation asks it first)", () => {
    const local = localModuleDefinition(doc, doc.text.indexOf('my_thing:') + 2);
    assert.deepEqual(
      local.map((l) => relPath(l.uri)),
      ['library/my_thing.py'],
    );
  });
});
