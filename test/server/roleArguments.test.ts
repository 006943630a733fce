// Role arguments over plain LSP: in a roles: entry, completion offers the role's argument_specs
// arguments and hover shows one, for a project role and for a role of an installed collection
// (community.sops.install, found through the catalog's collection folders), whose name also goes
// to its tasks/main.yml.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { CompletionList, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const playbook = `- name: Web servers
  hosts: all
  roles:
    - role: web
      web_mode: proxy
      
    - role: community.sops.install
      sops_version: latest
      
  tasks:
    - name: Copy a file
      ansible.builtin.copy:
        src: a
        dest: /tmp/a
`;

describe('role arguments over LSP', () => {
  const ws = new TempWorkspace();
  ws.write(
    'roles/web/meta/argument_specs.yml',
    'argument_specs:\n  main:\n    options:\n      web_mode:\n        type: str\n        choices: [proxy, static]\n        description: What the server serves.\n      web_port:\n        type: int\n        required: true\n        description: The port.\n',
  );
  const roleTasks = '- ansible.builtin.debug:\n    msg: "{{ web_port }}"\n';
  const tasksFile = ws.write('roles/web/tasks/main.yml', roleTasks);
  ws.write('roles/web/defaults/main.yml', 'web_port: 8080\n');
  const file = ws.write('site.yml', playbook);
  let client: LspTestClient;
  after(async () => {
    await client?.stop();
    ws.dispose();
  });

  const at = (needle: string, into = 0) => {
    const before = playbook.slice(0, playbook.indexOf(needle) + into).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };

  it('completes and hovers the arguments of a project role and an installed collection’s role', async () => {
    client = await LspTestClient.start({ workspace: ws.root, cacheDir: sharedCatalogCache, trusted: null });
    await client.open(file.uri, playbook);
    const request = async <T>(method: string, position: { line: number; character: number }) =>
      (await client.conn.sendRequest(method, { textDocument: { uri: file.uri }, position })) as T;
    // A module hover waits for the catalog, which knows where the installed collections are.
    const copy = await request<Hover | null>('textDocument/hover', at('ansible.builtin.copy', 3));
    assert.match((copy?.contents as MarkupContent).value, /copy/);

    // The line after `web_mode: proxy`, indented as the editor leaves it, at the entry's key column.
    const blank = { line: at('web_mode').line + 1, character: 6 };
    const web = await request<CompletionList>('textDocument/completion', blank);
    assert.deepEqual(
      web.items.map((i) => [i.label, i.detail]),
      [['web_port', 'int, required']],
    );
    const mode = await request<Hover | null>('textDocument/hover', at('web_mode', 4));
    assert.match((mode?.contents as MarkupContent).value, /argument of role `web`[\s\S]*What the server serves/);

    const sops = await request<CompletionList>('textDocument/completion', {
      line: at('sops_version').line + 1,
      character: 6,
    });
    const labels = sops.items.map((i) => i.label);
    assert.ok(labels.includes('sops_source') && labels.includes('sops_install_on_localhost'), labels.join(' '));
    assert.ok(!labels.includes('sops_version'), 'an argument already given is not offered again');
    const version = await request<Hover | null>('textDocument/hover', at('sops_version', 4));
    assert.match(
      (version?.contents as MarkupContent).value,
      /argument of role `community.sops.install`[\s\S]*The version of sops to install/,
    );
    const definition = await request<Location[]>('textDocument/definition', at('community.sops.install', 16));
    assert.match(definition[0]?.uri ?? '', /\/community\/sops\/roles\/install\/tasks\/main\.yml$/);
  });

  it("hovers a variable inside the role with its default and what the role's argument_specs say", async () => {
    await client.open(tasksFile.uri, roleTasks);
    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: tasksFile.uri },
      position: { line: 1, character: roleTasks.split('\n')[1].indexOf('web_port') + 2 },
    })) as Hover | null;
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, /role web defaults[\s\S]*8080/);
    assert.match(value, /\*\*web\\_port\*\* \(int, required\) — argument of role `web`[\s\S]*The port\./);
  });
});
