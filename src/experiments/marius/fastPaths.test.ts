// The live model's fast paths give what the straightforward computations give: the bucket
// assignments against state-by-state references written here, and the memoised orderings against
// a model run with an empty cache, on several parameter sets, after moves of other sliders and
// after moves of one ordering parameter (a cache key missing it would serve the wrong ordering).
// (Speed itself is measured by cli/liveModelBench.ts, never asserted here.)
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { modelExperiment } from '../runner';
import { UserInputError, type ParamValues } from '../types';
import { marius } from './index';
import {
  betaOrdering,
  cometOrdering,
  forEachState,
  transitionsOf,
  type BufferOrdering,
  type CometOrdering,
} from './orderings';
import {
  firstStateBuckets,
  randomStateBuckets,
  randomStateBucketsByState,
  randomStateBucketsByStretch,
  residencies,
} from './orderingAssign';
import { clearOrderingCache, orderingCache, OrderingCache } from './orderingCache';
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

/**
 * COMET's expected buckets per state at the physical level, by definition: each ordered physical
 * pair (i, j) spreads its bucket evenly over the states holding both i and j (no logical grouping).
 */
function physicalRandomReference(o: CometOrdering): number[] {
  const together = new Float64Array(o.p * o.p);
  const states: Int32Array[] = [];
  forEachState(o, (_, members) => {
    states.push(members.slice());
    for (const a of members) for (const b of members) together[a * o.p + b]!++;
  });
  return states.map((members) => {
    let sum = 0;
    for (const a of members) for (const b of members) sum += 1 / together[a * o.p + b]!;
    return sum;
  });
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
      expect(Math.abs(byStretch[k]! - byState[k]!), `state ${k}`).toBeLessThanOrEqual(1e-13 * byState[k]!);
  });

  it.each([
    [60, 12, 3],
    [128, 32, 4],
    [1024, 256, 128],
    [96, 24, 1],
  ])('COMET p=%i c=%i by %i: expected buckets per state as each physical pair spreads them', (p, c, ratio) => {
    const o = cometOrdering(p, c, ratio, createRng(3 * p + c));
    const want = physicalRandomReference(o);
    const got = randomStateBuckets(o);
    expect(got.length).toBe(want.length);
    for (let k = 0; k < want.length; k++)
      expect(Math.abs(got[k]! - want[k]!), `state ${k}`).toBeLessThanOrEqual(1e-12 * want[k]!);
    // Every one of the p² buckets is assigned once in all.
    expect(got.reduce((a, b) => a + b, 0)).toBeCloseTo(p * p, 6);
  });

  it('small COMET orderings take the state-by-state path (the presets are unchanged)', () => {
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

  // Each pair differs in one ordering parameter; the second runs on the cache the first left.
  const oneParameterMoves: [string, ParamValues, ParamValues][] = [
    [
      'COMET ratio 4 → 8 at p=512, c=256',
      { ...fb, cometPartitions: 512, cometCapacity: 256, cometRatio: 4 },
      { ...fb, cometPartitions: 512, cometCapacity: 256, cometRatio: 8 },
    ],
    [
      'COMET capacity 128 → 256 at p=512, ratio 8',
      { ...fb, cometPartitions: 512, cometCapacity: 128, cometRatio: 8 },
      { ...fb, cometPartitions: 512, cometCapacity: 256, cometRatio: 8 },
    ],
    [
      'COMET partitions 512 → 1024 at c=256, ratio 8',
      { ...fb, cometPartitions: 512, cometCapacity: 256, cometRatio: 8 },
      { ...fb, cometPartitions: 1024, cometCapacity: 256, cometRatio: 8 },
    ],
    ['BETA capacity 4 → 5 at p=300', { ...fb, partitions: 300, capacity: 4 }, { ...fb, partitions: 300, capacity: 5 }],
    [
      'BETA partitions 300 → 301 at c=4',
      { ...fb, partitions: 300, capacity: 4 },
      { ...fb, partitions: 301, capacity: 4 },
    ],
    [
      'BETA partitions 300 → 301 at c=100, node classification',
      { ...papers, partitions: 300, capacity: 100, trainFraction: 0.05 },
      { ...papers, partitions: 301, capacity: 100, trainFraction: 0.05 },
    ],
  ];

  it.each(oneParameterMoves)('%s: the move gives what a fresh model gives', (_, from, to) => {
    const want = fresh(to);
    const back = fresh(from);
    clearOrderingCache();
    modelExperiment(marius, from);
    expect(modelExperiment(marius, to)).toEqual(want);
    expect(modelExperiment(marius, from)).toEqual(back); // and back again, both now cached
  });

  it('a bad COMET configuration is a clear input error, not a crash, from the cache too', () => {
    const bad = { ...fb, cometPartitions: 8192, cometCapacity: 4096, cometRatio: 1 };
    for (let i = 0; i < 2; i++) {
      expect(() => modelExperiment(marius, bad)).toThrow(UserInputError);
      expect(() => modelExperiment(marius, bad)).toThrow(
        "COMET: 8192 partitions at 1 per logical partition make 8192 logical partitions; link prediction supports at most 2048. Raise 'COMET: physical per logical partition' to 4, or lower 'COMET: physical partitions'.",
      );
    }
  });

  it('too many COMET logical partitions are refused before the ordering is built', () => {
    // 8192/8 by 1 is a valid ordering of 4.8M swaps (≈ 0.6 s and 130 MB to build) the random assignment cannot take.
    const bad = { ...fb, cometPartitions: 8192, cometCapacity: 8, cometRatio: 1 };
    clearOrderingCache();
    expect(() => modelExperiment(marius, bad)).toThrow(
      /make 8192 logical partitions; link prediction supports at most 2048/,
    );
    expect(orderingCache.keys.filter((k) => k.startsWith('comet'))).toEqual([]);
    // The suggested ratio divides both: 6144/12 → 3 (2048 logical, 4 capacity).
    expect(() => modelExperiment(marius, { ...fb, cometPartitions: 6144, cometCapacity: 12, cometRatio: 1 })).toThrow(
      /to 3, or lower/,
    );
    // Node classification spreads training nodes instead: no such limit.
    expect(() =>
      modelExperiment(marius, { ...papers, cometPartitions: 4096, cometCapacity: 16, cometRatio: 1 }),
    ).not.toThrow();
  });
});

