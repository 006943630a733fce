// Switches YAML documents that are really Ansible (modeline or playbook shape) to the `ansible`
// language, for files that the filenamePatterns in package.json do not already match.
import * as vscode from 'vscode';
import { isAnsibleContent, SNIFF_LINES } from './ansibleContent';

export function registerLanguageDetection(output: vscode.LogOutputChannel): vscode.Disposable {
  const detect = (document: vscode.TextDocument) => {
    if (document.languageId !== 'yaml' || !isAnsibleContent(firstLines(document))) return;
    output.info(`Treating ${document.uri.toString(true)} as Ansible (modeline or playbook content).`);
    vscode.languages.setTextDocumentLanguage(document, 'ansible').then(undefined, (error: unknown) => {
      output.warn(`Could not switch ${document.uri.toString(true)} to Ansible: ${String(error)}`);
    });
  };
  // The extension activates on the first Ansible document: check the YAML files already open too.
  vscode.workspace.textDocuments.forEach(detect);
  return vscode.workspace.onDidOpenTextDocument(detect);
}

function firstLines(document: vscode.TextDocument): string[] {
  const count = Math.min(document.lineCount, SNIFF_LINES);
  return Array.from({ length: count }, (_, i) => document.lineAt(i).text);
}
