// Completion from the project: `hosts:` from the inventory (INI and YAML, read statically, joined
// by ansible-inventory's listing when there is one) and role names in `roles:` and include_role.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { readInventory } from '../../server/src/project/inventory';
import { projectCompletion } from '../../server/src/service/project/projectCompletion';
import { TempWorkspace } from '../helpers/workspace';

const root = resolve(__dirname, '../fixtures/project');

function labelsAt(dir: string, rel: string, text: string, marker = '|'): string[] | undefined {
  const offset = text.indexOf(marker);
  const doc = parseAnsibleDocument(pathToFileURL(join(dir, rel)).href, text.replace(marker, ''));
  return projectCompletion(doc, offset, { workspaceRoots: [dir] })?.items.map((i) => i.label);
}

describe('inventory', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());

  it('reads INI groups, children and hosts from inventory/', () => {
    const inv = readInventory([root]);
    assert.deepEqual([...inv.groups].sort(), ['all', 'ungrouped', 'webservers']);
    assert.deepEqual([...inv.hosts], ['web1']);
  });

  it('reads a YAML inventory named by ansible.cfg, with nested children', () => {
    ws.write('ansible.cfg', '[defaults]\ninventory = ./inv/prod.yml\n');
    ws.write(
      'inv/prod.yml',
      'all:\n  children:\n    db:\n      hosts:\n        db1:\n        db2:\n    app:\n      children:\n        api:\n          hosts:\n            api1:\n',
    );
    ws.write('hosts', '[edge]\nproxy1 ansible_host=10.0.0.1\n\n[edge:vars]\nx=1\n\n[front:children]\nedge\n');
    const inv = readInventory([ws.root]);
    assert.deepEqual([...inv.groups].sort(), ['all', 'api', 'app', 'db', 'edge', 'front', 'ungrouped']);
    assert.deepEqual([...inv.hosts].sort(), ['api1', 'db1', 'db2', 'proxy1']);
  });

  it("does not read a plugin's configuration as groups (plugin:, layers: are no groups)", () => {
    const plugin = new TempWorkspace();
    try {
      plugin.write(
        'inventory/gen.yml',
        'plugin: ansible.builtin.generator\nhosts:\n  name: "{{ app }}"\nlayers:\n  app: [api]\n',
      );
      plugin.write('inventory/static', '[web]\nweb1\n');
      const inv = readInventory([plugin.root]);
      assert.deepEqual([...inv.groups].sort(), ['all', 'ungrouped', 'web']);
      assert.deepEqual([...inv.hosts], ['web1']);
    } finally {
      plugin.dispose();
    }
  });

  it('reads host and group variables with their place: INI host lines and :vars, YAML vars and host maps', () => {
    const vars = new TempWorkspace();
    try {
      vars.write(
        'hosts',
        '# comment\n[web]\nweb1 ansible_host=10.0.0.1 motd="a b" # note\n\n[all:vars]\nntp_server = ntp.example.com\n',
      );
      vars.write('inventory.yml', 'db:\n  hosts:\n    db1:\n      port: 5432\n  vars:\n    engine: postgres\n');
      const inv = readInventory([vars.root]);
      const seen = inv.vars.map(
        (v) => `${v.target.kind} ${v.target.name}: ${v.name}=${v.value} @${v.line}:${v.character}`,
      );
      assert.deepEqual(seen.sort(), [
        'group all: ntp_server=ntp.example.com @5:0',
        'group db: engine=postgres @5:4',
        'host db1: port=5432 @3:6',
        'host web1: ansible_host=10.0.0.1 @2:5',
        'host web1: motd="a b" @2:27',
      ]);
      const ntp = inv.vars.find((v) => v.name === 'ntp_server')!;
      assert.equal(readFileSync(ntp.file, 'utf8').slice(ntp.start, ntp.end), 'ntp_server');
    } finally {
      vars.dispose();
    }
  });
});

describe('project completion', () => {
  it('offers inventory groups and hosts after hosts:', () => {
    const labels = labelsAt(root, 'p.yml', '---\n- name: x\n  hosts: |\n  tasks: []\n');
    assert.deepEqual(labels?.sort(), ['all', 'localhost', 'ungrouped', 'web1', 'webservers']);
  });

  it('offers the project roles in roles: and include_role name:', () => {
    assert.deepEqual(labelsAt(root, 'p.yml', '---\n- hosts: all\n  roles:\n    - |\n')?.sort(), ['db', 'web']);
    assert.deepEqual(
      labelsAt(root, 'roles/web/tasks/x.yml', '---\n- name: r\n  ansible.builtin.include_role:\n    name: |\n')?.sort(),
      ['db', 'web'],
    );
  });

  it('answers nothing elsewhere (the language service does)', () => {
    assert.equal(labelsAt(root, 'p.yml', '---\n- name: x\n  hosts: all\n  tasks:\n    - name: |\n'), undefined);
  });
});
