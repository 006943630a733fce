// Trigger rules and context of task requests: `- name:` lines and `# a & b` comments, only where a
// task can stand. The cursor line is marked with `|` at the start of the line's text.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { buildTaskRequests, indentUnitOf, type RequestOutcome } from '../../server/src/suggest/request';
import { osHintsOfWhen } from '../../server/src/suggest/context';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

/** No catalog: nothing resolves (only FQCN-shaped names are kept as written). */
const noCatalog = { resolve: () => undefined };
const noFiles = () => undefined;

function at(marked: string, uri = 'file:///work/site.yml', catalog = noCatalog): RequestOutcome {
  const lines = marked.split('\n');
  const line = lines.findIndex((l) => l.includes('|'));
  assert.ok(line >= 0, 'fixture needs a | marker');
  lines[line] = lines[line].replace('|', '');
  const doc = parseAnsibleDocument(uri, lines.join('\n'));
  return buildTaskRequests(doc, line, catalog, { readText: noFiles });
}

function ok(r: RequestOutcome) {
  assert.ok(!('reason' in r), `expected requests, got: ${'reason' in r ? r.reason : ''}`);
  return r;
}

function reason(r: RequestOutcome): string {
  assert.ok('reason' in r, `expected a reason, got ${JSON.stringify(r)}`);
  return r.reason;
}

const play = (tasks: string) => `- name: Web\n  hosts: all\n  tasks:\n${tasks}`;

describe('task requests: where a task can stand', () => {
  it('a name line in a play\'s tasks (2-space) → one request, body under "name"', () => {
    const r = ok(at(play('    - name: Install nginx\n    |- name: Start nginx\n')));
    assert.equal(r.kind, 'single');
    assert.equal(r.requests.length, 1);
    assert.equal(r.requests[0].description, 'Start nginx');
    assert.equal(r.requests[0].context.section, 'tasks');
    assert.equal(r.indent, 6);
    assert.equal(r.listIndent, 4);
    assert.equal(r.indentUnit, 2);
  });

  it('4-space indentation: indent and step follow the file', () => {
    const text = `- name: Web\n  hosts: all\n  vars:\n      port: 80\n  tasks:\n      - name: Open\n        ansible.builtin.debug:\n            msg: hi\n      |- name: Install nginx\n`;
    const r = ok(at(text));
    assert.equal(r.indent, 8);
    assert.equal(r.listIndent, 6);
    assert.equal(r.indentUnit, 4);
    assert.deepEqual(r.requests[0].context.variables, ['port']);
  });

  it('a quoted name is read as YAML', () => {
    assert.equal(
      ok(at(play('    |- name: "Install nginx: latest"\n'))).requests[0].description,
      'Install nginx: latest',
    );
  });

  it('pre_tasks, post_tasks and handlers', () => {
    for (const section of ['pre_tasks', 'post_tasks', 'handlers']) {
      const r = ok(at(`- hosts: all\n  ${section}:\n    |- name: Restart nginx\n`));
      assert.equal(r.requests[0].context.section, section);
    }
  });

  it('nested block / rescue / always', () => {
    const text = play(
      `    - name: Outer\n      block:\n        - name: Inner\n          block:\n            |- name: Deep task\n      rescue:\n        - name: R\n`,
    );
    const r = ok(at(text));
    assert.equal(r.requests[0].context.section, 'block');
    assert.equal(r.indent, 14);
    const rescue = ok(
      at(play(`    - name: Outer\n      block:\n        - name: A\n      rescue:\n        |- name: Report\n`)),
    );
    assert.equal(rescue.requests[0].context.section, 'rescue');
  });

  it('a task with no body yet at the end of the file, and one followed by a broken line', () => {
    ok(at(play('    |- name: Install nginx')));
    ok(at(play('    |- name: Install nginx\n      apt: [\n')));
  });

  it('a role task file and a handler file', () => {
    ok(at('---\n|- name: Install nginx\n', 'file:///r/roles/web/tasks/main.yml'));
    const h = ok(at('|- name: Restart nginx\n', 'file:///r/roles/web/handlers/main.yml'));
    assert.equal(h.requests[0].context.section, 'handlers');
  });

  it('a comment with & → one request per part, new tasks at the comment column', () => {
    const r = ok(
      at(
        play(
          '    - name: A\n      ansible.builtin.debug: {msg: a}\n    |# install nginx & start it &  open port 80 &\n',
        ),
      ),
    );
    assert.equal(r.kind, 'multi');
    assert.deepEqual(
      r.requests.map((q) => q.description),
      // "it" is what the step before was about (issue 12).
      ['install nginx', 'start nginx', 'open port 80'],
    );
    assert.equal(r.listIndent, 4);
    assert.equal(r.indent, 6);
  });

  it('a comment directly under "tasks:" at the key column (indentless list)', () => {
    const r = ok(at('- hosts: all\n  tasks:\n  |# install nginx\n'));
    assert.equal(r.listIndent, 2);
  });

  it('at most 10 parts', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `t${i}`).join(' & ');
    assert.match(reason(at(play(`    |# ${eleven}\n`))), /11 descriptions; at most 10/);
    assert.equal(ok(at(play(`    |# ${eleven.replace(' & t10', '')}\n`))).requests.length, 10);
  });
});

