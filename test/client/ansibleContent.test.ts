import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAnsibleContent } from '../../client/src/ansibleContent';
import { summarize } from '../../client/src/statusSummary';

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

describe('status summary', () => {
  const base = {
    catalog: { state: 'ready' as const, modules: 7734, ansibleVersion: '2.14.18' },
    lint: { state: 'ready' as const },
    yamllint: { state: 'disabled' as const },
    settings: [],
  };

  it('is a quiet check mark when all is well', () => {
    const s = summarize(base);
    assert.equal(s.severity, 'ok');
    assert.equal(s.text, '$(check) Scribe');
    assert.match(s.details[0], /7,734 modules, Ansible 2\.14\.18/);
  });

  it('names the worst problem first', () => {
    const s = summarize({
      ...base,
      catalog: { state: 'unavailable', modules: 0, message: 'ansible-doc not found' },
      lint: { state: 'unavailable', message: "ansible-lint not found at 'x'" },
      settings: ['scribe.lint.timeoutMs: expected a positive integer'],
    });
    assert.equal(s.severity, 'warning');
    assert.equal(s.text, '$(warning) Scribe: Ansible not found');
    assert.ok(s.details.some((d) => d.startsWith('Setting: scribe.lint.timeoutMs')));
    assert.equal(summarize({ ...base, lint: { state: 'error', message: 'timed out' } }).severity, 'error');
    const model = summarize({ ...base, model: { state: 'error', message: 'no corpus' } });
    assert.equal(model.text, '$(warning) Scribe: model unavailable');
    assert.ok(model.details.includes('Embedded model: error — no corpus'));
    assert.equal(
      summarize({ ...base, catalog: { state: 'loading', modules: 0 } }).text,
      '$(sync~spin) Scribe: loading modules',
    );
  });
});
