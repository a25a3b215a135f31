// Partition-buffer orderings of Marius / MariusGNN (Mohoney et al. OSDI'21; Waleffe et al.
// EuroSys'23), re-implemented from the description in the workbench notes (§5):
//  * BETA: keep c−1 partitions fixed, cycle every on-disk partition through the last slot, then
//    retire the fixed set (replace it by c−1 on-disk partitions, one swap each) and repeat.
//    Swaps per epoch: (p−c) + (x+1)[(p−c) − x(c−1)/2], x = ⌊(p−c)/(c−1)⌋.
//  * COMET: physical partitions grouped into l = p/ratio logical partitions by a random map; BETA
//    over the logical ones; each logical swap moves `ratio` physical partitions.
//  * SEQUENTIAL (node classification): one buffer state per epoch, all training partitions plus
//    random others.
// An ordering is its initial buffer plus transitions; transition t turns state t into state t+1 by
// replacing evicts[t] with admits[t] (several partitions at once for COMET).
import type { Rng } from '../../data/pcg32';

export class OrderingError extends Error {
  override name = 'OrderingError';
}

export interface BufferOrdering {
  kind: 'beta' | 'comet' | 'sequential';
  p: number;
  c: number;
  initial: Int32Array;
  /** CSR over transitions: transition t admits admits[offsets[t]..offsets[t+1]) and evicts as many. */
  offsets: Int32Array;
  admits: Int32Array;
  evicts: Int32Array;
}

export const transitionsOf = (o: BufferOrdering): number => o.offsets.length - 1;
/** Partition swaps (one admitted + one evicted partition each) per epoch, initial load excluded. */
export const swapsOf = (o: BufferOrdering): number => o.admits.length;

/** Closed-form BETA swap count per epoch. */
export function betaSwapFormula(p: number, c: number): number {
  const x = Math.floor((p - c) / (c - 1));
  return p - c + (x + 1) * (p - c - (x * (c - 1)) / 2);
}

/** Each swap brings at most c−1 new pairs into memory: ⌈(p(p−1)/2 − c(c−1)/2)/(c−1)⌉. */
export function betaLowerBound(p: number, c: number): number {
  return Math.ceil(((p * (p - 1)) / 2 - (c * (c - 1)) / 2) / (c - 1));
}

/** Largest ordering generated (swaps); beyond it the ordering would take seconds and hundreds of MB. */
export const MAX_SWAPS = 5_000_000;

export function validateBeta(p: number, c: number, what = 'BETA'): void {
  if (!Number.isInteger(p) || p < 2) throw new OrderingError(`${what}: p = ${p} partitions; need an integer p ≥ 3`);
  if (!Number.isInteger(c) || c < 2)
    throw new OrderingError(
      `${what}: buffer capacity c = ${c} is below 2; BETA keeps c−1 ≥ 1 partitions fixed while cycling the rest through one slot`,
    );
  if (c >= p)
    throw new OrderingError(
      `${what}: buffer capacity c = ${c} ≥ p = ${p} partitions: everything fits in memory, there is nothing to order (train in memory instead)`,
    );
  const swaps = betaSwapFormula(p, c);
  if (swaps > MAX_SWAPS)
    throw new OrderingError(
      `${what}: p = ${p}, c = ${c} needs ${swaps.toLocaleString('en-US')} swaps per epoch; the limit is ${MAX_SWAPS.toLocaleString('en-US')} (raise c or lower p)`,
    );
}

/** 0, step, 2·step, …: a plain loop (Int32Array.from with a map callback is slow at millions of entries). */
function iota(length: number, step: number): Int32Array {
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = i * step;
  return out;
}

