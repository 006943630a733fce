// Starts and supervises the Ansible Scribe language server (server/dist/server.js), and tells it
// whether the user trusts the workspace: at start (initializationOptions.trusted) and when trust is
// granted later (scribe/workspaceTrust). Untrusted, the server runs no linter and keeps Ansible away
// from the workspace's ansible.cfg.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  LanguageClient,
  RequestType0,
  State,
  TransportKind,
  type LanguageClientOptions,
  type Middleware,
  type RequestType,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  RebuildCatalogRequest,
  StatusNotification,
  RATE_SUGGESTION_COMMAND,
  WorkspaceTrustNotification,
  type RebuildCatalogResult,
  type ScribeInitializationOptions,
  type StatusParams,
} from '../../server/src/protocol';
import type { ScribeStatusBar } from './statusBar';

/** A typed custom request to the running server (one of protocol.ts's RequestTypes). */
export type SendRequest = <P, R>(type: RequestType<P, R, void>, params: P) => Promise<R>;

/** The port "Attach to Server" in .vscode/launch.json connects to. */
const DEBUG_PORT = 6009;

export class ScribeServer {
  private client: LanguageClient | undefined;
  private readonly serverModule: string;
  /** Sees inline completion results on their way to the editor (set before start()). */
  inlineMiddleware: Middleware['provideInlineCompletionItems'];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly statusBar: ScribeStatusBar,
  ) {
    this.serverModule = context.asAbsolutePath('server/dist/server.js');
  }

  /** Starts the server; a failure becomes a log line and a status bar state, never an exception. */
  async start(): Promise<void> {
    if (!fs.existsSync(this.serverModule)) {
      const reason = `language server not found at ${this.serverModule}; build it with \`npm run build\``;
      this.output.error(`Cannot start: ${reason}`);
      this.statusBar.showServerFailure(reason);
      return;
    }
    this.client ??= this.createClient();
    this.output.info(`Starting the language server: ${this.serverModule}`);
    try {
      await this.client.start();
      this.output.info('Language server started.');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.output.error(`The language server failed to start: ${reason}`);
      this.statusBar.showServerFailure(reason);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    // dispose() stops a running or starting server (2 s grace period) and is a no-op otherwise.
    await client?.dispose();
  }

  /** Stops the server and starts a fresh one (a new client, so a crashed server's restart count is reset). */
  async restart(): Promise<void> {
    this.output.info('Restarting the language server.');
    await this.stop();
    await this.start();
  }

  isRunning(): boolean {
    return this.client?.state === State.Running;
  }

  /**
   * The user granted workspace trust: a running (or starting) server learns it now; a server
   * started later reads it from its initialization options.
   */
  async trustGranted(): Promise<void> {
    const client = this.client;
    if (!client || client.state === State.Stopped) return;
    this.output.info('The workspace is now trusted: ansible-lint and yamllint will run.');
    try {
      await client.sendNotification(WorkspaceTrustNotification, { trusted: vscode.workspace.isTrusted });
    } catch (error) {
      this.output.warn(`Could not tell the server that the workspace is trusted: ${String(error)}`);
    }
  }

  /** Resolves to undefined when cancelled. */
  async rebuildCatalog(token: vscode.CancellationToken): Promise<RebuildCatalogResult | undefined> {
    if (!this.client) throw new Error('the language server is not running');
    const result = await this.client.sendRequest(RebuildCatalogRequest, token);
    return token.isCancellationRequested ? undefined : result;
  }

  /** A custom request to the running server (scribe/accept, scribe/clearLearning …). */
  request<R>(type: RequestType0<R, void>): Promise<R>;
  request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
  async request(type: RequestType0<unknown, void> | RequestType<unknown, unknown, void>, params?: unknown) {
    if (!this.client || !this.isRunning()) throw new Error('the language server is not running');
    return type instanceof RequestType0 ? this.client.sendRequest(type) : this.client.sendRequest(type, params);
  }

  private createClient(): LanguageClient {
    // The public contract is `node server/dist/server.js --stdio`: TransportKind.stdio makes
    // the client fork the module with `--stdio --clientProcessId=<pid>` and talk over stdin/stdout.
    const serverOptions: ServerOptions = {
      run: { module: this.serverModule, transport: TransportKind.stdio },
      debug: {
        module: this.serverModule,
        transport: TransportKind.stdio,
        options: { execArgv: ['--nolazy', `--inspect=${DEBUG_PORT}`] },
      },
    };
    // A function: a server the client restarts after a crash is told the trust of that moment.
    const initializationOptions = (): ScribeInitializationOptions => ({
      cacheDir: this.context.globalStorageUri.fsPath,
      storagePath: this.context.storageUri?.fsPath,
      ratingLinks: true,
      // The extension runs the accept command itself (suggestionTracker.ts): it sees what is shown.
      clientAcceptCommand: true,
      trusted: vscode.workspace.isTrusted,
    });
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'ansible' },
        { scheme: 'untitled', language: 'ansible' },
      ],
      initializationOptions,
      // Hovers over AI-written text carry thumbs up/down links to this command, and only this one.
      markdown: { isTrusted: { enabledCommands: [RATE_SUGGESTION_COMMAND] } },
      // The server pulls settings with workspace/configuration; this only forwards change events.
      synchronize: { configurationSection: 'scribe' },
      outputChannel: this.output,
      middleware: {
        provideInlineCompletionItems: (document, position, context, token, next) =>
          this.inlineMiddleware
            ? this.inlineMiddleware(document, position, context, token, next)
            : next(document, position, context, token),
      },
    };
    const client = new LanguageClient('scribe', 'Ansible Scribe', serverOptions, clientOptions);
    client.onDidChangeState((event) => this.statusBar.showClientState(event.newState));
    client.onNotification(StatusNotification, (params: StatusParams) => this.statusBar.showServerStatus(params));
    return client;
  }
}