describe('task requests: where no task can stand', () => {
  it('inside vars:', () => {
    assert.match(
      reason(at(`- hosts: all\n  vars:\n    |# install nginx\n    port: 80\n  tasks: []\n`)),
      /line 3 is inside "vars:"/,
    );
    assert.match(reason(at(`- hosts: all\n  vars:\n    port: 80\n    |# install nginx\n`)), /inside "vars:"/);
    assert.match(reason(at(`- hosts: all\n  vars:\n    ports:\n      |- name: http\n`)), /inside "ports:"/);
  });

  it('at play level: the first play, a later play, and a comment between plays', () => {
    assert.match(reason(at(`|- name: Web\n  hosts: all\n`)), /play level/);
    assert.match(reason(at(`- hosts: all\n  tasks: []\n|- name: Second\n  hosts: db\n`)), /play level/);
    assert.match(reason(at(`- hosts: all\n  tasks: []\n|# install nginx\n- hosts: db\n`)), /play level/);
  });

  it('in a defaults or vars file, and in roles:', () => {
    assert.match(reason(at('|# install nginx\nport: 80\n', 'file:///r/roles/web/defaults/main.yml')), /variables file/);
    assert.match(reason(at('|- name: x\n', 'file:///r/roles/web/vars/main.yml')), /variables file/);
    assert.match(reason(at(`- hosts: all\n  roles:\n    |- name: web\n`)), /inside "roles:"/);
  });

  it('comments that are not descriptions, and ordinary lines', () => {
    assert.match(reason(at(play('    |#!/usr/bin/env ansible-playbook\n'))), /not a task description/);
    assert.match(reason(at(play('    |# - name: old task\n'))), /not a task description/);
    assert.match(reason(at(play('    |# when: x\n'))), /not a task description/);
    assert.match(reason(at(play('    |# ---\n'))), /not a task description/);
    assert.match(
      reason(at(play('    - name: A\n      |ansible.builtin.debug: {}\n'))),
      /line 5 is not a task description/,
    );
    assert.match(reason(at(play('    |- name:\n'))), /empty task name/);
  });

  it('text inside a block scalar is not a comment or a task', () => {
    const copy =
      '    - name: Motd\n      ansible.builtin.copy:\n        dest: /etc/motd\n        content: >\n          hello\n          ';
    assert.match(reason(at(play(`${copy}|# install nginx & start it\n`))), /cannot stand/);
    assert.match(reason(at(play(`${copy}|- name: not a task\n`))), /cannot stand/);
  });

  it('a comment inside a task mapping', () => {
    assert.match(
      reason(at(play('    - name: A\n      ansible.builtin.debug: {}\n      |# install nginx\n'))),
      /cannot stand/,
    );
  });

  it('broken YAML above the line', () => {
    const r = reason(at(play('    - name: A\n      ansible.builtin.debug: {msg: [}\n    |- name: B\n')));
    assert.match(r, /^YAML above line 6 does not parse: .+ \(line 5\)$/);
  });

  it("a block's name line is not a task to write", () => {
    assert.match(reason(at(play('    |- name: Group\n      block:\n        - name: A\n'))), /names a block/);
  });

  it('out of range', () => {
    const doc = parseAnsibleDocument('file:///x.yml', '- name: a\n');
    assert.match(reason(buildTaskRequests(doc, 7, noCatalog)), /line 8 is outside the file \(2 lines\)/);
    assert.match(reason(buildTaskRequests(doc, -1, noCatalog)), /outside the file/);
  });
});

