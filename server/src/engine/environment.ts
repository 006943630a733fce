// What the suggestion pipeline needs loaded (the worker, `scribe suggest|eval|serve`): the stored
// corpus, its attribution index and the trained model. The index (and the model, when it can be
// serialised) is cached next to the corpus, stamped with the corpus it came from AND the code that
// wrote it (codeVersion), so a new build retrains instead of reading a file an older model wrote.
// A cache file that cannot be read is logged, ignored and rewritten.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AttributionIndex, type ModuleResolver } from '../attribution/attributionIndex';
import { loadCorpus, readManifest, type CorpusManifest, type LoadedCorpus } from '../corpus/index';
import type { CorpusTask } from '../corpus/types';
import { RemoteModel } from '../remote/openaiModel';
import type { ScribeSettings } from '../settings';
import type { CorpusLookup, TaskModel } from '../suggest/types';

/** The newest stored corpus under `<cacheRoot>/corpus/`, or undefined when none was built. */
export function defaultCorpusDir(cacheRoot: string): string | undefined {
  const root = join(cacheRoot, 'corpus');
  let best: { dir: string; at: number } | undefined;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return undefined;
  }
  for (const name of names) {
    const dir = join(root, name);
    const manifest = readManifest(dir);
    if (!manifest) continue;
    const at = Date.parse(manifest.createdAt) || statSync(dir).mtimeMs;
    if (!best || at > best.at) best = { dir, at };
  }
  return best?.dir;
}

/** How a model is trained and (optionally) stored. */
export interface ModelTrainer<M extends TaskModel = TaskModel> {
  /** Part of the cache file name; change it when the model's stored form changes. */
  name: string;
  train(tasks: readonly CorpusTask[]): M;
  serialize?(model: M): Buffer;
  deserialize?(data: Buffer, tasks: readonly CorpusTask[]): M;
}

export interface SuggestEnvironment<M extends TaskModel = TaskModel> {
  corpusDir: string;
  corpus: LoadedCorpus;
  lookup: CorpusLookup;
  index: AttributionIndex;
  model: M;
  /** What loading took, and whether the index/model came from the cache. */
  millis: { corpus: number; index: number; model: number };
  cached: { index: boolean; model: boolean };
}

export interface EnvironmentOptions<M extends TaskModel> {
  corpusDir: string;
  trainer: ModelTrainer<M>;
  /** Which tasks the model learns from (default: all); eval passes the training split. */
  trainOn?: (t: CorpusTask) => boolean;
  /** Part of the model's cache name when `trainOn` is not the default. */
  variant?: string;
  resolve?: ModuleResolver;
  /** Write caches next to the corpus (default true). */
  writeCache?: boolean;
  /** Part of the caches' stamp (default: codeVersion(), the running bundle's hash). */
  codeVersion?: string;
  log?: (line: string) => void;
}

/** An OpenAI-compatible endpoint whose prompts carry the corpus tasks closest to each description. */
export function endpointModel(
  env: SuggestEnvironment,
  settings: ScribeSettings['model'],
  signal?: AbortSignal,
): RemoteModel {
  return new RemoteModel({
    settings,
    signal,
    examples: (req, allowed) => env.index.searchByName(req.description, 3, allowed),
  });
}

