// Runs Ansible's command-line tools as child processes: no shell, a timeout, at most `max` at a
// time (queued work that the user waits for goes first), and every child killed on dispose.

import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Spawning failed (ENOENT, EACCES…) or the runner was disposed. */
  error?: string;
}

export interface RunOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Working folder (default: the server's own). */
  cwd?: string;
  /** Evaluated when a slot frees up: urgent work (someone awaits it) jumps the queue. */
  urgent?: () => boolean;
}

interface Waiting {
  urgent: () => boolean;
  start: () => void;
}

export class ProcessRunner {
  private readonly children = new Set<ChildProcess>();
  private readonly queue: Waiting[] = [];
  private running = 0;
  private disposed = false;
  /** How many processes were spawned (tests check that a warm cache spawns none). */
  spawnCount = 0;

  constructor(
    private readonly max: number,
    private readonly log: (line: string) => void,
  ) {}

  run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
    return new Promise((resolve) => {
      const start = () => {
        if (this.disposed) {
          resolve({ code: null, stdout: '', stderr: '', timedOut: false, error: 'disposed' });
          return;
        }
        this.running++;
        this.spawnOne(command, args, options).then(
          (r) => this.finish(resolve, r),
          (e: unknown) =>
            this.finish(resolve, { code: null, stdout: '', stderr: '', timedOut: false, error: String(e) }),
        );
      };
      if (this.running < this.max) start();
      else this.queue.push({ urgent: options.urgent ?? (() => false), start });
    });
  }

  private finish(resolve: (r: RunResult) => void, result: RunResult): void {
    this.running--;
    resolve(result);
    const i = this.queue.findIndex((w) => w.urgent());
    const next = i >= 0 ? this.queue.splice(i, 1)[0] : this.queue.shift();
    next?.start();
  }

  private spawnOne(command: string, args: string[], options: RunOptions): Promise<RunResult> {
    return new Promise((resolve) => {
      this.spawnCount++;
      const started = Date.now();
      const child = spawn(command, args, {
        env: options.env ?? process.env,
        cwd: options.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.children.add(child);
      // Background work (the docs prefetch) must not slow what the user waits for, e.g. ansible-lint
      // on open: measured 2× later lint diagnostics on 2 cores without this.
      if (options.urgent && !options.urgent() && child.pid) {
        try {
          setPriority(child.pid, 19);
        } catch {
          // not permitted: run at normal priority
        }
      }
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      let spawnError: string | undefined;
      child.stdout?.on('data', (b: Buffer) => out.push(b));
      child.stderr?.on('data', (b: Buffer) => err.push(b));
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs);
      child.on('error', (e) => {
        spawnError = e.message;
      });
      // 'close' comes after the process exited (reaped: no zombie) and its pipes drained.
      child.on('close', (code) => {
        clearTimeout(timer);
        this.children.delete(child);
        const ms = Date.now() - started;
        const what = `${command.split('/').pop()} ${args.length > 4 ? args.slice(0, 4).join(' ') + ` …(${args.length} args)` : args.join(' ')}`;
        this.log(`[catalog] ran ${what}: ${timedOut ? 'timed out' : `exit ${code}`} in ${ms} ms`);
        resolve({
          code,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          timedOut,
          error: spawnError,
        });
      });
    });
  }

  /** Kills every running child and drops queued work (its promises resolve with `error: 'disposed'`). */
  dispose(): void {
    this.disposed = true;
    for (const child of this.children) child.kill('SIGKILL');
    const queued = this.queue.splice(0);
    for (const w of queued) w.start();
  }

  /** Kills running children and drops the queue, but stays usable (for rebuild). */
  reset(): void {
    this.dispose();
    this.disposed = false;
  }
}
