// Runs Ansible's command-line tools as child processes: no shell, a timeout, at most `max` at a
// time (queued work that the user waits for goes first; background work, the docs prefetch, one
// process at a time), and every child killed on dispose.

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
  /** Work nobody awaits yet (the prefetch): its `urgent` says no. */
  background: () => boolean;
  start: () => void;
}

/**
 * Background processes (ansible-doc of the docs prefetch) running at once. Each is a Python process
 * of 60–90 MiB whose JSON output the server parses: one at a time keeps the prefetch's share of the
 * process tree to one process and leaves the other slot to what the user waits for. Measured over
 * the first 45 s of a prefetch from 17 of 108 collections cached: process tree peak 344 → 255 MiB,
 * the catalog's process 161 → 153 MiB; 63 instead of 107 collections cached by then (at nice 19).
 */
const MAX_BACKGROUND = 1;

/** Why a run failed, one line: timed out, the spawn error, or the exit code and stderr's last line. */
export function failureOf(r: RunResult): string {
  if (r.timedOut) return 'timed out';
  if (r.error) return r.error;
  const last = r.stderr.trim().split('\n').filter(Boolean).pop();
  return last ? `exit ${r.code}: ${last}` : `exit ${r.code}`;
}

export class ProcessRunner {
  private readonly children = new Set<ChildProcess>();
  private readonly queue: Waiting[] = [];
  private running = 0;
  private runningBackground = 0;
  private disposed = false;
  /** How many processes were spawned (tests check that a warm cache spawns none). */
  spawnCount = 0;

  constructor(
    private readonly max: number,
    private readonly log: (line: string) => void,
  ) {}

  run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
    return new Promise((resolve) => {
      const urgent = options.urgent;
      const waiting: Waiting = {
        urgent: urgent ?? (() => false),
        background: () => urgent !== undefined && !urgent(),
        start: () => {
          if (this.disposed) {
            resolve({ code: null, stdout: '', stderr: '', timedOut: false, error: 'disposed' });
            return;
          }
          const background = waiting.background();
          this.running++;
          if (background) this.runningBackground++;
          const done = (r: RunResult) => {
            this.running--;
            if (background) this.runningBackground--;
            resolve(r);
            this.startWaiting();
          };
          this.spawnOne(command, args, options).then(done, (e: unknown) =>
            done({ code: null, stdout: '', stderr: '', timedOut: false, error: String(e) }),
          );
        },
      };
      if (this.canStart(waiting)) waiting.start();
      else this.queue.push(waiting);
    });
  }

  private canStart(w: Waiting): boolean {
    return this.running < this.max && (!w.background() || this.runningBackground < MAX_BACKGROUND);
  }

  /** Fills free slots: work someone awaits first, then the oldest queued that may start. */
  private startWaiting(): void {
    while (this.running < this.max) {
      let i = this.queue.findIndex((w) => w.urgent());
      if (i < 0) i = this.queue.findIndex((w) => this.canStart(w));
      if (i < 0) return;
      this.queue.splice(i, 1)[0].start();
    }
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
