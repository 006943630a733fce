// "Show Provenance of This File" (`scribe/provenance` → a quick pick of the AI-written ranges; picking
// one selects it) and "Export Provenance Report" (`scribe/provenanceReport` → ai-provenance.md/.json).

import * as vscode from 'vscode';
import {
  ProvenanceReportRequest,
  ProvenanceRequest,
  type ProvenanceRecord,
  type ProvenanceReportParams,
} from '../../../server/src/protocol';
import type { SendRequest } from '../languageClient';
import { matchLabel } from '../views/trainingMatches';

export function registerProvenanceCommands(send: SendRequest, output: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('scribe.showProvenance', () => reportErrors(output, () => showProvenance(send))),
    vscode.commands.registerCommand('scribe.exportProvenanceReport', (args?: ExportArgs) =>
      reportErrors(output, () => exportReport(send, args)),
    ),
  );
}

async function showProvenance(send: SendRequest): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Ansible Scribe: open a file to see its AI-written parts.');
    return;
  }
  const doc = editor.document;
  const records = await send(ProvenanceRequest, { textDocument: { uri: doc.uri.toString() } });
  if (records.length === 0) {
    void vscode.window.showInformationMessage('Ansible Scribe: no accepted AI suggestion in this file.');
    return;
  }
  type Pick = vscode.QuickPickItem & { record: ProvenanceRecord };
  const picks: Pick[] = records
    .slice()
    .sort((a, b) => a.range.start.line - b.range.start.line)
    .map((record) => ({
      record,
      label: `Lines ${record.range.start.line + 1}–${record.range.end.line + 1}${record.state === 'modified' ? ' (edited since)' : ''}`,
      description: `${record.model} · ${new Date(record.createdAt).toLocaleString()} · ${record.licenses.join(', ') || 'no licence found'}`,
      detail: record.matches.map(matchLabel).join('  |  ') || 'no close training example',
    }));
  const picked = await vscode.window.showQuickPick(picks, {
    title: `AI-written parts of ${vscode.workspace.asRelativePath(doc.uri)}`,
    placeHolder: 'Pick one to select it in the editor',
    matchOnDetail: true,
  });
  if (!picked) return;
  const r = picked.record.range;
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Given by scripts and tests (no dialogs): the format and the file to write. */
interface ExportArgs {
  format: 'markdown' | 'json';
  target: string;
}

async function exportReport(send: SendRequest, args?: ExportArgs): Promise<void> {
  const choice = args
    ? { format: args.format }
    : await vscode.window.showQuickPick(
        [
          { label: 'Markdown', format: 'markdown' as const, file: 'ai-provenance.md' },
          { label: 'JSON', format: 'json' as const, file: 'ai-provenance.json' },
        ],
        { title: 'Export the provenance report of AI-written content as' },
      );
  if (!choice) return;
  const params: ProvenanceReportParams = { format: choice.format };
  const report = await send(ProvenanceReportRequest, params);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const file = choice.format === 'json' ? 'ai-provenance.json' : 'ai-provenance.md';
  const target = args
    ? vscode.Uri.file(args.target)
    : await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, file) : undefined,
        filters: choice.format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
        saveLabel: 'Export',
      });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(report.text));
  if (args) return;
  const open = await vscode.window.showInformationMessage(
    `Ansible Scribe: provenance report written to ${vscode.workspace.asRelativePath(target)}.`,
    'Open',
  );
  if (open) await vscode.window.showTextDocument(target);
}

async function reportErrors(output: vscode.LogOutputChannel, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    output.error(`Provenance: ${reason}`);
    void vscode.window.showErrorMessage(`Ansible Scribe: ${reason}`);
  }
}
