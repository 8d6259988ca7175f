/**
 * A binary min-heap of (key, value) pairs with stale entries allowed (lazy deletion by the caller).
 * Typed arrays that double when full, and no tuple per pop: the search pops tens of thousands.
 */
export class MinHeap {
  private keys = new Float64Array(64);
  private vals = new Int32Array(64);
  private n = 0;
  /** Key of the entry the last `pop` removed. */
  lastKey = NaN;

  get size(): number {
    return this.n;
  }

  push(key: number, val: number): void {
    if (this.n === this.keys.length) {
      const k2 = new Float64Array(this.n * 2), v2 = new Int32Array(this.n * 2);
      k2.set(this.keys); v2.set(this.vals);
      this.keys = k2; this.vals = v2;
    }
    const k = this.keys, v = this.vals;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p]! <= key) break;
      k[i] = k[p]!; v[i] = v[p]!;
      i = p;
    }
    k[i] = key; v[i] = val;
  }

  /** Removes the smallest entry and returns its value (its key is then `lastKey`). Call only when size > 0. */
  pop(): number {
    const k = this.keys, v = this.vals;
    const topV = v[0]!;
    this.lastKey = k[0]!;
    const n = --this.n;
    const lastK = k[n]!, lastV = v[n]!;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && k[r]! < k[l]! ? r : l;
        if (k[c]! >= lastK) break;
        k[i] = k[c]!; v[i] = v[c]!;
        i = c;
      }
      k[i] = lastK; v[i] = lastV;
    }
    return topV;
  }
}
