// The language server's side of the suggestion worker: starts it (once, lazily), forwards requests
// and relays its status, logs and corpus-build progress. A worker that dies is restarted by the
// next request; its pending requests fail with a clear message.

import type { Worker } from 'node:worker_threads';
import type { FeedbackInput } from '../feedback/store';
import type { ComponentStatus, ExplainResult, GenerateParams, GenerateResult, OutlineResult } from '../protocol';
import type { ScribeSettings } from '../settings';
import type { SuggestionJson } from '../suggest/json';
import type { TaskRequests } from '../suggest/request';
import type { FromWorker, ToWorker, WorkerInit } from './workerProtocol';
import { takeWorker } from './workerThread';

type Request = ToWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

export interface SuggestionHostOptions {
  /** The bundled worker (server/dist/suggestWorker.js). */
  workerPath: string;
  init: () => WorkerInit;
  log: (line: string) => void;
  /**
   * The model's status; `attribution` (when a shared index is configured) says where attribution
   * comes from, one line ('' = the local index, nothing to say), for the status bar.
   */
  onStatus: (status: ComponentStatus & { attribution?: string }) => void;
  onProgress: (line: string, done?: number, total?: number) => void;
}

export class SuggestionHost {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** The worker's last model status, and where attribution comes from ('' = local, nothing to say). */
  private modelStatus: ComponentStatus | undefined;
  private attributionLine = '';

  constructor(private readonly o: SuggestionHostOptions) {}

  /** Whether the worker is running (started, and not stopped since). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Starts the worker, which prepares the corpus and model in the background and indexes the workspace folders. */
  start(): void {
    if (this.worker) return;
    const worker = takeWorker(this.o.workerPath);
    this.worker = worker;
    worker.postMessage({ type: 'init', init: this.o.init() } satisfies ToWorker);
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (e) => this.o.log(`suggestion worker failed: ${e.stack ?? e.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.o.onStatus({ state: 'error', message: `suggestion worker stopped (exit code ${code})` });
      for (const p of this.pending.values()) p.reject(new Error('the suggestion worker stopped'));
      this.pending.clear();
    });
  }

  /**
   * The suggestion for requests built from the cached parse (suggest/request.ts), judged by the
   * licence policy. A cancelled request resolves to `{reason: 'cancelled'}` and aborts the worker's
   * work (and HTTP call).
   */
  suggest(
    requests: TaskRequests,
    settings: Pick<ScribeSettings, 'model' | 'learning' | 'attribution'>,
    signal?: AbortSignal,
  ): Promise<SuggestionJson | { reason: string }> {
    const cancelled = { reason: 'cancelled' };
    if (signal?.aborted) return Promise.resolve(cancelled);
    const request = {
      type: 'suggest',
      requests,
      model: settings.model,
      policy: settings.attribution,
      learning: settings.learning.enabled,
      databaseEnv: settings.attribution.databaseEnv,
    } as const;
    return this.cancellable(request, signal, () => cancelled) as Promise<SuggestionJson | { reason: string }>;
  }

  /**
   * The workspace's trust changed: a running worker starts Ansible's tools accordingly from now on
   * (a worker started later reads it from `init()`). Does not start the worker.
   */
  setTrusted(trusted: boolean): void {
    this.worker?.postMessage({ type: 'trust', trusted } satisfies ToWorker);
  }

  /** Adds (or replaces) workspace files' tasks in the attribution index; resolves to the task count. */
  index(root: string, files: { path: string; text: string }[]): Promise<number> {
    return this.call({ type: 'index', root, files }).done as Promise<number>;
  }

  /** Records what the user did with suggestions (accept, reject…); the model learns from it locally. */
  feedback(events: FeedbackInput[]): Promise<number> {
    return this.call({ type: 'feedback', events }).done as Promise<number>;
  }

  clearFeedback(): Promise<boolean> {
    return this.call({ type: 'clearFeedback' }).done as Promise<boolean>;
  }

  outline(goal: string, model: ScribeSettings['model'], signal?: AbortSignal): Promise<OutlineResult> {
    return this.cancellable({ type: 'outline', goal, model }, signal) as Promise<OutlineResult>;
  }

  generate(
    request: GenerateParams,
    settings: Pick<ScribeSettings, 'model' | 'attribution'>,
    signal?: AbortSignal,
  ): Promise<GenerateResult> {
    const message = {
      type: 'generate',
      request,
      model: settings.model,
      policy: settings.attribution,
      databaseEnv: settings.attribution.databaseEnv,
    } as const;
    return this.cancellable(message, signal) as Promise<GenerateResult>;
  }

  /** A remote model's narrative summary on top of a grounded explanation (or the explanation alone). */
  narrate(
    grounded: string,
    fileText: string,
    model: ScribeSettings['model'],
    signal?: AbortSignal,
  ): Promise<ExplainResult> {
    return this.cancellable({ type: 'narrate', grounded, fileText, model }, signal) as Promise<ExplainResult>;
  }

  /**
   * A request the worker aborts (with its HTTP call) when `signal` fires; it then settles with
   * `onCancel()`, or rejects with "cancelled" when there is none.
   */
  private cancellable(request: Request, signal: AbortSignal | undefined, onCancel?: () => unknown): Promise<unknown> {
    const { id, done } = this.call(request);
    const onAbort = () => {
      this.worker?.postMessage({ type: 'cancel', id } satisfies ToWorker);
      const p = this.pending.get(id);
      this.pending.delete(id);
      if (onCancel) p?.resolve(onCancel());
      else p?.reject(new Error('cancelled'));
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    return done.finally(() => signal?.removeEventListener('abort', onAbort));
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new Error('the language server is shutting down'));
    this.pending.clear();
    void worker?.terminate();
  }

  private call(request: Request): { id: number; done: Promise<unknown> } {
    this.start();
    const id = this.nextId++;
    const done = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ ...request, id } as ToWorker);
    });
    return { id, done };
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'result': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m.result);
        break;
      }
      case 'log':
        this.o.log(m.line);
        break;
      case 'status':
        this.modelStatus = m.status;
        this.o.onStatus({ ...m.status, attribution: this.attributionLine });
        break;
      case 'attribution':
        // Relayed with the model's last status (no new status type the server would have to know).
        this.attributionLine = m.line;
        if (this.modelStatus) this.o.onStatus({ ...this.modelStatus, attribution: m.line });
        break;
      case 'progress':
        this.o.onProgress(m.line, m.done, m.total);
        break;
    }
  }
}