export function openEnvironment<M extends TaskModel>(options: EnvironmentOptions<M>): SuggestEnvironment<M> {
  const log = options.log ?? (() => undefined);
  const writeCache = options.writeCache ?? true;
  let t = performance.now();
  const corpus = loadCorpus(options.corpusDir);
  const corpusMs = performance.now() - t;
  const { stamp, indexFile, modelFile } = cacheFiles(options, corpus.manifest);

  t = performance.now();
  let index: AttributionIndex | undefined;
  let indexCached = false;
  const indexData = readOptional(indexFile);
  if (indexData) {
    try {
      index = AttributionIndex.deserialize(indexData, corpus.tasks, options.resolve);
      indexCached = true;
    } catch (e) {
      log(`attribution index cache unreadable, rebuilding: ${String(e)}`);
    }
  }
  if (!index) {
    index = AttributionIndex.build(corpus.tasks, options.resolve);
    if (writeCache) writeAtomic(indexFile, index.serialize(), log);
  }
  const indexMs = performance.now() - t;

  t = performance.now();
  const trainTasks = options.trainOn ? corpus.tasks.filter(options.trainOn) : corpus.tasks;
  const trainer = options.trainer;
  let model: M | undefined;
  let modelCached = false;
  const modelData = trainer.deserialize ? readOptional(modelFile) : undefined;
  if (modelData && trainer.deserialize) {
    try {
      model = trainer.deserialize(modelData, trainTasks);
      modelCached = true;
    } catch (e) {
      log(`model cache unreadable, retraining: ${String(e)}`);
    }
  }
  if (!model) {
    model = trainer.train(trainTasks);
    if (writeCache && trainer.serialize) writeAtomic(modelFile, trainer.serialize(model), log);
  }
  const modelMs = performance.now() - t;

  if (writeCache) removeStale(options.corpusDir, stamp, log);
  return {
    corpusDir: options.corpusDir,
    corpus,
    // The workspace's tasks live in the index only (engine/workspaceIndex.ts).
    lookup: (id) => corpus.byId(id) ?? index.get(id),
    index,
    model,
    millis: { corpus: corpusMs, index: indexMs, model: modelMs },
    cached: { index: indexCached, model: modelCached },
  };
}

/**
 * Whether the corpus in `corpusDir` has its attribution index and its model (by `trainerName`)
 * cached for this code, so openEnvironment would only load them.
 */
export function environmentCached(corpusDir: string, trainerName: string): boolean {
  const manifest = readManifest(corpusDir);
  if (!manifest) return false;
  const { indexFile, modelFile } = cacheFiles({ corpusDir, trainer: { name: trainerName } }, manifest);
  return existsSync(indexFile) && existsSync(modelFile);
}

/** The caches' stamp (the corpus and the code that wrote them) and file names. */
function cacheFiles(
  o: Pick<EnvironmentOptions<TaskModel>, 'corpusDir' | 'variant' | 'codeVersion'> & { trainer: { name: string } },
  manifest: CorpusManifest,
) {
  const stamp = createHash('sha256')
    .update(`${manifest.key}\n${manifest.createdAt}\n${o.codeVersion ?? codeVersion()}`)
    .digest('hex')
    .slice(0, 12);
  return {
    stamp,
    indexFile: join(o.corpusDir, `attribution-${stamp}.bin`),
    modelFile: join(o.corpusDir, `model-${o.trainer.name}${o.variant ? `-${o.variant}` : ''}-${stamp}.bin`),
  };
}

let runningCode: string | undefined;

/**
 * The version of the code that trains and indexes: a hash of the bundles next to the running one
 * (server/dist/*.js: the worker, the server and the CLI share the corpus folder, so they must
 * agree on the stamp), else (run from sources, as tests are) of the package version. Computed once
 * (~10 ms for the three bundles).
 */
export function codeVersion(): string {
  if (runningCode !== undefined) return runningCode;
  const h = createHash('sha256');
  try {
    const script = typeof __filename === 'string' && __filename.endsWith('.js') ? __filename : undefined;
    if (!script) throw new Error('run from sources');
    const dir = dirname(script);
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.js'))
      .sort()) {
      h.update(name);
      h.update(readFileSync(join(dir, name)));
    }
  } catch {
    h.update(`sources ${process.env.npm_package_version ?? ''}`);
  }
  runningCode = h.digest('hex').slice(0, 16);
  return runningCode;
}

/** Caches of an earlier corpus written to the same folder (a forced rebuild keeps the key). */
function removeStale(dir: string, stamp: string, log: (line: string) => void): void {
  for (const name of readdirSync(dir)) {
    if (!/^(attribution|model)-.*\.bin$/.test(name) || name.endsWith(`-${stamp}.bin`)) continue;
    try {
      unlinkSync(join(dir, name));
    } catch (e) {
      log(`cannot remove ${name}: ${String(e)}`);
    }
  }
}

function readOptional(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** A cache that cannot be written (read-only corpus folder) only costs time on the next run. */
function writeAtomic(path: string, data: Buffer, log: (line: string) => void): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    log(`cannot write ${path}: ${String(e)}`);
  }
}
