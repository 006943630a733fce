// What the suggestion pipeline exchanges with the embedded model and the attribution index.
// A leaf module (only the corpus record types): the shapes mirror model/index.ts and
// attribution/index.ts, written structurally so the pipeline and eval run against any
// implementation of them (the embedded model, a remote one, a test double) without importing it.

import type { ModuleCatalog } from '../catalog/types';
import type { CorpusTask, Provenance } from '../corpus/types';

/** Where a task list sits, as in CorpusTask.context.section. */
export type RequestSection = CorpusTask['context']['section'];

/** One description to turn into a task body, with what the file says around it. */
export interface TaskRequest {
  description: string;
  context: {
    /** FQCNs of modules used earlier in the file, most recent last. */
    previousModules: string[];
    /** Collections of those modules plus the play's (or role's) `collections:`. */
    collectionsInUse: string[];
    /** Variables in scope: play vars, registered names, set_fact keys, role defaults/vars. */
    variables: string[];
    section: RequestSection;
    /** OS families / distributions the file targets (`Debian`, `RedHat`…), when it says. */
    osHints?: string[];
    /** The file text above the description. */
    fileText?: string;
  };
}

export interface ModelSuggestion {
  fqcn: string;
  args: Record<string, unknown>;
  keywords: Record<string, unknown>;
  /** The task body without `name:`, at indent 0. */
  yaml: string;
  /** The training examples the suggestion was built from (exact attribution). */
  drewOn: { taskId: string; score: number }[];
  confidence: number;
}

/** The part of the embedded model the pipeline and eval use. Undefined: nothing fits the description. */
export interface TaskModel {
  suggest(req: TaskRequest, catalog: ModuleCatalog): ModelSuggestion | undefined | Promise<ModelSuggestion | undefined>;
}

export interface AttributionMatch {
  task: CorpusTask;
  /** Similarity in [0, 1]; 1.0 = same module, options and values. */
  score: number;
  collection: string;
  version: string;
  path: string;
  repoUrl: string;
  license: string;
  snippet: string;
  sources: Provenance[];
}

/** The part of the attribution index the pipeline uses. */
export interface TaskSimilarityIndex {
  search(
    query: { yaml: string } | { fqcn: string; args: Record<string, unknown>; name?: string },
    k: number,
  ): AttributionMatch[];
}

/** Corpus lookup by task id, for the model's exact attribution. */
export type CorpusLookup = (taskId: string) => CorpusTask | undefined;
