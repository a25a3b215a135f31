// The multi-trainer sync bookkeeping (which rows of a batch are all-reduced now, later, or not at
// all, and which trainer owns a no_sync row) against the Oracle Cacher's pseudo-code run
// literally on the raw batches (Sets, the tracker's latest[], the L-batch window), and its totals
// against the fast replay's counts.
import { describe, expect, it } from 'vitest';
import { OracleCacher } from './oracleCacher';
import { prepareTrace } from './preparedTrace';
import { shardRange, syncPlan, syncTotals } from './syncPlan';
import { generatorSource } from './traceSources';

/** Literal: sync_now = U_b ∩ U_{b+1}; no_sync = used once in b with latest = b after the tracker saw b + L − 1. */
function literal(raw: number[][], E: number, P: number, L: number) {
  const B = raw.length;
  const T = raw[0]!.length / E;
  return raw.map((ids, b) => {
    const U = new Set(ids);
    const next = b + 1 < B ? new Set(raw[b + 1]) : new Set<number>();
    const latest = new Map<number, number>();
    for (let a = 0; a <= Math.min(b + L - 1, B - 1); a++) for (const x of raw[a]!) latest.set(x, a);
    const count = new Map<number, number>();
    for (const x of ids) count.set(x, (count.get(x) ?? 0) + 1);
    const now = [...U].filter((x) => next.has(x));
    const none = [...U].filter((x) => !next.has(x) && count.get(x) === 1 && latest.get(x) === b);
    const later = [...U].filter((x) => !next.has(x) && !none.includes(x));
    const ownerOf = (x: number) => {
      for (let p = 0; p < P; p++) {
        const [from, to] = shardRange(p, E, P);
        if (ids.slice(from * T, to * T).includes(x)) return p;
      }
      return -1;
    };
    const sorted = (a: number[]) => a.slice().sort((x, y) => x - y);
    return {
      now: sorted(now),
      later: sorted(later),
      none: sorted(none).map((x) => [x, ownerOf(x)]),
    };
  });
}

describe('Bagpipe sync plan (now / later / none) for P trainers', () => {
  for (const { E, P, L } of [
    { E: 12, P: 2, L: 2 },
    { E: 13, P: 3, L: 5 },
    { E: 7, P: 4, L: 13 },
    { E: 5, P: 1, L: 3 },
  ]) {
    it(`E = ${E}, P = ${P}, L = ${L}: equals the literal pseudo-code and the replay's counts`, () => {
      const src = generatorSource({
        name: 'g',
        tables: [3, 40, 300],
        exponent: 1.1,
        examplesPerBatch: E,
        numBatches: 40,
        seed: E + P,
      });
      const t = prepareTrace(src, P);
      const buf = new Int32Array(src.maxBatchIds);
      const dense: Int32Array[] = [];
      const raw: number[][] = [];
      for (let b = 0; b < t.numBatches; b++) {
        const n = src.fill(b, buf);
        const d = Int32Array.from(buf.subarray(0, n), (id) => t.denseOf(id));
        dense.push(d);
        raw.push(Array.from(d));
      }
      const plan = syncPlan(t, dense, E, P, L);
      const want = literal(raw, E, P, L);
      plan.forEach((s, b) => {
        expect(Array.from(s.now), `batch ${b} now`).toEqual(want[b]!.now);
        expect(Array.from(s.later), `batch ${b} later`).toEqual(want[b]!.later);
        expect(
          Array.from(s.none, (x, k) => [x, s.noneOwner[k]]),
          `batch ${b} none`,
        ).toEqual(want[b]!.none);
        // Each trainer's shard: its distinct rows, ascending; together they make the batch.
        const all = new Set(s.shards.flatMap((r) => Array.from(r)));
        expect(all.size).toBe(t.batchStart[b + 1]! - t.batchStart[b]!);
        for (const r of s.shards) expect(Array.from(r)).toEqual([...new Set(r)].sort((x, y) => x - y));
      });
      const tot = syncTotals(plan);
      const o = new OracleCacher(t, L, 0.25);
      o.advance(t.numBatches);
      const c = o.finish();
      expect([tot.now, tot.later, tot.none]).toEqual([c.allReducedNow, c.allReducedLater, c.noSyncRows]);
      expect(tot.now + tot.later + tot.none).toBe(t.rows.length);
      expect(tot.now * tot.later * tot.none, 'the trace exercises all three paths').toBeGreaterThan(0);
    });
  }
});
