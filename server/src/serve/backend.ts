// What `scribe serve` answers with: the module catalog of the installed Ansible and the embedded
// model trained on the stored corpus (loaded, with its caches, as `scribe suggest` loads it).

import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import { embeddedTrainer } from '../engine/embedded';
import { openEnvironment } from '../engine/environment';
import type { AttributionIndex } from '../attribution/attributionIndex';
import type { CorpusLookup, TaskModel } from '../suggest/types';

export interface EmbeddedBackend {
  model: TaskModel;
  catalog: AnsibleCatalog;
  /** The local attribution index over the stored corpus. */
  index: AttributionIndex;
  lookup: CorpusLookup;
  tasks: number;
  loadMs: number;
  dispose(): void;
}

export interface BackendOptions {
  corpusDir: string;
  /** Module catalog cache. */
  cacheDir: string;
  ansiblePath?: string;
  log?: (line: string) => void;
}

/** Throws one line when the catalog is unavailable or the corpus cannot be read. */
export async function openEmbeddedBackend(options: BackendOptions): Promise<EmbeddedBackend> {
  const started = Date.now();
  const catalog = new AnsibleCatalog({
    cacheDir: options.cacheDir,
    ansiblePath: options.ansiblePath ?? '',
    prefetch: false,
  });
  try {
    await catalog.ready();
    const status = catalog.status();
    if (status.state !== 'ready') throw new Error(`module catalog unavailable: ${status.message ?? status.state}`);
    const env = openEnvironment({
      corpusDir: options.corpusDir,
      trainer: embeddedTrainer(catalog.list()),
      resolve: (n) => catalog.resolve(n)?.fqcn,
      log: options.log,
    });
    return {
      model: env.model,
      catalog,
      index: env.index,
      lookup: env.lookup,
      tasks: env.corpus.tasks.length,
      loadMs: Date.now() - started,
      dispose: () => catalog.dispose(),
    };
  } catch (e) {
    catalog.dispose();
    throw e;
  }
}
