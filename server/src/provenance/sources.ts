// Which training matches a suggestion carries (its attribution, what the policy judges and what an
// accepted record keeps): per suggested task, the attribution index's closest corpus tasks
// (`similar`, as the pipeline documents), or, without an index, the examples the model drew on;
// at most three per task, the same source once (its best score), closest first.

import type { AttributionMatch } from './types';

/** A match as `suggestionJson` writes it (extra fields are ignored). */
export type MatchLike = Partial<AttributionMatch>;

/** The contract's fields of a match, whatever else the caller's object carries. */
export function sourceMatch(m: MatchLike): AttributionMatch {
  return {
    collection: m.collection ?? '',
    version: m.version ?? '',
    path: m.path ?? '',
    line: m.line ?? 0,
    repoUrl: m.repoUrl ?? '',
    license: m.license || 'NOASSERTION',
    score: m.score ?? 0,
    snippet: m.snippet ?? '',
  };
}

const keyOf = (m: MatchLike) => [m.collection, m.version, m.path, m.line, m.snippet].join('\u0000');

export function suggestionSources(
  tasks: readonly { drewOn: readonly MatchLike[]; similar: readonly MatchLike[] }[],
  perTask = 3,
): AttributionMatch[] {
  const best = new Map<string, AttributionMatch>();
  for (const t of tasks) {
    const chosen = (t.similar.length ? t.similar : t.drewOn)
      .slice()
      .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
      .slice(0, perTask);
    for (const m of chosen) {
      const s = sourceMatch(m);
      const k = keyOf(s);
      const seen = best.get(k);
      if (!seen || seen.score < s.score) best.set(k, s);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}
