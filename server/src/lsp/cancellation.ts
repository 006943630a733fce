// LSP cancellation as the AbortSignal the pipeline's stages take.

import type { CancellationToken } from 'vscode-languageserver/node';

export function abortSignalOf(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
