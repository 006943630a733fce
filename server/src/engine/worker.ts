// The suggestion worker: a worker thread of the language server (bundled as
// server/dist/suggestWorker.js) that owns the corpus, the attribution index and the models, so
// loading and training never block LSP requests. It dispatches each message (workerProtocol.ts)
// to one job: suggestions, generation, narration, workspace indexing, feedback. The thread may be
// started before the server knows its settings (engine/workerThread.ts): it starts work when its
// first message brings them. Forked with CHILD_FLAG, the same bundle is the worker's training
// process (engine/trainingProcess.ts).

import { parentPort } from 'node:worker_threads';
import { collectGarbage } from './garbage';
import { generate, outline } from './generation';
import { narrate } from './narration';
import { SuggestionResources } from './resources';
import { suggest } from './suggestions';
import { CHILD_FLAG, runTrainingProcess } from './trainingProcess';
import type { FromWorker, ToWorker, WorkerInit } from './workerProtocol';
import { WorkspaceIndex } from './workspaceIndex';

const port = parentPort;
if (port) {
  port.once('message', (first: ToWorker) => {
    if (first.type !== 'init') throw new Error('the suggestion worker was sent a job before its init');
    port.on(
      'message',
      serve(first.init, (m) => port.postMessage(m)),
    );
  });
} else if (process.argv.includes(CHILD_FLAG)) {
  runTrainingProcess();
} else {
  throw new Error('engine/worker.ts must run in a worker thread');
}

/** Starts preparing what every job needs, and returns the handler of the jobs. */
function serve(init: WorkerInit, post: (m: FromWorker) => void): (m: ToWorker) => void {
  const resources = new SuggestionResources({
    ...init,
    log: (line) => post({ type: 'log', line }),
    status: (status) => post({ type: 'status', status }),
    progress: (line, done, total) => post({ type: 'progress', line, done, total }),
    attributionStatus: (line) => post({ type: 'attribution', line }),
  });
  const workspace = new WorkspaceIndex(resources, (line) => post({ type: 'log', line }));
  // Loading leaves the worker's heap full of garbage (the model's training tables, decoded names);
  // V8 keeps those pages until it next collects, which an idle worker may not do for a long time.
  // One full collection once everything is loaded returns them: measured with
  // `node bench/inline.mjs --first none --n 10` (3 runs), RSS with the model loaded 177 → 155–163 MiB.
  void resources.prepare().then(() => setTimeout(collectGarbage, GC_DELAY_MS).unref());
  for (const root of init.workspaceRoots) void workspace.indexFolder(root);
  /** Requests in flight, so a cancellation from the server can abort them (and their HTTP calls). */
  const inFlight = new Map<number, AbortController>();
  return (m) => {
    if (m.type === 'init') return; // sent once, first
    if (m.type === 'trust') {
      resources.setTrusted(m.trusted);
      return;
    }
    const reply = (p: Promise<unknown>) =>
      p.then(
        (result) => post({ type: 'result', id: m.id, result }),
        (e: unknown) => post({ type: 'result', id: m.id, error: e instanceof Error ? e.message : String(e) }),
      );
    /** A request the server may cancel (it may be waiting on a model endpoint). */
    const cancellable = (run: (signal: AbortSignal) => Promise<unknown>) => {
      const controller = new AbortController();
      inFlight.set(m.id, controller);
      void reply(run(controller.signal)).finally(() => inFlight.delete(m.id));
    };
    switch (m.type) {
      case 'suggest':
        cancellable(async (signal) =>
          suggest(resources, { ...m, requests: await workspace.attach(m.requests) }, signal),
        );
        break;
      case 'outline':
        cancellable((signal) => outline(resources, m.goal, m.model, signal));
        break;
      case 'generate':
        cancellable((signal) => generate(resources, m.request, m, signal));
        break;
      case 'narrate':
        cancellable((signal) => narrate(m.grounded, m.fileText, m.model, signal));
        break;
      case 'feedback':
        void reply(
          Promise.resolve().then(() => {
            for (const e of m.events) resources.feedback.record(e);
            return m.events.length;
          }),
        );
        break;
      case 'clearFeedback':
        void reply(Promise.resolve().then(() => (resources.feedback.clear(), true)));
        break;
      case 'cancel':
        inFlight.get(m.id)?.abort();
        break;
      case 'index':
        void reply(workspace.index(m.root, m.files));
        break;
    }
  };
}

/**
 * How long after loading the collection waits: a full collection takes some 30 ms, which the first
 * suggestion (asked as the file opens) should not wait behind.
 */
const GC_DELAY_MS = 1000;
