// Bagpipe's Oracle Cacher, replayed exactly as the artifact's BagPipe/oraclecacher.py decides
// (notes §4 pseudo-code), plus the trainer-side BagCache timeline that decides how many rows a
// trainer's cache holds.
//
// Oracle (its queue holds L batches, so at the dequeue of batch c the tracker has seen c + L − 1):
//   enqueue b:   latest[id ∈ U_b] = b;  sync_now_b = U_b ∩ U_{b+1};  sync_later_b = U_b ∖ U_{b+1}
//   dequeue c:   prefetch_c = {id ∈ U_c : ttl[id] < c}                  (absent or expiring)
//                keep = {id ∈ U_c : c < latest[id] ≤ c + L};  ttl[keep] = latest[keep]
//                no_sync_c = {id used once in batch c : latest[id] = c};  sync_later_c −= no_sync_c
// A hit is a row not in prefetch_c (kept from an earlier batch). Every trainer fetches prefetch_c
// except the other trainers' no_sync rows (only the owner fetches and writes those back).
//
// Trainer (BagCache): every I = max(1, ⌊0.25·L⌋) iterations, at step k, it evicts rows whose ttl
// < k, writes them back, and prefetches every queued batch numbered < k + L, setting the new
// rows' ttl to the last batch of that prefetch group; at start it fills batches [0, I·⌈L/I⌉) in
// groups of I. Keep updates reach the trainer as ttl updates. So a row stays from the prefetch
// step of its first batch until the first step k > its final ttl (its last use in the run of
// uses, or its group's last batch if used once). Occupancy is counted per step from these
// residencies; Bagpipe's code has no capacity eviction, so a trainer needs that many slots.
// When L is not a multiple of I (e.g. L = 13, I = 3) the artifact can prefetch a row whose old
// slot is not evicted yet; it then allocates a second slot, and both are counted here too.
import type { PreparedTrace } from './preparedTrace';
import { emptyCounts, POLICY_LABELS, type PolicyCounts, type SteppedPolicy } from './policyTypes';

export const cleanupInterval = (lookahead: number, fraction: number): number =>
  Math.max(1, Math.floor(fraction * lookahead));

// Speed (≥ 10 M ids/s needs one random memory access per id, not two): instead of a separate
// enqueue pass writing latest[], we use the trace's prepared next use of each entry, which gives
// the same decisions exactly:
//  - keep: the pseudo-code sets ttl = latest (the last use ≤ b + L − 1) when a later use is in the
//    window; we set ttl = the next use in that case. Either value covers every batch up to the
//    next use, where keep runs again; so a row of batch c is prefetched in both iff its previous
//    use lies more than L − 1 batches back (or it has none).
//  - no_sync: latest = b  ⇔  no use in (b, min(b + L − 1, B − 1)]  ⇔  next use beyond that.
//  - sync_now: in U_{b+1}  ⇔  next use = b + 1.
// referencePolicies.ts runs the pseudo-code literally (Maps, the L-batch queue, latest[]) and the
// tests check both give identical counts. Per-row state lives in one interleaved Int32Array
// (ttl, last use, first use × 2 + "used again" bit): one cache line per id.
const TTL = 0;
const LAST = 1;
const FIRST = 2;
const STRIDE = 4;

export class OracleCacher implements SteppedPolicy {
  readonly key = 'oracle';
  next = 0;
  readonly L: number;
  readonly I: number;
  private readonly fillEnd: number;
  private readonly lastStep: number;
  /** Per row: [ttl, lastUse, firstUse·2 + multi, unused]. */
  private readonly st: Int32Array;
  /** Per batch: the step index that prefetches it, its group's last batch, the step after it. */
  private readonly pstep: Int32Array;
  private readonly glast: Int32Array;
  private readonly stepAfter: Int32Array;
  private readonly occupancy: Float64Array;
  private c: PolicyCounts = emptyCounts('oracle', POLICY_LABELS.oracle);
  private prefetchedNoSync = 0;

