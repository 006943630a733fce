// Where a suggestion's attribution comes from when a shared index is configured: the shared index
// for the corpus, merged with this workspace's own tasks (which only the local index holds), or,
// when the shared index cannot answer, the local index alone, with the reason for the status line.
// Without a shared index it is the local index. `requestIndex` is what one suggestion asks: the
// pipeline's similarity index, remembering which index answered (for the provenance record).

import type { AttributionIndex, AttributionQuery, CorpusMatch } from '../attribution/attributionIndex';
import type { CorpusTask } from '../corpus/types';
import type { SharedIndexClient } from './sharedIndexClient';

export interface AttributionAnswer {
  matches: CorpusMatch[];
  source: 'shared' | 'local';
  /** Why the local index answered although a shared index is configured. */
  fallback?: string;
}

const isWorkspaceTask = (t: CorpusTask) => t.origin === 'workspace' || t.sources.some((s) => s.source === 'workspace');

/** One request's view of an AttributionSource (a suggest/ TaskSimilarityIndex). */
export interface RequestIndex {
  search(query: AttributionQuery, k: number): Promise<CorpusMatch[]>;
  /** Which index gave the last answer, one line (describeAnswer); undefined before any. */
  answeredBy(): string | undefined;
  last(): AttributionAnswer | undefined;
}

export class AttributionSource {
  constructor(
    private readonly local: () => Pick<AttributionIndex, 'search'> | undefined,
    private readonly shared?: SharedIndexClient,
  ) {}

  /** The shared index's address (password masked), or '' without one. */
  get database(): string {
    return this.shared?.status().database ?? '';
  }

  /** The top k matches; rejects only when `signal` aborts or the query is not one task. */
  async search(query: AttributionQuery, k = 3, signal?: AbortSignal): Promise<AttributionAnswer> {
    const local = this.local();
    if (!this.shared) return { matches: local?.search(query, k) ?? [], source: 'local' };
    const answer = await this.shared.search(query, k, signal);
    if (answer.source === 'fallback')
      return { matches: local?.search(query, k) ?? [], source: 'local', fallback: answer.reason };
    const own = local?.search(query, k, isWorkspaceTask) ?? [];
    // Best first; on a tie the corpus match stays ahead (sort is stable).
    const matches = [...answer.matches, ...own].sort((a, b) => b.score - a.score).slice(0, k);
    return { matches, source: 'shared' };
  }

  /**
   * The similarity index one suggestion (or one command) uses, cancelled with `signal`; its
   * `answeredBy` says which index gave the last answer.
   */
  requestIndex(signal?: AbortSignal): RequestIndex {
    let last: AttributionAnswer | undefined;
    return {
      search: async (query, k) => {
        last = await this.search(query, k, signal);
        return last.matches;
      },
      answeredBy: () => last && describeAnswer(last, this.database),
      last: () => last,
    };
  }
}

/** Which index answered, one line: "shared index at postgres://…" or "local index (shared index unreachable: …)". */
export function describeAnswer(answer: Pick<AttributionAnswer, 'source' | 'fallback'>, database: string): string {
  if (answer.source === 'shared') return `shared index at ${database}`;
  return answer.fallback ? `local index (shared index unreachable: ${answer.fallback})` : 'local index';
}
