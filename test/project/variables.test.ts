// Variables across the fixture project: the name under the cursor inside Jinja or a bare
// expression, where it is defined (role defaults, group_vars, host_vars, play vars, register,
// set_fact), the hover that lists those places, and completion inside `{{ }}` and `when:`.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import type { AnsibleDocument } from '../../server/src/document/model';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { WorkspaceFiles } from '../../server/src/project/workspaceFiles';
import { TempWorkspace } from '../helpers/workspace';
import {
  definitionLocations,
  inReach,
  inventoryDefinitions,
  variableAt,
  variableCompletion,
  variableDefinitions,
  variableHover,
} from '../../server/src/service/project/variables';

const root = resolve(__dirname, '../fixtures/project');
const docs = new WorkspaceFiles(root).documents(() => undefined);
const open = (rel: string, text = readFileSync(join(root, rel), 'utf8')): AnsibleDocument =>
  parseAnsibleDocument(pathToFileURL(join(root, rel)).href, text);
const offsetOf = (doc: AnsibleDocument, needle: string, delta = 1) => doc.text.indexOf(needle) + delta;
const rel = (uri: string) => fileURLToPath(uri).slice(root.length + 1);

const playbook = `---
- name: Vars
  hosts: webservers
  vars:
    app_dir: /srv/app
  tasks:
    - name: Look
      ansible.builtin.stat:
        path: "{{ app_dir }}/current"
      register: current
    - name: Remember
      ansible.builtin.set_fact:
        release: "{{ current.stat.exists }}"
    - name: Check
      ansible.builtin.debug:
        msg: "{{ release | default(web_port) }}"
      when: current.stat.exists and web_user is defined
`;

