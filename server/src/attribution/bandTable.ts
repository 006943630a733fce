// One LSH band's buckets: bucket key → task slots. Built once as two sorted typed arrays (8 bytes
// per task, binary search to look up; a JS Map of 16 bands × 1M tasks would cost ~1 GB), plus a
// small Map for tasks added since, merged in when it grows. Removed slots stay until the index
// compacts; the index skips them.

/** Keys keep 24 bits: key·2^29 + slot fits a float64 exactly, so one numeric sort orders both. */
const KEY_SHIFT = 8;
const SLOT_LIMIT = 2 ** 29;

export class BandTable {
  private keys: Uint32Array;
  private slots: Uint32Array;
  private delta = new Map<number, number[]>();
  private deltaSize = 0;

  private constructor(keys: Uint32Array, slots: Uint32Array) {
    this.keys = keys;
    this.slots = slots;
  }

  static empty(): BandTable {
    return new BandTable(new Uint32Array(0), new Uint32Array(0));
  }

  /** `keyOf(slot)` for slots 0..n-1; `include(slot)` false leaves a slot out. */
  static build(n: number, keyOf: (slot: number) => number, include: (slot: number) => boolean = () => true): BandTable {
    if (n >= SLOT_LIMIT) throw new Error(`attribution index: at most ${SLOT_LIMIT} tasks`);
    const packed = new Float64Array(n);
    let m = 0;
    for (let s = 0; s < n; s++) if (include(s)) packed[m++] = (keyOf(s) >>> KEY_SHIFT) * SLOT_LIMIT + s;
    const sorted = packed.subarray(0, m).sort();
    const keys = new Uint32Array(m);
    const slots = new Uint32Array(m);
    for (let i = 0; i < m; i++) {
      const v = sorted[i];
      const key = Math.floor(v / SLOT_LIMIT);
      keys[i] = key;
      slots[i] = v - key * SLOT_LIMIT;
    }
    return new BandTable(keys, slots);
  }

  /** The serialised form: sorted keys and their slots. */
  static fromArrays(keys: Uint32Array, slots: Uint32Array): BandTable {
    return new BandTable(keys, slots);
  }

  get arrays(): { keys: Uint32Array; slots: Uint32Array } {
    this.mergeDelta();
    return { keys: this.keys, slots: this.slots };
  }

  get pending(): number {
    return this.deltaSize;
  }

  add(key: number, slot: number): void {
    const k = key >>> KEY_SHIFT;
    const list = this.delta.get(k);
    if (list) list.push(slot);
    else this.delta.set(k, [slot]);
    this.deltaSize++;
    if (this.deltaSize > Math.max(4096, this.keys.length >>> 3)) this.mergeDelta();
  }

  /** Calls `visit` for every slot in the bucket of `key`. */
  lookup(key: number, visit: (slot: number) => void): void {
    const k = key >>> KEY_SHIFT;
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < k) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < keys.length && keys[i] === k; i++) visit(this.slots[i]);
    const extra = this.delta.get(k);
    if (extra) for (const s of extra) visit(s);
  }

  /** Folds the added slots into the sorted arrays (one linear merge). */
  private mergeDelta(): void {
    if (this.deltaSize === 0) return;
    const added = new Float64Array(this.deltaSize);
    let m = 0;
    for (const [k, list] of this.delta) for (const s of list) added[m++] = k * SLOT_LIMIT + s;
    added.sort();
    const n = this.keys.length + m;
    const keys = new Uint32Array(n);
    const slots = new Uint32Array(n);
    let i = 0;
    let j = 0;
    for (let w = 0; w < n; w++) {
      const takeOld = j >= m || (i < this.keys.length && this.keys[i] * SLOT_LIMIT + this.slots[i] <= added[j]);
      if (takeOld) {
        keys[w] = this.keys[i];
        slots[w] = this.slots[i++];
      } else {
        const key = Math.floor(added[j] / SLOT_LIMIT);
        keys[w] = key;
        slots[w] = added[j++] - key * SLOT_LIMIT;
      }
    }
    this.keys = keys;
    this.slots = slots;
    this.delta.clear();
    this.deltaSize = 0;
  }
}
