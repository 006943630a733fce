// Which of the workspace's other tasks a request sees: the same role first, then the same folder,
// then the rest, never the file itself, at most the cap; and a file's named tasks in line order.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CorpusTask } from '../../server/src/corpus/types';
import type { EarlierTask } from '../../server/src/model/types';
import { namedTasksByFile, roleVariables, workspaceFor } from '../../server/src/model/workspaceTasks';

describe('workspace tasks for a request', () => {
  const files = new Map<string, string[]>([
    ['site.yml', ['site 1']],
    ['roles/db/tasks/main.yml', ['db 1', 'db 2']],
    ['roles/web/handlers/main.yml', ['web handler']],
    ['roles/web/tasks/main.yml', ['web 1', 'web 2']],
    ['roles/web/tasks/install.yml', ['web install']],
    ['playbooks/deploy.yml', ['deploy 1']],
    ['playbooks/backup.yml', ['backup 1']],
  ]);

  it("puts the same role's files first, then the same folder's, then the rest in path order", () => {
    assert.deepEqual(workspaceFor('roles/web/tasks/main.yml', files), [
      'web handler',
      'web install',
      'backup 1',
      'deploy 1',
      'db 1',
      'db 2',
      'site 1',
    ]);
    assert.deepEqual(workspaceFor('playbooks/deploy.yml', files).slice(0, 1), ['backup 1']);
  });

  it('never includes the file itself and stops at the cap', () => {
    assert.ok(!workspaceFor('site.yml', files).includes('site 1'));
    assert.deepEqual(workspaceFor('roles/db/tasks/main.yml', files, 2), ['backup 1', 'deploy 1']);
    assert.deepEqual(workspaceFor('new.yml', new Map()), []);
  });

  it("reads each file's named tasks with a module, in line order", () => {
    const task = (path: string, line: number, name: string, fqcn: string) =>
      ({ name, fqcn, args: { name: 'x' }, sources: [{ path, line }] }) as unknown as CorpusTask;
    const named = namedTasksByFile([
      task('a.yml', 9, 'second', 'ansible.builtin.service'),
      task('a.yml', 2, 'first', 'ansible.builtin.apt'),
      task('a.yml', 5, '', 'ansible.builtin.debug'),
      task('b.yml', 1, 'no module', ''),
    ]);
    assert.deepEqual([...named.keys()], ['a.yml']);
    assert.deepEqual(
      named.get('a.yml')!.map((t) => `${t.name} ${t.fqcn}`),
      ['first ansible.builtin.apt', 'second ansible.builtin.service'],
    );
  });

  it("reads the variables the same role's other files use: a role's own repository is a role too", () => {
    const task = (args: Record<string, unknown>, fqcn = 'ansible.builtin.service'): EarlierTask => ({
      name: 't',
      fqcn,
      args,
    });
    const roles = new Map<string, EarlierTask[]>([
      ['roles/redis/tasks/main.yml', [task({ name: '{{ redis_daemon }}', state: '{{ item }}' })]],
      ['roles/redis/tasks/check.yml', [task({ that: ['redis_port > 0'] }, 'ansible.builtin.assert')]],
      ['roles/web/tasks/main.yml', [task({ name: '{{ nginx_service }}' })]],
    ]);
    assert.deepEqual(roleVariables('roles/redis/handlers/main.yml', roles).sort(), ['redis_daemon', 'redis_port']);
    assert.deepEqual(roleVariables('roles/redis/tasks/main.yml', roles), ['redis_port']);
    assert.deepEqual(roleVariables('site.yml', roles), []);
    const own = new Map<string, EarlierTask[]>([
      ['tasks/main.yml', [task({ name: '{{ redis_daemon }}' })]],
      ['molecule/default/converge.yml', [task({ name: '{{ test_only }}' })]],
    ]);
    assert.deepEqual(roleVariables('handlers/main.yml', own), ['redis_daemon']);
  });
});