  constructor(
    private readonly t: PreparedTrace,
    lookahead: number,
    cleanupFraction: number,
  ) {
    this.L = lookahead;
    this.I = cleanupInterval(lookahead, cleanupFraction);
    this.fillEnd = this.I * Math.ceil(this.L / this.I);
    const B = t.numBatches;
    this.lastStep = Math.floor(Math.max(0, B - 1) / this.I);
    this.st = new Int32Array(STRIDE * t.numRows);
    for (let x = 0; x < t.numRows; x++) {
      this.st[STRIDE * x + TTL] = -1;
      this.st[STRIDE * x + LAST] = -1;
    }
    this.pstep = Int32Array.from({ length: B }, (_, a) => this.prefetchStep(a));
    this.glast = Int32Array.from({ length: B }, (_, a) => this.groupLast(a));
    this.stepAfter = Int32Array.from({ length: B }, (_, a) => Math.floor(a / this.I) + 1);
    this.occupancy = new Float64Array(this.lastStep + 2);
  }

  /** Step index (k / I) at which the trainer prefetches batch a. */
  prefetchStep(a: number): number {
    return a < this.fillEnd ? 0 : Math.floor((a - this.L) / this.I) + 1;
  }

  /** The ttl a row prefetched for batch a gets: the last batch of its prefetch group. */
  groupLast(a: number): number {
    const B = this.t.numBatches;
    if (a < this.fillEnd) return Math.min((Math.floor(a / this.I) + 1) * this.I, B) - 1;
    return Math.min(this.prefetchStep(a) * this.I + this.L, B) - 1;
  }

  advance(until: number): void {
    const { batchStart, rows, once, nextUse, numBatches: B } = this.t;
    const { st, L, pstep, glast, stepAfter, occupancy, lastStep } = this;
    const c = this.c;
    let hits = 0;
    let misses = 0;
    let now = 0;
    let later = 0;
    let noSync = 0;
    let pfNs = 0;
    for (; this.next < Math.min(until, B); this.next++) {
      const b = this.next;
      const window = Math.min(b + L - 1, B - 1); // the oracle's tracker has seen up to here
      const nb = b + 1 < B ? b + 1 : -1; // nextUse = B means "never": the last batch has no sync_now
      for (let i = batchStart[b], z = batchStart[b + 1]; i < z; i++) {
        const o = STRIDE * rows[i];
        const miss = st[o + TTL] < b; // prefetch_c: absent or expiring
        if (miss) {
          misses++;
          const last = st[o + LAST];
          if (last >= 0) {
            // Close the previous residency: from its prefetch step to the step after its final ttl.
            const f = st[o + FIRST];
            const first = f >> 1;
            occupancy[pstep[first]] += 1;
            const end = stepAfter[f & 1 ? last : glast[first]];
            if (end <= lastStep) occupancy[end] -= 1;
          }
          st[o + FIRST] = 2 * b;
        } else {
          hits++;
          st[o + FIRST] |= 1;
        }
        st[o + LAST] = b;
        const nu = nextUse[i];
        if (nu <= window) st[o + TTL] = nu; // keep: used again within the window
        const ns = once[i] === 1 && nu > window; // no_sync: used once, not again in the window
        if (ns) {
          noSync++;
          if (miss) pfNs++;
        }
        if (nu === nb) now++;
        else if (!ns) later++;
      }
    }
    c.hits += hits;
    c.misses += misses;
    c.allReducedNow += now;
    c.allReducedLater += later;
    c.noSyncRows += noSync;
    this.prefetchedNoSync += pfNs;
  }

  finish(): PolicyCounts {
    const { st, pstep, glast, stepAfter, occupancy, lastStep } = this;
    for (let x = 0; x < this.t.numRows; x++) {
      const o = STRIDE * x;
      const last = st[o + LAST];
      if (last < 0) continue;
      const f = st[o + FIRST];
      const first = f >> 1;
      occupancy[pstep[first]] += 1;
      const end = stepAfter[f & 1 ? last : glast[first]];
      if (end <= lastStep) occupancy[end] -= 1;
    }
    let occ = 0;
    let peak = 0;
    for (let j = 0; j <= lastStep; j++) {
      occ += occupancy[j];
      if (occ > peak) peak = occ;
    }
    const N = this.t.trainers;
    const c = this.c;
    const fetched = N * (c.misses - this.prefetchedNoSync) + this.prefetchedNoSync;
    return {
      ...c,
      batches: this.next,
      fetchedRows: fetched,
      prefetchedRows: fetched,
      writtenBackRows: c.misses,
      peakRows: peak,
    };
  }
}
