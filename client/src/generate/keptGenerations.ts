// Generated content becomes provenance when the user keeps it: a generated playbook when it is
// saved (untitled → a file, or its tasks pasted into a file that is saved), a role when its files
// are written. The server records each generated task still found as generated
// (`scribe/keepGenerated`); tasks edited before saving are not claimed as AI-written.

import * as vscode from 'vscode';
import { KeepGeneratedRequest, type KeepGeneratedParams, type KeepGeneratedResult } from '../../../server/src/protocol';
import type { SendRequest } from '../languageClient';

/** Generations not yet kept, newest first; older ones are forgotten past this many. */
const PENDING = 5;

export class KeptGenerations implements vscode.Disposable {
  private pending: { label: string; suggestionIds: string[] }[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly send: SendRequest,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscription = vscode.workspace.onDidSaveTextDocument((doc) => void this.saved(doc));
  }

  /** A generated playbook was opened unsaved: its tasks are recorded once it is saved somewhere. */
  await(label: string, suggestionIds: string[]): void {
    if (!suggestionIds.length) return;
    this.pending = [{ label, suggestionIds }, ...this.pending].slice(0, PENDING);
  }

  /** Generated files were written (a role): records their tasks now. */
  async keep(label: string, uris: vscode.Uri[], suggestionIds: string[]): Promise<KeepGeneratedResult | undefined> {
    if (!suggestionIds.length) return undefined;
    const params: KeepGeneratedParams = { textDocuments: uris.map((u) => ({ uri: u.toString() })), suggestionIds };
    try {
      const result = await this.send(KeepGeneratedRequest, params);
      this.report(label, result);
      return result;
    } catch (error) {
      this.output.warn(
        `Recording the provenance of ${label} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }

  private async saved(doc: vscode.TextDocument): Promise<void> {
    if (doc.uri.scheme !== 'file' || !/\.ya?ml$/i.test(doc.uri.path)) return;
    for (const generation of [...this.pending]) {
      const result = await this.keep(generation.label, [doc.uri], generation.suggestionIds);
      if (result?.recorded) this.pending = this.pending.filter((g) => g !== generation);
    }
  }

  private report(label: string, { recorded, notFound }: KeepGeneratedResult): void {
    if (!recorded) return;
    const edited = notFound ? `; ${notFound} edited before it was kept, so not marked` : '';
    this.output.info(`Provenance: ${recorded} task(s) of ${label} recorded as AI-written${edited}.`);
    void vscode.window.setStatusBarMessage(
      `Ansible Scribe: ${recorded} generated task(s) recorded as AI-written — hover them for sources and licences`,
      8000,
    );
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
