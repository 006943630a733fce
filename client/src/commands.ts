// The commands the extension contributes (see contributes.commands in package.json).
import * as vscode from 'vscode';
import { ClearLearningRequest, type RebuildCatalogResult } from '../../server/src/protocol';
import type { ScribeServer } from './languageClient';

export function registerCommands(server: ScribeServer, output: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('scribe.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('scribe.restartServer', () => server.restart()),
    vscode.commands.registerCommand('scribe.rebuildCatalog', () => rebuildCatalog(server, output)),
    vscode.commands.registerCommand('scribe.clearLearning', async () => {
      try {
        await server.request(ClearLearningRequest);
        void vscode.window.showInformationMessage('Ansible Scribe: the learned feedback of this workspace is cleared.');
      } catch (error) {
        void vscode.window.showErrorMessage(
          `Ansible Scribe: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }),
  );
}

async function rebuildCatalog(server: ScribeServer, output: vscode.LogOutputChannel): Promise<void> {
  if (!server.isRunning()) {
    void vscode.window.showErrorMessage('Ansible Scribe: the language server is not running. Restart it first.');
    return;
  }
  try {
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Ansible Scribe: rebuilding the module catalog…',
        cancellable: true,
      },
      (_progress, token) => server.rebuildCatalog(token),
    );
    if (result === undefined) return; // cancelled by the user
    const message = describeRebuild(result);
    output.info(message);
    void vscode.window.showInformationMessage(`Ansible Scribe: ${message}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    output.error(`Rebuilding the module catalog failed: ${reason}`);
    void vscode.window.showErrorMessage(`Ansible Scribe: rebuilding the module catalog failed: ${reason}`);
  }
}

function describeRebuild(result: RebuildCatalogResult): string {
  const version = result.ansibleVersion ? ` from Ansible ${result.ansibleVersion}` : '';
  const seconds = (result.millis / 1000).toFixed(1);
  return `module catalog rebuilt: ${result.modules.toLocaleString('en')} modules${version} in ${seconds} s`;
}
