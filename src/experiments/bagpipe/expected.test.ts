// The closed forms the live model uses at paper scale, checked against the exact replay of
// generated traces at small scale: exact expectations within sampling noise, Che's LRU
// approximation within a few percent.
import { describe, expect, it } from 'vitest';
import { LookaheadOne, NoCache } from './baselines';
import { CRITEO_KAGGLE, scaledTables } from './datasets';
import { expectedCounts } from './expected';
import { LruCache } from './lru';
import { OracleCacher } from './oracleCacher';
import type { PolicyCounts, PolicyKey, SteppedPolicy } from './policyTypes';
import { calibrateExponent, rowGroups } from './powerLaw';
import { prepareTrace } from './preparedTrace';
import { generatorSource } from './traceSources';

const run = (p: SteppedPolicy, B: number): PolicyCounts => {
  p.advance(B);
  return p.finish();
};

describe('closed-form expectations against the exact replay', () => {
  const s = calibrateExponent(CRITEO_KAGGLE.tables, 0.01, 0.92)!;
  const tables = scaledTables(CRITEO_KAGGLE.tables, 256);
  const E = 64;
  const B = 300;
  const N = 4;
  const src = generatorSource({ name: 'c', tables, exponent: s, examplesPerBatch: E, numBatches: B, seed: 11 });
  const t = prepareTrace(src, N);
  const g = rowGroups(tables, s);

  for (const [L, C] of [
    [40, 20_000],
    [7, 8_000],
    [1, 5_000],
  ] as const) {
    it(`L = ${L}, C = ${C}: no cache, lookahead 1, Oracle Cacher and LRU`, () => {
      const e = expectedCounts(g, {
        examplesPerBatch: E,
        lookahead: L,
        cacheRows: C,
        trainers: N,
        faeThreshold: 1e-7,
        batches: B,
      });
      const want = (k: PolicyKey) => e.counts.find((c) => c.key === k)!;
      const near = (got: number, exp: number, tol: number, what: string) =>
        expect(Math.abs(got - exp) / Math.max(1, exp), `${what}: replay ${got}, closed form ${exp}`).toBeLessThan(tol);
      const none = run(new NoCache(t), B);
      near(none.misses, want('none').misses, 0.02, 'unique rows');
      near(none.fetchedRows, want('none').fetchedRows, 0.02, 'per-trainer rows');
      near(run(new LookaheadOne(t), B).fetchedRows, want('la1').fetchedRows, 0.02, 'lookahead-1 fetches');
      const o = run(new OracleCacher(t, L, 0.25), B);
      const eo = want('oracle');
      for (const f of ['hits', 'misses', 'allReducedNow', 'allReducedLater', 'noSyncRows', 'fetchedRows'] as const)
        near(o[f], eo[f], 0.03, `oracle ${f}`);
      // The peak is a maximum over cleanup steps, the closed form a mean: allow ~5 standard deviations.
      if (L % Math.max(1, Math.floor(L / 4)) === 0) {
        expect(o.peakRows).toBeGreaterThanOrEqual(eo.peakRows * 0.99);
        near(o.peakRows, eo.peakRows, 0.01 + 5 / Math.sqrt(eo.peakRows), 'oracle peak rows');
      }
      near(run(new LruCache(t, C), B).hits, want('lru').hits, 0.04, 'LRU hits (Che)');
    });
  }

  it('steady state per batch: more lookahead never lowers the Oracle hit rate', () => {
    let last = -1;
    for (const L of [1, 2, 10, 50, 200, 1000]) {
      const e = expectedCounts(g, {
        examplesPerBatch: E,
        lookahead: L,
        cacheRows: 1e9,
        trainers: N,
        faeThreshold: 1e-7,
        batches: Infinity,
      });
      const o = e.counts.find((c) => c.key === 'oracle')!;
      const rate = o.hits / (o.hits + o.misses);
      expect(rate).toBeGreaterThanOrEqual(last);
      last = rate;
    }
    expect(last).toBeGreaterThan(0.5);
  });
});
