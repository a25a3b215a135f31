// The two baselines of the Bagpipe artifact, replayed on a prepared trace.
//  - No cache (distributed_trainer_emb_bag_no_cache_no_prefetch.py): every trainer fetches the
//    unique rows of its own shard of the batch from the embedding server and pushes their
//    gradients back; the server applies them. No all-reduce of embeddings.
//  - Lookahead 1 (Bagpipe with lookahead_value = 1, BagCache.use_cache = False): every trainer
//    fetches all of the batch's unique rows (fetch_elements), trains, all-reduces their gradients,
//    and one trainer writes them all back (delete_cache_elements) — every iteration.
import type { PreparedTrace } from './preparedTrace';
import { emptyCounts, POLICY_LABELS, type PolicyCounts, type SteppedPolicy } from './policyTypes';

export class NoCache implements SteppedPolicy {
  readonly key = 'none';
  next = 0;
  private c: PolicyCounts = emptyCounts('none', POLICY_LABELS.none);
  constructor(private readonly t: PreparedTrace) {}
  advance(until: number): void {
    const { batchStart, shardUnique } = this.t;
    const c = this.c;
    for (; this.next < Math.min(until, this.t.numBatches); this.next++) {
      const b = this.next;
      c.misses += batchStart[b + 1] - batchStart[b];
      c.fetchedRows += shardUnique[b];
      c.writtenBackRows += shardUnique[b];
    }
  }
  finish(): PolicyCounts {
    return { ...this.c, batches: this.next };
  }
}

export class LookaheadOne implements SteppedPolicy {
  readonly key = 'la1';
  next = 0;
  private c: PolicyCounts = emptyCounts('la1', POLICY_LABELS.la1);
  constructor(private readonly t: PreparedTrace) {}
  advance(until: number): void {
    const { batchStart, trainers } = this.t;
    const c = this.c;
    for (; this.next < Math.min(until, this.t.numBatches); this.next++) {
      const b = this.next;
      const u = batchStart[b + 1] - batchStart[b];
      c.misses += u;
      c.fetchedRows += trainers * u;
      c.writtenBackRows += u;
      c.allReducedNow += u;
      if (u > c.peakRows) c.peakRows = u;
    }
  }
  finish(): PolicyCounts {
    return { ...this.c, batches: this.next };
  }
}
