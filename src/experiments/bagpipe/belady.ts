// Belady's MIN over batches (our addition): the same demand cache of C rows as LRU, but it evicts
// the rows whose next use is farthest (never again = infinitely far; ties: lower id first), so its
// hit count bounds every demand policy with C rows — including the Oracle Cacher whenever the
// Oracle's peak occupancy fits in C. The current batch is never evicted: at its start its cached
// rows carry next use = this batch, the nearest possible, and are evicted last (never, as C ≥ the
// batch's unique rows). Transfers are counted like LRU's, for comparison only.
//
// A max-heap of keys nextUse·2³¹ + (2³¹ − 1 − id) in a Float64Array (exact below 2⁵³), with lazy
// deletion: an entry is live only if its row is cached with that next use. The heap is compacted
// when stale entries outnumber live ones three to one.
import type { PreparedTrace } from './preparedTrace';
import { emptyCounts, POLICY_LABELS, type PolicyCounts, type SteppedPolicy } from './policyTypes';

const ID_SPAN = 2147483648;

export class BeladyMin implements SteppedPolicy {
  readonly key = 'belady';
  next = 0;
  private readonly key_: Int32Array;
  private heap: Float64Array;
  private size = 0;
  private cached = 0;
  private c: PolicyCounts = emptyCounts('belady', POLICY_LABELS.belady);

  constructor(
    private readonly t: PreparedTrace,
    private readonly capacity: number,
  ) {
    this.key_ = new Int32Array(t.numRows).fill(-1); // −1: not cached
    this.heap = new Float64Array(1024);
  }

  private push(v: number): void {
    if (this.size === this.heap.length) {
      const next = new Float64Array(this.heap.length * 2);
      next.set(this.heap);
      this.heap = next;
    }
    const h = this.heap;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent] >= v) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = v;
  }

  private pop(): number {
    const h = this.heap;
    const top = h[0];
    const last = h[--this.size];
    let i = 0;
    const n = this.size;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && h[child + 1] > h[child]) child++;
      if (h[child] <= last) break;
      h[i] = h[child];
      i = child;
    }
    if (n > 0) h[i] = last;
    return top;
  }

  private live(v: number): boolean {
    const next = Math.floor(v / ID_SPAN);
    const x = ID_SPAN - 1 - (v - next * ID_SPAN);
    return this.key_[x] === next;
  }

  private compact(): void {
    const h = this.heap;
    let n = 0;
    for (let i = 0; i < this.size; i++) if (this.live(h[i])) h[n++] = h[i];
    this.size = n;
    h.subarray(0, n).sort().reverse(); // a descending array is a valid max-heap
  }

  advance(until: number): void {
    const { batchStart, rows, nextUse, numBatches: B, trainers } = this.t;
    const keys = this.key_;
    const C = this.capacity;
    const c = this.c;
    for (; this.next < Math.min(until, B); this.next++) {
      const b = this.next;
      const a = batchStart[b];
      const z = batchStart[b + 1];
      let misses = 0;
      for (let i = a; i < z; i++) if (keys[rows[i]] < 0) misses++;
      c.hits += z - a - misses;
      c.misses += misses;
      c.allReducedNow += z - a;
      let evict = this.cached + misses - C;
      if (evict > 0) c.writtenBackRows += evict;
      while (evict > 0) {
        const v = this.pop();
        if (!this.live(v)) continue;
        const next = Math.floor(v / ID_SPAN);
        keys[ID_SPAN - 1 - (v - next * ID_SPAN)] = -1;
        evict--;
        this.cached--;
      }
      for (let i = a; i < z; i++) {
        const x = rows[i];
        if (keys[x] < 0) this.cached++;
        const nu = nextUse[i];
        keys[x] = nu;
        this.push(nu * ID_SPAN + (ID_SPAN - 1 - x));
      }
      if (this.cached > c.peakRows) c.peakRows = this.cached;
      if (this.size > 4 * this.cached + 4096) this.compact();
    }
    c.fetchedRows = c.misses * trainers;
  }

  finish(): PolicyCounts {
    return { ...this.c, batches: this.next, writtenBackRows: this.c.writtenBackRows + this.cached };
  }
}
