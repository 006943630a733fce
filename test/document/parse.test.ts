import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allTasks } from '../../server/src/document/model';
import { parseAnsibleDocument } from '../../server/src/document/parse';

const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

describe('parseAnsibleDocument', () => {
  const playbook = `---
- name: Web servers
  hosts: web
  become: true
  pre_tasks:
    - name: Update cache
      ansible.builtin.apt:
        update_cache: true
  tasks:
    - name: Install nginx
      apt: name=nginx state=present
    - name: Guarded
      block:
        - name: Run it
          ansible.builtin.shell: echo hi creates=/tmp/x
      rescue:
        - action: debug msg=failed
      always:
        - local_action:
            module: ansible.builtin.debug
            msg: done
    - name: With args keyword
      ansible.builtin.copy:
      args:
        src: a
        dest: /b
      when: x is defined
      notify: restart nginx
  handlers:
    - name: restart nginx
      ansible.builtin.service: name=nginx state=restarted
- import_playbook: other.yml
`;
  const doc = parseAnsibleDocument('file:///p/site.yml', playbook, 3);

  it('finds plays, sections and import_playbook', () => {
    assert.equal(doc.kind, 'playbook');
    assert.equal(doc.version, 3);
    assert.deepEqual(doc.syntaxErrors, []);
    assert.equal(doc.plays.length, 2);
    assert.equal(doc.plays[0].name, 'Web servers');
    assert.equal(doc.plays[0].hosts, 'web');
    assert.equal(doc.plays[0].pre_tasks.length, 1);
    assert.equal(doc.plays[0].tasks.length, 3);
    assert.equal(doc.plays[0].handlers.length, 1);
    assert.equal(doc.plays[1].importPlaybook, 'other.yml');
  });

  it('walks nested blocks in document order with their sections', () => {
    const tasks = [...allTasks(doc)];
    assert.deepEqual(
      tasks.map((t) => [t.section, t.kind, t.module?.name ?? null]),
      [
        ['pre_tasks', 'task', 'ansible.builtin.apt'],
        ['tasks', 'task', 'apt'],
        ['tasks', 'block', null],
        ['block', 'task', 'ansible.builtin.shell'],
        ['rescue', 'task', 'debug'],
        ['always', 'task', 'ansible.builtin.debug'],
        ['tasks', 'task', 'ansible.builtin.copy'],
        ['handlers', 'task', 'ansible.builtin.service'],
      ],
    );
  });

  it('reads k=v arguments with exact spans, and keeps free-form text', () => {
    const [, apt, , shell, debug] = [...allTasks(doc)];
    assert.deepEqual(
      apt.module!.args.map((a) => [
        a.name,
        a.value,
        slice(playbook, a.nameSpan),
        slice(playbook, a.valueSpan),
        a.inline,
      ]),
      [
        ['name', 'nginx', 'name', 'nginx', true],
        ['state', 'present', 'state', 'present', true],
      ],
    );
    assert.equal(shell.module!.freeForm!.text, 'echo hi');
    assert.deepEqual(
      shell.module!.args.map((a) => a.name),
      ['creates'],
    );
    assert.equal(debug.module!.form, 'action');
    assert.equal(slice(playbook, debug.module!.nameSpan), 'debug');
  });

  it('reads k=v keys with dashes, as Ansible does (systemd: daemon-reload=true); not flags or dashed words', () => {
    const text = `- name: reload systemd
  systemd: daemon-reload=true
- name: run
  shell: ls --color=auto some-file chdir=/tmp
`;
    const [systemd, shell] = [...allTasks(parseAnsibleDocument('file:///p/h.yml', text))].map((t) => t.module!);
    assert.deepEqual(
      systemd.args.map((a) => [a.name, a.value, slice(text, a.nameSpan)]),
      [['daemon-reload', 'true', 'daemon-reload']],
    );
    assert.equal(systemd.freeForm, undefined);
    assert.equal(shell.freeForm!.text, 'ls --color=auto some-file');
    assert.deepEqual(
      shell.args.map((a) => a.name),
      ['chdir'],
    );
  });

  it('reads local_action mappings and the args keyword', () => {
    const tasks = [...allTasks(doc)];
    const local = tasks[5].module!;
    assert.equal(local.form, 'local_action');
    assert.deepEqual(
      local.args.map((a) => a.name),
      ['msg'],
    );
    const copy = tasks[6];
    assert.deepEqual(
      copy.module!.args.map((a) => [a.name, a.value]),
      [
        ['src', 'a'],
        ['dest', '/b'],
      ],
    );
    assert.deepEqual([...copy.keywords.keys()].sort(), ['args', 'name', 'notify', 'when']);
    assert.equal(slice(playbook, copy.module!.nameSpan), 'ansible.builtin.copy');
  });

  it('gives positions in LSP terms', () => {
    const apt = [...allTasks(doc)][1];
    assert.deepEqual(doc.lines.range(apt.module!.nameSpan), {
      start: { line: 10, character: 6 },
      end: { line: 10, character: 9 },
    });
    assert.equal(apt.indent, 6);
  });

  it('loads Ansible tags (!vault, !unsafe) without errors', () => {
    const d = parseAnsibleDocument(
      'file:///p/roles/x/tasks/main.yml',
      `- name: t\n  ansible.builtin.debug:\n    msg: !unsafe "{{ raw }}"\n  vars:\n    secret: !vault |\n      $ANSIBLE_VAULT;1.1;AES256\n      6162\n`,
    );
    assert.deepEqual(d.syntaxErrors, []);
    assert.equal(d.kind, 'tasks');
    assert.equal(d.tasks[0].module!.args[0].value, '{{ raw }}');
  });

  it('reports broken YAML with a range and still recovers the tasks above it', () => {
    const text = `- name: ok\n  ansible.builtin.debug: msg=hi\n- name: broken\n  ansible.builtin.copy:\n    src: [a, b\n    dest: /x\n`;
    const d = parseAnsibleDocument('file:///p/roles/r/tasks/main.yml', text);
    assert.ok(d.syntaxErrors.length > 0);
    const e = d.syntaxErrors[0];
    assert.equal(e.severity, 'error');
    assert.ok(e.span.end > e.span.start);
    assert.doesNotMatch(e.message, /\n/);
    assert.equal(d.tasks[0].module!.name, 'ansible.builtin.debug');
  });

  it('treats duplicate keys as a warning, as Ansible does', () => {
    const d = parseAnsibleDocument('file:///p/t/tasks/a.yml', `- name: a\n  name: b\n  ansible.builtin.ping:\n`);
    assert.equal(d.syntaxErrors[0]?.code, 'DUPLICATE_KEY');
    assert.equal(d.syntaxErrors[0]?.severity, 'warning');
  });

  it('prefers an FQCN key as the module and keeps other keys as unknown', () => {
    const d = parseAnsibleDocument('file:///p/tasks/a.yml', `- name: a\n  whne: x\n  ansible.builtin.ping:\n`);
    assert.equal(d.tasks[0].module!.name, 'ansible.builtin.ping');
    assert.deepEqual(
      d.tasks[0].unknownKeys.map((e) => e.key),
      ['whne'],
    );
  });

  it('detects file kinds by content and by role layout', () => {
    const kind = (uri: string, text: string) => parseAnsibleDocument(uri, text).kind;
    assert.equal(kind('file:///a/anything.yml', '- hosts: all\n'), 'playbook');
    assert.equal(kind('file:///a/roles/r/tasks/main.yml', '- hosts: all\n  tasks: []\n'), 'playbook');
    assert.equal(kind('file:///a/roles/r/tasks/sub/x.yml', '- name: a\n  ansible.builtin.ping:\n'), 'tasks');
    assert.equal(kind('file:///a/roles/r/handlers/main.yml', '- name: a\n  ansible.builtin.ping:\n'), 'handlers');
    assert.equal(kind('file:///a/roles/r/defaults/main.yml', 'a: 1\n'), 'vars');
    assert.equal(kind('file:///a/group_vars/all.yml', 'a: 1\n'), 'vars');
    assert.equal(kind('file:///a/roles/r/meta/main.yml', 'galaxy_info: {}\n'), 'meta');
    assert.equal(kind('file:///a/x.yml', '- name: a\n  ansible.builtin.ping:\n'), 'tasks');
    assert.equal(kind('file:///a/x.yml', 'just text'), 'unknown');
  });

  it('handles CRLF line endings', () => {
    const d = parseAnsibleDocument('file:///a/t/tasks/a.yml', '- name: a\r\n  apt: name=x\r\n');
    assert.deepEqual(d.lines.range(d.tasks[0].module!.nameSpan).start, { line: 1, character: 2 });
  });

  it('parses a 50,000-line file', () => {
    const task = '- name: Task\n  ansible.builtin.debug:\n    msg: hello\n';
    const big = task.repeat(16_667);
    const d = parseAnsibleDocument('file:///a/roles/r/tasks/big.yml', big);
    assert.equal(d.tasks.length, 16_667);
  });
});

describe('YAML merge keys', () => {
  it('merges `<<: *anchor` options into the module arguments, explicit keys winning', () => {
    const text = `- name: defaults
  ansible.builtin.set_fact:
    login: &login
      hostname: h
      username: u
- name: use them
  netapp.ontap.na_ontap_volume:
    <<: *login
    username: admin
    name: vol1
`;
    const d = parseAnsibleDocument('file:///p/roles/r/tasks/main.yml', text);
    assert.deepEqual(d.syntaxErrors, []);
    const args = Object.fromEntries(d.tasks[1].module!.args.map((a) => [a.name, a.value]));
    assert.deepEqual(args, { username: 'admin', name: 'vol1', hostname: 'h' });
  });
});