describe('task requests: context', () => {
  const ws = new TempWorkspace();
  const catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
  before(() => catalog.ready());
  after(() => {
    catalog.dispose();
    ws.dispose();
  });

  it('modules, collections, registered and set_fact variables, play vars and OS hints from above', () => {
    const text = `- hosts: web
  collections: [community.general]
  vars:
    nginx_packages: [nginx]
  vars_prompt:
    - name: admin_password
  tasks:
    - name: Update cache
      apt: update_cache=yes
      when: ansible_os_family == "Debian"
    - name: Facts
      set_fact:
        web_root: /srv/www
        cacheable: true
      register: facts_out
    - name: Ping
      community.general.nmcli: {conn_name: x, state: present}
    - name: A short name found through the collections keyword
      keycloak_realm: {id: x}
    |- name: Install nginx
    - name: Later
      ansible.builtin.dnf: {name: x}
      register: later_out
`;
    const r = ok(at(text, 'file:///p/site.yml', catalog as never));
    const c = r.requests[0].context;
    assert.deepEqual(c.previousModules, [
      'ansible.builtin.apt',
      'ansible.builtin.set_fact',
      'community.general.nmcli',
      'community.general.keycloak_realm',
    ]);
    assert.deepEqual(c.collectionsInUse, ['community.general', 'ansible.builtin']);
    assert.deepEqual(c.variables, ['nginx_packages', 'admin_password', 'facts_out', 'web_root']);
    assert.deepEqual(c.osHints, ['Debian']);
    assert.ok(c.fileText?.endsWith('keycloak_realm: {id: x}\n'));
  });

  it('a role task file picks up defaults/main.yml and vars/main.yml from disk, and OS from its name', () => {
    ws.write('roles/web/defaults/main.yml', '---\nnginx_port: 80\nnginx_user: www-data\n');
    ws.write('roles/web/vars/main.yaml', 'nginx_conf_dir: /etc/nginx\n');
    ws.write('roles/web/meta/main.yml', 'collections:\n  - community.crypto\n');
    const f = ws.write('roles/web/tasks/setup-RedHat.yml', '- name: Install nginx\n');
    const doc = parseAnsibleDocument(f.uri, '- name: Install nginx\n');
    const r = ok(buildTaskRequests(doc, 0, catalog));
    const c = r.requests[0].context;
    assert.deepEqual(c.variables, ['nginx_port', 'nginx_user', 'nginx_conf_dir']);
    assert.deepEqual(c.collectionsInUse, ['community.crypto']);
    assert.deepEqual(c.osHints, ['RedHat']);
  });

  it('a role inside a collection resolves short names in its own collection', () => {
    const uri = 'file:///usr/lib/ansible_collections/community/general/roles/kc/tasks/main.yml';
    const r = ok(at('- name: Realm\n  launchd: {name: x}\n|- name: Next\n', uri, catalog as never));
    assert.deepEqual(r.requests[0].context.previousModules, ['community.general.launchd']);
  });

  it('enclosing block vars and when, even when the when follows the block', () => {
    const text = play(
      `    - name: Debian only\n      vars:\n        pkg: nginx\n      block:\n        |- name: Install it\n      when: ansible_facts['distribution'] in ['Ubuntu', 'Debian']\n`,
    );
    const c = ok(at(text)).requests[0].context;
    assert.deepEqual(c.variables, ['pkg']);
    assert.deepEqual(c.osHints, ['Ubuntu', 'Debian']);
  });
});

describe('OS hints and indentation step', () => {
  it('reads == and in, ignores != and not in', () => {
    assert.deepEqual(osHintsOfWhen('ansible_distribution == "Ubuntu"'), ['Ubuntu']);
    assert.deepEqual(osHintsOfWhen(["ansible_facts.os_family in ['RedHat', 'Suse']"]), ['RedHat', 'Suse']);
    assert.deepEqual(osHintsOfWhen('ansible_os_family != "Debian"'), []);
    assert.deepEqual(osHintsOfWhen("ansible_os_family not in ['Debian']"), []);
    // Jinja's `not` negates the whole comparison.
    assert.deepEqual(osHintsOfWhen('enabled and not ansible_facts.os_family == "Darwin"'), []);
    assert.deepEqual(osHintsOfWhen('not (ansible_os_family == "Darwin")'), []);
    assert.deepEqual(osHintsOfWhen('ansible_os_family == "Darwin" and not docker'), ['Darwin']);
  });

  it('finds the step of nested mappings, not of lists', () => {
    assert.equal(indentUnitOf('- hosts: all\n  tasks:\n      - name: a\n        copy:\n            src: a\n'), 4);
    assert.equal(indentUnitOf('a:\n  b:\n    c: 1\n'), 2);
    assert.equal(indentUnitOf(''), 2);
  });
});
