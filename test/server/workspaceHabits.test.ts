// The workspace's habits reach inline suggestions through the real server: once the workspace is
// indexed, a new file's first task follows the modules the project's other files use (the model
// alone picks an everyday module for the same request: test/model/installed.test.ts).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const siblings = `---
- name: Restart the web worker
  community.general.supervisorctl:
    name: web
    state: restarted

- name: Stop the cron worker
  community.general.supervisorctl:
    name: cron
    state: stopped
`;

const typed = `---
- name: Restart the queue worker
`;

describe("inline suggestions follow the workspace's other files", () => {
  const ws = new TempWorkspace();
  ws.write('roles/app/tasks/web.yml', siblings);
  const file = ws.write('roles/app/tasks/queue.yml', typed);
  let client: LspTestClient | undefined;
  after(async () => {
    await client?.stop();
    ws.dispose();
  });

  const start = async () =>
    (client = await LspTestClient.start({
      workspace: ws.root,
      cacheDir: sharedCatalogCache,
      storagePath: join(ws.root, '.storage'),
      settings: { model: { prepareOnStartup: true }, lint: { enabled: false }, inline: { debounceMs: 0 } },
    }));

  const suggestion = async (c: LspTestClient) => {
    await c.open(file.uri, typed);
    return c.inlineText(file.uri, { line: 1, character: 32 });
  };
  const followsSiblings = /community\.general\.supervisorctl:\n\s+name: queue\n\s+state: restarted/;

  it("suggests the project's module for a task the file has no habit for", async () => {
    const c = await start();
    await c.untilModelAndWorkspaceReady();
    assert.match(await suggestion(c), followsSiblings);
  });

  it('already follows the workspace in the first suggestion after a restart, asked for while the model loads', async () => {
    await client?.stop();
    const c = await start();
    const readyBefore = c.statuses.some((s) => (s as { model?: { state: string } }).model?.state === 'ready');
    const text = await suggestion(c);
    assert.equal(readyBefore, false, 'the request went out before the model was ready');
    assert.match(text, followsSiblings);
  });
});
