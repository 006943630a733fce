// One language server under measurement: spawned in its own process group, spoken to over
// stdio JSON-RPC, every request bounded by a timeout, and killed (with every descendant) at the end.
import { spawn } from 'node:child_process';
import rpc from 'vscode-jsonrpc/node';
import { commandLineOf, descendantsOf, processGroupMembers, startTimeOf } from './process-memory.mjs';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = rpc;

export const TIMEOUT = 'timeout';

/** Sessions not yet disposed, so that an interrupted bench still leaves no server behind. */
const liveSessions = new Set();

/** Synchronous last resort (signal handlers): SIGKILL every live server's process tree. */
export function killAllSessions() {
  for (const session of liveSessions) session.killTree();
}

/** Resolves to `TIMEOUT` after `ms` unless `promise` settles first; rejections become `{error}`. */
export function withTimeout(promise, ms) {
  let timer;
  const expiry = new Promise((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  const settled = promise.then(
    (value) => value,
    (error) => ({ error: String(error?.message ?? error) }),
  );
  return Promise.race([settled, expiry]).finally(() => clearTimeout(timer));
}

export class LspSession {
  /**
   * @param {object} opts
   * @param {string} opts.command executable (node)
   * @param {string[]} opts.args
   * @param {string} opts.cwd
   * @param {(section: string|undefined) => unknown} opts.configuration answers workspace/configuration items
   */
  constructor({ command, args, cwd, configuration, env }) {
    this.proc = spawn(command, args, {
      cwd,
      env: env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group, so the whole tree (ansible-lint, ansible-doc, python) can be ended at once.
      detached: true,
    });
    this.pid = this.proc.pid;
    liveSessions.add(this);
    this.exited = false;
    this.exit = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
    this.exit.then(() => (this.exited = true));
    this.stderr = '';
    this.proc.stderr.on('data', (chunk) => {
      if (this.stderr.length < 64_000) this.stderr += chunk.toString();
    });
    this.proc.on('error', (err) => (this.stderr += `spawn error: ${err.message}\n`));
    /** pid → start time, so that a recycled pid is never killed. */
    this.seenDescendants = new Map();
    this.childCommands = [];
    this.diagnosticListeners = new Set();
    this.serverRequests = {};
    this.logMessages = [];

    this.connection = createMessageConnection(
      new StreamMessageReader(this.proc.stdout),
      new StreamMessageWriter(this.proc.stdin),
    );
    this.connection.onError(() => {});
    this.connection.onClose(() => {});
    this.connection.onRequest('workspace/configuration', (params) =>
      params.items.map((item) => configuration(item.section)),
    );
    // Everything else a server may ask a client (progress tokens, capability registration,
    // message boxes) gets the neutral answer; we count what was asked.
    this.connection.onRequest((method) => {
      this.serverRequests[method] = (this.serverRequests[method] ?? 0) + 1;
      return null;
    });
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      const at = performance.now();
      for (const listener of this.diagnosticListeners) listener(params, at);
    });
    this.connection.onNotification('window/logMessage', (params) => {
      if (this.logMessages.length < 200) this.logMessages.push(params.message);
    });
    // Other notifications (e.g. scribe/status): the last one of each kind, for the JSON report,
    // and to `notificationListeners` (method, params).
    this.otherNotifications = {};
    this.notificationListeners = new Set();
    this.connection.onNotification((method, params) => {
      const seen = this.otherNotifications[method];
      this.otherNotifications[method] = { count: (seen?.count ?? 0) + 1, last: params };
      for (const listener of this.notificationListeners) listener(method, params);
    });
    this.connection.listen();
  }

  /** A request bounded by `ms`; a server that exits meanwhile answers `{error: 'exited …'}`. */
  request(method, params, ms) {
    const exited = this.exit.then(({ code, signal }) => ({ error: `exited (${signal ?? `code ${code}`})` }));
    return withTimeout(Promise.race([this.#send(() => this.connection.sendRequest(method, params)), exited]), ms);
  }

  notify(method, params) {
    return this.#send(() => this.connection.sendNotification(method, params)).catch(() => {});
  }

  /** vscode-jsonrpc throws synchronously on a closed connection; make that a rejection. */
  #send(send) {
    try {
      return send();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Watches publishDiagnostics for `uri` from now on. Returns the times (ms since `since`) of the
   * first notification and of the first one that carries an ansible-lint diagnostic.
   */
  watchDiagnostics(uri, since, lintTimeoutMs, { version } = {}) {
    let resolveFirst;
    let resolveLint;
    const first = new Promise((r) => (resolveFirst = r));
    const lint = new Promise((r) => (resolveLint = r));
    const listener = (params, at) => {
      if (params.uri !== uri) return;
      // A server that says which version it published for: only that version's diagnostics count.
      if (
        version !== undefined &&
        params.version !== undefined &&
        params.version !== null &&
        params.version !== version
      )
        return;
      const sources = [...new Set(params.diagnostics.map((d) => d.source ?? ''))];
      resolveFirst({ ms: at - since, count: params.diagnostics.length, sources });
      const lintDiagnostics = params.diagnostics.filter((d) => /ansible-lint/i.test(d.source ?? ''));
      if (lintDiagnostics.length > 0) {
        resolveLint({
          ms: at - since,
          count: lintDiagnostics.length,
          rules: [...new Set(lintDiagnostics.map((d) => String(d.code ?? '')))].sort(),
        });
      }
    };
    this.diagnosticListeners.add(listener);
    const stop = () => this.diagnosticListeners.delete(listener);
    const exited = this.exit.then(({ code, signal }) => ({ error: `exited (${signal ?? `code ${code}`})` }));
    return {
      first: withTimeout(Promise.race([first, exited]), lintTimeoutMs),
      lint: withTimeout(Promise.race([lint, exited]), lintTimeoutMs).finally(stop),
    };
  }

  /** Remembers the current descendants so that they can be killed even if orphaned later. */
  noteDescendants() {
    for (const pid of descendantsOf(this.pid)) this.noteDescendant(pid);
  }

  noteDescendant(pid) {
    if (this.seenDescendants.has(pid)) return;
    this.seenDescendants.set(pid, startTimeOf(pid));
    // What the server ran (ansible-lint arguments, ansible-doc batches), for the JSON report.
    const command = commandLineOf(pid);
    if (command && this.childCommands.length < 100) this.childCommands.push(command.slice(0, 300));
  }

  /** Polite shutdown, then SIGKILL to the process group and to every descendant ever seen. */
  async dispose() {
    this.noteDescendants();
    if (!this.exited) {
      await this.request('shutdown', null, 3000);
      await this.notify('exit');
      await withTimeout(this.exit, 2000);
    }
    this.killTree();
    this.connection.dispose();
    await withTimeout(this.exit, 2000);
    liveSessions.delete(this);
  }

  /** Processes of this server still alive a second after dispose (should be none). */
  async survivors() {
    let alive = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      alive = processGroupMembers(this.pid);
      for (const [pid, started] of this.seenDescendants) {
        if (started !== null && startTimeOf(pid) === started && !alive.includes(pid)) alive.push(pid);
      }
      if (alive.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return alive;
  }

  /** SIGKILL to the server's process group and to every descendant seen (some leave the group). */
  killTree() {
    this.noteDescendants();
    const kill = (pid) => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    if (this.pid) kill(-this.pid);
    for (const [pid, started] of this.seenDescendants) {
      if (started !== null && startTimeOf(pid) === started) kill(pid);
    }
  }
}
