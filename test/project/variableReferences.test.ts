// Find references and rename for variables over the fixture project (role defaults, group_vars,
// host_vars, a playbook's Jinja, Jinja templates) plus a playbook written here that reads and
// defines variables every way the feature knows (play vars, register, set_fact, loop_var; `{{ }}`
// over several lines, when: and assert that: lists, debug var=, vars.x and hostvars[h].x), and
// every refusal: names reached from strings or computed names inside Jinja, Ansible's own names,
// a name defined nowhere, and new names Ansible would not accept or that are taken.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Location, TextEdit } from 'vscode-languageserver-types';
import type { AnsibleDocument } from '../../server/src/document/model';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { WorkspaceFiles } from '../../server/src/project/workspaceFiles';
import {
  renameRefusedFor,
  renameVariable,
  variableNameAt,
  variableReferences,
} from '../../server/src/service/project/variableReferences';

const root = resolve(__dirname, '../fixtures/project');
const files = new WorkspaceFiles(root);
const fixture = [...files.documents(() => undefined), ...files.templates()];
const rel = (uri: string) => fileURLToPath(uri).slice(root.length + 1);
const doc = (relPath: string, docs = fixture) => docs.find((d) => d.uri === pathToFileURL(join(root, relPath)).href)!;

/** The fixture's documents with `relPath` holding `text` (added, or replacing the file's). */
function withFile(relPath: string, text: string, docs = fixture): AnsibleDocument[] {
  const uri = pathToFileURL(join(root, relPath)).href;
  return [...docs.filter((d) => d.uri !== uri), parseAnsibleDocument(uri, text)];
}

const playbook = `---
- name: Deploy
  hosts: webservers
  vars:
    app_dir: /srv/app
  tasks:
    - name: Look
      ansible.builtin.stat:
        path: "{{ app_dir }}/current"
      register: result

    - name: Remember
      ansible.builtin.set_fact:
        release: "{{ result.stat.exists | default(false, true) }}"
        label: "{{ 'app_dir' | upper }}"

    - name: Check
      ansible.builtin.assert:
        that:
          - result.stat is defined
          - app_dir | length > 0
      when:
        - release
        - hostvars[inventory_hostname].app_dir is defined

    - name: Show
      ansible.builtin.debug: var=app_dir

    - name: Several lines
      ansible.builtin.debug:
        msg: >-
          {{ vars.app_dir
             ~ '/' ~ result.stat.path }}

    - name: Each
      ansible.builtin.debug:
        msg: "{{ lookup('env', 'HOME') }} {{ one_dir }}"
      loop: "{{ [app_dir, '/tmp'] }}"
      loop_control:
        loop_var: one_dir
`;
const docs = withFile('deploy.yml', playbook);
const deploy = doc('deploy.yml', docs);
const at = (d: AnsibleDocument, needle: string, into = 1) => d.text.indexOf(needle) + into;
/** "file:line:column" of each location, sorted. */
const where = (locations: Location[]) =>
  locations.map((l) => `${rel(l.uri)}:${l.range.start.line + 1}:${l.range.start.character}`).sort();

/** The text of `relPath` after the rename's edits for it. */
function edited(changes: Record<string, TextEdit[]>, d: AnsibleDocument): string {
  const edits = [...(changes[d.uri] ?? [])].sort(
    (a, b) => d.lines.offsetAt(b.range.start) - d.lines.offsetAt(a.range.start),
  );
  return edits.reduce(
    (t, e) => t.slice(0, d.lines.offsetAt(e.range.start)) + e.newText + t.slice(d.lines.offsetAt(e.range.end)),
    d.text,
  );
}

function refusal(name: string, newName: string, inDocs: readonly AnsibleDocument[] = docs): string {
  const r = renameVariable(name, newName, inDocs, [root]);
  return 'refused' in r ? r.refused : 'renamed';
}

