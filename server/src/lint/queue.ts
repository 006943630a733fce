// The global cap on external linter processes: at most `limit` run at once (default: the number of
// cores), the rest wait in one FIFO queue. Entries have a key (document + tool): a newer request
// with the key of a waiting entry takes that entry's place in the queue and the older one is
// dropped (it would only lint a version nobody looks at any more); an aborted entry leaves the
// queue. Twelve documents opened at once are then `limit` linter runs, not twelve.

import { availableParallelism } from 'node:os';

/** A granted slot: call release() once the process has ended (further calls do nothing). */
export interface RunSlot {
  release(): void;
}

interface Waiter {
  key: string;
  settle: (slot: RunSlot | undefined) => void;
}

export class RunQueue {
  private active = 0;
  private waiting: Waiter[] = [];
  private highest = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`RunQueue limit must be a positive integer: ${limit}`);
  }

  /** Slots in use now. */
  get running(): number {
    return this.active;
  }

  /** Entries waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** The most slots ever in use at once. */
  get peak(): number {
    return this.highest;
  }

  /**
   * Waits for a slot. Resolves with it, or with undefined when the entry was dropped: superseded by
   * a newer acquire() with the same key while waiting, or `signal` aborted before a slot was free.
   */
  acquire(key: string, signal?: AbortSignal): Promise<RunSlot | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise<RunSlot | undefined>((resolve) => {
      const onAbort = (): void => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(undefined);
      };
      const waiter: Waiter = {
        key,
        settle: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const older = this.waiting.findIndex((w) => w.key === key);
      if (older >= 0) {
        const [superseded] = this.waiting.splice(older, 1, waiter);
        superseded.settle(undefined);
      } else {
        this.waiting.push(waiter);
      }
      this.pump();
    });
  }

  private pump(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.active++;
      this.highest = Math.max(this.highest, this.active);
      let released = false;
      next.settle({
        release: () => {
          if (released) return;
          released = true;
          this.active--;
          this.pump();
        },
      });
    }
  }
}

let shared: RunQueue | undefined;

/** The one queue of this process, sized to its cores: what every linter uses unless told otherwise. */
export function sharedRunQueue(): RunQueue {
  shared ??= new RunQueue(Math.max(1, availableParallelism()));
  return shared;
}
