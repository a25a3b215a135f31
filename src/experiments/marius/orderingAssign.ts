// What each buffer state of an ordering trains on. Link prediction: edge buckets (i, j), one per
// ordered pair of partitions; BETA gives each bucket to the FIRST state holding both partitions,
// COMET to a RANDOM such state (the model uses the expectation, so it stays deterministic).
// Node classification: a partition's training nodes go to its first state (BETA) or are spread
// over the states holding it (COMET). Also: which pairs become co-resident at each state, i.e.
// the edge buckets a node-classification buffer must load to sample inside memory.
import { forEachState, transitionsOf, type BufferOrdering, type CometOrdering, OrderingError } from './orderings';

/** Residency intervals: partition q is in the buffer for states [start, end). */
export function residencies(o: BufferOrdering): { partition: Int32Array; start: Int32Array; end: Int32Array } {
  const n = o.c + o.admits.length;
  const partition = new Int32Array(n);
  const start = new Int32Array(n);
  const end = new Int32Array(n).fill(transitionsOf(o) + 1);
  const open = new Map<number, number>();
  let k = 0;
  o.initial.forEach((q) => {
    partition[k] = q;
    open.set(q, k++);
  });
  for (let t = 0; t < transitionsOf(o); t++) {
    for (let i = o.offsets[t]!; i < o.offsets[t + 1]!; i++) {
      end[open.get(o.evicts[i]!)!] = t + 1;
      open.delete(o.evicts[i]!);
      partition[k] = o.admits[i]!;
      start[k] = t + 1;
      open.set(o.admits[i]!, k++);
    }
  }
  return { partition, start, end };
}

/** Units (e.g. training nodes) of each partition per state: all at the first state ('first') or evenly over every state holding it ('spread'). */
export function unitsPerState(
  o: BufferOrdering,
  unitsOfPartition: ArrayLike<number>,
  mode: 'first' | 'spread',
): Float64Array {
  const states = transitionsOf(o) + 1;
  const r = residencies(o);
  const statesHolding = new Float64Array(o.p);
  for (let i = 0; i < r.partition.length; i++) statesHolding[r.partition[i]!]! += r.end[i]! - r.start[i]!;
  const diff = new Float64Array(states + 1);
  const seen = new Uint8Array(o.p);
  for (let i = 0; i < r.partition.length; i++) {
    const q = r.partition[i]!;
    if (mode === 'first') {
      if (seen[q]) continue;
      seen[q] = 1;
      diff[r.start[i]!]! += unitsOfPartition[q]!;
      diff[r.start[i]! + 1]! -= unitsOfPartition[q]!;
    } else {
      const share = unitsOfPartition[q]! / statesHolding[q]!;
      diff[r.start[i]!]! += share;
      diff[r.end[i]!]! -= share;
    }
  }
  const out = new Float64Array(states);
  let run = 0;
  for (let k = 0; k < states; k++) out[k] = run += diff[k]!;
  return out;
}

/** Ordered buckets (i, j) newly co-resident at each state: the first-state (BETA) assignment. */
export function firstStateBuckets(o: BufferOrdering): Float64Array {
  const out = new Float64Array(transitionsOf(o) + 1);
  const p = o.p;
  const covered = new Uint32Array(Math.ceil((p * p) / 32));
  // Plain index loops and inlined bit tests: this runs ~10^8 times for p = 8192, c = 3584.
  forEachState(o, (k, members, admitted) => {
    let added = 0;
    const scan = k === 0 ? members : admitted;
    const c = members.length;
    for (let a = 0; a < scan.length; a++) {
      const q = scan[a]!;
      for (let m = 0; m < c; m++) {
        const r = members[m]!;
        const b1 = q * p + r;
        const w1 = covered[b1 >>> 5]!;
        const bit1 = 1 << (b1 & 31);
        if ((w1 & bit1) === 0) {
          covered[b1 >>> 5] = w1 | bit1;
          added++;
        }
        const b2 = r * p + q;
        const w2 = covered[b2 >>> 5]!;
        const bit2 = 1 << (b2 & 31);
        if ((w2 & bit2) === 0) {
          covered[b2 >>> 5] = w2 | bit2;
          added++;
        }
      }
    }
    out[k] = added;
  });
  return out;
}

/** Ordered pairs that become co-resident at each state (counted again if a pair returns). */
export function coResidentPairsAdded(o: BufferOrdering): Float64Array {
  const out = new Float64Array(transitionsOf(o) + 1);
  out[0] = o.c * o.c;
  for (let t = 0; t < transitionsOf(o); t++) {
    const a = o.offsets[t + 1]! - o.offsets[t]!;
    // Each admitted partition pairs with everything in the buffer, both directions; pairs among
    // the admitted themselves are counted once per direction.
    out[t + 1] = 2 * a * o.c - a * a;
  }
  return out;
}

/** Expected buckets per state when each bucket picks a random state holding both ends (COMET). */
export function randomStateBuckets(o: CometOrdering): Float64Array {
  const lo = o.logical;
  const l = lo.p;
  if (l > 2048)
    throw new OrderingError(
      `COMET with ${l} logical partitions: the random bucket assignment is limited to 2048 logical partitions`,
    );
  const together = new Uint32Array(l * l);
  const statesCount = transitionsOf(lo) + 1;
  const memberLists: Int32Array[] = [];
  forEachState(lo, (_, members) => {
    memberLists.push(members.slice());
    for (const a of members) for (const b of members) together[a * l + b]!++;
  });
  const perLogicalPair = o.ratio * o.ratio;
  const out = new Float64Array(statesCount);
  memberLists.forEach((members, k) => {
    let sum = 0;
    for (const a of members) for (const b of members) sum += perLogicalPair / together[a * l + b]!;
    out[k] = sum;
  });
  return out;
}
