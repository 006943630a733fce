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

// A query term found in more names than this is left out of the query when it has rarer terms:
// MiniSearch walks every document of every query term, so at 1M names one common word costs
// about a second; its BM25 weight is small anyway. (No term of the ~24k installed names comes
// near this, so there the ranking is plain BM25.)
const COMMON_TERM_LIMIT = 20_000;

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

function termsOf(text: string): string[] {
  const out = new Set<string>();
  for (const token of tokenize(text)) {
    const t = processTerm(token);
    if (t) out.add(t);
  }
  return [...out];
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

  /** How many names contain each term. */
  private readonly df = new Map<string, number>();

  add(slot: number, name: string): void {
    if (!name.trim()) return;
    this.search.add({ slot, name });
    for (const t of termsOf(name)) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  remove(slot: number, name: string): void {
    if (!this.search.has(slot)) return;
    this.search.discard(slot);
    for (const t of termsOf(name)) {
      const n = (this.df.get(t) ?? 1) - 1;
      if (n > 0) this.df.set(t, n);
      else this.df.delete(t);
    }
  }

  /** Slots by descending BM25 score (unnormalised: comparable only within one query). */
  query(text: string, k: number, accept: (slot: number) => boolean): { slot: number; score: number }[] {
    if (k <= 0 || !text.trim()) return [];
    const terms = termsOf(text);
    const rare = terms.filter((t) => (this.df.get(t) ?? 0) <= COMMON_TERM_LIMIT);
    const kept =
      rare.length > 0 ? rare : terms.sort((a, b) => (this.df.get(a) ?? 0) - (this.df.get(b) ?? 0)).slice(0, 1);
    if (kept.length === 0) return [];
    const hits = this.search.search(kept.join(' '), { filter: (r) => accept(r.id as number) });
    return hits.slice(0, k).map((h) => ({ slot: h.id as number, score: h.score }));
  }
}
