// What every job of the suggestion worker needs, prepared once: the module catalog, the stored
// corpus, its attribution index, the trained embedded model and this workspace's feedback store.
// Loading takes a few hundred ms, which is why this runs in the worker, off the language server's
// thread; building a missing corpus and training take seconds and much memory, which is why they
// run in a training process (trainingProcess.ts) whose caches the worker then loads. Whether the
// workspace is trusted decides how Ansible's tools are started (catalog/launch.ts); it may change
// while the worker runs.

import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import { discoverInstalledAnsible, ensureCorpus, storedCorpus } from '../corpus/index';
import { FeedbackStore, workspaceFeedbackFile } from '../feedback/store';
import type { EmbeddedModel } from '../model/index';
import type { ComponentStatus } from '../protocol';
import { EMBEDDED_TRAINER, embeddedTrainer } from './embedded';
import type { TaskSimilarityIndex } from '../suggest/types';
import { environmentCached, openEnvironment, type SuggestEnvironment } from './environment';
import { SharedAttribution } from './sharedAttribution';
import { trainInChildProcess } from './trainingProcess';

export interface ResourceOptions {
  cacheDir: string;
  ansiblePath: string;
  /** Whose feedback the model learns from (one feedback file per workspace, kept locally). */
  workspaceUri: string;
  /** Whether the user trusts the workspace (see AnsibleCatalogOptions.trusted). */
  trusted: boolean;
  log: (line: string) => void;
  status: (s: ComponentStatus) => void;
  /** Corpus build progress: a line, and done/total sources when known. */
  progress: (line: string, done?: number, total?: number) => void;
  /** Where attribution comes from, one line ('' = the local index, no shared index configured). */
  attributionStatus?: (line: string) => void;
}

export class SuggestionResources {
  readonly feedback: FeedbackStore;
  private currentCatalog: AnsibleCatalog;
  private trusted: boolean;
  private env: SuggestEnvironment<EmbeddedModel> | undefined;
  private preparing: Promise<void> | undefined;
  private readonly shared: SharedAttribution;
  /** Ends the training process while one runs. */
  private stopTraining: (() => void) | undefined;

  constructor(private readonly o: ResourceOptions) {
    this.trusted = o.trusted;
    this.currentCatalog = this.newCatalog();
    this.feedback = new FeedbackStore({ file: workspaceFeedbackFile(o.cacheDir, o.workspaceUri), log: o.log });
    this.shared = new SharedAttribution({
      status: (line) => o.attributionStatus?.(line),
      log: o.log,
      resolve: (n) => this.catalog.resolve(n)?.fqcn,
    });
  }

  /**
   * What attribution asks: with `scribe.attribution.databaseEnv` set, the shared index merged with
   * the workspace's own tasks (the local index while the database cannot answer); else the local
   * index itself (synchronous, as fast as without a shared index).
   */
  attributionIndex(databaseEnv: string, signal?: AbortSignal): TaskSimilarityIndex | undefined {
    return this.shared.index(databaseEnv, () => this.env?.index, signal);
  }

  /** The module catalog, started as the workspace's current trust says. */
  get catalog(): AnsibleCatalog {
    return this.currentCatalog;
  }

  /** The workspace's trust changed: later Ansible processes start accordingly (a new catalog). */
  setTrusted(trusted: boolean): void {
    if (trusted === this.trusted) return;
    this.trusted = trusted;
    const old = this.currentCatalog;
    this.currentCatalog = this.newCatalog();
    old.dispose();
  }

  private newCatalog(): AnsibleCatalog {
    return new AnsibleCatalog({
      cacheDir: this.o.cacheDir,
      ansiblePath: this.o.ansiblePath,
      trusted: this.trusted,
      prefetch: false,
      log: this.o.log,
    });
  }

