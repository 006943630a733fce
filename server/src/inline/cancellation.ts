// One shape for the two kinds of cancellation a caller may hold: an LSP CancellationToken or an
// AbortSignal.

export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export type Cancellation = CancellationTokenLike | AbortSignal;

export function isCancelled(c: Cancellation): boolean {
  return 'aborted' in c ? c.aborted : c.isCancellationRequested;
}

/** Calls `listener` once when `c` is cancelled (at once if it already is); returns the unsubscribe. */
export function onCancel(c: Cancellation, listener: () => void): () => void {
  if (isCancelled(c)) {
    listener();
    return () => {};
  }
  if ('aborted' in c) {
    c.addEventListener('abort', listener, { once: true });
    return () => c.removeEventListener('abort', listener);
  }
  const sub = c.onCancellationRequested(listener);
  return () => sub.dispose();
}
