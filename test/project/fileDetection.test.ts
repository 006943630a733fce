// Project files that are not playbooks or task lists are read as what they are: Galaxy
// requirements and group_vars/host_vars (also without an extension) get no task diagnostics.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseAnsibleDocument } from '../../server/src/document/parse';

const kind = (uri: string, text: string) => parseAnsibleDocument(uri, text).kind;
const rolesList = '---\n- src: geerlingguy.nginx\n  version: 3.1.0\n';

describe('file kinds of project files', () => {
  it('requirements.yml is Galaxy metadata, in the root, roles/ or collections/', () => {
    assert.equal(kind('file:///p/requirements.yml', rolesList), 'meta');
    assert.equal(kind('file:///p/roles/requirements.yml', rolesList), 'meta');
    assert.equal(kind('file:///p/collections/requirements.yaml', 'collections:\n  - community.general\n'), 'meta');
  });

  it('a role task file that happens to be called requirements.yml stays a task file', () => {
    assert.equal(kind('file:///p/roles/r/tasks/requirements.yml', '- name: a\n  ansible.builtin.ping:\n'), 'tasks');
  });

  it('group_vars and host_vars files are variables, with or without an extension', () => {
    assert.equal(kind('file:///p/group_vars/all', 'a: 1\n'), 'vars');
    assert.equal(kind('file:///p/host_vars/web1/main.yml', 'a: 1\n'), 'vars');
  });
});
