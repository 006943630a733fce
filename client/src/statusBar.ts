// One status bar item: the language server's state and, once it reports, its parts' states.
// Shown only while an Ansible document is the active editor; a click opens the output channel.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { StatusParams } from '../../server/src/protocol';
import { summarize, summarizeModel, type StatusSeverity } from './statusSummary';

const backgrounds: Partial<Record<StatusSeverity, vscode.ThemeColor>> = {
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

export class ScribeStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scribe.status', vscode.StatusBarAlignment.Right, 100);
  /** The model answering inline suggestions and its state (ready, working, unreachable …). */
  private readonly modelItem = vscode.window.createStatusBarItem('scribe.model', vscode.StatusBarAlignment.Right, 99);
  private model: StatusParams['model'];
  private modelWorking = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.item.name = 'Ansible Scribe';
    this.item.command = 'scribe.showOutput';
    this.modelItem.name = 'Ansible Scribe model';
    this.modelItem.command = 'scribe.showOutput';
    this.showModel();
    this.show('busy', '$(sync~spin) Scribe: starting', ['Language server: starting']);
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.updateVisibility()),
      // setTextDocumentLanguage re-opens a document under its new language id.
      vscode.workspace.onDidOpenTextDocument(() => this.updateVisibility()),
    );
    this.updateVisibility();
  }

  showClientState(state: State): void {
    if (state === State.Starting) this.show('busy', '$(sync~spin) Scribe: starting', ['Language server: starting']);
    // Running: keep whatever the server reports next; until then say it is up.
    if (state === State.Running) this.show('ok', '$(check) Scribe', ['Language server: running']);
    if (state === State.Stopped) this.show('error', '$(error) Scribe: stopped', ['Language server: stopped']);
  }

  showServerStatus(status: StatusParams): void {
    const summary = summarize(status);
    this.show(summary.severity, summary.text, ['Language server: running', ...summary.details]);
    this.model = status.model;
    this.showModel();
  }

  /** An inline suggestion is (or is no longer) being computed. */
  showModelWorking(working: boolean): void {
    this.modelWorking = working;
    this.showModel();
  }

  showServerFailure(reason: string): void {
    this.show('error', '$(error) Scribe: server failed', [`Language server: ${reason}`]);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
    this.modelItem.dispose();
  }

  private showModel(): void {
    const summary = summarizeModel(this.model, this.modelWorking);
    this.modelItem.text = summary.text;
    this.modelItem.backgroundColor = backgrounds[summary.severity];
    this.modelItem.tooltip = new vscode.MarkdownString(
      `**Ansible Scribe — inline suggestions**\n\n${summary.details.map(escape).join('  \n')}`,
    );
  }

  private show(severity: StatusSeverity, text: string, details: string[]): void {
    this.item.text = text;
    this.item.backgroundColor = backgrounds[severity];
    const tooltip = new vscode.MarkdownString(`**Ansible Scribe**\n\n${details.map(escape).join('  \n')}`);
    tooltip.appendMarkdown('\n\n---\n\nClick to show the output channel.');
    this.item.tooltip = tooltip;
  }

  private updateVisibility(): void {
    const ansible = vscode.window.activeTextEditor?.document.languageId === 'ansible';
    for (const item of [this.item, this.modelItem]) {
      if (ansible) item.show();
      else item.hide();
    }
  }
}

/** Server messages are plain text: keep paths with `_` or `*` from turning into markdown. */
function escape(line: string): string {
  return line.replace(/[\\`*_{}[\]<>()#+!|]/g, '\\$&');
}