  /** Loads (and when needed builds) the corpus, index and model. Never rejects: failures become status. */
  prepare(): Promise<void> {
    this.preparing ??= this.load().catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      this.o.log(`suggestions unavailable: ${message}`);
      this.o.status({ state: 'error', message: `suggestions unavailable: ${message}` });
    });
    return this.preparing;
  }

  /** The loaded environment, or undefined when it could not be loaded (the status says why). */
  async loaded(): Promise<SuggestEnvironment<EmbeddedModel> | undefined> {
    await this.prepare();
    return this.env;
  }

  /** The loaded environment; rejects with one line when it could not be loaded. */
  async ready(): Promise<SuggestEnvironment<EmbeddedModel>> {
    const env = await this.loaded();
    if (!env) throw new Error(UNAVAILABLE);
    return env;
  }

  dispose(): void {
    this.stopTraining?.();
    this.currentCatalog.dispose();
    void this.shared.dispose();
  }

  private async load(): Promise<void> {
    const started = performance.now();
    const since = () => Math.round(performance.now() - started);
    this.o.status({ state: 'loading', message: 'loading the module catalog' });
    await this.catalog.ready();
    const catalogMs = since();
    const installed = await discoverInstalledAnsible(this.o.ansiblePath, process.env, this.o.log, {
      trusted: this.trusted,
      cacheDir: this.o.cacheDir,
    });
    this.o.status({ state: 'loading', message: 'checking the training corpus' });
    const ensureOptions = {
      build: { core: installed.core, collectionRoots: installed.collectionRoots, progress: this.o.progress },
      cacheDir: this.o.cacheDir,
      catalog: this.catalog,
      progress: this.o.progress,
    };
    const stored = storedCorpus(ensureOptions);
    let trainingMs = 0;
    if (!stored || !environmentCached(stored.dir, EMBEDDED_TRAINER)) {
      const trainingStarted = since();
      this.o.status({
        state: 'loading',
        message: stored ? 'training the embedded model' : 'building the training corpus and the model',
      });
      const training = trainInChildProcess(
        { cacheDir: this.o.cacheDir, ansiblePath: this.o.ansiblePath, trusted: this.trusted, installed },
        { log: this.o.log, progress: this.o.progress },
      );
      this.stopTraining = training.stop;
      await training.done;
      this.stopTraining = undefined;
      trainingMs = since() - trainingStarted;
    }
    const ensure = (force: boolean) => ensureCorpus({ ...ensureOptions, force });
    let corpus = await ensure(false);
    const checkedMs = since();
    if (!corpus.upToDate) this.o.log(`training corpus built: ${corpus.stats.tasks} tasks in ${corpus.dir}`);
    this.o.status({ state: 'loading', message: `loading ${corpus.stats.tasks} training tasks and the model` });
    // The catalog may have been replaced meanwhile (trust granted): the model learns the current one.
    await this.catalog.ready();
    const open = () =>
      openEnvironment({
        corpusDir: corpus.dir,
        trainer: embeddedTrainer(this.catalog.list()),
        resolve: (n) => this.catalog.resolve(n)?.fqcn,
        log: this.o.log,
      });
    try {
      this.env = open();
    } catch (e) {
      // A damaged stored corpus (a crash while copying the cache folder, a disk error) is built again once.
      if (!corpus.upToDate || !/unreadable/.test(String(e))) throw e;
      this.o.log(`${String(e)}; building it again`);
      corpus = await ensure(true);
      this.env = open();
    }
    const { millis, cached } = this.env;
    const heap = getHeapStatistics();
    this.o.log(
      `model ready in ${since()} ms: catalog ${catalogMs} ms, ${trainingMs ? `training process ${trainingMs} ms, ` : ''}corpus check ${checkedMs - catalogMs - trainingMs} ms, corpus ${Math.round(millis.corpus)} ms, index ${Math.round(millis.index)} ms${cached.index ? ' (cached)' : ''}, model ${Math.round(millis.model)} ms${cached.model ? ' (cached)' : ''}; worker heap ${mib(heap.used_heap_size)}/${mib(heap.total_heap_size)} MiB, buffers ${mib(process.memoryUsage().arrayBuffers)} MiB`,
    );
    this.o.status({ state: 'ready', message: `embedded model, ${corpus.stats.tasks} training tasks` });
  }
}

const mib = (bytes: number) => Math.round(bytes / 1048576);

export const UNAVAILABLE = 'suggestions are unavailable (see the Ansible Scribe output)';
