// What each buffer state of an ordering trains on. Link prediction: edge buckets (i, j), one per
// ordered pair of partitions; BETA gives each bucket to the FIRST state holding both partitions,
// COMET to a RANDOM such state (the model uses the expectation, so it stays deterministic).
// Node classification: a partition's training nodes go to its first state (BETA) or are spread
// over the states holding it (COMET). Also: which pairs become co-resident at each state, i.e.
// the edge buckets a node-classification buffer must load to sample inside memory.
import { forEachState, transitionsOf, type BufferOrdering, type CometOrdering, OrderingError } from './orderings';

export interface Residencies {
  partition: Int32Array;
  start: Int32Array;
  end: Int32Array;
}

/** Residency intervals: partition q is in the buffer for states [start, end); initial ones first, then in admission order. */
export function residencies(o: BufferOrdering): Residencies {
  const n = o.c + o.admits.length;
  const partition = new Int32Array(n);
  const start = new Int32Array(n);
  const end = new Int32Array(n).fill(transitionsOf(o) + 1);
  const open = new Int32Array(o.p).fill(-1); // interval index of each resident partition
  let k = 0;
  for (let i = 0; i < o.initial.length; i++) {
    partition[k] = o.initial[i]!;
    open[o.initial[i]!] = k++;
  }
  for (let t = 0; t < transitionsOf(o); t++) {
    for (let i = o.offsets[t]!; i < o.offsets[t + 1]!; i++) {
      end[open[o.evicts[i]!]!] = t + 1;
      open[o.evicts[i]!] = -1;
      partition[k] = o.admits[i]!;
      start[k] = t + 1;
      open[o.admits[i]!] = k++;
    }
  }
  return { partition, start, end };
}

