// Long background work (building the training corpus) shown as LSP work-done progress, when the
// client supports it (window.workDoneProgress); otherwise only the log sees it.

import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';

export class BackgroundProgress {
  private reporter: Promise<WorkDoneProgressServerReporter | undefined> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly title: string,
    private readonly supported: () => boolean,
  ) {}

  report(message: string, done?: number, total?: number): void {
    if (!this.supported()) return;
    this.reporter ??= this.connection.window.createWorkDoneProgress().then(
      (r) => {
        r.begin(this.title, 0, message, false);
        return r;
      },
      () => undefined,
    );
    const percentage = done !== undefined && total ? Math.min(100, Math.round((done / total) * 100)) : undefined;
    void this.reporter.then((r) => (percentage === undefined ? r?.report(message) : r?.report(percentage, message)));
  }

  done(): void {
    const r = this.reporter;
    this.reporter = undefined;
    void r?.then((x) => x?.done());
  }
}
