// The server as any LSP editor drives it (Neovim, Emacs, Helix): no VS Code extension, no client
// command of its own. The server lists its commands in executeCommandProvider; an accepted inline
// item's command, run through workspace/executeCommand, records provenance, which the hover then
// shows; reject and rate work the same way, and bad arguments get a clear error.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('a generic LSP client finds and renames variables in the fixture project, and the renamed play still runs', () => {
  const ws = new TempWorkspace();
  cpSync(resolve(__dirname, '../fixtures/project'), ws.root, { recursive: true });
  // A play that reads its variables every way rename follows: {{ }} over two lines, vars.x,
  // hostvars[host].x, a bare when:; run by the real ansible-playbook after the rename.
  ws.write(
    'local.yml',
    `---
- name: Local
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    app_port: 8081
  tasks:
    - name: Compute
      ansible.builtin.set_fact:
        app_url: "http://localhost:{{ app_port }}"

    - name: Show
      ansible.builtin.debug:
        msg: >-
          {{ app_url }} {{ vars.app_port
             + 1 }} {{ hostvars[inventory_hostname].app_url }}
      when: app_port | int > 0
`,
  );
  const uri = (rel: string) => pathToFileURL(join(ws.root, rel)).href;
  const rel = (u: string) => fileURLToPath(u).slice(ws.root.length + 1);
  const textOf = (u: string) => readFileSync(fileURLToPath(u), 'utf8');
  /** The position inside `needle` (`into` characters in) at its first occurrence in the file `u`. */
  const pos = (u: string, needle: string, into = 1) => {
    const text = textOf(u);
    const lines = text.slice(0, text.indexOf(needle) + into).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  };
  let client: LspTestClient;
  after(async () => {
    await client?.stop();
    ws.dispose();
  });

  it('lists references from a definition and renames from it, one edit over files and templates', async () => {
    client = await LspTestClient.start({ workspace: ws.root, cacheDir: sharedCatalogCache, trusted: null });
    const group = uri('group_vars/webservers.yml');
    await client.open(group, textOf(group));
    const at = { textDocument: { uri: group }, position: pos(group, 'web_port', 3) };
    const refs = (await client.conn.sendRequest('textDocument/references', {
      ...at,
      context: { includeDeclaration: true },
    })) as Location[];
    const lines = (ls: Location[]) => ls.map((l) => `${rel(l.uri)}:${l.range.start.line + 1}`).sort();
    assert.deepEqual(lines(refs), [
      'group_vars/webservers.yml:2',
      'roles/web/defaults/main.yml:2',
      'roles/web/templates/nginx.conf.j2:1',
      'site.yml:25',
    ]);
    const uses = (await client.conn.sendRequest('textDocument/references', {
      ...at,
      context: { includeDeclaration: false },
    })) as Location[];
    assert.deepEqual(lines(uses), ['roles/web/templates/nginx.conf.j2:1', 'site.yml:25']);

    const prepared = (await client.conn.sendRequest('textDocument/prepareRename', at)) as {
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      placeholder: string;
    };
    assert.deepEqual(prepared, {
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } },
      placeholder: 'web_port',
    });
    const edit = (await client.conn.sendRequest('textDocument/rename', {
      ...at,
      newName: 'http_port',
    })) as WorkspaceEdit;
    const edited = Object.entries(edit.changes ?? {}).flatMap(([u, es]) =>
      es.map((e) => `${rel(u)}:${e.range.start.line + 1}:${e.range.start.character}-${e.range.end.character}`),
    );
    assert.deepEqual(edited.sort(), [
      'group_vars/webservers.yml:2:0-8',
      'roles/web/defaults/main.yml:2:0-8',
      'roles/web/templates/nginx.conf.j2:1:10-18',
      'site.yml:25:27-35',
    ]);
    assert.ok(Object.values(edit.changes ?? {}).every((es) => es.every((e) => e.newText === 'http_port')));
  });

  it("refuses Ansible's own names at prepareRename, and a name a computed lookup may read", async () => {
    const site = uri('site.yml');
    await client.open(site, textOf(site));
    const own = { textDocument: { uri: uri('local.yml') }, position: pos(uri('local.yml'), 'inventory_hostname', 4) };
    await client.open(own.textDocument.uri, textOf(own.textDocument.uri));
    await assert.rejects(
      client.conn.sendRequest('textDocument/prepareRename', own),
      /'inventory_hostname' is Ansible's own variable/,
    );
    const dynamic = ws.write(
      'tasks/dynamic.yml',
      '---\n- name: Any setting\n  ansible.builtin.debug:\n    msg: "{{ hostvars[inventory_hostname][setting] }}"\n',
    );
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: dynamic.uri, type: 1 }] });
    await assert.rejects(
      client.conn.sendRequest('textDocument/rename', {
        textDocument: { uri: site },
        position: pos(site, '{{ web_port', 4),
        newName: 'http_port',
      }),
      /^Error: Not renamed: tasks\/dynamic\.yml:4: .* reads a variable whose name is computed/,
    );
    rmSync(dynamic.path);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: dynamic.uri, type: 3 }] });
  });

  it('renames play vars and a set_fact everywhere they are read, and ansible-playbook runs the result', async () => {
    const play = uri('local.yml');
    const original = textOf(play);
    const rename = async (needle: string, into: number, newName: string) =>
      (
        (await client.conn.sendRequest('textDocument/rename', {
          textDocument: { uri: play },
          position: pos(play, needle, into),
          newName,
        })) as WorkspaceEdit
      ).changes?.[play] ?? [];
    // From the definition of the play var, and from a use of the fact (hostvars[host].app_url).
    const edits = [
      ...(await rename('app_port: 8081', 2, 'service_port')),
      ...(await rename('.app_url', 3, 'service_url')),
    ];
    assert.equal(edits.length, 4 + 3);
    const offset = (p: { line: number; character: number }) =>
      original.split('\n').slice(0, p.line).join('\n').length + (p.line ? 1 : 0) + p.character;
    const renamed = edits
      .sort((a, b) => offset(b.range.start) - offset(a.range.start))
      .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), original);
    assert.doesNotMatch(renamed, /app_port|app_url/);
    writeFileSync(fileURLToPath(play), renamed);
    const run = spawnSync('ansible-playbook', ['-i', 'localhost,', 'local.yml'], {
      cwd: ws.root,
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' },
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /"msg": "http:\/\/localhost:8081 8082 http:\/\/localhost:8081"/);
  });
});
