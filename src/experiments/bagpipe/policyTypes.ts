// What every cache policy reports after replaying a trace, with one meaning per field, so the
// policies table, the analytic expectations and the cluster model all speak the same units.
//
// Semantics shared by all policies (the issue's, so results are reproducible):
//  - a batch's accesses are its set of unique row ids;
//  - a hit is a row already cached when its batch starts; a miss must come from the embedding
//    server (on demand, or prefetched ahead of time by Bagpipe);
//  - the cluster has N data-parallel trainers, each holding a replica of the cache. Transfers are
//    counted over all trainers (a row sent to 8 trainers counts 8); a row in an all-reduce counts once.

export type PolicyKey = 'none' | 'la1' | 'lru' | 'fae' | 'oracle' | 'belady';

export interface PolicyCounts {
  key: PolicyKey;
  label: string;
  batches: number;
  /** Unique-per-batch accesses that found the row cached. */
  hits: number;
  /** Unique-per-batch accesses whose row had to come from the server. */
  misses: number;
  /** Row transfers server → trainers, all trainers together (on demand + prefetched + refreshes). */
  fetchedRows: number;
  /** Of fetchedRows, those sent ahead of their batch, off the critical path. */
  prefetchedRows: number;
  /** Row transfers trainers → server (gradients or evicted rows). */
  writtenBackRows: number;
  /** Rows in blocking all-reduces among the trainers (on the critical path). */
  allReducedNow: number;
  /** Rows in asynchronous all-reduces awaited one iteration later (Bagpipe's sync_later). */
  allReducedLater: number;
  /** Rows in no all-reduce at all: used once, by one trainer, not again in the window (no_sync). */
  noSyncRows: number;
  /** Most rows one trainer's cache held at once. */
  peakRows: number;
}

export const hitRate = (c: PolicyCounts): number => (c.hits + c.misses > 0 ? c.hits / (c.hits + c.misses) : 0);

export function emptyCounts(key: PolicyKey, label: string): PolicyCounts {
  return {
    key,
    label,
    batches: 0,
    hits: 0,
    misses: 0,
    fetchedRows: 0,
    prefetchedRows: 0,
    writtenBackRows: 0,
    allReducedNow: 0,
    allReducedLater: 0,
    noSyncRows: 0,
    peakRows: 0,
  };
}

export const POLICY_LABELS: Record<PolicyKey, string> = {
  none: 'No cache, parameter-server style (pull own shard, push gradients)',
  la1: "Lookahead 1: the artifact's no-cache baseline (fetch, train, all-reduce, write back)",
  lru: 'LRU cache',
  fae: 'FAE (hot rows replicated)',
  oracle: "Bagpipe's Oracle Cacher",
  belady: "Belady's MIN (hit-rate bound)",
};

/**
 * A policy that replays a trace in steps, so a long replay can yield to the UI and be cancelled
 * between steps. `advance(until)` processes batches up to (not including) `until`.
 */
export interface SteppedPolicy {
  readonly key: PolicyKey;
  readonly next: number;
  advance(until: number): void;
  /** Final counts; call once every batch is processed. */
  finish(): PolicyCounts;
}
