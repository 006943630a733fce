// "Ansible Scribe: Explain This Playbook or Role File": the server's grounded explanation
// (`scribe/explain`, built from module documentation, the tasks as written and the provenance
// ledger) shown as Markdown beside the editor.
import * as vscode from 'vscode';
import { ExplainRequest, type ExplainParams, type ExplainResult } from '../../../server/src/protocol';

type SendRequest = (method: string, params: unknown) => Promise<unknown>;

export function registerExplainCommand(send: SendRequest, output: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('scribe.explain', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'ansible') {
      void vscode.window.showInformationMessage('Ansible Scribe: open an Ansible playbook or task file to explain it.');
      return;
    }
    try {
      const params: ExplainParams = { textDocument: { uri: editor.document.uri.toString() } };
      const result = (await send(ExplainRequest, params)) as ExplainResult;
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
      await vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      output.error(`Explain: ${reason}`);
      void vscode.window.showErrorMessage(`Ansible Scribe: cannot explain this file: ${reason}`);
    }
  });
}
