// Starts the built language server (server/dist/server.js) over stdio and talks LSP to it.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, InlineCompletionList, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const serverPath = join(__dirname, '..', '..', 'server', 'dist', 'server.js');

export interface StartOptions {
  workspace: string;
  cacheDir: string;
  /** initializationOptions.storagePath (the provenance ledger's folder). */
  storagePath?: string;
  /** initializationOptions.ratingLinks (thumbs up/down command links in hovers, as VS Code's client asks). */
  ratingLinks?: boolean;
  /**
   * initializationOptions.trusted: the tests drive the server as VS Code does in a trusted folder
   * (linters run) unless they say otherwise; null sends no trust at all (a generic client).
   */
  trusted?: boolean | null;
  /** The `scribe` settings section the client answers with. */
  settings?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** The server's working folder (VS Code starts it in the workspace root); default this process's. */
  cwd?: string;
}

export class LspTestClient {
  /** The server's answer to `initialize` (its capabilities). */
  initializeResult: unknown;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly statuses: unknown[] = [];
  /** `$/progress` notifications, in order (the server's work-done progress). */
  readonly progress: {
    token: unknown;
    value: { kind: string; title?: string; message?: string; percentage?: number };
  }[] = [];
  readonly logs: string[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
    public settings: Record<string, unknown>,
  ) {}

  static async start(opts: StartOptions): Promise<LspTestClient> {
    const proc = spawn(process.execPath, [serverPath, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: opts.cwd,
      env: { ...process.env, SCRIBE_CATALOG_PREFETCH: '0', ...opts.env },
    });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    // Preparing the model builds a training corpus from every installed collection: only the tests
    // about suggestions want that.
    const client = new LspTestClient(proc, conn, { model: { prepareOnStartup: false }, ...opts.settings });
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = client.diagnostics.get(p.uri) ?? [];
      list.push(p);
      client.diagnostics.set(p.uri, list);
      client.wake();
    });
    conn.onNotification('scribe/status', (p: unknown) => {
      client.statuses.push(p);
      client.wake();
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      client.logs.push(p.message);
      client.wake();
    });
    conn.onNotification('$/progress', (p: LspTestClient['progress'][number]) => {
      client.progress.push(p);
      client.wake();
    });
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'scribe' ? client.settings : null)),
    );
    conn.onRequest('client/registerCapability', () => null);
    conn.listen();
    const root = pathToFileURL(opts.workspace).href;
    client.initializeResult = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: root,
      workspaceFolders: [{ uri: root, name: 'ws' }],
      initializationOptions: {
        cacheDir: opts.cacheDir,
        storagePath: opts.storagePath,
        ratingLinks: opts.ratingLinks,
        ...(opts.trusted === null ? {} : { trusted: opts.trusted ?? true }),
      },
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown'] },
          publishDiagnostics: { relatedInformation: true },
        },
      },
    });
    await conn.sendNotification('initialized', {});
    return client;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until `pred` holds (checked on every notification), or fails after `ms`. */
  async until<T>(what: string, pred: () => T | undefined | false, ms = 60_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = pred();
      if (v) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Until the embedded model is ready and the workspace's own tasks are indexed (a first run builds the corpus). */
  async untilModelAndWorkspaceReady(): Promise<void> {
    await this.until(
      'the model to be ready',
      () => (this.statuses as { model?: { state: string } }[]).some((s) => s.model?.state === 'ready'),
      600_000,
    );
    await this.until(
      'the workspace to be indexed',
      () => this.logs.find((l) => /^workspace .*: [1-9]\d* tasks from/.test(l)),
      120_000,
    );
  }

  /** The newest diagnostics published for a document that satisfy `pred`. */
  waitForDiagnostics(uri: string, pred: (d: Diagnostic[]) => boolean, ms?: number): Promise<Diagnostic[]> {
    return this.until(
      `diagnostics of ${uri}`,
      () => {
        const list = this.diagnostics.get(uri);
        const last = list?.[list.length - 1]?.diagnostics;
        return last && pred(last) ? last : undefined;
      },
      ms,
    );
  }

  /** The first inline suggestion's text at a position (invoked explicitly); fails when there is none. */
  async inlineText(uri: string, position: { line: number; character: number }): Promise<string> {
    const list = (await this.conn.sendRequest('textDocument/inlineCompletion', {
      textDocument: { uri },
      position,
      context: { triggerKind: 1 },
    })) as InlineCompletionList | null;
    const item = list?.items[0];
    if (!item) throw new Error(`no inline suggestion at ${uri}:${position.line}: ${JSON.stringify(list)}`);
    return typeof item.insertText === 'string' ? item.insertText : item.insertText.value;
  }

  /** scribe/workspaceTrust: the user's trust in the workspace changed. */
  setTrusted(trusted: boolean): Promise<void> {
    return this.conn.sendNotification('scribe/workspaceTrust', { trusted });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'ansible', version, text },
    });
  }

  /** Replaces the whole text (a full-content change event). */
  change(uri: string, text: string, version: number): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // the server may already be gone
    }
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        resolve();
      }, 5000);
      this.proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
    this.conn.dispose();
  }
}
