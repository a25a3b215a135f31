// The fast typed-array policies against the slow reference versions (referencePolicies.ts) on many
// small random traces, plus hand-checked cases for each rule the issue fixes (tie order, the
// current batch never evicted, sync_now / sync_later / no_sync) and the bound Belady must respect.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { LookaheadOne, NoCache } from './baselines';
import { BeladyMin } from './belady';
import { LruCache } from './lru';
import { OracleCacher } from './oracleCacher';
import type { PolicyCounts, SteppedPolicy } from './policyTypes';
import { prepareTrace, type PreparedTrace } from './preparedTrace';
import { refBelady, refLru, refNoCache, refOracle, type RefCounts } from './referencePolicies';
import { fileSource } from './traceSources';

export function traceOf(batches: number[][], trainers = 1): PreparedTrace {
  const ids = Int32Array.from(batches.flat());
  const batchStart = new Int32Array(batches.length + 1);
  batches.forEach((b, i) => (batchStart[i + 1] = batchStart[i]! + b.length));
  return prepareTrace(fileSource({ name: 'test', ids, batchStart }), trainers);
}

function run(p: SteppedPolicy, t: PreparedTrace, step = 3): PolicyCounts {
  for (let b = 0; b < t.numBatches; b += step) p.advance(b + step);
  return p.finish();
}

function randomBatches(seed: number, B: number, maxLen: number, space: number, skew: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: B }, () =>
    Array.from({ length: 1 + rng.int(maxLen) }, () => Math.floor(space * rng.nextFloat() ** skew) * 7 + 3),
  );
}

const pick = (c: PolicyCounts): RefCounts => ({
  hits: c.hits,
  misses: c.misses,
  fetchedRows: c.fetchedRows,
  writtenBackRows: c.writtenBackRows,
  allReducedNow: c.allReducedNow,
  allReducedLater: c.allReducedLater,
  noSyncRows: c.noSyncRows,
  peakRows: c.peakRows,
});

describe('cache policies: fast replays equal the reference on random traces', () => {
  const cases = [
    { seed: 1, B: 40, maxLen: 6, space: 30, skew: 2 },
    { seed: 2, B: 60, maxLen: 12, space: 80, skew: 3 },
    { seed: 3, B: 25, maxLen: 4, space: 10, skew: 1 },
    { seed: 4, B: 90, maxLen: 20, space: 400, skew: 4 },
  ];
  for (const k of cases) {
    const batches = randomBatches(k.seed, k.B, k.maxLen, k.space, k.skew);
    for (const trainers of [1, 3]) {
      const t = traceOf(batches, trainers);
      it(`seed ${k.seed}, ${trainers} trainer(s): no cache`, () => {
        const ref = refNoCache(batches, trainers);
        const got = pick(run(new NoCache(t), t));
        expect(got).toEqual({ ...ref });
      });
      for (const C of [t.maxUnique, t.maxUnique + 3, 2 * t.maxUnique + 5]) {
        it(`seed ${k.seed}, ${trainers} trainer(s), C = ${C}: LRU and Belady`, () => {
          expect(pick(run(new LruCache(t, C), t))).toEqual(refLru(batches, C, trainers));
          expect(pick(run(new BeladyMin(t, C), t, 7))).toEqual(refBelady(batches, C, trainers));
        });
      }
      for (const L of [2, 3, 5, 8, 13, 20]) {
        it(`seed ${k.seed}, ${trainers} trainer(s), L = ${L}: Oracle Cacher`, () => {
          const got = pick(run(new OracleCacher(t, L, 0.25), t, 5));
          expect(got).toEqual(refOracle(batches, L, 0.25, trainers));
        });
      }
    }
  }
});

describe('cache policies: the rules, by hand', () => {
  it('a batch is its set of unique ids; lookahead 1 fetches and writes back all of them every batch', () => {
    const t = traceOf(
      [
        [5, 5, 6],
        [6, 7],
      ],
      2,
    );
    const c = run(new LookaheadOne(t), t);
    expect([c.hits, c.misses, c.fetchedRows, c.writtenBackRows, c.allReducedNow]).toEqual([0, 4, 8, 4, 4]);
  });

  it('LRU evicts the oldest last use, lower id first, never the current batch', () => {
    // C = 3. Batch 2 [4] must evict one of 1, 2 (both last used in batch 0): the lower id, 1.
    // Batch 3 [1, 2] then hits 2 and misses 1.
    const t = traceOf([[2, 1], [3], [4], [1, 2]]);
    const c = run(new LruCache(t, 3), t);
    expect([c.hits, c.misses]).toEqual([1, 5]);
  });

  it('Belady evicts the farthest next use and treats "never again" as farthest', () => {
    // C = 2. Batch 1 [3]: 1 is used next in batch 3, 2 never again → evict 2. Batch 2 [4]: 1 (batch 3)
    // and 3 (never) → evict 3. Batch 3 [1] hits. (Ties cannot change Belady's counts: tied rows are
    // next used in the same batch, so the lower-id rule only fixes which of them is evicted.)
    const t = traceOf([[1, 2], [3], [4], [1]]);
    const c = run(new BeladyMin(t, 2), t);
    expect([c.hits, c.misses]).toEqual([1, 4]);
  });

  it('no policy evicts the batch it is running: C equal to a batch forces the older rows out', () => {
    const t = traceOf([
      [1, 2],
      [3, 4],
      [1, 2],
    ]);
    for (const p of [new LruCache(t, 2), new BeladyMin(t, 2)]) {
      const c = run(p, t);
      expect([c.hits, c.misses, c.peakRows]).toEqual([0, 6, 2]);
    }
  });

  it('Oracle Cacher: a row is kept while its next use is within L − 1 batches', () => {
    // L = 3: id 9 used in batches 0, 2 (gap 2 ≤ L − 1: hit), then 5 (gap 3 > L − 1: prefetched again).
    const t = traceOf([[9], [1], [9], [2], [3], [9]]);
    const c = run(new OracleCacher(t, 3, 0.25), t);
    expect([c.hits, c.misses]).toEqual([1, 5]);
  });

  it('Oracle Cacher: sync_now = rows also in the next batch; no_sync = used once, not again in the window', () => {
    // Batch 0 = [1, 1, 2, 3], batch 1 = [2], L = 4. Row 2: in batch 1 → sync_now. Row 1: used twice
    // in batch 0, not again → sync_later. Row 3: once, not again → no_sync. Batch 1: row 2 once, last → no_sync.
    const t = traceOf([[1, 1, 2, 3], [2]], 2);
    const c = run(new OracleCacher(t, 4, 0.25), t);
    expect([c.allReducedNow, c.allReducedLater, c.noSyncRows]).toEqual([1, 1, 2]);
    // Fetches: batch 0 prefetches 1, 2, 3 (3 is no_sync: only its owner fetches it) → 2·2 + 1 = 5.
    expect(c.fetchedRows).toBe(5);
  });

  it('Belady bounds the hits of LRU and of the Oracle Cacher whenever the Oracle fits in C', () => {
    for (let seed = 10; seed < 16; seed++) {
      const batches = randomBatches(seed, 80, 10, 60, 2.5);
      const t = traceOf(batches);
      for (const L of [2, 4, 10, 30]) {
        const oracle = run(new OracleCacher(t, L, 0.25), t);
        const C = Math.max(oracle.peakRows, t.maxUnique);
        const belady = run(new BeladyMin(t, C), t);
        expect(belady.hits).toBeGreaterThanOrEqual(oracle.hits);
        expect(belady.hits).toBeGreaterThanOrEqual(run(new LruCache(t, C), t).hits);
      }
    }
  });
});
