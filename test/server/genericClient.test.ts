// The server as any LSP editor drives it (Neovim, Emacs, Helix): no VS Code extension, no client
// command of its own. The server lists its commands in executeCommandProvider; an accepted inline
// item's command, run through workspace/executeCommand, records provenance, which the hover then
// shows; reject and rate work the same way, and bad arguments get a clear error.

import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type {
  DocumentSymbol,
  Hover,
  InlineCompletionList,
  Location,
  MarkupContent,
  SymbolInformation,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
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

describe('a generic LSP client navigates a project: outline, definition, references, rename', () => {
  const ws = new TempWorkspace();
  cpSync(resolve(__dirname, '../fixtures/project'), ws.root, { recursive: true });
  const uri = (rel: string) => pathToFileURL(join(ws.root, rel)).href;
  const rel = (u: string) => fileURLToPath(u).slice(ws.root.length + 1);
  const site = readFileSync(join(ws.root, 'site.yml'), 'utf8');
  /** The position of the last character of `needle`'s first occurrence in site.yml. */
  const pos = (needle: string) => {
    const lines = site.slice(0, site.indexOf(needle) + needle.length - 1).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  };
  let client: LspTestClient;
  after(async () => {
    await client?.stop();
    ws.dispose();
  });

  it('answers symbols, definition, references, workspace symbols and rename over plain LSP', async () => {
    client = await LspTestClient.start({ workspace: ws.root, cacheDir: sharedCatalogCache, trusted: null });
    const caps = (client.initializeResult as { capabilities: Record<string, unknown> }).capabilities;
    for (const c of ['documentSymbolProvider', 'definitionProvider', 'referencesProvider', 'workspaceSymbolProvider'])
      assert.ok(caps[c], c);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    await client.open(uri('site.yml'), site);
    const textDocument = { uri: uri('site.yml') };

    const symbols = (await client.conn.sendRequest('textDocument/documentSymbol', {
      textDocument,
    })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['Web servers', 'other.yml'],
    );
    assert.ok(symbols[0].children?.some((c) => c.name === 'Message of the day'));

    const role = (await client.conn.sendRequest('textDocument/definition', {
      textDocument,
      position: pos('- web'),
    })) as Location[];
    assert.deepEqual(
      role.map((l) => rel(l.uri)),
      ['roles/web/tasks/main.yml'],
    );

    const refs = (await client.conn.sendRequest('textDocument/references', {
      textDocument,
      position: pos('restart web'),
      context: { includeDeclaration: true },
    })) as Location[];
    assert.deepEqual(refs.map((l) => rel(l.uri)).sort(), ['site.yml', 'site.yml', 'site.yml', 'tasks/extra.yml']);

    // A file written on disk and announced by the client joins the references.
    const added = ws.write('tasks/more.yml', '---\n- name: More\n  ansible.builtin.debug:\n  notify: restart web\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: added.uri, type: 1 }] });
    const after2 = (await client.conn.sendRequest('textDocument/references', {
      textDocument,
      position: pos('restart web'),
      context: { includeDeclaration: true },
    })) as Location[];
    assert.equal(after2.length, 5);

    const found = (await client.conn.sendRequest('workspace/symbol', { query: 'nginx' })) as SymbolInformation[];
    assert.ok(found.some((s) => s.name === 'restart nginx' && rel(s.location.uri) === 'roles/web/handlers/main.yml'));

    const prepared = (await client.conn.sendRequest('textDocument/prepareRename', {
      textDocument,
      position: pos('restart web'),
    })) as { placeholder: string };
    assert.equal(prepared.placeholder, 'restart web');
    const edit = (await client.conn.sendRequest('textDocument/rename', {
      textDocument,
      position: pos('restart web'),
      newName: 'bounce web',
    })) as WorkspaceEdit;
    assert.deepEqual(
      Object.keys(edit.changes ?? {})
        .map(rel)
        .sort(),
      ['site.yml', 'tasks/extra.yml', 'tasks/more.yml'],
    );

    // Variables: definition, hover and completion inside {{ }}.
    const varDefs = (await client.conn.sendRequest('textDocument/definition', {
      textDocument,
      position: pos('{{ web_port'),
    })) as Location[];
    assert.deepEqual(varDefs.map((l) => rel(l.uri)).sort(), [
      'group_vars/webservers.yml',
      'roles/web/defaults/main.yml',
    ]);
    const varHover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument,
      position: pos('{{ web_port'),
    })) as Hover;
    assert.match(
      (varHover.contents as MarkupContent).value,
      /role web defaults[\s\S]*8080|8080[\s\S]*role web defaults/,
    );
    const typed = site.replace('hello {{ web_port }}', 'hello {{ web_ }}');
    await client.change(uri('site.yml'), typed, 2);
    const col =
      typed
        .split('\n')
        .find((l) => l.includes('{{ web_ }}'))!
        .indexOf('web_') + 4;
    const line = typed.split('\n').findIndex((l) => l.includes('{{ web_ }}'));
    const completion = (await client.conn.sendRequest('textDocument/completion', {
      textDocument,
      position: { line, character: col },
    })) as { items: { label: string }[] };
    const labels = completion.items.map((i) => i.label);
    assert.ok(labels.includes('web_port') && labels.includes('web_user'), labels.slice(0, 20).join(', '));
    await client.change(uri('site.yml'), site, 3);

    // Variables: references (the role's template included) and rename as one edit over the workspace.
    const varRefs = (await client.conn.sendRequest('textDocument/references', {
      textDocument,
      position: pos('{{ web_port'),
      context: { includeDeclaration: true },
    })) as Location[];
    assert.deepEqual(varRefs.map((l) => rel(l.uri)).sort(), [
      'group_vars/webservers.yml',
      'roles/web/defaults/main.yml',
      'roles/web/templates/nginx.conf.j2',
      'site.yml',
    ]);
    const varPrepared = (await client.conn.sendRequest('textDocument/prepareRename', {
      textDocument,
      position: pos('{{ web_port'),
    })) as { placeholder: string };
    assert.equal(varPrepared.placeholder, 'web_port');
    const varEdit = (await client.conn.sendRequest('textDocument/rename', {
      textDocument,
      position: pos('{{ web_port'),
      newName: 'http_port',
    })) as WorkspaceEdit;
    assert.deepEqual(
      Object.keys(varEdit.changes ?? {})
        .map(rel)
        .sort(),
      varRefs.map((l) => rel(l.uri)).sort(),
    );
    await assert.rejects(
      client.conn.sendRequest('textDocument/rename', {
        textDocument,
        position: pos('{{ web_port'),
        newName: 'web_user',
      }),
      /'web_user' is already defined/,
    );

    // A notify built with Jinja that could name this handler: rename refuses, saying why.
    const jinja = ws.write(
      'tasks/jinja.yml',
      '---\n- name: J\n  ansible.builtin.debug:\n  notify: "restart {{ svc }}"\n',
    );
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: jinja.uri, type: 1 }] });
    await assert.rejects(
      client.conn.sendRequest('textDocument/rename', { textDocument, position: pos('restart web'), newName: 'x' }),
      /Jinja/,
    );
  });

  it('colours the playbook with semantic tokens from the legend it declares', async () => {
    const caps = (client.initializeResult as { capabilities: Record<string, unknown> }).capabilities;
    const provider = caps.semanticTokensProvider as {
      legend: { tokenTypes: string[] };
      full: boolean;
      range: boolean;
    };
    assert.ok(provider.full && provider.range);
    const textDocument = { uri: uri('site.yml') };
    const { data } = (await client.conn.sendRequest('textDocument/semanticTokens/full', { textDocument })) as {
      data: number[];
    };
    // Decoded: each token's text and its type's name in the legend.
    const lines = site.split('\n');
    const tokens: { text: string; type: string }[] = [];
    for (let i = 0, line = 0, ch = 0; i < data.length; i += 5) {
      line += data[i];
      ch = data[i] === 0 ? ch + data[i + 1] : data[i + 1];
      tokens.push({ text: lines[line].slice(ch, ch + data[i + 2]), type: provider.legend.tokenTypes[data[i + 3]] });
    }
    const typeOf = (text: string) => tokens.find((t) => t.text === text)?.type;
    assert.equal(typeOf('hosts'), 'keyword');
    assert.equal(typeOf('ansible.builtin.template'), 'function');
    assert.equal(typeOf('dest'), 'property');
    assert.equal(typeOf('web_port'), 'variable');
    assert.equal(typeOf('{{'), 'macro');

    const ranged = (await client.conn.sendRequest('textDocument/semanticTokens/range', {
      textDocument,
      range: { start: pos('{{ web_port'), end: pos('{{ web_port') },
    })) as { data: number[] };
    assert.ok(ranged.data.length > 0 && ranged.data.length < data.length);
  });
});
