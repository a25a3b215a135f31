// The trainer side of Bagpipe's BagCache as a schedule for the GPU run: which rows to upload into
// which cache slots before each batch, which slots to write back at each cleanup step, and the
// slot of every row a batch reads. Host-side bookkeeping (slot table, ttl per slot, free list) as
// in BagPipe/bagcache.py; the rows themselves live on the GPU. Decisions are the Oracle Cacher's
// (oracleCacher.ts explains the next-use form of keep); the timeline is BagCache's:
//   start:           prefetch batches [0, I·⌈L/I⌉) in groups of I (ttl = the group's last batch)
//   after batch c:   ttl updates of batch c's kept rows; if c is a positive multiple of I, evict
//                    slots with ttl < c (write back), then prefetch every batch < c + L not yet
//                    prefetched, as one group.
// If a prefetched row still holds a slot (possible when L is not a multiple of I), the slot is
// reused instead of uploading the server's stale copy (the artifact would allocate a second slot).
import { cleanupInterval } from './oracleCacher';
import type { PreparedTrace } from './preparedTrace';

export interface CacheEvent {
  /** Rows (dense ids) to upload and the slots they go to. */
  uploadRows: number[];
  uploadSlots: number[];
}

export interface EvictEvent {
  rows: number[];
  slots: number[];
}

export class CacheSchedule {
  readonly I: number;
  readonly slots: number;
  private readonly ttlO: Int32Array;
  private readonly slotOf: Int32Array;
  private readonly slotTtl: Int32Array;
  private readonly slotRow: Int32Array;
  private readonly free: number[] = [];
  private prefetched = 0;
  private decided = 0;
  private readonly prefetchLists: number[][] = [];
  /** Rows uploaded and written back so far. */
  uploaded = 0;
  writtenBack = 0;
  reused = 0;

  constructor(
    private readonly t: PreparedTrace,
    private readonly L: number,
    cleanupFraction: number,
    slots: number,
  ) {
    this.I = cleanupInterval(L, cleanupFraction);
    this.slots = slots;
    this.ttlO = new Int32Array(t.numRows).fill(-1);
    this.slotOf = new Int32Array(t.numRows).fill(-1);
    this.slotTtl = new Int32Array(slots).fill(-1);
    this.slotRow = new Int32Array(slots).fill(-1);
    for (let s = slots - 1; s >= 0; s--) this.free.push(s);
  }

  /** The Oracle Cacher's decision for the next batch in order: its prefetch list. */
  private decide(): void {
    const c = this.decided++;
    const { batchStart, rows, nextUse, numBatches: B } = this.t;
    const window = Math.min(c + this.L - 1, B - 1);
    const list: number[] = [];
    for (let i = batchStart[c]; i < batchStart[c + 1]; i++) {
      const x = rows[i];
      if (this.ttlO[x] < c) list.push(x);
      if (nextUse[i] <= window) this.ttlO[x] = nextUse[i];
    }
    this.prefetchLists.push(list);
  }

  private group(until: number): CacheEvent {
    const to = Math.min(until, this.t.numBatches);
    const ev: CacheEvent = { uploadRows: [], uploadSlots: [] };
    for (let b = this.prefetched; b < to; b++) {
      while (this.decided <= b) this.decide();
      for (const x of this.prefetchLists[b]!) {
        let s = this.slotOf[x];
        if (s >= 0) this.reused++;
        else {
          s = this.free.pop() ?? -1;
          if (s < 0) throw new Error(`cache of ${this.slots} slots is full at batch ${b}`);
          this.slotOf[x] = s;
          this.slotRow[s] = x;
          ev.uploadRows.push(x);
          ev.uploadSlots.push(s);
        }
        this.slotTtl[s] = Math.max(this.slotTtl[s], to - 1);
      }
      this.prefetchLists[b] = [];
    }
    this.uploaded += ev.uploadRows.length;
    this.prefetched = Math.max(this.prefetched, to);
    return ev;
  }

  /** The initial fill, before batch 0. */
  start(): CacheEvent {
    const all: CacheEvent = { uploadRows: [], uploadSlots: [] };
    while (this.prefetched < Math.min(this.L, this.t.numBatches)) {
      const ev = this.group(this.prefetched + this.I);
      all.uploadRows.push(...ev.uploadRows);
      all.uploadSlots.push(...ev.uploadSlots);
    }
    return all;
  }

  /** Cache slots of batch c's rows, in the order of `denseIds` (throws if one is not resident). */
  slotsFor(c: number, denseIds: ArrayLike<number>): Uint32Array {
    return Uint32Array.from(denseIds, (x) => {
      const s = this.slotOf[x];
      if (s < 0) throw new Error(`batch ${c} needs row ${x}, which is not in the cache`);
      return s;
    });
  }

  /** After batch c: ttl updates, eviction (returned, to write back first) and the next prefetch group. */
  afterBatch(c: number): { evict: EvictEvent; prefetch: CacheEvent } {
    const { batchStart, rows, nextUse, numBatches: B } = this.t;
    const window = Math.min(c + this.L - 1, B - 1);
    for (let i = batchStart[c]; i < batchStart[c + 1]; i++)
      if (nextUse[i] <= window) this.slotTtl[this.slotOf[rows[i]]] = nextUse[i];
    const evict: EvictEvent = { rows: [], slots: [] };
    let prefetch: CacheEvent = { uploadRows: [], uploadSlots: [] };
    if (c % this.I === 0 && c !== 0) {
      for (let s = 0; s < this.slots; s++) {
        if (this.slotRow[s] >= 0 && this.slotTtl[s] < c) {
          evict.rows.push(this.slotRow[s]);
          evict.slots.push(s);
          this.slotOf[this.slotRow[s]] = -1;
          this.slotRow[s] = -1;
          this.slotTtl[s] = -1;
          this.free.push(s);
        }
      }
      this.writtenBack += evict.rows.length;
      prefetch = this.group(c + this.L);
    }
    return { evict, prefetch };
  }

  /** Every row still cached at the end (written back once). */
  flush(): EvictEvent {
    const ev: EvictEvent = { rows: [], slots: [] };
    for (let s = 0; s < this.slots; s++)
      if (this.slotRow[s] >= 0) {
        ev.rows.push(this.slotRow[s]);
        ev.slots.push(s);
      }
    this.writtenBack += ev.rows.length;
    return ev;
  }
}