describe('variables', () => {
  it('finds the variable under the cursor only inside Jinja or a bare expression', () => {
    const doc = open('play.yml', playbook);
    assert.equal(variableAt(doc, offsetOf(doc, 'app_dir }}'))?.name, 'app_dir');
    assert.equal(variableAt(doc, offsetOf(doc, 'current.stat'))?.name, 'current');
    assert.equal(variableAt(doc, offsetOf(doc, 'web_user is'))?.name, 'web_user');
    assert.equal(variableAt(doc, offsetOf(doc, 'web_port)'))?.name, 'web_port');
    assert.equal(variableAt(doc, offsetOf(doc, 'app_dir: /srv')), undefined, 'a definition key is not Jinja');
    assert.equal(variableAt(doc, offsetOf(doc, 'stat.exists }}', 6)), undefined, 'an attribute');
    assert.equal(variableAt(doc, offsetOf(doc, 'default(')), undefined, 'a filter');
    assert.equal(variableAt(doc, offsetOf(doc, 'defined')), undefined, 'a test');
  });

  it('lists where a variable is defined: this file first, then role defaults, group_vars, host_vars', () => {
    const doc = open('play.yml', playbook);
    const inPlay = offsetOf(doc, 'release | default');
    const where = (name: string) =>
      variableDefinitions(name, docs, doc, inPlay).map((d) => `${d.origin}@${rel(d.uri)}`);
    assert.deepEqual(where('app_dir'), ['play vars@play.yml']);
    assert.deepEqual(where('current'), ['register@play.yml']);
    assert.deepEqual(where('release'), ['set_fact@play.yml']);
    assert.deepEqual(where('web_port').sort(), [
      'group_vars/webservers@group_vars/webservers.yml',
      'role web defaults@roles/web/defaults/main.yml',
    ]);
    assert.deepEqual(where('web_user').sort(), [
      'host_vars/web1@host_vars/web1.yml',
      'role web defaults@roles/web/defaults/main.yml',
    ]);
    assert.deepEqual(where('nowhere'), []);
  });

  it('hovers with each definition and its value', () => {
    const doc = open('play.yml', playbook);
    const hit = variableAt(doc, offsetOf(doc, 'web_port)'))!;
    const hover = variableHover(hit.name, hit.span, variableDefinitions(hit.name, docs, doc, hit.span.start), doc);
    const text = (hover?.contents as MarkupContent).value;
    assert.match(text, /role web defaults/);
    assert.match(text, /group_vars\/webservers/);
    assert.match(text, /8080/);
    assert.match(text, /\b80\b/);
    assert.equal(variableHover('nowhere', hit.span, [], doc), null);
  });

  it('completes variables inside {{ }} and when:, not elsewhere', () => {
    const typed = playbook.replace('msg: "{{ release', 'msg: "{{ re');
    const doc = open('play.yml', typed);
    const labels = (offset: number) => variableCompletion(doc, offset, () => docs)?.map((i) => i.label);
    const inJinja = labels(offsetOf(doc, '{{ re', 5))!;
    for (const name of ['app_dir', 'current', 'release', 'web_port', 'web_user', 'common_owner', 'inventory_hostname'])
      assert.ok(inJinja.includes(name), name);
    assert.ok(labels(offsetOf(doc, 'current.stat.exists and', 3))?.includes('web_user'), 'in when:');
    assert.equal(labels(offsetOf(doc, 'name: Look', 8)), undefined, 'a task name');
    assert.equal(labels(offsetOf(doc, 'stat.exists }}', 6)), undefined, 'an attribute of an attribute');
  });

  it('reads the documents in scope only inside Jinja (outside, completion must not wait for the workspace)', () => {
    const doc = open('play.yml', playbook);
    let asked = 0;
    const scope = () => {
      asked++;
      return docs;
    };
    assert.equal(variableCompletion(doc, offsetOf(doc, 'name: Look', 8), scope), undefined);
    assert.equal(asked, 0);
    assert.ok(variableCompletion(doc, offsetOf(doc, '{{ release', 5), scope)?.length);
    assert.equal(asked, 1);
  });

  it("completes a registered result's fields and the common facts after a dot", () => {
    const typed = playbook.replace('msg: "{{ release', 'msg: "{{ current.st }} {{ ansible_facts.os }} {{ nothing.st');
    const doc = open('play.yml', typed);
    const at = (needle: string) =>
      variableCompletion(doc, typed.indexOf(needle) + needle.length, () => docs)?.map((i) => i.label);
    assert.ok(at('{{ current.st')?.includes('stdout_lines'));
    assert.ok(at('{{ ansible_facts.os')?.includes('os_family'));
    assert.equal(at('{{ nothing.st'), undefined, 'not a registered result');
  });

  it("counts a role's defaults only from the role Ansible would pick for the playbook", () => {
    const ws = new TempWorkspace();
    try {
      ws.write('roles/web/defaults/main.yml', 'web_port: 1\n');
      ws.write('project/roles/web/defaults/main.yml', 'web_port: 2\n');
      ws.write('project/roles/web/tasks/main.yml', '- name: x\n  ansible.builtin.ping:\n');
      const site = ws.write('project/site.yml', '- hosts: all\n  roles:\n    - web\n');
      const all = new WorkspaceFiles(ws.root).documents(() => undefined);
      const current = all.find((d) => d.uri === site.uri)!;
      const reach = inReach(all, current, { workspaceRoots: [ws.root] });
      const defs = variableDefinitions('web_port', reach, current, 0);
      assert.deepEqual(
        defs.map((d) => d.value),
        ['2'],
      );
      assert.equal(variableDefinitions('web_port', all, current, 0).length, 2, 'both without the reach filter');
    } finally {
      ws.dispose();
    }
  });

  it('scopes play vars to their play, task vars and loop_var to their task; registered results go on', () => {
    const text = `---
- hosts: all
  vars:
    first_only: 1
  tasks:
    - name: One
      ansible.builtin.command: "echo {{ x }}"
      register: one_result
      vars:
        task_only: 2
    - name: Loop
      ansible.builtin.debug:
        msg: "{{ y }}"
      loop: [1]
      loop_control:
        loop_var: pkg
- hosts: all
  vars:
    second_only: 3
  tasks:
    - name: Two
      ansible.builtin.debug:
        msg: "{{ z }}"
`;
    const doc = open('scoped.yml', text);
    const labels = (needle: string) =>
      variableCompletion(doc, text.indexOf(needle) + needle.length - 2, () => docs)?.map((i) => i.label) ?? [];
    const one = labels('{{ x }}');
    assert.ok(one.includes('first_only') && one.includes('task_only'), one.join(' '));
    assert.ok(!one.includes('second_only') && !one.includes('pkg'));
    const loop = labels('{{ y }}');
    assert.ok(loop.includes('pkg') && loop.includes('first_only') && !loop.includes('task_only'), loop.join(' '));
    const two = labels('{{ z }}');
    assert.ok(two.includes('second_only') && two.includes('one_result'), two.join(' '));
    assert.ok(!two.includes('first_only') && !two.includes('task_only') && !two.includes('pkg'), two.join(' '));
    // Where a name is defined, seen from the second play: not the first play's vars.
    assert.deepEqual(variableDefinitions('first_only', docs, doc, text.indexOf('{{ z }}')), []);
    assert.equal(variableDefinitions('first_only', docs, doc, text.indexOf('{{ x }}')).length, 1);
  });

  it("lets a task file see a playbook's play vars (its play may run it), not a playbook another's", () => {
    const ws = new TempWorkspace();
    try {
      ws.write(
        'site.yml',
        '- hosts: all\n  vars:\n    site_var: 1\n  tasks:\n    - ansible.builtin.include_tasks: t.yml\n',
      );
      ws.write('t.yml', '- ansible.builtin.debug:\n    msg: "{{ a }}"\n');
      ws.write('other.yml', '- hosts: all\n  tasks:\n    - ansible.builtin.debug:\n        msg: "{{ b }}"\n');
      const all = new WorkspaceFiles(ws.root).documents(() => undefined);
      const at = (file: string, needle: string) => {
        const doc = all.find((d) => d.uri.endsWith(`/${file}`))!;
        const offset = doc.text.indexOf(needle) + 3;
        return variableCompletion(doc, offset, () => all)?.map((i) => i.label) ?? [];
      };
      assert.ok(at('t.yml', '{{ a }}').includes('site_var'));
      assert.ok(!at('other.yml', '{{ b }}').includes('site_var'));
    } finally {
      ws.dispose();
    }
  });

  it("counts the inventory's host and group variables: hover, definition and completion", () => {
    const ws = new TempWorkspace();
    try {
      ws.write('hosts', '[web]\nweb1 http_port=8080\n\n[all:vars]\nntp_server=ntp.example.com\n');
      const text = '- hosts: web\n  tasks:\n    - ansible.builtin.debug:\n        msg: "{{ ntp_server }} {{ n }}"\n';
      const doc = parseAnsibleDocument(ws.write('site.yml', text).uri, text);
      const layout = { workspaceRoots: [ws.root] };
      const hit = variableAt(doc, text.indexOf('ntp_server }}'))!;
      const defs = variableDefinitions(hit.name, [], doc, hit.span.start, inventoryDefinitions(doc, layout));
      const hover = variableHover(hit.name, hit.span, defs, doc, layout.workspaceRoots);
      const value = (hover?.contents as MarkupContent).value;
      assert.match(value, /inventory group all — `hosts`/);
      assert.match(value, /ntp\.example\.com/);
      assert.deepEqual(definitionLocations(defs, [doc]), [
        {
          uri: pathToFileURL(join(ws.root, 'hosts')).href,
          range: { start: { line: 4, character: 0 }, end: { line: 4, character: 10 } },
        },
      ]);
      const items = variableCompletion(
        doc,
        text.indexOf('{{ n }}') + 4,
        () => [],
        () => inventoryDefinitions(doc, layout),
      );
      const detail = (label: string) => items?.find((i) => i.label === label)?.detail;
      assert.equal(detail('ntp_server'), 'inventory group all');
      assert.equal(detail('http_port'), 'inventory host web1');
    } finally {
      ws.dispose();
    }
  });
});
