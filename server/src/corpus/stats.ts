// Corpus statistics: what the build prints and the manifest keeps.

import type { CorpusStats, CorpusTask } from './types';

export function corpusStats(tasks: readonly CorpusTask[], millis: number): CorpusStats {
  const modules = new Set<string>();
  const collections = new Set<string>();
  const licences: Record<string, number> = {};
  const origins: Record<string, number> = {};
  for (const t of tasks) {
    modules.add(t.fqcn || t.module);
    for (const s of t.sources) collections.add(s.collection);
    // A task counts once, under its primary source's licence.
    const l = t.sources[0].license;
    licences[l] = (licences[l] ?? 0) + 1;
    origins[t.origin] = (origins[t.origin] ?? 0) + 1;
  }
  return {
    tasks: tasks.length,
    modules: modules.size,
    collections: collections.size,
    licences: sorted(licences),
    origins: sorted(origins),
    millis,
  };
}

/** Most frequent first, for reading. */
function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
