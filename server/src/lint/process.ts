// Runs an external tool (ansible-lint, yamllint) as a child process: no shell, a timeout, an
// AbortSignal, capped output, and the whole process group killed when it must stop, so that
// grandchildren (ansible-lint forks ansible-playbook for syntax-check) cannot outlive it.
// Never rejects: every outcome, including "executable not found", is a field of the result.

import { spawn, type ChildProcess } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed. Without it stdin is empty. */
  stdin?: string;
  /** 0 or undefined: no timeout. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Per stream; output beyond it is dropped and `truncated` is set. Default 16 MiB. */
  maxOutputBytes?: number;
  /** Where the running process is recorded, so a shutdown can kill it. */
  registry?: ProcessRegistry;
  /** After SIGTERM, how long before SIGKILL. Default 1000 ms. */
  killGraceMs?: number;
}

export interface RunResult {
  /** Exit code; null when the process was killed by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  truncated: boolean;
  /** Set when the process could not be started; `notFound` for ENOENT (no such executable or cwd). */
  startError?: { code: string; message: string; notFound: boolean };
  millis: number;
}

const DEFAULT_MAX_OUTPUT = 16 * 1024 * 1024;
/** If a killed group still holds our pipes open this long after SIGKILL, stop waiting for them. */
const CLOSE_AFTER_KILL_MS = 2000;

/** The processes currently running, so that all of them can be killed at shutdown. */
export class ProcessRegistry {
  private readonly running = new Map<number, () => void>();

  add(pid: number, kill: () => void): void {
    this.running.set(pid, kill);
  }
  delete(pid: number): void {
    this.running.delete(pid);
  }
  get size(): number {
    return this.running.size;
  }
  pids(): number[] {
    return [...this.running.keys()];
  }
  killAll(): void {
    for (const kill of [...this.running.values()]) kill();
  }
}

/** Sends `sig` to the child's process group (it is the group leader: spawned detached). */
function signalGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(sig);
    else process.kill(-child.pid, sig);
  } catch {
    // ESRCH: the group is already gone.
  }
}

export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const cap = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const grace = options.killGraceMs ?? 1000;

  return new Promise<RunResult>((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let truncated = false;
    let timedOut = false;
    let aborted = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const base = (): Omit<RunResult, 'code' | 'signal'> => ({
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(err).toString('utf8'),
      timedOut,
      aborted,
      truncated,
      millis: Math.round(performance.now() - started),
    });

    if (options.signal?.aborted) {
      aborted = true;
      resolve({ ...base(), code: null, signal: null });
      return;
    }

    let child: ChildProcess;
    try {
      child = spawn(command, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        // Own process group, so kill(-pid) reaches the tool's own children too.
        detached: process.platform !== 'win32',
        windowsHide: true,
        shell: false,
      });
    } catch (e) {
      // spawn throws synchronously for bad arguments (e.g. a NUL byte in a path).
      const message = e instanceof Error ? e.message : String(e);
      resolve({ ...base(), code: null, signal: null, startError: { code: 'EINVAL', message, notFound: false } });
      return;
    }

    const finish = (code: number | null, signal: NodeJS.Signals | null, startError?: RunResult['startError']): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      options.signal?.removeEventListener('abort', onAbort);
      if (child.pid !== undefined) options.registry?.delete(child.pid);
      resolve({ ...base(), code, signal, ...(startError ? { startError } : {}) });
    };

    let killing = false;
    const kill = (): void => {
      if (killing || settled) return;
      killing = true;
      signalGroup(child, 'SIGTERM');
      const hard = setTimeout(() => {
        signalGroup(child, 'SIGKILL');
        // A process that left our group may still hold the pipes: do not wait for it forever.
        const giveUp = setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          finish(child.exitCode, child.signalCode);
        }, CLOSE_AFTER_KILL_MS);
        giveUp.unref();
        timers.push(giveUp);
      }, grace);
      hard.unref();
      timers.push(hard);
    };
    const onAbort = (): void => {
      aborted = true;
      kill();
    };

    const collect = (chunks: Buffer[], which: 'out' | 'err') => (chunk: Buffer) => {
      const used = which === 'out' ? outBytes : errBytes;
      const room = cap - used;
      if (room <= 0) {
        truncated = true;
        return;
      }
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (part !== chunk) truncated = true;
      chunks.push(part);
      if (which === 'out') outBytes += part.length;
      else errBytes += part.length;
    };
    child.stdout?.on('data', collect(out, 'out'));
    child.stderr?.on('data', collect(err, 'err'));

    child.on('error', (e: NodeJS.ErrnoException) => {
      // 'error' without a pid: the process never started (ENOENT, EACCES, bad cwd).
      if (child.pid === undefined) {
        const code = e.code ?? 'UNKNOWN';
        finish(null, null, { code, message: e.message, notFound: code === 'ENOENT' });
      }
    });
    child.on('close', (code, signal) => finish(code, signal));

    if (child.pid !== undefined) options.registry?.add(child.pid, kill);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs && options.timeoutMs > 0) {
      const t = setTimeout(() => {
        timedOut = true;
        kill();
      }, options.timeoutMs);
      timers.push(t);
    }

    // The child may exit without reading its input (EPIPE): that is its business, not an error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin ?? '');
  });
}

/** The line a user can act on: the last non-empty line of stderr (a traceback's exception line). */
export function lastLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.at(-1)?.slice(0, 300) ?? 'no output';
}
