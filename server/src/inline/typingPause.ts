// Debounce of automatic triggers per document: a request waits for a pause in typing; a newer
// request for the same document ends the wait of the older one, so a burst of keystrokes asks the
// model once.

import { onCancel, type Cancellation } from './cancellation';

export class TypingPause {
  private readonly waiting = new Map<string, { timer: NodeJS.Timeout; settle: (passed: boolean) => void }>();

  /** Resolves true after `ms` without a newer request for `uri`; false when superseded or cancelled. */
  wait(uri: string, ms: number, cancellation: Cancellation): Promise<boolean> {
    this.waiting.get(uri)?.settle(false);
    return new Promise<boolean>((resolve) => {
      let stopListening = () => {};
      const entry = {
        timer: setTimeout(() => entry.settle(true), ms),
        settle: (passed: boolean) => {
          clearTimeout(entry.timer);
          stopListening();
          if (this.waiting.get(uri) === entry) this.waiting.delete(uri);
          resolve(passed);
        },
      };
      this.waiting.set(uri, entry);
      stopListening = onCancel(cancellation, () => entry.settle(false));
    });
  }

  dispose(): void {
    for (const entry of [...this.waiting.values()]) entry.settle(false);
  }
}
