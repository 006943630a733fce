// The context lines of the remote prompt: the modules already used, the variables in scope and the
// collections in use reach the model (in both prompt forms) within their budget, redacted, and the
// completions prompt stays a YAML file ending with the `- name:` line.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { buildPrompt, contextHints } from '../../server/src/remote/prompt';
import type { TaskRequest } from '../../server/src/suggest/types';

function request(context: Partial<TaskRequest['context']>, fileText = '- hosts: web\n  tasks:\n'): TaskRequest {
  return {
    description: 'Write the nginx config',
    context: { previousModules: [], collectionsInUse: [], variables: [], section: 'tasks', fileText, ...context },
  };
}

describe('prompt context lines', () => {
  const req = request({
    previousModules: ['ansible.builtin.package', 'ansible.builtin.template', 'ansible.builtin.package'],
    variables: ['nginx_user', 'nginx_port'],
    collectionsInUse: ['ansible.builtin', 'community.general'],
  });

  it('modules most recent first and once, the variables and collections, in both forms', () => {
    const p = buildPrompt(req, []);
    assert.ok(
      p.completion.startsWith(
        '# Modules already used here: ansible.builtin.package, ansible.builtin.template\n' +
          '# Variables in scope: nginx_user, nginx_port\n' +
          '# Collections in use: ansible.builtin, community.general\n' +
          '- hosts: web\n',
      ),
      p.completion,
    );
    assert.ok(p.completion.endsWith('    - name: Write the nginx config\n'));
    assert.doesNotThrow(() => parse(p.completion));
    const user = p.messages[1].content;
    assert.match(user, /^Variables in scope: nginx_user, nginx_port$/m);
    assert.ok(user.indexOf('Modules already used here') < user.indexOf('The file so far:'));
  });

  it('nothing to say, no lines; a budget of 0, none either', () => {
    assert.deepEqual(contextHints(request({}), 600), []);
    assert.ok(buildPrompt(req, [], { hintBudget: 0 }).completion.startsWith('- hosts: web\n'));
  });

  it('stays within its budget, saying how many were left out', () => {
    const variables = Array.from({ length: 200 }, (_, i) => `project_variable_number_${i}`);
    const lines = contextHints(request({ variables, previousModules: ['ansible.builtin.copy'] }), 600);
    assert.ok(lines.join('\n').length <= 600, `${lines.join('\n').length} chars`);
    const vars = lines.find((l) => l.startsWith('Variables in scope: '))!;
    assert.match(vars, /^Variables in scope: project_variable_number_0, project_variable_number_1, .* \(\+\d+ more\)$/);
    assert.ok(vars.length <= 0.45 * 600);
    assert.equal(lines[0], 'Modules already used here: ansible.builtin.copy');
  });

  it('variables that fit the description come first, so a cut keeps them', () => {
    const variables = [...Array.from({ length: 60 }, (_, i) => `other_setting_${i}`), 'nginx_config_path'];
    const [vars] = contextHints({ ...request({ variables }), description: 'Write the nginx config' }, 600);
    assert.match(vars, /^Variables in scope: nginx_config_path, other_setting_0, other_setting_1, /);
    assert.match(vars, /\(\+\d+ more\)$/);
  });

  it('redacts what it carries', () => {
    const key = 'AKIAIOSFODNN7EXAMPLE';
    const p = buildPrompt(request({ variables: [key, 'region'], collectionsInUse: [key] }), []);
    assert.ok(!p.completion.includes(key), p.completion);
    assert.ok(!p.messages.some((m) => m.content.includes(key)));
    assert.ok(p.redactions >= 2);
    assert.match(p.completion, /^# Variables in scope: .*region$/m);
  });
});
