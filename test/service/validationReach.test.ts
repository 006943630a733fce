// No false errors on valid projects: modules Ansible finds beside the content (library/, a local
// collections/ folder), short names through the collections in reach (the file's own collection,
// a play's `collections:`, a role's meta collections), package's pass-through to the package
// manager, KEY=value words inside a command line, and choices Ansible accepts. Against the real
// installed catalog; every project here is checked with ansible-playbook --syntax-check first.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { validate } from '../../server/src/service/validation';
import { defaultSettings } from '../../server/src/settings';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const MODULE = `#!/usr/bin/python
DOCUMENTATION = r'''
module: my_thing
short_description: Does my thing
options:
  size:
    description: How big.
    type: int
'''
from ansible.module_utils.basic import AnsibleModule
AnsibleModule(argument_spec=dict(size=dict(type='int'))).exit_json(changed=False)
`;

describe('no false errors on valid projects', () => {
  let catalog: AnsibleCatalog;
  const ws = new TempWorkspace();
  before(async () => {
    catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
    await catalog.ready();
    assert.equal(catalog.status().state, 'ready', catalog.status().message);
  });
  after(() => {
    catalog.dispose();
    ws.dispose();
  });

  async function errors(rel: string): Promise<string[]> {
    const path = join(ws.root, rel);
    const doc = parseAnsibleDocument(pathToFileURL(path).href, readFileSync(path, 'utf8'));
    const ds = await validate(doc, catalog, defaultSettings.validation);
    return ds.filter((d) => d.severity === 1).map((d) => `${d.code}@${d.range.start.line + 1}: ${d.message}`);
  }

  function syntaxCheck(playbook: string): void {
    execFileSync('ansible-playbook', ['--syntax-check', '-i', 'localhost,', playbook], {
      cwd: ws.root,
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
    });
  }

  it('a library/ module and a workspace collection next to the playbook', async () => {
    ws.write('library/my_thing.py', MODULE);
    ws.write(
      'collections/ansible_collections/acme/tools/plugins/modules/widget.py',
      MODULE.replace(/my_thing/g, 'widget'),
    );
    ws.write('collections/ansible_collections/acme/tools/galaxy.yml', 'namespace: acme\nname: tools\nversion: 1.0.0\n');
    ws.write(
      'local.yml',
      '---\n- name: Local modules\n  hosts: localhost\n  tasks:\n    - name: Mine\n      my_thing:\n        size: 3\n    - name: Widget\n      acme.tools.widget:\n        size: 1\n',
    );
    syntaxCheck('local.yml');
    assert.deepEqual(await errors('local.yml'), []);
  });

  it("a play's collections: keyword resolves short names", async () => {
    ws.write(
      'short.yml',
      '---\n- name: Short names\n  hosts: localhost\n  collections:\n    - community.general\n  tasks:\n    - name: Say\n      ini_file:\n        path: /tmp/x.ini\n        section: a\n        option: b\n        value: c\n',
    );
    syntaxCheck('short.yml');
    assert.deepEqual(await errors('short.yml'), []);
  });

  it('package passes its arguments to the package manager; command lines keep their KEY=value words', async () => {
    ws.write(
      'passthrough.yml',
      [
        '---',
        '- name: Pass-through',
        '  hosts: localhost',
        '  tasks:',
        '    - name: Package with yum options and the pkg alias',
        '      ansible.builtin.package:',
        '        pkg: nginx',
        '        enablerepo: epel',
        '        disable_gpg_check: true',
        '    - name: A command line with KEY=value words',
        '      ansible.builtin.command: ssh -o StrictHostKeyChecking=no host true',
        '    - name: dd',
        '      ansible.builtin.command: dd if=/dev/zero of=/tmp/f bs=1M count=1 creates=/tmp/f',
        '    - name: uri with a boolean for a yes/no choice',
        '      ansible.builtin.uri:',
        '        url: http://localhost/',
        '        follow_redirects: false',
        '    - name: lineinfile with a regex for insertafter',
        '      ansible.builtin.lineinfile:',
        '        path: /tmp/x',
        '        line: a',
        '        insertafter: "^security:"',
        '    - name: A numeric choice documented as a range, and a list given as a comma-separated string',
        '      cisco.ucs.ucs_system_qos:',
        '        hostname: h',
        '        username: u',
        '        password: p',
        '        priority: best-effort',
        '        cos: "5"',
        '    - name: A plain yes is a boolean to Ansible (YAML 1.1)',
        '      ansible.builtin.uri:',
        '        url: http://localhost/',
        '        follow_redirects: no',
        '',
      ].join('\n'),
    );
    syntaxCheck('passthrough.yml');
    assert.deepEqual(await errors('passthrough.yml'), []);
  });

  it('still reports what Ansible rejects', async () => {
    ws.write(
      'wrong.yml',
      [
        '---',
        '- name: Wrong',
        '  hosts: localhost',
        '  tasks:',
        '    - name: No such module',
        '      no_such_module_here:',
        '        a: 1',
        '    - name: warn is gone from command since ansible-core 2.14',
        '      ansible.builtin.command: echo hi',
        '      args:',
        '        warn: false',
        '    - name: A package with no name',
        '      ansible.builtin.package:',
        '        state: present',
        '    - name: A key no package manager takes',
        '      ansible.builtin.package:',
        '        name: nginx',
        '        stat: present',
        '    - name: A real choice error',
        '      ansible.builtin.file:',
        '        path: /tmp/x',
        '        state: sideways',
        '',
      ].join('\n'),
    );
    const codes = (await errors('wrong.yml')).map((e) => e.split(':')[0]);
    assert.deepEqual(codes, [
      'unknown-module@6',
      'unknown-option@11',
      'missing-required-option@13',
      'unknown-option@18',
      'invalid-choice@22',
    ]);
  });

  it("a collection module's documentation is not its argument spec: a mismatch there is a warning", async () => {
    ws.write(
      'vendor.yml',
      [
        '---',
        '- name: Vendor',
        '  hosts: localhost',
        '  tasks:',
        '    - name: cisco.ucs documents true/false; the module takes yes/no',
        '      cisco.ucs.ucs_scrub_policy:',
        '        hostname: h',
        '        username: u',
        '        password: p',
        '        name: x',
        '        bios_settings_scrub: "yes"',
        '        no_such_option: 1',
        '',
      ].join('\n'),
    );
    syntaxCheck('vendor.yml');
    assert.deepEqual(await errors('vendor.yml'), []);
    const path = join(ws.root, 'vendor.yml');
    const doc = parseAnsibleDocument(pathToFileURL(path).href, readFileSync(path, 'utf8'));
    const warnings = (await validate(doc, catalog, defaultSettings.validation)).filter((d) => d.severity === 2);
    assert.deepEqual(warnings.map((d) => d.code).sort(), ['invalid-choice', 'unknown-option']);
  });

  it("a collection's own role calls its modules by short name; a role's library/ module is found", async () => {
    const root = '/usr/lib/python3/dist-packages/ansible_collections';
    const own = await (async () => {
      const path = join(root, 't_systems_mms/icinga_director/roles/ansible_icinga/tasks/icinga_zone.yml');
      const doc = parseAnsibleDocument(pathToFileURL(path).href, readFileSync(path, 'utf8'));
      return (await validate(doc, catalog, defaultSettings.validation)).filter((d) => d.code === 'unknown-module');
    })();
    assert.deepEqual(own, []);
    const path = join(root, 'community/okd/molecule/default/roles/openshift_adm_groups/tasks/activeDirectory.yml');
    const doc = parseAnsibleDocument(pathToFileURL(path).href, readFileSync(path, 'utf8'));
    const ds = await validate(doc, catalog, defaultSettings.validation);
    assert.deepEqual(
      ds.filter((d) => d.code === 'unknown-module').map((d) => d.message),
      [],
    );
  });

  it('include (deprecated, listed by ansible-doc as _include) is no error', async () => {
    ws.write(
      'tasks/inc.yml',
      '---\n- name: Inc\n  include: other.yml\n- name: Inc2\n  ansible.builtin.include: other.yml\n',
    );
    assert.deepEqual(await errors('tasks/inc.yml'), []);
  });

  it('a collection that is not installed: a warning that names the requirements file listing it', async () => {
    const own = new TempWorkspace();
    try {
      own.write(
        'collections/requirements.yml',
        '---\ncollections:\n  - name: acme.missing\n    version: ">=1.0"\n  - other.one\n',
      );
      const path = own.write(
        'playbooks/site.yml',
        '- hosts: all\n  tasks:\n    - acme.missing.thing:\n    - nobody.else.thing:\n',
      ).path;
      const doc = parseAnsibleDocument(pathToFileURL(path).href, readFileSync(path, 'utf8'));
      const ds = (await validate(doc, catalog, defaultSettings.validation)).filter((d) => d.code === 'unknown-module');
      assert.deepEqual(
        ds.map((d) => [d.severity, d.message]),
        [
          [
            2,
            "Unknown module 'acme.missing.thing': collection acme.missing is not installed. ../collections/requirements.yml lists it: `ansible-galaxy collection install -r ../collections/requirements.yml` installs it.",
          ],
          [2, "Unknown module 'nobody.else.thing': collection nobody.else is not installed."],
        ],
      );
    } finally {
      own.dispose();
    }
  });
});
