// A module of the project's own (a role's library/) reaches inline suggestions through the real
// server: the model cannot rank a module the catalog does not know, but a near-copy in the
// workspace's other files that uses it is copied, its changed words changed (model/projectModules.ts).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const library = `#!/usr/bin/python
DOCUMENTATION = r'''
module: sr_fingerprint
short_description: Records that a role ran
options:
  status: {type: str, required: true}
  role_name: {type: str}
'''
`;

const setVars = `---
- name: Record role begin fingerprint
  sr_fingerprint:
    status: begin
    role_name: timesync
`;

const typed = `---
- name: Record role success fingerprint
`;

describe("inline suggestions use the project's own modules", () => {
  const ws = new TempWorkspace();
  ws.write('library/sr_fingerprint.py', library);
  ws.write('tasks/set_vars.yml', setVars);
  const file = ws.write('tasks/main.yml', typed);
  let client: LspTestClient | undefined;
  after(async () => {
    await client?.stop();
    ws.dispose();
  });

  it('copies the near-copy that uses the library module', async () => {
    client = await LspTestClient.start({
      workspace: ws.root,
      cacheDir: sharedCatalogCache,
      storagePath: join(ws.root, '.storage'),
      settings: { model: { prepareOnStartup: true }, lint: { enabled: false }, inline: { debounceMs: 0 } },
    });
    await client.untilModelAndWorkspaceReady();
    await client.open(file.uri, typed);
    const text = await client.inlineText(file.uri, { line: 1, character: 39 });
    assert.match(text, /sr_fingerprint:\n\s+status: success\n\s+role_name: timesync/);
  });
});
