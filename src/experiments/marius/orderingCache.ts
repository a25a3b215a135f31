// The live model recomputes on every slider move, but the orderings and their per-state bucket
// counts depend only on the ordering parameters (partitions, capacity, ratio; the seed is fixed):
// a move of any other slider (disk, compute speed, epochs, workload sizes) reuses them. Holds the
// most recently used ones within a memory budget; callers never mutate what they get back.
import type { BufferOrdering } from './orderings';

interface Entry {
  ordering: BufferOrdering;
  /** Per-state arrays derived from the ordering alone (e.g. bucket counts), by name. */
  derived: Map<string, Float64Array>;
  bytes: number;
}

/** Enough for two of the largest orderings the model accepts with their bucket counts. */
const BUDGET_BYTES = 256e6;
/**
 * The newest entries are kept whatever their size: one model call uses five (the current BETA and
 * COMET orderings and the three OSDI'21 calibration points, which are small).
 */
const ALWAYS_KEPT = 5;

const entries = new Map<string, Entry>();
let totalBytes = 0;

const orderingBytes = (o: BufferOrdering): number =>
  o.initial.byteLength + o.offsets.byteLength + o.admits.byteLength + o.evicts.byteLength;

function evictOverBudget(): void {
  for (const [key, e] of entries) {
    if (totalBytes <= BUDGET_BYTES || entries.size <= ALWAYS_KEPT) return;
    entries.delete(key);
    totalBytes -= e.bytes;
  }
}

/** The ordering stored under key (its parameters), made by make() on a miss. */
export function cachedOrdering<O extends BufferOrdering>(key: string, make: () => O): O {
  const hit = entries.get(key);
  if (hit) {
    entries.delete(key); // re-insert: Map order is least recently used first
    entries.set(key, hit);
    return hit.ordering as O;
  }
  const ordering = make();
  const bytes = orderingBytes(ordering);
  entries.set(key, { ordering, derived: new Map(), bytes });
  totalBytes += bytes;
  evictOverBudget();
  return ordering;
}

/** An array derived from an ordering got from cachedOrdering (compute() on a miss or if it was evicted). */
export function cachedDerived(key: string, name: string, compute: () => Float64Array): Float64Array {
  const entry = entries.get(key);
  const hit = entry?.derived.get(name);
  if (hit) return hit;
  const value = compute();
  if (entry) {
    entry.derived.set(name, value);
    entry.bytes += value.byteLength;
    totalBytes += value.byteLength;
    evictOverBudget();
  }
  return value;
}

/** Empties the cache (tests compare cached and freshly computed results). */
export function clearOrderingCache(): void {
  entries.clear();
  totalBytes = 0;
}
