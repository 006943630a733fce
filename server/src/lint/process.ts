// Runs an external tool (ansible-lint, yamllint) as a child process: its command and arguments are
// never parsed by a shell, a timeout, an AbortSignal, capped output, and the whole process group
// killed when it must stop, so that grandchildren (ansible-lint forks ansible-playbook for
// syntax-check) cannot outlive it.
// Never rejects: every outcome, including "executable not found", is a field of the result.
//
// The group must also die when the server dies without cleaning up (SIGKILL, a crash, the OOM
// killer): the tool runs detached, so the kernel would leave it running, orphaned. On POSIX it is
// therefore started through a watchdog: `/bin/sh -c WATCHDOG name command args…` (the command and
// its arguments are positional parameters, `"$@"`: never parsed), which forks one background shell
// that blocks reading fd 3 (a pipe whose other end only the server holds), then `exec`s the tool
// in its place (same pid, group leader, fd 3 closed). When that pipe closes — the server is gone,
// whatever killed it, or the tool exited and the server closed it — the read returns EOF and the
// watchdog SIGKILLs the whole group, itself included. It ignores SIGTERM so that a polite stop
// (which signals the group) cannot remove it before the tool is gone.

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { Duplex } from 'node:stream';

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

/** `$0` of the watchdog shell: how its own error messages (`<name>: 1: exec: …`) are told apart. */
export const WATCHDOG_NAME = 'scribe-watchdog';

/**
 * The watchdog (see the top of this file). `read` is a shell builtin: no process of its own; the
 * background shell's standard streams are /dev/null, so it never holds the tool's output pipes.
 */
export const WATCHDOG_SCRIPT =
  `{ trap '' TERM HUP INT; while read -r _ <&3; do :; done; kill -KILL 0; } </dev/null >/dev/null 2>&1 & ` +
  `exec "$@" 3<&-`;

const watched = process.platform !== 'win32';

/** The shell's exit status when `exec` itself failed: 127 not found, 126 not executable. */
function execFailure(code: number | null, stderr: string): RunResult['startError'] {
  if (!watched || (code !== 126 && code !== 127) || !stderr.startsWith(`${WATCHDOG_NAME}:`)) return undefined;
  const message = stderr
    .trim()
    .split('\n')[0]
    .replace(/^[^:]*: \d+: /, '');
  return code === 127 ? { code: 'ENOENT', message, notFound: true } : { code: 'EACCES', message, notFound: false };
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

/**
 * Starts `command` in a process group of its own, through the watchdog on POSIX (see the top of
 * this file): the group dies when the server does, or when `closeWatchdog` is called (once the
 * command has exited). `stdio` are its fds 0–2; `after` come after the watchdog's fd 3 (e.g. 'ipc'
 * for a forked Node script). Throws as spawn does for bad arguments.
 */
export function spawnWatched(
  command: string,
  args: readonly string[],
  o: Omit<SpawnOptions, 'stdio' | 'detached' | 'shell'> & { stdio: StdioPipeOrIgnore[]; after?: 'ipc'[] },
): { child: ChildProcess; closeWatchdog: () => void } {
  const { stdio, after = [], ...rest } = o;
  const [file, argv] = watched
    ? ['/bin/sh', ['-c', WATCHDOG_SCRIPT, WATCHDOG_NAME, command, ...args]]
    : [command, args];
  const child = spawn(file, argv, {
    ...rest,
    // fd 3: the watchdog's pipe; the server never writes to it, it only holds it open.
    stdio: watched ? [...stdio, 'pipe', ...after] : [...stdio, ...after],
    // Own process group, so kill(-pid) reaches the command's own children too.
    detached: process.platform !== 'win32',
    windowsHide: true,
    shell: false,
  });
  // Closing our end of the pipe tells the watchdog to kill what is left of the group and go.
  const watchdog = watched ? ((child.stdio as unknown[])[3] as Duplex | null) : null;
  watchdog?.on('error', () => undefined);
  return { child, closeWatchdog: () => watchdog?.destroy() };
}

type StdioPipeOrIgnore = 'pipe' | 'ignore';

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
    let closeWatchdog: () => void;
    try {
      ({ child, closeWatchdog } = spawnWatched(command, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
      }));
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
      closeWatchdog();
      const result = base();
      if (startError) return resolve({ ...result, code, signal, startError });
      // The shell could not exec the tool: as if spawn had failed (no exit code, no output of the tool).
      const failed = execFailure(code, result.stderr);
      if (failed) return resolve({ ...result, stderr: '', code: null, signal: null, startError: failed });
      resolve({ ...result, code, signal });
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
          closeWatchdog();
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
    // The tool is gone: anything it left in its group goes too (the watchdog kills it), so that
    // 'close' does not wait for a grandchild that still holds stdout.
    child.on('exit', closeWatchdog);
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
