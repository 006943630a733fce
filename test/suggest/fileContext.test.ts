// What a request carries of its file for the model: earlier named tasks with their arguments,
// variables the file already uses, and "it" in a multi-task comment resolved to the step before.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { buildTaskRequests, resolvePronouns, type RequestOutcome } from '../../server/src/suggest/request';
import { TempWorkspace } from '../helpers/workspace';

const catalog = {
  resolve: (name: string) => {
    const fqcn = name.includes('.') ? name : `ansible.builtin.${name}`;
    return /^ansible\.builtin\.(template|service|package|lineinfile)$/.test(fqcn)
      ? { fqcn, collection: 'ansible.builtin', short: fqcn.split('.').pop()!, removed: false }
      : undefined;
  },
} as never;

function requestAt(text: string, line: number): Extract<RequestOutcome, { requests: unknown }> {
  const doc = parseAnsibleDocument('file:///work/roles/web/tasks/main.yml', text);
  const r = buildTaskRequests(doc, line, catalog, { readText: () => undefined });
  assert.ok(!('reason' in r), 'reason' in r ? r.reason : '');
  return r;
}

describe('request context from the file', () => {
  const file = [
    '- name: Configure nginx',
    '  ansible.builtin.template:',
    '    src: nginx.conf.j2',
    '    dest: "{{ nginx_conf_path }}"',
    '    owner: "{{ item }}"',
    '  loop: "{{ nginx_users }}"',
    '- name: Install nginx',
    '  package: name=nginx state=present',
    '- name: Start nginx',
    '',
  ].join('\n');

  it('earlier named tasks carry their module, arguments and loop, in file order', () => {
    const [req] = requestAt(file, 8).requests;
    assert.deepEqual(req.context.earlierTasks, [
      {
        name: 'Configure nginx',
        fqcn: 'ansible.builtin.template',
        args: { src: 'nginx.conf.j2', dest: '{{ nginx_conf_path }}', owner: '{{ item }}' },
        loop: '{{ nginx_users }}',
      },
      { name: 'Install nginx', fqcn: 'ansible.builtin.package', args: { name: 'nginx', state: 'present' } },
    ]);
  });

  it('a loop written with a lookup keeps its keyword', () => {
    const text = [
      '- name: Configure pam',
      '  ansible.builtin.lineinfile:',
      '    path: "{{ item }}"',
      '    line: x',
      '  with_fileglob:',
      '    - /etc/pam.d/*',
      '- name: Configure more pam',
      '',
    ];
    const [req] = requestAt(text.join('\n'), 6).requests;
    assert.deepEqual(req.context.earlierTasks?.[0], {
      name: 'Configure pam',
      fqcn: 'ansible.builtin.lineinfile',
      args: { path: '{{ item }}', line: 'x' },
      loop: ['/etc/pam.d/*'],
      loopWith: 'with_fileglob',
    });
  });

  it("a task of the project's own module (one the catalog does not know) is kept as written, outside the file's modules", () => {
    const text = [
      '- name: Record role begin fingerprint',
      '  sr_fingerprint:',
      '    status: begin',
      '- name: Start nginx',
      '',
    ];
    const [req] = requestAt(text.join('\n'), 3).requests;
    assert.deepEqual(req.context.earlierTasks, [
      { name: 'Record role begin fingerprint', fqcn: 'sr_fingerprint', args: { status: 'begin' } },
    ]);
    assert.deepEqual(req.context.previousModules, []);
  });

  it('variables the file uses are in scope; the loop variable is not', () => {
    const [req] = requestAt(file, 8).requests;
    assert.ok(req.context.variables.includes('nginx_conf_path'));
    assert.ok(req.context.variables.includes('nginx_users'));
    assert.ok(!req.context.variables.includes('item'));
  });

  it("a block's condition is in scope inside it, as is what its earlier tasks register", () => {
    const text = [
      '- name: Determine if system is ostree and set flag',
      '  when: not __sshd_is_ostree is defined',
      '  block:',
      '    - name: Check if system is ostree',
      '      ansible.builtin.stat:',
      '        path: /run/ostree-booted',
      '      register: __ostree_booted_stat',
      '    - name: Set flag to indicate system is ostree',
      '',
    ].join('\n');
    const { variables, blockDefines } = requestAt(text, 7).requests[0].context;
    assert.ok(variables.includes('__sshd_is_ostree'), variables.join(' '));
    assert.ok(variables.includes('__ostree_booted_stat'), variables.join(' '));
    // The block runs while its flag is undefined: it is there to set it.
    assert.deepEqual(blockDefines, ['__sshd_is_ostree']);
    const tested = requestAt(text.replace('not __sshd_is_ostree is defined', '__sshd_is_ostree | bool'), 7);
    assert.equal(tested.requests[0].context.blockDefines, undefined);
  });

  it("what a task's own vars define is not in scope after it, nor a lookup call", () => {
    const text = [
      '- name: Gather variables for each operating system',
      '  ansible.builtin.include_vars: "{{ lookup(\'first_found\', params) }}"',
      '  vars:',
      '    params:',
      '      files: ["{{ ansible_facts.os_family }}.yml"]',
      '      paths: ["{{ role_path }}/vars"]',
      '- name: Gather variables for the installation method',
      '',
    ].join('\n');
    const { variables } = requestAt(text, 6).requests[0].context;
    assert.ok(!variables.includes('params'), variables.join(' '));
    assert.ok(!variables.includes('lookup'), variables.join(' '));
    assert.ok(variables.includes('ansible_facts'), variables.join(' '));
  });
});