describe('Marius++ ordering cache', () => {
  const small = (p: number, seed: number) => betaOrdering(p, 4, createRng(seed));
  const bytesOf = (o: BufferOrdering) =>
    o.initial.byteLength + o.offsets.byteLength + o.admits.byteLength + o.evicts.byteLength;

  it('evicts the least recently used entries down to its budget', () => {
    const [a, b, c] = [small(40, 1), small(40, 2), small(40, 3)];
    const cache = new OrderingCache(2.5 * bytesOf(a));
    cache.ordering('a', () => a);
    cache.ordering('b', () => b);
    cache.ordering('a', () => a); // a is now the most recently used
    cache.ordering('c', () => c);
    expect(cache.keys).toEqual(['a', 'c']);
    expect(cache.bytes).toBe(2 * bytesOf(a));
    let made = 0;
    expect(cache.ordering('a', () => (made++, a))).toBe(a);
    expect(made).toBe(0);
  });

  it('over its budget, keeps only the two most recently used entries (one model call: BETA and COMET)', () => {
    const cache = new OrderingCache(1);
    for (const [i, key] of ['a', 'b', 'c', 'd', 'e', 'f'].entries()) cache.ordering(key, () => small(40, i));
    expect(cache.keys).toEqual(['e', 'f']);
    cache.derived('e', 'buckets', () => new Float64Array(10)); // e in use again: f and e stay
    expect(cache.keys).toEqual(['f', 'e']);
    expect(cache.bytes).toBe(bytesOf(small(40, 4)) + bytesOf(small(40, 5)) + 80);
  });

  it('a model call leaves only its BETA and COMET orderings in the cache', () => {
    const fb = marius.presets.find((p) => p.id === 'freebase86m')!.values;
    clearOrderingCache();
    modelExperiment(marius, {
      ...fb,
      partitions: 20,
      capacity: 4,
      cometPartitions: 512,
      cometCapacity: 256,
      cometRatio: 4,
    });
    expect(orderingCache.keys).toEqual(['beta 20 4', 'comet 512 256 4']); // not the OSDI'21 calibration points
  });
});

describe('Marius++ number text', () => {
  it('groups thousands exactly as toLocaleString("en-US") does', () => {
    for (const n of [0, 7, 999, 1000, -1000, 12_345, 416_224, 1_000_000, -987_654_321, 2 ** 53 - 1, 1e21, 1.5])
      expect(groupThousands(n), String(n)).toBe(n.toLocaleString('en-US'));
  });
});
