// Where a suggestion's attribution comes from when a shared index is configured: the shared index
// for the corpus, merged with this workspace's own tasks (which only the local index holds), or,
// when the shared index cannot answer, the local index alone, with the reason for the status line.
// Without a shared index it is the local index.

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

export class AttributionSource {
  constructor(
    private readonly local: () => Pick<AttributionIndex, 'search'> | undefined,
    private readonly shared?: SharedIndexClient,
  ) {}

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
}