describe('variable references', () => {
  it('finds the exact name under the cursor at a use and at each kind of definition', () => {
    const span = (needle: string, into = 1, d = deploy) => {
      const hit = variableNameAt(d, at(d, needle, into));
      return hit && `${hit.name}@${d.text.slice(hit.span.start, hit.span.end)}:${hit.span.start}`;
    };
    assert.equal(span('app_dir }}/'), `app_dir@app_dir:${deploy.text.indexOf('app_dir }}/')}`);
    assert.equal(span('app_dir: /srv'), `app_dir@app_dir:${deploy.text.indexOf('app_dir: /srv')}`);
    assert.equal(span('register: result', 12)?.split(':')[0], 'result@result');
    assert.equal(span('release: "'), `release@release:${deploy.text.indexOf('release: "')}`);
    assert.equal(span('loop_var: one_dir', 12)?.split(':')[0], 'one_dir@one_dir');
    const defaults = doc('roles/web/defaults/main.yml');
    assert.equal(variableNameAt(defaults, at(defaults, 'web_user'))?.name, 'web_user');
    // Not variables: an attribute, a dict key as a string, a filter, a test, a call, a keyword argument.
    assert.equal(span('stat.exists', 2), undefined, 'result.stat: only result is the variable');
    assert.equal(span("app_dir' | upper"), undefined, 'inside a string');
    assert.equal(span('upper'), undefined, 'a filter');
    assert.equal(span('defined'), undefined, 'a test');
    assert.equal(span("lookup('env'"), undefined, 'a call');
    assert.equal(span('true) }}', -2), undefined, 'an argument literal');
    assert.equal(span('hosts: webservers'), undefined, 'a keyword');
  });

  it('lists every definition and use of a variable, across lines, lists, var= and vars.x', () => {
    const lines = where(variableReferences('app_dir', docs)).map((w) => w.split(':').slice(0, 2).join(':'));
    assert.deepEqual(lines, [
      'deploy.yml:21', // that: app_dir | length
      'deploy.yml:24', // hostvars[inventory_hostname].app_dir
      'deploy.yml:27', // debug: var=app_dir
      'deploy.yml:32', // {{ vars.app_dir (a {{ }} over two lines)
      'deploy.yml:38', // loop: "{{ [app_dir, '/tmp'] }}"
      'deploy.yml:5', // play vars
      'deploy.yml:9', // {{ app_dir }}/current
    ]);
    assert.deepEqual(
      where(variableReferences('result', docs)).map((w) => w.split(':')[1]),
      ['10', '14', '20', '33'].sort(),
    );
    assert.deepEqual(
      where(variableReferences('one_dir', docs)).map((w) => w.split(':')[1]),
      ['37', '40'],
    );
  });

  it('does not let a half-typed {{ swallow the YAML keys after it', () => {
    const typing = `- name: Typing
  ansible.builtin.debug:
    msg: >-
      {{ app_dir
  register: app_out

- name: Later
  ansible.builtin.debug:
    msg: "{{ app_out.stdout }}"
`;
    const d = parseAnsibleDocument(pathToFileURL(join(root, 'tasks/typing.yml')).href, typing);
    assert.equal(variableNameAt(d, typing.indexOf('register') + 2), undefined, 'a task keyword');
    assert.equal(variableNameAt(d, typing.indexOf('name: Later') + 2), undefined, 'a task keyword');
    assert.deepEqual(
      where(variableReferences('app_out', [d])).map((w) => w.split(':').slice(1).join(':')),
      ['5:12', '9:13'],
    );
  });

  it('finds the same references from a use and from a definition, templates included', () => {
    const site = doc('site.yml');
    const group = doc('group_vars/webservers.yml');
    const fromUse = variableNameAt(site, at(site, 'web_port }}'))!.name;
    const fromDefinition = variableNameAt(group, at(group, 'web_port'))!.name;
    assert.equal(fromUse, fromDefinition);
    assert.deepEqual(where(variableReferences(fromDefinition, fixture)), [
      'group_vars/webservers.yml:2:0',
      'roles/web/defaults/main.yml:2:0',
      'roles/web/templates/nginx.conf.j2:1:10',
      'site.yml:25:27',
    ]);
    assert.deepEqual(where(variableReferences('web_port', fixture, false)), [
      'roles/web/templates/nginx.conf.j2:1:10',
      'site.yml:25:27',
    ]);
  });
});

