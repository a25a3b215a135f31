// The live model's fast paths give what the straightforward computations give: the bucket
// assignments against state-by-state references written here, and the memoised orderings against
// a model run with an empty cache, on several parameter sets and after moves of other sliders.
// (Speed itself is measured by cli/liveModelBench.ts, never asserted here.)
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { modelExperiment } from '../runner';
import { UserInputError, type ParamValues } from '../types';
import { marius } from './index';
import { betaOrdering, cometOrdering, forEachState, transitionsOf, type BufferOrdering } from './orderings';
import {
  firstStateBuckets,
  randomStateBuckets,
  randomStateBucketsByState,
  randomStateBucketsByStretch,
  residencies,
} from './orderingAssign';
import { clearOrderingCache } from './orderingCache';
import { groupThousands } from './paperClaims';

/** First-state assignment by definition: each ordered pair counted at the first state holding both. */
function firstStateReference(o: BufferOrdering): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  forEachState(o, (_, members) => {
    let added = 0;
    for (const a of members)
      for (const b of members)
        if (!seen.has(a * o.p + b)) {
          seen.add(a * o.p + b);
          added++;
        }
    out.push(added);
  });
  return out;
}

/** Residency intervals by walking the states: [first state, state after the last) per stay. */
function residencyReference(o: BufferOrdering): string[] {
  const open = new Map<number, number>();
  const out: string[] = [];
  forEachState(o, (k, members) => {
    const now = new Set(members);
    for (const [q, from] of open)
      if (!now.has(q)) {
        out.push(`${q}:${from}-${k}`);
        open.delete(q);
      }
    for (const q of members) if (!open.has(q)) open.set(q, k);
  });
  for (const [q, from] of open) out.push(`${q}:${from}-${transitionsOf(o) + 1}`);
  return out.sort();
}

describe('Marius++ bucket assignments', () => {
  const orderings: [string, BufferOrdering][] = [
    ['BETA 16/4', betaOrdering(16, 4, createRng(1))],
    ['BETA 37/5', betaOrdering(37, 5, createRng(2))],
    ['BETA 64/63', betaOrdering(64, 63, createRng(3))],
    ['BETA 3/2', betaOrdering(3, 2, createRng(4))],
    ['COMET 60/12 by 3 (several partitions per transition)', cometOrdering(60, 12, 3, createRng(5))],
    ['COMET 128/32 by 4', cometOrdering(128, 32, 4, createRng(6))],
  ];
  it.each(orderings)('%s: first-state buckets and residencies as walking the states gives them', (_, o) => {
    expect([...firstStateBuckets(o)]).toEqual(firstStateReference(o));
    const r = residencies(o);
    const got = Array.from(r.partition, (q, i) => `${q}:${r.start[i]}-${r.end[i]}`).sort();
    expect(got).toEqual(residencyReference(o));
  });

  it.each([
    [60, 12, 3],
    [128, 32, 4],
    [1024, 256, 128],
    [210, 42, 7],
    [512, 256, 2],
  ])('COMET p=%i c=%i by %i: stretch sums equal state-by-state sums to rounding', (p, c, ratio) => {
    const o = cometOrdering(p, c, ratio, createRng(p + c));
    const byState = randomStateBucketsByState(o);
    const byStretch = randomStateBucketsByStretch(o);
    expect(byStretch.length).toBe(byState.length);
    for (let k = 0; k < byState.length; k++)
      expect(Math.abs(byStretch[k]! - byState[k]!), `state ${k}`).toBeLessThanOrEqual(1e-12 * byState[k]!);
  });

  it('small COMET orderings keep the state-by-state sum exactly (the presets are unchanged)', () => {
    const o = cometOrdering(1024, 256, 128, createRng(9));
    expect([...randomStateBuckets(o)]).toEqual([...randomStateBucketsByState(o)]);
  });
});

describe('Marius++ memoised orderings', () => {
  const fb = marius.presets.find((p) => p.id === 'freebase86m')!.values;
  const papers = marius.presets.find((p) => p.id === 'papers100m')!.values;
  const cases: [string, ParamValues][] = [
    ['Freebase86m preset', fb],
    [
      'Freebase86m, p=300 c=37, hard disk, no prefetch',
      { ...fb, partitions: 300, capacity: 37, disk: 'hdd', prefetch: false },
    ],
    ['Freebase86m, p=5000 c=2500 (approximate buckets)', { ...fb, partitions: 5000, capacity: 2500 }],
    [
      'Freebase86m, COMET 512/256 by 4 (stretch sums)',
      { ...fb, cometPartitions: 512, cometCapacity: 256, cometRatio: 4 },
    ],
    ['papers100M preset', papers],
    ['node classification, p=500 c=100', { ...papers, partitions: 500, capacity: 100, trainFraction: 0.05 }],
  ];
  const fresh = (p: ParamValues) => {
    clearOrderingCache();
    return modelExperiment(marius, p);
  };

  it.each(cases)('%s: the same result from the cache as computed afresh', (_, p) => {
    const cold = fresh(p);
    expect(modelExperiment(marius, p)).toEqual(cold);
  });

  it.each(cases)('%s: moves of other sliders reuse the orderings and give what a fresh model gives', (_, p) => {
    const moves: ParamValues[] = [
      { disk: 'nvme' },
      { edgesPerSecond: 1e6, seedsPerSecond: 2e4 },
      { asyncWriteback: false },
      { epochs: 3 },
      { numEdges: 1e9, bytesPerEdge: 16 },
    ];
    for (const move of moves) {
      fresh(p); // the orderings of p are cached now
      const moved = { ...p, ...move };
      const reused = modelExperiment(marius, moved);
      expect(reused, JSON.stringify(move)).toEqual(fresh(moved));
    }
  });

  it('a bad COMET configuration is a clear input error, not a crash, from the cache too', () => {
    const bad = { ...fb, cometPartitions: 8192, cometCapacity: 4096, cometRatio: 1 };
    for (let i = 0; i < 2; i++) {
      expect(() => modelExperiment(marius, bad)).toThrow(UserInputError);
      expect(() => modelExperiment(marius, bad)).toThrow(/limited to 2048 logical partitions/);
    }
  });
});

describe('Marius++ number text', () => {
  it('groups thousands exactly as toLocaleString("en-US") does', () => {
    for (const n of [0, 7, 999, 1000, -1000, 12_345, 416_224, 1_000_000, -987_654_321, 2 ** 53 - 1, 1e21, 1.5])
      expect(groupThousands(n), String(n)).toBe(n.toLocaleString('en-US'));
  });
});
