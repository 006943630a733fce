// Quality metrics of the Ansible Wisdom paper (arXiv 2305.02783, §5): Exact Match, BLEU, and the
// Ansible Aware parts (module match, option-key F1, value match). Pure functions over normalised
// actions (action.ts); Schema Correct needs the catalog and lives in schema.ts.

import { actionText, type TaskAction } from './action';

export function exactMatch(pred: TaskAction, ref: TaskAction): number {
  if (!pred.module || pred.module !== ref.module || pred.args.size !== ref.args.size) return 0;
  for (const [k, v] of ref.args) if (pred.args.get(k) !== v) return 0;
  return 1;
}

export function moduleMatch(pred: TaskAction, ref: TaskAction): number {
  return pred.module !== '' && pred.module === ref.module ? 1 : 0;
}

/** F1 of the option-key sets; 1 when both have no options, 0 when only one has none. */
export function keyF1(pred: TaskAction, ref: TaskAction): number {
  if (!pred.args.size && !ref.args.size) return 1;
  if (!pred.args.size || !ref.args.size) return 0;
  let common = 0;
  for (const k of pred.args.keys()) if (ref.args.has(k)) common++;
  if (!common) return 0;
  const p = common / pred.args.size;
  const r = common / ref.args.size;
  return (2 * p * r) / (p + r);
}

/**
 * Fraction of the reference's key=value pairs the prediction reproduces exactly (normalised). A
 * reference without options scores 1 when the prediction has none either, else 0.
 */
export function valueMatch(pred: TaskAction, ref: TaskAction): number {
  if (!ref.args.size) return pred.args.size ? 0 : 1;
  let same = 0;
  for (const [k, v] of ref.args) if (pred.args.get(k) === v) same++;
  return same / ref.args.size;
}

/** Mean of module match, key F1 and value match. */
export function ansibleAware(pred: TaskAction, ref: TaskAction): number {
  return (moduleMatch(pred, ref) + keyF1(pred, ref) + valueMatch(pred, ref)) / 3;
}

// ---------------------------------------------------------------------------------------------
// BLEU (Papineni et al. 2002): corpus-level, up to 4-grams, uniform weights, brevity penalty, no
// smoothing (as in sacrebleu's corpus_bleu with smooth_method='none').

export const BLEU_ORDER = 4;

/** Words and single punctuation marks: `ansible.builtin.apt:` → ansible . builtin . apt : */
export function tokenize(text: string): string[] {
  return text.match(/[A-Za-z0-9_]+|[^\sA-Za-z0-9_]/g) ?? [];
}

/** Sufficient statistics of one hypothesis/reference pair; they add up over a corpus. */
export interface BleuStats {
  hypLength: number;
  refLength: number;
  /** Clipped n-gram matches for n = 1..4. */
  matches: number[];
  /** Hypothesis n-grams for n = 1..4. */
  totals: number[];
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join('\u0001');
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

export function bleuStats(hyp: string[], ref: string[]): BleuStats {
  const matches: number[] = [];
  const totals: number[] = [];
  for (let n = 1; n <= BLEU_ORDER; n++) {
    const h = ngrams(hyp, n);
    const r = ngrams(ref, n);
    let match = 0;
    for (const [g, c] of h) match += Math.min(c, r.get(g) ?? 0);
    matches.push(match);
    totals.push(Math.max(0, hyp.length - n + 1));
  }
  return { hypLength: hyp.length, refLength: ref.length, matches, totals };
}

export function addBleuStats(a: BleuStats, b: BleuStats): BleuStats {
  return {
    hypLength: a.hypLength + b.hypLength,
    refLength: a.refLength + b.refLength,
    matches: a.matches.map((x, i) => x + b.matches[i]),
    totals: a.totals.map((x, i) => x + b.totals[i]),
  };
}

export const emptyBleuStats = (): BleuStats => ({
  hypLength: 0,
  refLength: 0,
  matches: new Array<number>(BLEU_ORDER).fill(0),
  totals: new Array<number>(BLEU_ORDER).fill(0),
});

/** BLEU in [0, 1] from summed statistics. */
export function bleuScore(s: BleuStats): number {
  if (!s.hypLength) return 0;
  let logSum = 0;
  for (let n = 0; n < BLEU_ORDER; n++) {
    if (!s.matches[n] || !s.totals[n]) return 0;
    logSum += Math.log(s.matches[n] / s.totals[n]);
  }
  const bp = s.hypLength < s.refLength ? Math.exp(1 - s.refLength / s.hypLength) : 1;
  return bp * Math.exp(logSum / BLEU_ORDER);
}

/** Corpus BLEU of hypothesis/reference texts (pairs in order). */
export function corpusBleu(pairs: [hyp: string, ref: string][]): number {
  return bleuScore(
    pairs.reduce((acc, [h, r]) => addBleuStats(acc, bleuStats(tokenize(h), tokenize(r))), emptyBleuStats()),
  );
}

/** BLEU statistics of two actions' normalised texts. */
export function actionBleuStats(pred: TaskAction, ref: TaskAction): BleuStats {
  return bleuStats(tokenize(actionText(pred)), tokenize(actionText(ref)));
}