describe('variable rename', () => {
  it('renames every definition and use as one edit, and only the name', () => {
    const result = renameVariable('web_port', 'http_port', fixture, [root]);
    assert.ok('edit' in result, 'refused' in result ? result.refused : '');
    const changes = result.edit.changes!;
    assert.equal(Object.keys(changes).length, 4);
    assert.match(edited(changes, doc('site.yml')), /msg: "hello \{\{ http_port \}\}"/);
    assert.equal(edited(changes, doc('roles/web/defaults/main.yml')), '---\nhttp_port: 80\nweb_user: www-data\n');
    assert.equal(edited(changes, doc('group_vars/webservers.yml')), '---\nhttp_port: 8080\n');
    assert.equal(edited(changes, doc('roles/web/templates/nginx.conf.j2')).split('\n')[0], 'listen {{ http_port }};');
  });

  it('renames a play var everywhere it is read, leaving attributes and other names alone', () => {
    // A string holding the name is not the variable, but may be handed to something that reads it
    // by name: rename stops there and says where.
    assert.match(refusal('app_dir', 'base_dir'), /^Not renamed: deploy\.yml:15: ''app_dir' \| upper' names 'app_dir'/);
    const without = playbook.replace(/ +label: .*\n/, '');
    const plain = withFile('deploy.yml', without);
    const result = renameVariable('app_dir', 'base_dir', plain, [root]);
    assert.ok('edit' in result, 'refused' in result ? result.refused : '');
    const after = edited(result.edit.changes!, doc('deploy.yml', plain));
    assert.equal(after, without.replace(/\bapp_dir\b/g, 'base_dir'));
    assert.match(after, /hostvars\[inventory_hostname\]\.base_dir is defined/);
    assert.match(after, /\{\{ vars\.base_dir\n/);
    const registered = renameVariable('result', 'stat_result', docs, [root]);
    assert.ok('edit' in registered);
    const renamed = edited(registered.edit.changes!, deploy);
    assert.match(renamed, /register: stat_result\n/);
    assert.match(renamed, /stat_result\.stat\.exists \| default/);
    assert.doesNotMatch(renamed, /\bresult\b/);
  });

  it('refuses when Jinja may reach the name through a string or a computed name, naming the place', () => {
    for (const [expression, why] of [
      ["{{ vars['web_port'] }}", /names 'web_port' in a string/],
      ["{{ lookup('vars', 'web_port') }}", /names 'web_port' in a string/],
      ["{{ hostvars[inventory_hostname]['web_port'] }}", /names 'web_port' in a string/],
      ["{{ vars[prefix ~ '_port'] }}", /reads a variable whose name is computed/],
      ["{{ lookup('vars', 'web' ~ '_port') }}", /builds a variable name from pieces/],
      ["{% set wanted = 'web_' ~ kind %}", /builds a variable name from pieces/],
      ['{{ hostvars[host][setting] }}', /reads a variable whose name is computed/],
      ['{{ vars[item] }}', /reads a variable whose name is computed/],
      ["{{ lookup('vars', item, default='') }}", /reads a variable whose name is computed/],
      ["{{ query('varnames', '^web_') }}", /selects variables by a pattern that matches 'web_port'/],
      ['{{ vars | dict2items }}', /turns every variable's name into data/],
    ] as const) {
      const extra = `- name: Dynamic\n  ansible.builtin.debug:\n    msg: "${expression.replace(/"/g, '\\"')}"\n`;
      const refused = refusal('web_port', 'http_port', withFile('tasks/dynamic.yml', extra, fixture));
      assert.match(refused, /^Not renamed: tasks\/dynamic\.yml:3: '.*' /, refused);
      assert.match(refused, why, refused);
      assert.doesNotMatch(refused, /\n/, 'one line');
    }
    const bare = `- name: Check\n  ansible.builtin.assert:\n    that:\n      - "'web_port' in vars"\n`;
    assert.match(refusal('web_port', 'http_port', withFile('tasks/dynamic.yml', bare, fixture)), /dynamic\.yml:4/);
    // Strings that cannot name web_port, and computed keys of ordinary dicts, are no reason to refuse.
    for (const harmless of [
      "{{ 'port' }} {{ web_port }}",
      "{{ settings['port'] }} {{ ports[env_name] }} {{ item[key] }}",
      "{{ query('varnames', '^db_') }}",
      "{{ vars['web_user'] }}",
    ]) {
      const extra = `- name: Say\n  ansible.builtin.debug:\n    msg: "${harmless}"\n`;
      assert.equal(
        refusal('web_port', 'http_port', withFile('tasks/dynamic.yml', extra, fixture)),
        'renamed',
        harmless,
      );
    }
  });

  it("refuses Ansible's own names and names defined nowhere, before and after a new name is typed", () => {
    for (const own of ['inventory_hostname', 'hostvars', 'item', 'ansible_facts', 'ansible_host', 'vars']) {
      assert.match(renameRefusedFor(own) ?? '', /Ansible's own variable/, own);
      assert.match(refusal(own, 'x'), /Ansible's own variable/, own);
    }
    assert.equal(renameRefusedFor('web_port'), undefined);
    assert.match(refusal('only_used_somewhere', 'x'), /defined nowhere in the workspace/);
  });

  it('refuses new names Ansible would not accept, reserved names, and names already taken', () => {
    assert.match(refusal('web_port', '2port'), /not a variable name/);
    assert.match(refusal('web_port', 'web port'), /not a variable name/);
    assert.match(refusal('web_port', 'web-port'), /not a variable name/);
    assert.match(refusal('web_port', 'class'), /reserved by Jinja or Python/);
    assert.match(refusal('web_port', 'range'), /reserved by Jinja or Python/);
    assert.match(refusal('web_port', 'hostvars'), /reserved: Ansible sets it itself/);
    assert.match(refusal('web_port', 'ansible_port'), /reserved: Ansible sets it itself/);
    assert.match(refusal('web_port', 'environment'), /reserved: it is a play or task keyword/);
    assert.match(refusal('web_port', 'web_user'), /'web_user' is already defined at (host_vars|roles)/);
    assert.match(refusal('web_port', 'release'), /'release' is already defined at deploy\.yml:14/);
    const readOnly = withFile('tasks/uses.yml', '- name: U\n  ansible.builtin.debug:\n    msg: "{{ from_cli }}"\n');
    assert.match(refusal('web_port', 'from_cli', readOnly), /'from_cli' is already used at tasks\/uses\.yml:3/);
  });

  it('leaves the fixture files as they are (the edit is returned, not applied)', () => {
    assert.equal(readFileSync(join(root, 'group_vars/webservers.yml'), 'utf8'), '---\nweb_port: 8080\n');
  });
});
