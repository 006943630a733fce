// Project awareness in real VS Code (issue 14, "Done when"): the fixture project
// (test/fixtures/project, copied by test/e2e/run.mjs into the workspace's project/ folder) seen
// through VS Code's own provider commands — the Outline's document symbols, F12 on a role, Jinja
// variable completion, and a library/ module without errors and with hover docs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { screenshot, sleep, waitFor } from './probe';

function projectFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, 'project', name);
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(projectFile(name));
  return vscode.window.showTextDocument(doc);
}

function positionOf(doc: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const at = doc.getText().indexOf(text);
  assert.ok(at >= 0, `${doc.fileName} contains ${text}`);
  return doc.positionAt(at + offset);
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** Every symbol's name with its children's, depth first. */
function names(symbols: readonly vscode.DocumentSymbol[]): string[] {
  return symbols.flatMap((s) => [s.name, ...names(s.children ?? [])]);
}

suite('A whole project in VS Code', () => {
  test('the Outline of site.yml lists the play, its roles and its tasks', async () => {
    const editor = await open('site.yml');
    assert.equal(editor.document.languageId, 'ansible');
    const symbols = await waitFor(
      'document symbols of site.yml',
      async () =>
        (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
          'vscode.executeDocumentSymbolProvider',
          editor.document.uri,
        )) ?? [],
      (s) => s.length > 0,
    );
    const play = symbols.find((s) => s.name.includes('Web servers'));
    assert.ok(play, `a play named Web servers among ${JSON.stringify(symbols.map((s) => s.name))}`);
    const inPlay = names(play.children ?? []);
    for (const want of ['web', 'db', 'Extra tasks', 'Message of the day', 'Say hello', 'restart web'])
      assert.ok(
        inPlay.some((n) => n.includes(want)),
        `${want} under the play: ${JSON.stringify(inPlay)}`,
      );
    await vscode.commands.executeCommand('outline.focus');
    await sleep(1500);
    await screenshot('project-outline');
  });

  test('F12 on a role name in roles: opens roles/web/tasks/main.yml', async () => {
    const editor = await open('site.yml');
    const at = positionOf(editor.document, '    - web\n', 7);
    const targets = await waitFor(
      'a definition of role web',
      async () =>
        (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider',
          editor.document.uri,
          at,
        )) ?? [],
      (t) => t.length > 0,
    );
    const uris = targets.map((t) => ('targetUri' in t ? t.targetUri : t.uri).path);
    assert.ok(
      uris.some((p) => p.endsWith('/project/roles/web/tasks/main.yml')),
      `role web resolves to roles/web/tasks/main.yml: ${JSON.stringify(uris)}`,
    );
    // The real F12: VS Code opens the role's tasks.
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    await waitFor(
      'the role tasks file to open',
      () => vscode.window.activeTextEditor?.document.uri.path ?? '',
      (p) => p.endsWith('/project/roles/web/tasks/main.yml'),
      20_000,
    );
  });

  test('completion inside {{ }} offers the role default web_port, and its hover says where it is defined', async () => {
    const editor = await open('site.yml');
    const at = positionOf(editor.document, '{{ web_port }}', 3);
    const list = await waitFor(
      'variable completion inside {{ }}',
      async () =>
        await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          editor.document.uri,
          at,
        ),
      (l) => (l?.items ?? []).some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'web_port'),
    );
    assert.ok(list.items.length > 0);
    const inside = positionOf(editor.document, '{{ web_port }}', 5);
    const hover = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, inside),
    );
    assert.match(hover, /web\\?_port/);
    assert.match(hover, /defaults/);
    editor.selection = new vscode.Selection(inside, inside);
    editor.revealRange(new vscode.Range(inside, inside), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(1500);
    await screenshot('project-variable-hover');
  });

  test('the server colours site.yml with semantic tokens', async () => {
    const editor = await open('site.yml');
    const uri = editor.document.uri;
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>(
      'vscode.provideDocumentSemanticTokensLegend',
      uri,
    );
    assert.ok(legend?.tokenTypes.includes('variable'), `a legend: ${JSON.stringify(legend)}`);
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>(
      'vscode.provideDocumentSemanticTokens',
      uri,
    );
    const data = Array.from(tokens?.data ?? []);
    const seen = new Map<string, string>();
    for (let i = 0, line = 0, ch = 0; i < data.length; i += 5) {
      line += data[i];
      ch = data[i] === 0 ? ch + data[i + 1] : data[i + 1];
      const text = editor.document.lineAt(line).text.slice(ch, ch + data[i + 2]);
      if (!seen.has(text)) seen.set(text, legend.tokenTypes[data[i + 3]]);
    }
    assert.equal(seen.get('web_port'), 'variable');
    assert.equal(seen.get('ansible.builtin.debug'), 'function');
    assert.equal(seen.get('hosts'), 'keyword');
    assert.equal(seen.get('dest'), 'property');
  });

  test('the library/ module in tasks/extra.yml has no error and hovers with its documentation', async () => {
    // The same task calling a module that exists nowhere gets its error: the check below can fail.
    const control = projectFile('tasks/control.yml');
    await vscode.workspace.fs.writeFile(
      control,
      Buffer.from('---\n- name: Nobody has this\n  not_my_thing:\n    size: 3\n'),
    );
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(control));
    await waitFor(
      'an unknown-module error on tasks/control.yml',
      () => vscode.languages.getDiagnostics(control).filter((d) => d.severity === vscode.DiagnosticSeverity.Error),
      (d) => d.some((e) => e.message.includes('not_my_thing')),
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    const editor = await open('tasks/extra.yml');
    const uri = editor.document.uri;
    const at = positionOf(editor.document, 'my_thing:', 2);
    const hover = await waitFor(
      'the hover of my_thing',
      async () =>
        hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at)),
      (h) => h.includes('Prepares the thing'),
      30_000,
    );
    assert.match(hover, /size/);
    // The server has read the file by now; give its diagnostics the time the control file needed.
    await sleep(3000);
    const errors = vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
      .map((d) => `${d.source}: ${d.message}`);
    assert.deepEqual(errors, [], 'no error on the project module');
  });
});
