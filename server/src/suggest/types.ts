// What the suggestion pipeline exchanges with a model and the attribution index: the request and
// answer types of model/types.ts and attribution/index.ts, and the narrow interfaces the pipeline
// and eval need, so they run against any model (embedded, remote, a test double).

import type { AttributionMatch } from '../attribution/attributionIndex';
import type { ModuleCatalog } from '../catalog/types';
import type { CorpusTask } from '../corpus/types';
import type { ModelSuggestion, TaskRequest } from '../model/types';

/** Where a task list sits, as in CorpusTask.context.section. */
export type RequestSection = CorpusTask['context']['section'];

export type { ModelSuggestion, TaskRequest } from '../model/types';
export type { AttributionMatch } from '../attribution/attributionIndex';

/** The part of the embedded model the pipeline and eval use. Undefined: nothing fits the description. */
export interface TaskModel {
  suggest(req: TaskRequest, catalog: ModuleCatalog): ModelSuggestion | undefined | Promise<ModelSuggestion | undefined>;
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
