// MinHash signatures and LSH banding over a task's feature set (features.ts): the candidate
// retrieval step, so a query looks at a few buckets instead of the whole corpus.
//
// BANDS × ROWS = 48 min-hashes (one multiply-xor permutation per hash function, below). Two sets with
// Jaccard s share one band's ROWS mins with probability s^ROWS, so they meet in at least one bucket
// with probability 1 − (1 − s³)^16: 0.99 at s = 0.7, 0.88 at s = 0.5, 0.65 at s = 0.4, 0.36 at
// s = 0.3. (The Jaccard here is over the union of all parts; the index adds same-module tasks
// exactly where that is cheap, see index.ts, so recall of close matches does not rest on LSH alone.)

import { fmix32 } from './features';

export const BANDS = 16;
export const ROWS = 3;
const HASHES = BANDS * ROWS;

// h_i(x) = ((x ^ a_i) · m_i mod 2^32) with random a_i and odd m_i: a bijection per i, two
// operations per hash (the features are already well-mixed hashes, so no finaliser is needed;
// a full murmur finaliser per hash made MinHash half of the build time).
const XORS = Uint32Array.from({ length: HASHES }, (_, i) => fmix32(Math.imul(i + 1, 0x9e3779b9)));
const MULTS = Uint32Array.from({ length: HASHES }, (_, i) => fmix32(Math.imul(i + 1, 0x85ebca6b) ^ 0x27d4eb2f) | 1);
const mins = new Uint32Array(HASHES);

/** Writes the BANDS bucket keys of `features[start..end)` into `out[outStart..outStart+BANDS)`. */
export function bandKeys(features: Uint32Array, start: number, end: number, out: Uint32Array, outStart = 0): void {
  mins.fill(0xffffffff);
  for (let f = start; f < end; f++) {
    const x = features[f];
    for (let i = 0; i < HASHES; i++) {
      const h = Math.imul(x ^ XORS[i], MULTS[i]) >>> 0;
      if (h < mins[i]) mins[i] = h;
    }
  }
  for (let b = 0; b < BANDS; b++) {
    let h = fmix32(b + 0x5bd1e995);
    for (let r = 0; r < ROWS; r++) h = fmix32(h ^ mins[b * ROWS + r]) + r;
    out[outStart + b] = h >>> 0;
  }
}
