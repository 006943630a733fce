// Go to definition on an installed module's name opens its Python source, as the peer server does,
// over plain LSP (no VS Code-only message); a name that is no module answers nothing.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Location } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const playbook = `- name: Web servers
  hosts: all
  tasks:
    - name: Message of the day
      ansible.builtin.copy:
        content: hello
        dest: /etc/motd
    - name: Allow ssh
      community.general.ufw:
        rule: allow
        port: '22'
    - name: Not a module
      no_such_module:
        x: 1
`;

describe('go to definition on a module', () => {
  const ws = new TempWorkspace();
  const file = ws.write('site.yml', playbook);
  let client: LspTestClient;
  after(async () => {
    await client?.stop();
    ws.dispose();
  });

  it("opens the installed module's source file", async () => {
    client = await LspTestClient.start({ workspace: ws.root, cacheDir: sharedCatalogCache, trusted: null });
    await client.open(file.uri, playbook);
    await client.waitForDiagnostics(file.uri, () => true);
    const at = (needle: string, into = 3) => {
      const before = playbook.slice(0, playbook.indexOf(needle) + into).split('\n');
      return { line: before.length - 1, character: before[before.length - 1].length };
    };
    const definition = async (needle: string) =>
      (await client.conn.sendRequest('textDocument/definition', {
        textDocument: { uri: file.uri },
        position: at(needle),
      })) as Location[];
    const copy = await definition('ansible.builtin.copy');
    assert.equal(copy.length, 1, JSON.stringify(copy));
    assert.match(copy[0].uri, /^file:\/\/.*\/ansible\/modules\/copy\.py$/);
    assert.deepEqual(copy[0].range.start, { line: 0, character: 0 });
    const ufw = await definition('community.general.ufw');
    assert.match(ufw[0]?.uri ?? '', /\/ansible_collections\/community\/general\/plugins\/modules\/ufw\.py$/);
    assert.deepEqual(await definition('no_such_module'), []);
  });
});