describe("a play's targets", () => {
  it('network devices use their platform collection; winrm hosts are Windows', () => {
    const eos = requestAt(
      '- name: backup EOS conf\n  hosts: eos\n  connection: httpapi\n  tasks:\n    - name: Save it\n',
      4,
    );
    assert.ok(eos.requests[0].context.collectionsInUse.includes('arista.eos'));
    const win = requestAt('- hosts: all\n  connection: winrm\n  tasks:\n    - name: Reboot\n', 3);
    assert.ok(win.requests[0].context.osHints?.includes('Windows'));
    assert.ok(!win.requests[0].context.collectionsInUse.includes('arista.eos'));
  });
});

describe('pronouns in a multi-task comment', () => {
  it('"it" and "them" are what the step before was about', () => {
    assert.deepEqual(resolvePronouns(['install nginx', 'start it', 'open port 80 in the firewall']), [
      'install nginx',
      'start nginx',
      'open port 80 in the firewall',
    ]);
    assert.deepEqual(resolvePronouns(['Install nginx and git', 'remove them']), [
      'Install nginx and git',
      'remove nginx and git',
    ]);
  });

  it('a first step keeps its words (nothing before it)', () => {
    assert.deepEqual(resolvePronouns(['restart it']), ['restart it']);
  });
});

describe("the role's own templates/ and files/ on disk, and the task files next to a file", () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());
  ws.write('roles/web/templates/nginx.conf.j2', '');
  ws.write('roles/web/templates/etc/default/nginx.j2', '');
  ws.write('roles/web/templates/.nginx.conf.j2.swp', '');
  ws.write('roles/web/files/ca.pem', '');
  ws.write('site/templates/app.j2', '');
  ws.write('roles/web/tasks/install.yml', '');
  ws.write('roles/web/tasks/main.yml', '');
  ws.write('site/tasks/deploy.yml', '');
  ws.write('site/roles/db/tasks/main.yml', '');
  ws.write('site/group_vars/all.yml', '');
  // More files than a listing holds, in a folder no include names: the walk does not go in.
  for (let i = 0; i < 210; i++) ws.write(`site/roles/t${i}.yml`, '');

  it("lists them for a role's task file (nested names relative, hidden files left out), and a playbook's folder's", () => {
    const at = (rel: string) => {
      const doc = parseAnsibleDocument(pathToFileURL(join(ws.root, rel)).href, '- name: Configure nginx\n');
      const r = buildTaskRequests(doc, 0, catalog, { readText: () => undefined });
      assert.ok(!('reason' in r), 'reason' in r ? r.reason : '');
      return r.requests[0].context.localFiles;
    };
    // …and the task files an include there can name: next to it, not itself, not roles' or vars.
    assert.deepEqual(at('roles/web/tasks/main.yml'), {
      templates: ['etc/default/nginx.j2', 'nginx.conf.j2'],
      files: ['ca.pem'],
      tasks: ['install.yml'],
    });
    assert.deepEqual(at('site/site.yml'), { templates: ['app.j2'], files: [], tasks: ['tasks/deploy.yml'] });
    assert.equal(at('elsewhere/site.yml'), undefined);
  });
});
