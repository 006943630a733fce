// The suggestion worker: a worker thread of the language server (bundled as
// server/dist/suggestWorker.js) that owns the SuggestionEngine, so loading the corpus and training
// the model never block LSP requests. Messages are defined in workerProtocol.ts.

import { parentPort, workerData } from 'node:worker_threads';
import { SuggestionEngine } from './engine';
import type { ToWorker, FromWorker, WorkerInit } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('suggest/worker.ts must run in a worker thread');
const post = (m: FromWorker) => port.postMessage(m);
const init = workerData as WorkerInit;

const engine = new SuggestionEngine({
  cacheDir: init.cacheDir,
  ansiblePath: init.ansiblePath,
  workspaceUri: init.workspaceUri,
  log: (line) => post({ type: 'log', line }),
  status: (status) => post({ type: 'status', status }),
  progress: (line, done, total) => post({ type: 'progress', line, done, total }),
});
void engine.prepare();

/** Requests in flight, so a cancellation from the server can abort them (and their HTTP calls). */
const inFlight = new Map<number, AbortController>();

port.on('message', (m: ToWorker) => {
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
      cancellable((signal) => engine.suggest(m.uri, m.text, m.line, m.model, signal, m.learning));
      break;
    case 'outline':
      cancellable((signal) => engine.outline(m.goal, m.model, signal));
      break;
    case 'generate':
      cancellable((signal) => engine.generate(m.request, m.model, signal));
      break;
    case 'narrate':
      cancellable((signal) => engine.narrate(m.grounded, m.fileText, m.model, signal));
      break;
    case 'feedback':
      void reply(Promise.resolve(engine.recordFeedback(m.events)));
      break;
    case 'clearFeedback':
      void reply(Promise.resolve(engine.clearFeedback()));
      break;
    case 'cancel':
      inFlight.get(m.id)?.abort();
      break;
    case 'index':
      void reply(engine.indexWorkspace(m.root, m.files));
      break;
  }
});
