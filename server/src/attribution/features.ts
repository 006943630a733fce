// A canonical task as a compact set of 32-bit features, and the score between two such sets.
//
// Each part of the canonical form (normalise.ts) becomes hashed features; the top two bits say
// which part (module, key path, key=value, name token), the low 30 bits are a hash of the text.
// A task is one sorted Uint32Array, so a part's features are contiguous and two tasks compare in
// one merge pass. 30-bit hashes collide for about one pair in a billion: a negligible error on a
// score.
//
// Score (exact, in [0,1]): a weighted mean of four set similarities
//   module  0.30  1 when both tasks call the same module (FQCN), else 0
//   keys    0.20  Jaccard of the option key paths
//   values  0.35  Jaccard of the `path=value` pairs
//   name    0.15  Jaccard of the name tokens
// Two empty sets agree (Jaccard 1) between calls of the same module (two `ping:` tasks without
// options) and have nothing in common (0) between different modules. When the
// query has no name (e.g. a bare module call), the name part is left out and the other weights are
// renormalised, so an unnamed exact copy still scores 1.
// Reading it: 1.0 = same module, same options and values (and name); ≥ 0.8 = the same call with a
// value or two changed; 0.5 ≈ the same module with about half the options and few values in common,
// or a sibling module (copy/template) with the same options and values; < 0.3 = a task that only
// shares the module or a few words; < 0.2 = unrelated.

import type { CanonicalTask } from './normalise';

export enum Part {
  Module = 0,
  Key = 1,
  Value = 2,
  Name = 3,
}

export const WEIGHTS: readonly number[] = [0.3, 0.2, 0.35, 0.15];

const HASH_MASK = 0x3fffffff;

/** FNV-1a over UTF-16 code units, finished with murmur3's fmix32 for better low bits. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function feature(part: Part, text: string): number {
  return ((part << 30) | (hashString(text) & HASH_MASK)) >>> 0;
}

export function featuresOf(task: CanonicalTask): Uint32Array {
  const out: number[] = [];
  if (task.module) out.push(feature(Part.Module, task.module));
  for (const k of task.keys) out.push(feature(Part.Key, k));
  for (const v of task.values) out.push(feature(Part.Value, v));
  for (const t of task.nameTokens) out.push(feature(Part.Name, t));
  const arr = Uint32Array.from(out).sort();
  // Remove hash duplicates so set sizes stay right.
  let w = 0;
  for (let i = 0; i < arr.length; i++) if (i === 0 || arr[i] !== arr[w - 1]) arr[w++] = arr[i];
  return arr.subarray(0, w);
}

/** The module feature of a feature set (the smallest one, part bits 00), or -1. */
export function moduleFeature(features: Uint32Array, start = 0, end = features.length): number {
  return end > start && features[start] >>> 30 === Part.Module ? features[start] : -1;
}

const counts = new Float64Array(12);

/**
 * The score of `b[bStart..bEnd)` against the query `a` (see the header). Both sorted.
 */
export function score(a: Uint32Array, b: Uint32Array, bStart = 0, bEnd = b.length): number {
  counts.fill(0);
  // counts[part] = |A_part|, counts[4 + part] = |B_part|, counts[8 + part] = |A_part ∩ B_part|
  let i = 0;
  let j = bStart;
  while (i < a.length && j < bEnd) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      const p = x >>> 30;
      counts[p]++;
      counts[4 + p]++;
      counts[8 + p]++;
      i++;
      j++;
    } else if (x < y) {
      counts[x >>> 30]++;
      i++;
    } else {
      counts[4 + (y >>> 30)]++;
      j++;
    }
  }
  for (; i < a.length; i++) counts[a[i] >>> 30]++;
  for (; j < bEnd; j++) counts[4 + (b[j] >>> 30)]++;
  let total = 0;
  let weight = 0;
  let sameModule = 0;
  for (let p = 0; p < 4; p++) {
    if (p === Part.Name && counts[p] === 0) continue;
    const union = counts[p] + counts[4 + p] - counts[8 + p];
    const sim = union === 0 ? (p === Part.Module ? 1 : sameModule) : counts[8 + p] / union;
    if (p === Part.Module) sameModule = sim;
    total += WEIGHTS[p] * sim;
    weight += WEIGHTS[p];
  }
  return Math.min(1, Math.max(0, total / weight));
}
