// `hosts:` completion through the real server over plain LSP, on a project whose inventory folder
// holds an executable script (it writes a marker file when run): trusted, the script's group comes
// through ansible-inventory (the first answers marked incomplete until the run is done); untrusted,
// only the static groups, and the script never runs, until trust is granted.

import assert from 'node:assert/strict';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CompletionList } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const playbook = '---\n- name: Web\n  hosts: \n  tasks: []\n';
const afterHosts = { line: 2, character: 9 };

function project(): { ws: TempWorkspace; uri: string } {
  const ws = new TempWorkspace();
  ws.write('inventory/static', '[web]\nweb1\n');
  const script = ws.write(
    'inventory/cloud.sh',
    '#!/bin/sh\ntouch "$(dirname "$0")/../ran"\necho \'{"cloud": {"hosts": ["vm1"]}, "_meta": {"hostvars": {}}}\'\n',
  );
  chmodSync(script.path, 0o755);
  return { ws, uri: ws.write('site.yml', playbook).uri };
}

async function start(ws: TempWorkspace, trusted: boolean): Promise<LspTestClient> {
  return LspTestClient.start({
    workspace: ws.root,
    cacheDir: sharedCatalogCache,
    trusted,
    // Completion is what is tested: the linters would only load the machine.
    settings: { lint: { enabled: false }, validation: { enabled: false } },
  });
}

const complete = async (client: LspTestClient, uri: string) =>
  (await client.conn.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position: afterHosts,
  })) as CompletionList;

/** Asks again while the answer is incomplete, as a client does while the user types. */
async function completeUntilComplete(client: LspTestClient, uri: string): Promise<CompletionList[]> {
  const answers = [await complete(client, uri)];
  const deadline = Date.now() + 30_000;
  while (answers[answers.length - 1].isIncomplete) {
    assert.ok(Date.now() < deadline, 'still incomplete after 30 s');
    await new Promise((r) => setTimeout(r, 200));
    answers.push(await complete(client, uri));
  }
  return answers;
}

const labels = (list: CompletionList) => list.items.map((i) => i.label).sort();

describe('hosts: completion with ansible-inventory over LSP', () => {
  const clients: LspTestClient[] = [];
  const spaces: TempWorkspace[] = [];
  after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
    spaces.forEach((ws) => ws.dispose());
  });

  it("trusted: offers the script's group, marked incomplete until ansible-inventory is done", async () => {
    const { ws, uri } = project();
    spaces.push(ws);
    const client = await start(ws, true);
    clients.push(client);
    await client.open(uri, playbook);
    const answers = await completeUntilComplete(client, uri);
    assert.ok(
      answers[0].items.some((i) => i.label === 'web'),
      'the static groups answer at once',
    );
    const last = answers[answers.length - 1];
    assert.deepEqual(labels(last), ['all', 'cloud', 'localhost', 'ungrouped', 'vm1', 'web', 'web1']);
    assert.equal(last.items.find((i) => i.label === 'cloud')?.detail, 'inventory group (ansible-inventory)');
    assert.ok(existsSync(join(ws.root, 'ran')));
    assert.ok(
      client.logs.some((l) => /^ansible-inventory in .*: 4 groups, 2 hosts$/.test(l)),
      client.logs.join('\n'),
    );
  });

  it('untrusted: static groups only and the script never runs; granting trust brings its group', async () => {
    const { ws, uri } = project();
    spaces.push(ws);
    const client = await start(ws, false);
    clients.push(client);
    await client.open(uri, playbook);
    const first = await complete(client, uri);
    await new Promise((r) => setTimeout(r, 1500));
    const again = await complete(client, uri);
    for (const list of [first, again]) {
      assert.equal(list.isIncomplete, false);
      assert.deepEqual(labels(list), ['all', 'localhost', 'ungrouped', 'web', 'web1']);
    }
    assert.equal(existsSync(join(ws.root, 'ran')), false, 'the inventory script ran in an untrusted workspace');

    await client.setTrusted(true);
    const answers = await completeUntilComplete(client, uri);
    assert.ok(labels(answers[answers.length - 1]).includes('cloud'));
    assert.ok(existsSync(join(ws.root, 'ran')));
  });
});
