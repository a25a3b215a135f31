// Bagpipe's gradient synchronisation for P data-parallel trainers, per batch (the Oracle Cacher's
// decisions, notes §4): every row of batch b's unique set U_b goes one of three ways —
//   sync_now    in U_{b+1}: all-reduced right after the backward pass (the next batch reads it);
//   no_sync     used once in the batch (so by one trainer, its owner) and not again within the
//               lookahead window (b, b + L − 1]: the owner applies its own gradient, nobody else
//               holds a fresh copy, the owner writes it back;
//   sync_later  the rest: all-reduced off the critical path, before the row is next read or
//               written back.
// The rule is the one oracleCacher.ts counts (allReducedNow / allReducedLater / noSyncRows), here
// with the rows themselves and each trainer's shard (examples split as preparedTrace.ts splits
// them), so the GPU run can execute it. A row used twice by one trainer is sync_later, as in the
// artifact (its no_sync test is "used once in the batch").
import type { PreparedTrace } from './preparedTrace';

export interface BatchSync {
  now: Int32Array;
  later: Int32Array;
  none: Int32Array;
  /** The trainer whose shard holds each no_sync row. */
  noneOwner: Int32Array;
  /** Per trainer: the distinct rows of its shard, ascending (the order of its sparse gradient). */
  shards: Int32Array[];
}

/** Trainer p's examples of a batch of E: [⌊p·E/P⌋, ⌊(p + 1)·E/P⌋), as preparedTrace.ts splits. */
export const shardRange = (p: number, E: number, P: number): [number, number] => [
  Math.floor((p * E) / P),
  Math.floor(((p + 1) * E) / P),
];

/**
 * The sync plan of every batch. `ids[b]` holds batch b's lookups as dense rows, example-major
 * (E examples × T tables).
 */
export function syncPlan(t: PreparedTrace, ids: Int32Array[], E: number, P: number, L: number): BatchSync[] {
  const B = t.numBatches;
  const T = E > 0 && ids.length ? ids[0]!.length / E : 0;
  const owner = new Int32Array(t.numRows).fill(-1);
  const out: BatchSync[] = [];
  for (let b = 0; b < B; b++) {
    const shards: Int32Array[] = [];
    for (let p = 0; p < P; p++) {
      const [from, to] = shardRange(p, E, P);
      const rows = [...new Set(ids[b]!.subarray(from * T, to * T))].sort((x, y) => x - y);
      for (const x of rows) owner[x] = p;
      shards.push(Int32Array.from(rows));
    }
    const window = Math.min(b + L - 1, B - 1);
    const now: number[] = [];
    const later: number[] = [];
    const none: number[] = [];
    const noneOwner: number[] = [];
    for (let i = t.batchStart[b]!; i < t.batchStart[b + 1]!; i++) {
      const x = t.rows[i]!;
      const nu = t.nextUse[i]!;
      if (b + 1 < B && nu === b + 1) now.push(x);
      else if (t.once[i] === 1 && nu > window) {
        none.push(x);
        noneOwner.push(owner[x]!);
      } else later.push(x);
    }
    out.push({
      now: Int32Array.from(now),
      later: Int32Array.from(later),
      none: Int32Array.from(none),
      noneOwner: Int32Array.from(noneOwner),
      shards,
    });
  }
  return out;
}

/** Totals over the run: rows all-reduced now, later, and not at all. */
export function syncTotals(plan: BatchSync[]): { now: number; later: number; none: number } {
  let now = 0;
  let later = 0;
  let none = 0;
  for (const s of plan) {
    now += s.now.length;
    later += s.later.length;
    none += s.none.length;
  }
  return { now, later, none };
}
