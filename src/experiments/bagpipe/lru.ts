// LRU over batches (our addition, not in the paper): a demand cache of C rows replicated on every
// trainer. At the start of a batch its cached rows are hits; its misses are fetched on demand by
// every trainer and inserted; if the cache then holds more than C rows, the rows whose last use is
// oldest are evicted (ties: lower id first) and written back once. The current batch is never
// evicted (C ≥ its unique rows is checked before the replay). Without lookahead every row of the
// batch is all-reduced before the next step.
//
// Speed: a row's last use is a batch number, so "oldest first, lower id first" is a scan over the
// batches in order with each batch's rows already sorted; a row whose last use moved on is
// skipped. The scan pointer only moves forward: O(1) amortised per id, no heap.
import type { PreparedTrace } from './preparedTrace';
import { emptyCounts, POLICY_LABELS, type PolicyCounts, type SteppedPolicy } from './policyTypes';

export class LruCache implements SteppedPolicy {
  readonly key = 'lru';
  next = 0;
  private readonly lastUse: Int32Array;
  private cached = 0;
  private scanBatch = 0;
  private scanPos = 0;
  private c: PolicyCounts = emptyCounts('lru', POLICY_LABELS.lru);

  constructor(
    private readonly t: PreparedTrace,
    private readonly capacity: number,
  ) {
    this.lastUse = new Int32Array(t.numRows).fill(-1);
    this.scanPos = t.batchStart[0];
  }

  advance(until: number): void {
    const { batchStart, rows, numBatches: B, trainers } = this.t;
    const lastUse = this.lastUse;
    const C = this.capacity;
    const c = this.c;
    for (; this.next < Math.min(until, B); this.next++) {
      const b = this.next;
      let misses = 0;
      const a = batchStart[b];
      const z = batchStart[b + 1];
      for (let i = a; i < z; i++) {
        const x = rows[i];
        if (lastUse[x] < 0) misses++;
        lastUse[x] = b;
      }
      c.hits += z - a - misses;
      c.misses += misses;
      c.allReducedNow += z - a;
      this.cached += misses;
      let evict = this.cached - C;
      if (evict > 0) {
        c.writtenBackRows += evict;
        this.cached = C;
        let t = this.scanBatch;
        let p = this.scanPos;
        while (evict > 0) {
          if (p >= batchStart[t + 1]) {
            t++;
            p = batchStart[t];
            continue;
          }
          const x = rows[p++];
          if (lastUse[x] === t) {
            lastUse[x] = -1;
            evict--;
          }
        }
        this.scanBatch = t;
        this.scanPos = p;
      }
      if (this.cached > c.peakRows) c.peakRows = this.cached;
    }
    c.fetchedRows = c.misses * trainers;
  }

  finish(): PolicyCounts {
    // The rows still cached are written back once at the end.
    return { ...this.c, batches: this.next, writtenBackRows: this.c.writtenBackRows + this.cached };
  }
}
