// "Closest by description": BM25 over task names (MiniSearch's BM25+ ranking, its tokenizer and
// lowercasing). Used by the embedded model to find examples for a task description, where the
// structural index (module, options) has nothing to compare yet.

import MiniSearch from 'minisearch';

// Words that say nothing about what a task does; without them the posting lists a query walks
// stay short (MiniSearch scores every document that shares a term with the query).
const STOP_WORDS = new Set(
  'a an and are as at be by for from if in into is it its of on or that the this to with'.split(' '),
);

function processTerm(term: string): string | null {
  const t = term.toLowerCase();
  return STOP_WORDS.has(t) ? null : t;
}

interface NameDoc {
  slot: number;
  name: string;
}

export class NameIndex {
  private readonly search = new MiniSearch<NameDoc>({
    idField: 'slot',
    fields: ['name'],
    storeFields: [],
    processTerm,
  });

  add(slot: number, name: string): void {
    if (name.trim()) this.search.add({ slot, name });
  }

  remove(slot: number): void {
    if (this.search.has(slot)) this.search.discard(slot);
  }

  /** Slots by descending BM25 score (unnormalised: comparable only within one query). */
  query(text: string, k: number, accept: (slot: number) => boolean): { slot: number; score: number }[] {
    if (k <= 0 || !text.trim()) return [];
    const hits = this.search.search(text, { filter: (r) => accept(r.id as number) });
    return hits.slice(0, k).map((h) => ({ slot: h.id as number, score: h.score }));
  }
}
