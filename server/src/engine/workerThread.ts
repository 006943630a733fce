// The suggestion worker's thread. Loading its bundle takes ~150 ms, so the server starts it as
// its very first step (engine/prestart.ts), in parallel with loading its own code and the
// initialize handshake; the thread then waits, doing nothing, until SuggestionHost sends it its
// WorkerInit. A thread nobody takes (suggestions not prepared at startup) is stopped.

import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * The worker's young generation (V8's default grows to 16 MiB semi-spaces, 48 MiB in all). The
 * worker's heap is long-lived tables loaded once (corpus, index, model): a small nursery promotes
 * them sooner and keeps ~20 MiB of RSS that the default leaves committed after loading. Measured with
 * `node bench/inline.mjs --n 10` (3 runs each): RSS with the model loaded 218–221 → 196–197 MiB,
 * peak 252 → 224–241 MiB, suggestion latency unchanged.
 */
const WORKER_YOUNG_GENERATION_MB = 4;

let spare: { path: string; worker: Worker; exited: boolean } | undefined;

function spawn(path: string): Worker {
  return new Worker(path, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
}

/** Starts the worker thread at `path` now (when the file is there), for a later `takeWorker(path)`. */
export function prestartWorker(path: string): void {
  if (spare || !existsSync(path)) return;
  const started = { path, worker: spawn(path), exited: false };
  // A thread that fails before it is taken is replaced by a new one then, which reports its error.
  started.worker.on('error', () => undefined);
  started.worker.once('exit', () => (started.exited = true));
  spare = started;
}

/** The pre-started thread for `path` while it still runs, else a new one. */
export function takeWorker(path: string): Worker {
  const taken = spare;
  spare = undefined;
  if (taken && taken.path === path && !taken.exited) return taken.worker;
  void taken?.worker.terminate();
  return spawn(path);
}

/** Stops a pre-started thread nobody took. */
export function releaseWorker(): void {
  void spare?.worker.terminate();
  spare = undefined;
}
