// The live model recomputes on every slider move, but the orderings and their per-state bucket
// counts depend only on the ordering parameters (partitions, capacity, ratio; the seed is fixed):
// a move of any other slider (disk, compute speed, epochs, workload sizes) reuses them. Holds the
// most recently used ones within a memory budget; callers never mutate what they get back.
import type { BufferOrdering, CometOrdering } from './orderings';

interface Entry {
  ordering: BufferOrdering;
  /** Per-state arrays derived from the ordering alone (e.g. bucket counts), by name. */
  derived: Map<string, Float64Array>;
  bytes: number;
}

/**
 * Enough for two of the largest orderings the model accepts with their bucket counts (BETA at the
 * 5M-swap limit ≈ 100 MB; COMET at 2048 logical partitions ≈ 117 MB). Besides this budget, model.ts holds three per-state scratch arrays
 * sized for the largest ordering of a recent call: up to ≈ 180 MB at 5M states.
 */
export const ORDERING_CACHE_BUDGET_BYTES = 256e6;
/**
 * Kept whatever their size: the two most recently used entries, i.e. what the current model call
 * needs (its BETA and COMET orderings; the OSDI'21 calibration orderings are tiny and made afresh,
 * outside the cache). So the cache holds at most the budget, or those two entries if they alone
 * exceed it.
 */
const ALWAYS_KEPT = 2;

const arraysBytes = (o: BufferOrdering): number =>
  o.initial.byteLength + o.offsets.byteLength + o.admits.byteLength + o.evicts.byteLength;
/** A COMET ordering also holds its logical ordering and group map. */
const orderingBytes = (o: BufferOrdering | CometOrdering): number =>
  arraysBytes(o) + ('logical' in o ? arraysBytes(o.logical) + o.groups.byteLength : 0);

/** A least-recently-used cache of orderings within `budgetBytes`. */
export class OrderingCache {
  private readonly entries = new Map<string, Entry>(); // Map order: least recently used first
  private total = 0;

  constructor(readonly budgetBytes: number) {}

  /** The ordering stored under key (its parameters), made by make() on a miss. */
  ordering<O extends BufferOrdering>(key: string, make: () => O): O {
    const hit = this.touch(key);
    if (hit) return hit.ordering as O;
    const ordering = make();
    const bytes = orderingBytes(ordering);
    this.entries.set(key, { ordering, derived: new Map(), bytes });
    this.total += bytes;
    this.evictOverBudget();
    return ordering;
  }

  /** An array derived from the ordering under key (compute() on a miss, or if it was evicted). */
  derived(key: string, name: string, compute: () => Float64Array): Float64Array {
    const entry = this.touch(key);
    const hit = entry?.derived.get(name);
    if (hit) return hit;
    const value = compute();
    if (entry) {
      entry.derived.set(name, value);
      entry.bytes += value.byteLength;
      this.total += value.byteLength;
      this.evictOverBudget();
    }
    return value;
  }

  /** Keys held, least recently used first, and their bytes (for tests). */
  get keys(): string[] {
    return [...this.entries.keys()];
  }
  get bytes(): number {
    return this.total;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  /** The entry under key, made the most recently used. */
  private touch(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e) {
      this.entries.delete(key);
      this.entries.set(key, e);
    }
    return e;
  }

  private evictOverBudget(): void {
    for (const [key, e] of this.entries) {
      if (this.total <= this.budgetBytes || this.entries.size <= ALWAYS_KEPT) return;
      this.entries.delete(key);
      this.total -= e.bytes;
    }
  }
}

/** The live model's cache. */
export const orderingCache = new OrderingCache(ORDERING_CACHE_BUDGET_BYTES);

export const cachedOrdering = <O extends BufferOrdering>(key: string, make: () => O): O =>
  orderingCache.ordering(key, make);

export const cachedDerived = (key: string, name: string, compute: () => Float64Array): Float64Array =>
  orderingCache.derived(key, name, compute);

/** Empties the cache (tests compare cached and freshly computed results). */
export function clearOrderingCache(): void {
  orderingCache.clear();
}