function shuffleInPlace(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** BETA ordering over partitions 0..p−1 (seeded random permutations, as in the reference code). */
export function betaOrdering(p: number, c: number, rng: Rng): BufferOrdering {
  validateBeta(p, c);
  const all = iota(p, 1);
  shuffleInPlace(all, rng);
  const buffer = all.slice(0, c);
  let disk = all.slice(c);
  const initial = buffer.slice();
  const total = betaSwapFormula(p, c);
  const admits = new Int32Array(total);
  const evicts = new Int32Array(total);
  let s = 0;
  const swap = (slot: number, incoming: number): number => {
    const out = buffer[slot]!;
    admits[s] = incoming;
    evicts[s++] = out;
    buffer[slot] = incoming;
    return out;
  };
  while (disk.length > 0) {
    shuffleInPlace(buffer, rng);
    shuffleInPlace(disk, rng);
    // Cycle: every on-disk partition visits the last slot; the one it displaces goes to disk.
    for (let i = 0; i < disk.length; i++) disk[i] = swap(c - 1, disk[i]!);
    shuffleInPlace(disk, rng);
    // Retire the fixed set: its pairs with everything are done.
    const replaced = Math.min(c - 1, disk.length);
    for (let i = 0; i < replaced; i++) swap(i, disk[i]!);
    disk = disk.slice(replaced);
  }
  if (s !== total) throw new Error(`BETA generated ${s} swaps, formula says ${total}`);
  return { kind: 'beta', p, c, initial, offsets: iota(total + 1, 1), admits, evicts };
}

export function validateComet(p: number, c: number, ratio: number): void {
  if (!Number.isInteger(ratio) || ratio < 1)
    throw new OrderingError(`COMET: partitions per logical partition = ${ratio} must be a positive integer`);
  if (p % ratio !== 0)
    throw new OrderingError(`COMET: p = ${p} physical partitions is not a multiple of ${ratio} per logical partition`);
  if (c % ratio !== 0)
    throw new OrderingError(`COMET: buffer capacity c = ${c} is not a multiple of ${ratio} per logical partition`);
  validateBeta(p / ratio, c / ratio, `COMET (logical level: ${p / ratio} logical partitions, capacity ${c / ratio})`);
}

/** COMET: BETA over l = p/ratio logical partitions, each a random group of `ratio` physical ones. */
export interface CometOrdering extends BufferOrdering {
  groups: Int32Array;
  ratio: number;
  logical: BufferOrdering;
}

export function cometOrdering(p: number, c: number, ratio: number, rng: Rng): CometOrdering {
  validateComet(p, c, ratio);
  const logical = betaOrdering(p / ratio, c / ratio, rng);
  const groups = iota(p, 1); // groups[g·ratio + k] = k-th member of group g
  shuffleInPlace(groups, rng);
  const expand = (ids: Int32Array) => {
    const out = new Int32Array(ids.length * ratio);
    for (let i = 0; i < ids.length; i++) {
      const from = ids[i]! * ratio;
      for (let k = 0; k < ratio; k++) out[i * ratio + k] = groups[from + k]!;
    }
    return out;
  };
  return {
    kind: 'comet',
    p,
    c,
    groups,
    ratio,
    logical,
    initial: expand(logical.initial),
    offsets: iota(logical.offsets.length, ratio),
    admits: expand(logical.admits),
    evicts: expand(logical.evicts),
  };
}

/** SEQUENTIAL node-classification ordering: the t training partitions plus c−t random others. */
export function sequentialOrdering(p: number, c: number, trainPartitions: number, rng: Rng): BufferOrdering {
  if (!(trainPartitions >= 1 && trainPartitions <= c)) {
    throw new OrderingError(
      `SEQUENTIAL: the ${trainPartitions} partitions holding training nodes must fit the buffer capacity c = ${c}`,
    );
  }
  if (c > p) throw new OrderingError(`SEQUENTIAL: buffer capacity c = ${c} exceeds p = ${p} partitions`);
  const others = Int32Array.from({ length: p - trainPartitions }, (_, i) => trainPartitions + i);
  shuffleInPlace(others, rng);
  const initial = new Int32Array(c);
  for (let i = 0; i < trainPartitions; i++) initial[i] = i;
  initial.set(others.subarray(0, c - trainPartitions), trainPartitions);
  return {
    kind: 'sequential',
    p,
    c,
    initial,
    offsets: Int32Array.of(0),
    admits: new Int32Array(0),
    evicts: new Int32Array(0),
  };
}

/** Walks the buffer states in order: visit(state index, members, admitted in this state). */
export function forEachState(
  o: BufferOrdering,
  visit: (k: number, members: Int32Array, admitted: Int32Array) => void,
): void {
  const members = o.initial.slice();
  const slotOf = new Int32Array(o.p).fill(-1);
  members.forEach((q, i) => {
    slotOf[q] = i;
  });
  visit(0, members, o.initial);
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
    visit(t + 1, members, o.admits.subarray(lo, hi));
  }
}
