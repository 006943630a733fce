// Full garbage collections at quiet moments. Node runs no idle-time collection: V8 keeps the pages
// of garbage a burst of work left (a parse, a linter's output, the model's loading tables) until
// allocation makes it collect again, which an idle editor session may not do for a long time. So
// the server and the suggestion worker collect once when their work has settled.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One full, synchronous collection of this thread's heap (some 10–30 ms); a no-op where unavailable. */
export function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    setFlagsFromString('--no-expose-gc');
    if (typeof gc === 'function') gc();
  } catch {
    // not available: V8 collects later on its own
  }
}

/**
 * Collects once `quietMs` after the last `activity()`: work keeps pushing the collection back, so it
 * never runs in the middle of typing, and an idle session pays for it once.
 */
export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly quietMs: number,
    private readonly collect: () => void = collectGarbage,
  ) {}

  activity(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.collect();
    }, this.quietMs).unref();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
