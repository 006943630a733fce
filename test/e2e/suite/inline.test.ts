// Inline task completion in the real editor: type a task name, press Enter, ask for the ghost text
// and accept it. The model may not be prepared yet (the e2e workspace sets
// scribe.model.prepareOnStartup: false), so the first suggestion can wait for the training corpus
// to be built: the test keeps asking until a deadline.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { pressKey, screenshot, sleep, waitFor } from './probe';

const playbook = `---
- name: Inline suggestion, end to end
  hosts: all
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: hello
`;

/** The hover text at a position once it shows AI-written provenance (the ledger may lag an edit). */
function aiWrittenHover(what: string, uri: vscode.Uri, position: vscode.Position): Promise<string> {
  return waitFor(
    `the provenance hover over ${what}`,
    async () =>
      (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position))
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n'),
    (t) => t.includes('AI-written'),
    20_000,
  );
}

/** A package-type module line, as a suggestion for "Install nginx" writes it. */
const PACKAGE_MODULE = /^ {6}ansible\.builtin\.(package|apt|dnf|yum):/m;

suite('Inline task completion', () => {
  test('"- name: Install nginx" + Enter: the accepted ghost text is a package task', async function () {
    this.timeout(360_000);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const uri = vscode.Uri.joinPath(folder.uri, 'playbooks', 'inline-e2e.yml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(playbook));
    // An empty .yml file is not recognisably Ansible yet: the user picks the language, as they would.
    const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'ansible');
    const editor = await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'ansible');
    const extension = vscode.extensions.getExtension('ansible-scribe.ansible-scribe');
    await waitFor('the extension to activate', () => extension?.isActive, Boolean);

    // Type the task's name at the end of the tasks list, then a real Enter (the language's
    // onEnterRules put the cursor under `name`).
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    await vscode.commands.executeCommand('type', { text: '    - name: Install nginx' });
    await pressKey('Enter');
    await waitFor(
      'the cursor on the new line under "name"',
      () => editor.selection.active,
      (p) => p.character === 6,
    );
    const line = editor.selection.active.line;
    assert.equal(doc.lineAt(line).text, '      ');

    // Ask for the ghost text and accept it, until the language server answers.
    const deadline = Date.now() + 300_000;
    let attempts = 0;
    while (!PACKAGE_MODULE.test(doc.getText()) && Date.now() < deadline) {
      attempts++;
      editor.selection = new vscode.Selection(line, 6, line, 6);
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await sleep(attempts === 1 ? 500 : 1_000);
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      await sleep(100);
    }
    await screenshot('inline-accepted');
    // Show what users see before they accept: undo, ask again (the answer is cached now), and
    // photograph the ghost text with the Training Matches view.
    await vscode.commands.executeCommand('undo');
    await waitFor(
      'the undo',
      () => PACKAGE_MODULE.test(doc.getText()),
      (has) => !has,
      10_000,
    );
    // Open the Training Matches view, then give the focus back to the editor for the ghost text.
    await vscode.commands.executeCommand('scribe.trainingMatches.focus');
    await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(line, 6, line, 6);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await sleep(1_500);
    await screenshot('inline-ghost-text');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    await waitFor('the ghost text accepted again', () => PACKAGE_MODULE.test(doc.getText()), Boolean, 10_000);
    const text = doc.getText();
    assert.match(text, PACKAGE_MODULE, `after ${attempts} attempt(s) the document reads:\n${text}`);
    // The body went under the name, at the task's indentation, and nothing else moved.
    const lines = text.split('\n');
    assert.equal(lines[line - 1], '    - name: Install nginx');
    assert.match(lines[line], PACKAGE_MODULE);
    assert.match(lines[line + 1], /^ {8}name: \S*nginx/);
    assert.ok(text.startsWith(playbook), 'the text above is unchanged');

    // Acceptance was recorded (the item's command → scribe/accept → provenance ledger): hovering
    // the accepted text tells where it came from.
    const hover = await aiWrittenHover('the accepted text', doc.uri, new vscode.Position(line + 1, 10));
    assert.match(hover, /AI-written/);
    assert.match(hover, /GPL|Apache|MIT|BSD|NOASSERTION/, 'the hover names the licence of a source');
    // Its thumbs down link runs the rating command, which the server records for local learning.
    const link = /\(command:scribe\.rateSuggestion\?([^ )]+) "Fewer suggestions like this"\)/.exec(hover);
    assert.ok(link, `a thumbs down link in the hover:\n${hover}`);
    const [rating] = JSON.parse(decodeURIComponent(link[1])) as [{ rating: string }];
    assert.equal(rating.rating, 'down');
    assert.equal(await vscode.commands.executeCommand('scribe.rateSuggestion', rating), true);
    editor.selection = new vscode.Selection(line + 1, 10, line + 1, 10);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(1_000);
    await screenshot('inline-provenance-hover');

    // "Export Provenance Report" writes every AI-written range with its sources and licences.
    const report = vscode.Uri.joinPath(folder.uri, 'ai-provenance.md');
    await vscode.commands.executeCommand('scribe.exportProvenanceReport', {
      format: 'markdown',
      target: report.fsPath,
    });
    const written = new TextDecoder().decode(await vscode.workspace.fs.readFile(report));
    assert.match(written, /inline-e2e\.yml/);
    assert.match(written, /GPL|Apache|MIT|BSD|NOASSERTION/);

    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  test('a generated playbook’s tasks are recorded as AI-written once they are saved in a file', async function () {
    this.timeout(120_000);
    const steps = ['Install nginx', 'Start and enable nginx'];
    const untitled = await vscode.commands.executeCommand<string>('scribe.generatePlaybook', {
      goal: 'Serve a web site',
      outline: steps,
    });
    assert.ok(untitled, 'the command resolves to the new document');
    const generated = vscode.workspace.textDocuments.find((d) => d.uri.toString() === untitled);
    assert.ok(generated, 'the generated playbook is open');
    const text = generated.getText();
    assert.match(text, /- name: Install nginx\n\s+ansible\.builtin\.package:/);
    await screenshot('generated-playbook');

    // The user keeps it: pasted into a playbook file of the workspace and saved.
    const folder = vscode.workspace.workspaceFolders![0];
    const uri = vscode.Uri.joinPath(folder.uri, 'generated-e2e.yml');
    await vscode.workspace.fs.writeFile(uri, new Uint8Array());
    // An empty .yml file is not recognisably Ansible yet: the user picks the language, as they would.
    const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'ansible');
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), text));
    assert.ok(await doc.save());
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('- name: Install nginx'));
    const hover = await aiWrittenHover('the saved generated task', doc.uri, new vscode.Position(line + 1, 10));
    assert.match(hover, /GPL|Apache|MIT|BSD|NOASSERTION/);
    for (const d of [generated, doc]) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.workspace.fs.delete(uri);
  });
});
