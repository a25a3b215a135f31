// Bagpipe's trainer-side cache for the GPU run, split as the system splits it:
//  - OracleFeed: the Oracle Cacher's messages to a trainer (host side, as in the paper, where the
//    cacher runs on its own machine): prefetch groups (rows + the ttl they arrive with) and, after
//    each batch, the ttl updates of its kept rows. Decisions are the Oracle Cacher's
//    (oracleCacher.ts explains the next-use form of keep); the timeline is BagCache's
//    (BagPipe/bagcache.py):
//      start:         prefetch batches [0, I·⌈L/I⌉) in groups of I (ttl = the group's last batch)
//      after batch c: ttl updates of batch c's kept rows; if c is a positive multiple of I, evict
//                     slots with ttl < c (write back), then prefetch every batch < c + L not yet
//                     prefetched, as one group.
//  - The slot management (row → slot table, ttl per slot, expiry, free slots) runs on the GPU
//    (src/kernels/recsys/slotCache.ts). CacheSchedule replays the same messages on the slot
//    cache's CPU model (slotCache.reference.ts) — the tests' and the run's independent check.
// If a prefetched row still holds a slot (possible when L is not a multiple of I), it keeps its
// slot and cached copy; the server's copy it was sent is dropped (the artifact would allocate a
// second slot).
import {
  evictReference,
  insertReference,
  newSlotCacheModel,
  ttlUpdateReference,
  type SlotCacheModel,
} from '../../kernels/recsys/slotCache.reference';
import { cleanupInterval } from './oracleCacher';
import type { PreparedTrace } from './preparedTrace';

export interface PrefetchGroup {
  /** Rows (dense ids, distinct) sent ahead of their batches. */
  rows: Int32Array;
  /** Their ttl: the group's last batch. */
  ttl: number;
}

export interface TtlUpdates {
  rows: Int32Array;
  ttls: Int32Array;
}

export class OracleFeed {
  readonly I: number;
  /** Groups of the initial fill, before batch 0. */
  readonly start: PrefetchGroup[] = [];
  /** Per batch c: its kept rows' ttl updates, and the group prefetched after it (cleanup steps). */
  readonly keep: TtlUpdates[] = [];
  readonly after: (PrefetchGroup | null)[] = [];
  /** Most rows in one group and in one ttl update (the GPU cache's staging sizes). */
  readonly maxGroupRows: number;
  readonly maxUpdateRows: number;

  constructor(
    private readonly t: PreparedTrace,
    readonly L: number,
    cleanupFraction: number,
  ) {
    this.I = cleanupInterval(L, cleanupFraction);
    const B = t.numBatches;
    const { batchStart, rows, nextUse } = t;
    // The oracle's own ttl per row and prefetch list per batch (its decisions, in batch order).
    const ttlO = new Int32Array(t.numRows).fill(-1);
    const lists: number[][] = [];
    for (let c = 0; c < B; c++) {
      const window = Math.min(c + L - 1, B - 1);
      const list: number[] = [];
      const kr: number[] = [];
      const kt: number[] = [];
      for (let i = batchStart[c]; i < batchStart[c + 1]; i++) {
        const x = rows[i];
        if (ttlO[x] < c) list.push(x);
        if (nextUse[i] <= window) {
          ttlO[x] = nextUse[i];
          kr.push(x);
          kt.push(nextUse[i]);
        }
      }
      lists.push(list);
      this.keep.push({ rows: Int32Array.from(kr), ttls: Int32Array.from(kt) });
    }
    // BagCache's timeline: which batches' lists travel together, with which ttl.
    const stamp = new Int32Array(t.numRows).fill(-1);
    let prefetched = 0;
    let groups = 0;
    const group = (until: number): PrefetchGroup => {
      const to = Math.min(until, B);
      const out: number[] = [];
      for (let b = prefetched; b < to; b++)
        for (const x of lists[b]!)
          if (stamp[x] !== groups) {
            stamp[x] = groups; // a row twice in one group would be one message
            out.push(x);
          }
      groups++;
      prefetched = Math.max(prefetched, to);
      return { rows: Int32Array.from(out), ttl: to - 1 };
    };
    while (prefetched < Math.min(L, B)) this.start.push(group(prefetched + this.I));
    for (let c = 0; c < B; c++) this.after.push(this.isCleanup(c) ? group(c + L) : null);
    const all = [...this.start, ...this.after].map((g) => g?.rows.length ?? 0);
    this.maxGroupRows = Math.max(1, ...all);
    this.maxUpdateRows = Math.max(1, ...this.keep.map((k) => k.rows.length));
  }

  /** Eviction and prefetch run after batch c when c is a positive multiple of I. */
  isCleanup(c: number): boolean {
    return c % this.I === 0 && c !== 0;
  }

  get numBatches(): number {
    return this.t.numBatches;
  }
}

/** The feed replayed on the slot cache's CPU model: what the GPU cache must do, step by step. */
export class CacheSchedule {
  readonly feed: OracleFeed;
  readonly model: SlotCacheModel;
  /** Rows sent (prefetched), placed in a free slot, already cached when sent, written back. */
  sent = 0;
  uploaded = 0;
  reused = 0;
  writtenBack = 0;

  constructor(
    t: PreparedTrace,
    L: number,
    cleanupFraction: number,
    readonly slots: number,
  ) {
    this.feed = new OracleFeed(t, L, cleanupFraction);
    this.model = newSlotCacheModel(t.numRows, slots, 1);
  }

  get I(): number {
    return this.feed.I;
  }

  private insert(g: PrefetchGroup): void {
    const n = g.rows.length;
    const placed = insertReference(this.model, g.rows, new Int32Array(n).fill(g.ttl), new Float32Array(n), null);
    this.sent += n;
    this.uploaded += placed;
    this.reused += n - placed;
  }

  /** The initial fill. */
  start(): void {
    for (const g of this.feed.start) this.insert(g);
  }

  /** Cache slots of batch c's rows, in the order of `denseIds` (throws if one is not resident). */
  slotsFor(c: number, denseIds: ArrayLike<number>): Uint32Array {
    return Uint32Array.from(denseIds, (x) => {
      const s = this.model.slotOf[x]!;
      if (s < 0) throw new Error(`batch ${c} needs row ${x}, which is not in the cache`);
      return s;
    });
  }

  /** After batch c: ttl updates, then (cleanup steps) eviction and the next group; returns the evicted rows. */
  afterBatch(c: number): number[] {
    const k = this.feed.keep[c]!;
    const missing = ttlUpdateReference(this.model, k.rows, k.ttls);
    if (missing > 0) throw new Error(`after batch ${c}: ${missing} kept rows are not in the cache`);
    const g = this.feed.after[c];
    if (!g) return [];
    const ev = evictReference(this.model, c).rows;
    this.writtenBack += ev.length;
    this.insert(g);
    return ev;
  }

  /** Every row still cached at the end (written back once). */
  flush(): number[] {
    const ev = evictReference(this.model, 2 ** 31 - 1).rows;
    this.writtenBack += ev.length;
    return ev;
  }
}
