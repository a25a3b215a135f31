// BETA and COMET orderings: swap counts against the closed form and the paper's numbers, and what
// each buffer state trains on.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import {
  betaLowerBound,
  betaOrdering,
  betaSwapFormula,
  cometOrdering,
  forEachState,
  OrderingError,
  sequentialOrdering,
  swapsOf,
  transitionsOf,
} from './orderings';
import { coResidentPairsAdded, firstStateBuckets, randomStateBuckets, unitsPerState } from './orderingAssign';

describe('BETA ordering', () => {
  it.each([
    [16, 4, 42, 38],
    [32, 8, 78, 67],
    [8, 2, 27, 27],
    [64, 16, 150, 127],
  ])('p=%i, c=%i: %i swaps (closed form and generated), lower bound %i', (p, c, swaps, bound) => {
    expect(betaSwapFormula(p, c)).toBe(swaps);
    expect(betaLowerBound(p, c)).toBe(bound);
    for (const seed of [1, 2, 3]) expect(swapsOf(betaOrdering(p, c, createRng(seed)))).toBe(swaps);
  });

  it('matches the closed form for every 2 ≤ c < p ≤ 40, covers every bucket, one swap per transition', () => {
    for (let p = 3; p <= 40; p++) {
      for (let c = 2; c < p; c++) {
        const o = betaOrdering(p, c, createRng(p * 100 + c));
        expect(swapsOf(o), `p=${p} c=${c}`).toBe(betaSwapFormula(p, c));
        expect(swapsOf(o)).toBeGreaterThanOrEqual(betaLowerBound(p, c));
        const perState = firstStateBuckets(o);
        expect(
          perState.reduce((a, b) => a + b, 0),
          `p=${p} c=${c} buckets`,
        ).toBe(p * p);
      }
    }
  });

  it('each state holds c distinct partitions; each swap replaces exactly one', () => {
    const o = betaOrdering(12, 5, createRng(9));
    forEachState(o, (_, members) => expect(new Set(members).size).toBe(5));
    expect(transitionsOf(o)).toBe(swapsOf(o));
  });

  it('clear errors for c < 2, c ≥ p and orderings too big to generate', () => {
    expect(() => betaOrdering(8, 1, createRng(1))).toThrow(/buffer capacity c = 1 is below 2/);
    expect(() => betaOrdering(8, 8, createRng(1))).toThrow(/c = 8 ≥ p = 8 partitions: everything fits in memory/);
    expect(() => betaOrdering(8, 9, createRng(1))).toThrow(OrderingError);
    expect(() => betaOrdering(8192, 2, createRng(1))).toThrow(
      /needs 33,5[\d,]+ swaps per epoch; the limit is 5,000,000/,
    );
  });

  // Speed is measured by cli/liveModelBench.ts, not asserted here; this pins correctness at p = 8192.
  it('p = 8192 orderings and their bucket assignment give the closed-form counts', () => {
    const o = betaOrdering(8192, 3584, createRng(1));
    expect(swapsOf(o)).toBe(betaSwapFormula(8192, 3584));
    const seq = sequentialOrdering(8192, 3584, 89, createRng(2));
    expect(seq.initial.length).toBe(3584);
    const comet = cometOrdering(8192, 4096, 512, createRng(3));
    randomStateBuckets(comet);
    unitsPerState(o, new Float64Array(8192).fill(1), 'spread');
    expect(firstStateBuckets(betaOrdering(4096, 1024, createRng(4))).reduce((a, b) => a + b, 0)).toBe(4096 * 4096);
  });
});

describe('COMET ordering', () => {
  it('Freebase86M config: p=1024, c=256, 128 per logical partition → 27 logical swaps of 128 partitions', () => {
    const o = cometOrdering(1024, 256, 128, createRng(4));
    expect(transitionsOf(o)).toBe(27);
    expect(swapsOf(o)).toBe(27 * 128);
    expect(new Set(o.groups).size).toBe(1024);
    const buckets = randomStateBuckets(o);
    expect(buckets.reduce((a, b) => a + b, 0)).toBeCloseTo(1024 * 1024, 6);
    forEachState(o, (_, m) => expect(new Set(m).size).toBe(256));
  });
  it('spreads training nodes over all states holding their partition; BETA puts them in the first', () => {
    const beta = betaOrdering(8, 3, createRng(5));
    const units = new Float64Array(8).fill(10);
    const first = unitsPerState(beta, units, 'first');
    const spread = unitsPerState(beta, units, 'spread');
    expect(first.reduce((a, b) => a + b, 0)).toBeCloseTo(80);
    expect(spread.reduce((a, b) => a + b, 0)).toBeCloseTo(80);
    expect(first[0]).toBe(30);
    expect(Math.max(...spread)).toBeLessThan(30);
    expect(coResidentPairsAdded(beta)[1]).toBe(2 * 3 - 1);
  });
  it('rejects groupings that do not divide p or c', () => {
    expect(() => cometOrdering(100, 20, 8, createRng(1))).toThrow(/p = 100 physical partitions is not a multiple of 8/);
    expect(() => cometOrdering(64, 16, 16, createRng(1))).toThrow(/capacity c = 1 is below 2/);
  });
});
