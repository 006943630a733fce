import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAnsibleContent } from '../../client/src/ansibleContent';

const lines = (s: string) => s.split('\n');

describe('isAnsibleContent (switching YAML files to Ansible)', () => {
  const cases: [string, string, boolean][] = [
    ['a playbook', '---\n- name: Web\n  hosts: web\n  tasks: []\n', true],
    ['hosts on the item line', '- hosts: all\n', true],
    ['an import_playbook list', '# comment\n- import_playbook: other.yml\n', true],
    ['a modeline', '# code: language=ansible\nfoo: bar\n', true],
    ['a vim modeline', '# vim: set ft=ansible:\nfoo: bar\n', true],
    ['a modeline too far down', '\n\n\n\n\n\n# code: language=ansible\n', false],
    ['a Kubernetes manifest', 'apiVersion: v1\nkind: Pod\n', false],
    ['a task list', '- name: a\n  ansible.builtin.ping:\n', false],
    ['hosts in a nested mapping', '- name: x\n  vars:\n    hosts: all\n', false],
    ['hosts in the second item only', '- name: x\n- hosts: all\n', false],
  ];
  for (const [what, text, expected] of cases) {
    it(`${what} → ${expected}`, () => assert.equal(isAnsibleContent(lines(text)), expected));
  }
});
