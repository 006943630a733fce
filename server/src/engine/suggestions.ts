// The worker's suggestion job: requests built on the language server's thread (suggest/request.ts,
// from the cached parse) → the configured model → placement → attribution → licence policy
// (suggest/pipeline.ts `suggestFor`). With `provider: 'openai'` the endpoint writes the task
// (prompt redacted, few-shot examples retrieved from the corpus) and the corpus attributes it by
// similarity; otherwise the embedded model, re-ranked by this workspace's feedback, does both.

import { FeedbackModel } from '../feedback/reranker';
import type { LicencePolicySettings } from '../policy/licencePolicy';
import type { ScribeSettings } from '../settings';
import { suggestionJson, type SuggestionJson } from '../suggest/json';
import { suggestFor, type SuggestDeps } from '../suggest/pipeline';
import type { TaskRequests } from '../suggest/request';
import { endpointModel } from './environment';
import { UNAVAILABLE, type SuggestionResources } from './resources';

export interface SuggestJob {
  requests: TaskRequests;
  model: ScribeSettings['model'];
  policy: LicencePolicySettings;
  /** Whether the embedded model re-ranks with this workspace's feedback. */
  learning: boolean;
  /** `scribe.attribution.databaseEnv`: the variable holding the shared index's URL ('' = local index). */
  databaseEnv?: string;
}

/** How a suggestion's model is named in attribution and provenance records. */
export function modelName(settings: ScribeSettings['model']): string {
  return settings.provider === 'openai' ? `${settings.name} at ${settings.endpoint}` : 'scribe-embedded';
}

/** Endpoint failures reject with one line; a cancel aborts the HTTP call and answers `{reason: 'cancelled'}`. */
export async function suggest(
  resources: SuggestionResources,
  job: SuggestJob,
  signal?: AbortSignal,
): Promise<SuggestionJson | { reason: string }> {
  const env = await resources.loaded();
  if (signal?.aborted) return { reason: 'cancelled' };
  if (!env) return { reason: UNAVAILABLE };
  const deps = await pipelineDeps(resources, job.model, signal, job.learning, job.databaseEnv);
  let result;
  try {
    result = await suggestFor(job.requests, { ...deps, policy: job.policy });
  } catch (e) {
    if (signal?.aborted) return { reason: 'cancelled' }; // the shared index's query was cancelled
    throw e;
  }
  if (signal?.aborted) return { reason: 'cancelled' };
  return 'reason' in result ? result : { ...suggestionJson(result), model: modelName(job.model) };
}

/** The pipeline's dependencies with the configured model (generation uses them too). */
export async function pipelineDeps(
  resources: SuggestionResources,
  settings: ScribeSettings['model'],
  signal?: AbortSignal,
  learning = true,
  databaseEnv = '',
): Promise<SuggestDeps> {
  const env = await resources.ready();
  const model =
    settings.provider === 'openai'
      ? endpointModel(env, settings, signal)
      : new FeedbackModel(env.model, resources.feedback, { enabled: () => learning });
  const index = resources.attributionIndex(databaseEnv, signal) ?? env.index;
  return { model, catalog: resources.catalog, index, lookup: env.lookup, signal };
}
