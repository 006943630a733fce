// End-to-end tests inside real VS Code (code-server), on a copy of examples/ as the workspace.
// Run by test/e2e/run.mjs (`npm run test:e2e`), which installs the packaged .vsix first.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pressKey, screenshot, sleep, statusBarText, waitFor } from './probe';

const extensionId = 'ansible-scribe.ansible-scribe';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(doc);
}

function positionOf(doc: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const at = doc.getText().indexOf(text);
  assert.ok(at >= 0, `${path.basename(doc.fileName)} contains ${text}`);
  return doc.positionAt(at + offset);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

const faultyPlaybook = `---
- name: faulty on purpose, for the end-to-end tests
  hosts: all
  tasks:
    - name: Short module name
      copy:
        src: motd
        dest: /etc/motd
        mode: "0644"

    - name: Option typo
      ansible.builtin.package:
        name: nginx
        stat: present

    - name: A command that always reports a change
      ansible.builtin.command: uptime
`;

suite('Ansible Scribe in VS Code', () => {
  test('activates on a playbook and starts the language server', async () => {
    const editor = await open('site.yml');
    assert.equal(editor.document.languageId, 'ansible');
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    await waitFor('the extension to activate', () => extension.isActive, Boolean);
    const installedIn = process.env.SCRIBE_E2E_EXTENSIONS_DIR;
    if (installedIn) {
      // Testing what ships: the extension runs from the installed .vsix, not the repo.
      assert.ok(
        extension.extensionPath.startsWith(installedIn),
        `runs from ${extension.extensionPath}, expected under ${installedIn}`,
      );
    }
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['scribe.restartServer', 'scribe.rebuildCatalog', 'scribe.showOutput'])
      assert.ok(commands.includes(c), c);
    // The status bar item shows the server's `scribe/status`: plain "Scribe" once the server is up,
    // the module catalog is loaded and ansible-lint is found (otherwise it names the problem).
    const text = await waitFor('a healthy status', statusBarText, (t) => t === 'Scribe', 90_000);
    assert.equal(text, 'Scribe');
  });

  test('completes module names with ansible.builtin.copy', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'ansible',
      content: '- name: Demo\n  hosts: all\n  tasks:\n    - name: Copy the motd\n      ansible.builtin.co\n',
    });
    const at = new vscode.Position(4, '      ansible.builtin.co'.length);
    const labels = await waitFor(
      'ansible.builtin.copy among the completions',
      async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          at,
        );
        return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      },
      (l) => l.includes('ansible.builtin.copy'),
    );
    assert.ok(labels.includes('ansible.builtin.copy'));
    assert.ok(!labels.includes('hosts'), 'no play keywords at task level');
    // Keep the later screenshots free of this scratch document.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('hover on a module shows its documentation', async () => {
    const editor = await open('site.yml');
    const at = positionOf(editor.document, 'ansible.builtin.package', 3);
    const text = await waitFor(
      'module documentation in the hover',
      async () =>
        hoverText(
          await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at),
        ),
      (t) => t.includes('ansible.builtin.package') && t.includes('https://docs.ansible.com/'),
    );
    assert.match(text, /ansible\.builtin\.package/);
    assert.match(
      text,
      /\[Documentation\]\(https:\/\/docs\.ansible\.com\/ansible\/latest\/collections\/ansible\/builtin\/package_module\.html\)/,
    );

    // What a user sees: the same hover, shown in the editor.
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(1500);
    await screenshot('hover-module-docs');
    await pressKey('Escape');
  });

  test('built-in and ansible-lint diagnostics on a faulty playbook, and the FQCN quick fix', async () => {
    // examples/faulty.yml has a YAML error, and then ansible-lint reports only that (as load-failure,
    // merged with the built-in YAML diagnostic): a playbook that parses shows both sources.
    await vscode.workspace.fs.writeFile(workspaceFile('e2e-playbook.yml'), Buffer.from(faultyPlaybook));
    const editor = await open('e2e-playbook.yml');
    const doc = editor.document;
    assert.equal(doc.languageId, 'ansible');
    const diagnostics = await waitFor(
      'scribe and ansible-lint diagnostics',
      () => vscode.languages.getDiagnostics(doc.uri),
      (ds) => ds.some((d) => d.source === 'scribe') && ds.some((d) => d.source === 'ansible-lint'),
    );
    const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
    const fqcn = diagnostics.find((d) => d.source === 'scribe' && codeOf(d) === 'fqcn');
    assert.ok(fqcn, `an fqcn diagnostic among ${diagnostics.map((d) => `${d.source}:${codeOf(d)}`).join(', ')}`);
    assert.equal(doc.getText(fqcn.range), 'copy');
    assert.ok(
      diagnostics.some((d) => d.source === 'scribe' && /\bstat\b/.test(d.message)),
      'the option typo is reported by the built-in validator',
    );
    assert.ok(
      diagnostics.some((d) => d.source === 'ansible-lint' && codeOf(d) === 'no-changed-when'),
      'ansible-lint reports no-changed-when',
    );

    // What a user sees: the Problems panel and the quick-fix menu on the short module name.
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(fqcn.range.start, fqcn.range.start);
    editor.revealRange(fqcn.range, vscode.TextEditorRevealType.InCenter);
    await sleep(500);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await sleep(1500);
    await screenshot('diagnostics-quick-fix');
    await pressKey('Escape');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      fqcn.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Use FQCN ansible.builtin.copy');
    assert.ok(fix?.edit, `the FQCN fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(fqcn.range.start.line).text, '      ansible.builtin.copy:');
    // The built-in validator re-checks as you type: the hint goes away.
    await waitFor(
      'the fqcn diagnostic to clear',
      () =>
        vscode.languages
          .getDiagnostics(doc.uri)
          .filter((d) => codeOf(d) === 'fqcn' && d.range.start.line === fqcn.range.start.line),
      (ds) => ds.length === 0,
      10_000,
    );
    await screenshot('quick-fix-applied');
  });

  test('"Explain This Playbook" shows a grounded explanation beside the editor', async () => {
    await open('site.yml');
    await vscode.commands.executeCommand('scribe.explain');
    const explanation = await waitFor(
      'the explanation document',
      () => vscode.workspace.textDocuments.find((d) => d.languageId === 'markdown' && d.getText().startsWith('# What')),
      Boolean,
      30_000,
    );
    const text = explanation!.getText();
    assert.match(text, /^# What `site\.yml` does/);
    assert.match(text, /ansible\.builtin\.\w+/);
    await sleep(1_000);
    await screenshot('explanation');
  });
});
