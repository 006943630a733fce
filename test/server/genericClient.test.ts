// The server as any LSP editor drives it (Neovim, Emacs, Helix): no VS Code extension, no client
// command of its own. The server lists its commands in executeCommandProvider; an accepted inline
// item's command, run through workspace/executeCommand, records provenance, which the hover then
// shows; reject and rate work the same way, and bad arguments get a clear error.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Hover, InlineCompletionList, MarkupContent } from 'vscode-languageserver-protocol';
import { SERVER_COMMANDS, type AcceptSuggestionArgs, type ProvenanceRecord } from '../../server/src/protocol';
import { LspTestClient } from '../helpers/lspClient';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const playbook = '---\n- name: Web servers\n  hosts: web\n  tasks:\n    - name: Install nginx\n      \n';

describe('a generic LSP client records provenance through workspace/executeCommand', () => {
  const ws = new TempWorkspace();
  const file = ws.write('site.yml', playbook);
  let client: LspTestClient;
  after(async () => {
    await client?.stop();
    ws.dispose();
  });

  it('lists the commands, accepts through the item command, and hovers the AI-written text', async () => {
    client = await LspTestClient.start({
      workspace: ws.root,
      cacheDir: sharedCatalogCache,
      storagePath: join(ws.root, '.storage'),
      trusted: null,
      settings: { model: { prepareOnStartup: true }, inline: { debounceMs: 0 } },
    });
    const caps = (client.initializeResult as { capabilities: { executeCommandProvider?: { commands: string[] } } })
      .capabilities;
    assert.deepEqual(caps.executeCommandProvider?.commands.sort(), Object.values(SERVER_COMMANDS).sort());

    await client.open(file.uri, playbook);
    const list = (await client.conn.sendRequest('textDocument/inlineCompletion', {
      textDocument: { uri: file.uri },
      position: { line: 5, character: 6 },
      context: { triggerKind: 1 },
    })) as InlineCompletionList | null;
    const item = list?.items[0];
    assert.ok(item?.command, JSON.stringify(list));
    assert.equal(item.command.command, SERVER_COMMANDS.accept);
    const args = item.command.arguments?.[0] as AcceptSuggestionArgs;

    // The editor inserts the item's text over its range, then runs its command.
    const lines = playbook.split('\n');
    lines[5] = args.insertText;
    await client.change(file.uri, lines.join('\n'), 2);
    const record = (await client.conn.sendRequest('workspace/executeCommand', {
      command: item.command.command,
      arguments: item.command.arguments,
    })) as ProvenanceRecord;
    assert.equal(record.suggestionId, args.suggestionId);
    assert.equal(record.range.start.line, 5);
    assert.ok(record.range.end.line > 5);
    assert.ok(record.licenses.length > 0);

    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: file.uri },
      position: { line: 6, character: 10 },
    })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /AI-written/i);

    const rated = await client.conn.sendRequest('workspace/executeCommand', {
      command: SERVER_COMMANDS.rate,
      arguments: [{ suggestionId: args.suggestionId, textDocument: { uri: file.uri }, rating: 'up' }],
    });
    assert.equal(rated, true);
  });

  it('refuses a command with bad arguments in one clear error', async () => {
    await assert.rejects(
      client.conn.sendRequest('workspace/executeCommand', { command: SERVER_COMMANDS.accept, arguments: [{}] }),
      /scribe\.server\.acceptSuggestion needs a suggestionId/,
    );
    await assert.rejects(
      client.conn.sendRequest('workspace/executeCommand', {
        command: SERVER_COMMANDS.reject,
        arguments: [{ suggestionId: 'x', textDocument: { uri: file.uri }, reason: 'whatever' }],
      }),
      /needs textDocument and a reason/,
    );
  });
});
