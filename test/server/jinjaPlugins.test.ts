// Filters and tests through the real server over plain LSP (a generic client): completion after
// `|` lists ansible.builtin.to_json (and its short name) and Jinja's default, after `is ` the test
// defined; completionItem/resolve and hover bring the filter's documentation from ansible-doc;
// variable completion inside {{ }} still answers.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const playbook = `- name: Web servers
  hosts: all
  vars:
    app_port: 8080
  tasks:
    - name: Show the settings
      ansible.builtin.debug:
        msg: "{{ app_port | }}"
    - name: Only when defined
      ansible.builtin.debug:
        msg: "{{ app_port | to_yaml }}"
      when: app_port is 
    - name: A variable
      ansible.builtin.debug:
        msg: "{{ app_p }}"
`;

/** The position just after `needle`'s first occurrence (plus `delta` characters). */
function positionAfter(needle: string, delta = 0) {
  const lines = playbook.slice(0, playbook.indexOf(needle) + needle.length + delta).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

describe('Jinja filters and tests over LSP', () => {
  const ws = new TempWorkspace();
  const file = ws.write('site.yml', playbook);
  let client: LspTestClient;
  after(async () => {
    await client?.stop();
    ws.dispose();
  });

  const complete = async (position: { line: number; character: number }) =>
    (await client.conn.sendRequest('textDocument/completion', {
      textDocument: { uri: file.uri },
      position,
    })) as CompletionList | null;

  it('completes filters after `|` and tests after `is `, hovers a filter with its documentation', async () => {
    client = await LspTestClient.start({ workspace: ws.root, cacheDir: sharedCatalogCache, trusted: null });
    await client.open(file.uri, playbook);

    // The first answer is never empty: Jinja's own at once, the installed plugins within 2 s or on a later ask.
    const afterBar = positionAfter('{{ app_port | ');
    const started = Date.now();
    const first = await complete(afterBar);
    const firstMs = Date.now() - started;
    assert.ok(first && first.items.some((i) => i.label === 'default'), JSON.stringify(first).slice(0, 300));
    assert.ok(firstMs < 10_000, `${firstMs} ms`);
    let list: CompletionList | null = first;
    for (let i = 0; list?.isIncomplete && i < 60; i++) {
      await new Promise((r) => setTimeout(r, 500));
      list = await complete(afterBar);
    }
    assert.ok(list && !list.isIncomplete, 'the installed plugins listed');
    const labels = list.items.map((i) => i.label);
    for (const name of ['ansible.builtin.to_json', 'to_json', 'default', 'community.general.json_query'])
      assert.ok(labels.includes(name), name);
    const toJson = list.items.find((i) => i.label === 'ansible.builtin.to_json')!;
    assert.equal(toJson.kind, 3 /* Function */);
    assert.equal(toJson.detail, 'Convert variable to JSON string');
    const resolved = (await client.conn.sendRequest('completionItem/resolve', toJson)) as CompletionItem;
    assert.match((resolved.documentation as MarkupContent).value, /Converts an Ansible variable into a JSON string/);

    const tests = await complete(positionAfter('when: app_port is '));
    const testLabels = tests?.items.map((i) => i.label) ?? [];
    assert.ok(testLabels.includes('defined'), testLabels.join(' '));
    assert.ok(!testLabels.includes('to_json'));

    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: file.uri },
      position: positionAfter('{{ app_port | to_', 1),
    })) as Hover | null;
    const value = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(value, /\*\*ansible\.builtin\.to\\_yaml\*\* \(filter\) — Convert variable to YAML string/);
    assert.match(value, /`sort_keys`/);
    assert.equal(hover?.range?.start.character, positionAfter('{{ app_port | ').character);

    // Variable completion inside {{ }} is untouched.
    const vars = await complete(positionAfter('{{ app_p'));
    assert.ok(vars?.items.some((i) => i.label === 'app_port' && i.kind === 6 /* Variable */));
    assert.ok(!vars?.items.some((i) => i.label === 'to_json'));
    client.logs.filter((l) => l.startsWith('[jinja]')).forEach((l) => console.log(`${l} (first answer ${firstMs} ms)`));
  });
});
