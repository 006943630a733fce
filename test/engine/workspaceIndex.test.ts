// What a request from a workspace file is given by the worker's workspace index: the workspace's
// other named tasks and, for a role's file, the variables the role's other files use — with a real
// attribution index, and after a file changes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttributionIndex } from '../../server/src/attribution/attributionIndex';
import { WorkspaceIndex } from '../../server/src/engine/workspaceIndex';
import type { TaskRequests } from '../../server/src/suggest/request';

/** A catalog that knows builtin short names and FQCNs, and not `sr_fingerprint` (a role's library/ module). */
const resolve = (n: string) =>
  n === 'sr_fingerprint' ? undefined : { fqcn: n.includes('.') ? n : `ansible.builtin.${n}` };

function workspace() {
  const index = AttributionIndex.build([]);
  const resources = {
    loaded: async () => ({ index }) as never,
    catalog: { resolve } as never,
  };
  return new WorkspaceIndex(resources);
}

const request = (uri: string, variables: string[] = []): TaskRequests =>
  ({
    kind: 'single',
    uri,
    line: 0,
    indent: 0,
    listIndent: 0,
    indentUnit: 2,
    requests: [
      {
        description: 'restart redis',
        context: { previousModules: [], collectionsInUse: [], variables, section: 'tasks' },
      },
    ],
  }) as TaskRequests;

describe('the workspace a request sees', () => {
  it("a handler sees its role's tasks and the variables they use, kept up to date", async () => {
    const ws = workspace();
    const tasks = '/w/roles/redis/tasks/main.yml';
    await ws.index('/w', [
      { path: tasks, text: '- name: Start redis\n  service:\n    name: "{{ redis_daemon }}"\n    state: started\n' },
      {
        path: '/w/roles/web/tasks/main.yml',
        text: '- name: Start nginx\n  service:\n    name: "{{ nginx_service }}"\n',
      },
    ]);
    const seen = (await ws.attach(request('file:///w/roles/redis/handlers/main.yml', ['redis_port']))).requests[0];
    assert.deepEqual(seen.context.variables, ['redis_port', 'redis_daemon']);
    assert.deepEqual(
      seen.context.workspaceTasks?.map((t) => t.name),
      ['Start redis', 'Start nginx'],
    );
    await ws.index('/w', [{ path: tasks, text: '- name: Start redis\n  service:\n    name: "{{ redis_unit }}"\n' }]);
    const again = (await ws.attach(request('file:///w/roles/redis/handlers/main.yml'))).requests[0];
    assert.deepEqual(again.context.variables, ['redis_unit']);
  });

  it("keeps a task of the project's own module as written; drops a task with no module name", async () => {
    const ws = workspace();
    await ws.index('/w', [
      {
        path: '/w/tasks/set_vars.yml',
        text: '- name: Record role begin fingerprint\n  sr_fingerprint:\n    status: begin\n- name: Odd\n  "{{ x }}": 1\n',
      },
    ]);
    const seen = (await ws.attach(request('file:///w/tasks/main.yml'))).requests[0];
    assert.deepEqual(
      seen.context.workspaceTasks?.map((t) => [t.name, t.fqcn, t.args]),
      [['Record role begin fingerprint', 'sr_fingerprint', { status: 'begin' }]],
    );
  });
});
