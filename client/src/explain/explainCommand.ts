// "Ansible Scribe: Explain This Playbook, Role File or Selection": the server's grounded
// explanation (`scribe/explain`, built from module documentation, the tasks as written and the
// provenance ledger; with an endpoint configured, its narrative summary on top) shown as Markdown
// beside the editor. A non-empty selection narrows it to the plays and tasks selected.
import * as vscode from 'vscode';
import { ExplainRequest, type ExplainParams } from '../../../server/src/protocol';
import type { SendRequest } from '../languageClient';

export function registerExplainCommand(send: SendRequest, output: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('scribe.explain', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'ansible') {
      void vscode.window.showInformationMessage('Ansible Scribe: open an Ansible playbook or task file to explain it.');
      return;
    }
    try {
      const { selection } = editor;
      const params: ExplainParams = {
        textDocument: { uri: editor.document.uri.toString() },
        ...(!selection.isEmpty && {
          range: {
            start: { line: selection.start.line, character: selection.start.character },
            end: { line: selection.end.line, character: selection.end.character },
          },
        }),
      };
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Ansible Scribe: explaining…' },
        () => send(ExplainRequest, params),
      );
      if (result.summary?.error)
        output.warn(`Explain: no narrative summary from ${result.summary.model}: ${result.summary.error}`);
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
      await vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      output.error(`Explain: ${reason}`);
      void vscode.window.showErrorMessage(`Ansible Scribe: cannot explain this file: ${reason}`);
    }
  });
}