/** Units (e.g. training nodes) of each partition per state: all at the first state ('first') or evenly over every state holding it ('spread'). */
export function unitsPerState(
  o: BufferOrdering,
  unitsOfPartition: ArrayLike<number>,
  mode: 'first' | 'spread',
  r: Residencies = residencies(o),
): Float64Array {
  const states = transitionsOf(o) + 1;
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
  const c = o.c;
  // Bit q·p + r: partitions q and r have shared a state (set for both orders at once). Testing row q
  // of the partition being scanned keeps the hot reads in one p-bit row; a new pair adds both
  // ordered buckets (q, r) and (r, q), or one when q = r. Plain loops over the states (as
  // forEachState walks them, without a view per state): ~10^7 tests at p = 4096.
  const covered = new Uint32Array(Math.ceil((p * p) / 32));
  const members = o.initial.slice();
  const slotOf = new Int32Array(p).fill(-1);
  for (let i = 0; i < c; i++) slotOf[members[i]!] = i;
  const pairsNewWith = (q: number): number => {
    let added = 0;
    const row = q * p;
    for (let m = 0; m < c; m++) {
      const r = members[m]!;
      const b1 = row + r;
      const w1 = covered[b1 >>> 5]!;
      const bit1 = 1 << (b1 & 31);
      if ((w1 & bit1) !== 0) continue;
      covered[b1 >>> 5] = w1 | bit1;
      if (r === q) {
        added++;
        continue;
      }
      const b2 = r * p + q;
      covered[b2 >>> 5]! |= 1 << (b2 & 31);
      added += 2;
    }
    return added;
  };
  let first = 0;
  for (let a = 0; a < c; a++) first += pairsNewWith(members[a]!);
  out[0] = first;
  for (let t = 0; t < transitionsOf(o); t++) {
    const lo = o.offsets[t]!;
    const hi = o.offsets[t + 1]!;
    for (let i = lo; i < hi; i++) {
      const slot = slotOf[o.evicts[i]!]!;
      if (slot < 0) throw new Error(`ordering evicts partition ${o.evicts[i]} which is not in the buffer`);
      slotOf[o.evicts[i]!] = -1;
      members[slot] = o.admits[i]!;
      slotOf[o.admits[i]!] = slot;
    }
    let added = 0;
    for (let i = lo; i < hi; i++) added += pairsNewWith(o.admits[i]!);
    out[t + 1] = added;
  }
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

/**
 * Every stretch of states during which partitions a and b (a = b included) are both in the buffer,
 * as visit(a, b, first state, end state), each unordered pair once per stretch: the pairs of the
 * initial buffer, then per transition the pairs an admitted partition forms with the buffer after
 * it (with a partition admitted in the same transition only once). O(states · c), not O(states · c²).
 */
export function forEachCoResidence(
  o: BufferOrdering,
  r: Residencies,
  visit: (a: number, b: number, from: number, to: number) => void,
): void {
  const c = o.c;
  const slotInterval = new Int32Array(c); // interval index held in each buffer slot
  const slotOf = new Int32Array(o.p).fill(-1);
  for (let i = 0; i < c; i++) {
    slotInterval[i] = i;
    slotOf[o.initial[i]!] = i;
  }
  for (let i = 0; i < c; i++)
    for (let j = 0; j <= i; j++) visit(r.partition[i]!, r.partition[j]!, 0, Math.min(r.end[i]!, r.end[j]!));
  let next = c; // interval index of the next admission
  for (let t = 0; t < transitionsOf(o); t++) {
    const firstNew = next;
    for (let i = o.offsets[t]!; i < o.offsets[t + 1]!; i++) {
      const slot = slotOf[o.evicts[i]!]!;
      slotOf[o.evicts[i]!] = -1;
      slotOf[o.admits[i]!] = slot;
      slotInterval[slot] = next++;
    }
    for (let k = firstNew; k < next; k++) {
      const a = r.partition[k]!;
      const endA = r.end[k]!;
      for (let s = 0; s < c; s++) {
        const j = slotInterval[s]!;
        if (j > k) continue; // admitted later in this transition: that admission visits the pair
        visit(a, r.partition[j]!, t + 1, Math.min(endA, r.end[j]!));
      }
    }
  }
}

/** Most logical partitions the random (COMET) bucket assignment takes: its pair counts are l² words. */
export const RANDOM_ASSIGNMENT_MAX_LOGICAL = 2048;

/** Up to this many (state, pair) terms the COMET assignment is summed state by state (exact order, ~10 ms). */
const STATE_BY_STATE_MAX_TERMS = 1 << 22;

/**
 * Expected buckets per state when each bucket picks a random state holding both ends (COMET): a
 * logical pair (a, b) seen together in n states gives each of them ratio²/n physical buckets.
 * Small orderings sum every state's c² pairs; large ones (c² per state reaches 10^9 terms, i.e.
 * seconds) go by co-residence stretches, which give the same sums to rounding.
 */
export function randomStateBuckets(o: CometOrdering): Float64Array {
  const lo = o.logical;
  const l = lo.p;
  if (l > RANDOM_ASSIGNMENT_MAX_LOGICAL)
    throw new OrderingError(
      `COMET with ${l} logical partitions: the random bucket assignment is limited to ${RANDOM_ASSIGNMENT_MAX_LOGICAL} logical partitions`,
    );
  const terms = (transitionsOf(lo) + 1) * lo.c * lo.c;
  return terms <= STATE_BY_STATE_MAX_TERMS ? randomStateBucketsByState(o) : randomStateBucketsByStretch(o);
}

/** randomStateBuckets summed state by state: O(states · c²). */
export function randomStateBucketsByState(o: CometOrdering): Float64Array {
  const lo = o.logical;
  const l = lo.p;
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

/**
 * randomStateBuckets by co-residence stretches: each adds its share over its states through a
 * difference array, summed with compensation (Neumaier) to stay within rounding of the
 * state-by-state sum. O(states · c).
 */
export function randomStateBucketsByStretch(o: CometOrdering): Float64Array {
  const lo = o.logical;
  const l = lo.p;
  const r = residencies(lo);
  const statesCount = transitionsOf(lo) + 1;
  // States in which each unordered logical pair (index min·l + max) is together.
  const together = new Uint32Array(l * l);
  forEachCoResidence(lo, r, (a, b, from, to) => {
    together[a < b ? a * l + b : b * l + a]! += to - from;
  });
  const perLogicalPair = o.ratio * o.ratio;
  const diff = new Float64Array(statesCount + 1);
  forEachCoResidence(lo, r, (a, b, from, to) => {
    const share = perLogicalPair / together[a < b ? a * l + b : b * l + a]!;
    const both = a === b ? share : 2 * share; // buckets (a, b) and (b, a)
    diff[from]! += both;
    diff[to]! -= both;
  });
  const out = new Float64Array(statesCount);
  let sum = 0;
  let carry = 0;
  for (let k = 0; k < statesCount; k++) {
    const x = diff[k]!;
    const t = sum + x;
    carry += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
    out[k] = sum + carry;
  }
  return out;
}
