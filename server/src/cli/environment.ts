// What `scribe suggest`, `eval` and `generate` load before they can answer: the module catalog
// must be ready, then the stored corpus, its attribution index and the embedded model. Problems are
// UsageErrors in the command's words (`suggest: no corpus: run \`scribe index build\``).

import { resolve } from 'node:path';
import type { AnsibleCatalog } from '../catalog/ansibleCatalog';
import type { EmbeddedModel } from '../model/index';
import type { ScribeSettings } from '../settings';
import { embeddedTrainer } from '../engine/embedded';
import { defaultCorpusDir, endpointModel, openEnvironment, type SuggestEnvironment } from '../engine/environment';
import type { TaskModel } from '../suggest/types';
import { UsageError } from './usage';

export interface CliEnvironmentOptions {
  /** `--corpus DIR`; default: the newest corpus in the cache. */
  corpus?: string;
  cacheDir: string;
  log: (line: string) => void;
}

/** The corpus, index and embedded model, once `catalog` is ready (the caller awaited it). */
export function openCliEnvironment(
  command: string,
  catalog: AnsibleCatalog,
  o: CliEnvironmentOptions,
): SuggestEnvironment<EmbeddedModel> {
  if (catalog.status().state !== 'ready')
    throw new UsageError(`${command}: module catalog unavailable: ${catalog.status().message ?? ''}`);
  const corpusDir = o.corpus ? resolve(o.corpus) : defaultCorpusDir(o.cacheDir);
  if (!corpusDir) throw new UsageError(`${command}: no corpus: run \`scribe index build\``);
  try {
    return openEnvironment({
      corpusDir,
      trainer: embeddedTrainer(catalog.list()),
      resolve: (n) => catalog.resolve(n)?.fqcn,
      log: o.log,
    });
  } catch (e) {
    const hint = o.corpus ? '' : ' (run `scribe index build`)';
    throw new UsageError(`${command}: ${e instanceof Error ? e.message : String(e)}${hint}`);
  }
}

/** The endpoint when one is given, else the embedded model. */
export function modelFor(env: SuggestEnvironment<EmbeddedModel>, endpoint?: ScribeSettings['model']): TaskModel {
  return endpoint ? endpointModel(env, endpoint) : env.model;
}
