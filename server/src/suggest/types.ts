// The narrow interfaces the suggestion pipeline and eval need of the attribution index and the
// corpus, so they run against any index (and, through model/types.ts, any model).

import type { CorpusMatch } from '../attribution/attributionIndex';
import type { CorpusTask } from '../corpus/types';

export type { ModelSuggestion, TaskModel, TaskRequest } from '../model/types';
export type { CorpusMatch } from '../attribution/attributionIndex';

/**
 * The part of the attribution index the pipeline uses: the local index answers at once (an array),
 * a shared index (sharedIndex/, through engine/sharedAttribution.ts) later (a promise), cancelled by
 * the signal it was made with (the pipeline's `SuggestDeps.signal`).
 */
export interface TaskSimilarityIndex {
  search(
    query: { yaml: string } | { fqcn: string; args: Record<string, unknown>; name?: string },
    k: number,
  ): CorpusMatch[] | Promise<CorpusMatch[]>;
  /**
   * Which index gave the last answer, one line ("shared index at postgres://…", "local index
   * (shared index unreachable: …)"); absent for the local index alone.
   */
  answeredBy?(): string | undefined;
}

/** Corpus lookup by task id, for the model's exact attribution. */
export type CorpusLookup = (taskId: string) => CorpusTask | undefined;
