// The training corpus's front door: build, store, load, and index workspace files.

export {
  buildCorpus,
  checkSources,
  CorpusInputError,
  type BuildOptions,
  type BuildReport,
  type BuiltCorpus,
} from './build';
export { corpusKey } from './corpusKey';
export { ensureCorpus, storedCorpus, type EnsureOptions, type EnsureResult } from './ensure';
export { discoverInstalledAnsible, type InstalledAnsible } from './installed';
export { loadCorpus, readManifest, saveCorpus, corpusSchema, type LoadedCorpus } from './store';
export { indexWorkspaceFiles, WORKSPACE_COLLECTION, WORKSPACE_LICENCE, type WorkspaceIndexOptions } from './workspace';
export type { CorpusManifest, CorpusStats, CorpusTask, Provenance, TaskOrigin } from './types';
