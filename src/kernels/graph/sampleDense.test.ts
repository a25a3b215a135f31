import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { DenseSampler } from './sampleDense';
import { NeighborSampler } from './sampleNeighbors';
import { denseSampleReference } from './sampleDense.reference';
import { awkwardGraph, smallAwkwardGraph } from './fixtures';

const arr = (a: ArrayLike<number>) => Array.from(a);

describe('DENSE reference layout', () => {
  it('no node appears twice; deltas are sorted; rows of the last hop are empty', () => {
    const g = smallAwkwardGraph();
    const b = denseSampleReference(g, Int32Array.of(2, 40, 7, 17), [5, 3, 2], 9);
    expect(new Set(b.nodeIds).size).toBe(b.nodeIds.length);
    const K = 3;
    for (let h = 1; h <= K; h++) {
      const delta = arr(b.nodeIds.slice(b.hopOffsets[h], b.hopOffsets[h + 1]));
      expect(delta).toEqual([...delta].sort((x, y) => x - y));
    }
    const lastStart = b.hopOffsets[K]!;
    expect(b.blockIndptr[b.nodeIds.length]).toBe(b.blockIndptr[lastStart]);
    // Each sampled neighbour position points at the same global node the row sampled.
    for (let r = 0; r < lastStart; r++) {
      for (let e = b.blockIndptr[r]!; e < b.blockIndptr[r + 1]!; e++) {
        expect(b.blockIndices[e]).toBeLessThan(
          b.hopOffsets[Math.min(K + 1, 1 + [...b.hopOffsets].findIndex((o) => o > r))]!,
        );
      }
    }
    expect(b.blockIndptr[1]! - b.blockIndptr[0]!).toBe(5); // node 2 is a local hub: full fanout
    expect(b.blockIndptr[4]! - b.blockIndptr[3]!).toBe(0); // node 17 is isolated
  });
});

describe('DENSE sampling kernel pipeline vs CPU reference (exact)', () => {
  const gpu = useNodeGpu();

  it('3 hops on a small awkward graph, several batches through one sampler', async () => {
    const g = smallAwkwardGraph();
    const s = await DenseSampler.create(gpu(), g, [5, 3, 2], 16);
    try {
      for (const [seeds, seed] of [
        [Int32Array.of(2, 40, 7, 17), 9],
        [Int32Array.of(0, 1, 5, 6, 299, 150, 151, 152, 153, 11, 12, 13, 14, 15, 16, 18), 77],
        [Int32Array.of(34), 1],
      ] as const) {
        const got = await s.sample(seeds, seed);
        const want = denseSampleReference(g, seeds, [5, 3, 2], seed);
        expect(arr(got.hopOffsets)).toEqual(arr(want.hopOffsets));
        expect(arr(got.nodeIds)).toEqual(arr(want.nodeIds));
        expect(arr(got.blockIndptr)).toEqual(arr(want.blockIndptr));
        expect(arr(got.blockIndices)).toEqual(arr(want.blockIndices));
      }
    } finally {
      s.destroy();
    }
  });

  it('the hub of degree 10^4 with fanout 64 then 3 (the whole graph nearly reached)', async () => {
    const g = awkwardGraph();
    const s = await DenseSampler.create(gpu(), g, [64, 3], 4);
    try {
      const seeds = Int32Array.of(0, 1, g.numNodes - 1);
      const got = await s.sample(seeds, 5);
      const want = denseSampleReference(g, seeds, [64, 3], 5);
      expect(arr(got.nodeIds)).toEqual(arr(want.nodeIds));
      expect(arr(got.blockIndices)).toEqual(arr(want.blockIndices));
      expect(got.blockIndptr[1]).toBe(64);
    } finally {
      s.destroy();
    }
  });

  it('one graph per hop (per-layer neighbour caches) matches the reference', async () => {
    const a = smallAwkwardGraph(200, 3);
    const b = smallAwkwardGraph(200, 4);
    const s = await DenseSampler.create(gpu(), [a, b, a], [4, 2, 3], 8);
    try {
      const seeds = Int32Array.of(2, 3, 50, 120);
      const got = await s.sample(seeds, 17);
      const want = denseSampleReference([a, b, a], seeds, [4, 2, 3], 17);
      expect(arr(got.nodeIds)).toEqual(arr(want.nodeIds));
      expect(arr(got.blockIndices)).toEqual(arr(want.blockIndices));
      expect(arr(want.nodeIds)).not.toEqual(arr(denseSampleReference(a, seeds, [4, 2, 3], 17).nodeIds));
    } finally {
      s.destroy();
    }
  });

  it('a resident (caller-owned) graph is used without re-uploading and survives the sampler being rebuilt', async () => {
    const a = smallAwkwardGraph(200, 3);
    const b = smallAwkwardGraph(200, 4);
    const full = await NeighborSampler.create(gpu(), a);
    try {
      const resident = new Map([[a, full.buffers]]);
      for (const [round, hops] of [
        [a, b],
        [b, a],
      ].entries()) {
        const s = await DenseSampler.create(gpu(), hops, [3, 2], 6, resident);
        try {
          const seeds = Int32Array.of(1, 40, 77);
          const got = await s.sample(seeds, 5 + round);
          const want = denseSampleReference(hops, seeds, [3, 2], 5 + round);
          expect(arr(got.nodeIds), `round ${round}`).toEqual(arr(want.nodeIds));
          expect(arr(got.blockIndices), `round ${round}`).toEqual(arr(want.blockIndices));
        } finally {
          s.destroy();
        }
      }
      // The shared upload still works after both samplers were destroyed.
      const again = await full.sample(Int32Array.of(1, 40), 3, 9);
      expect(arr(again.counts)).toEqual(arr(sampleNeighborsReferenceCounts(a, [1, 40], 3)));
    } finally {
      full.destroy();
    }
  });

  it('rejects duplicate seeds naming the node', async () => {
    const g = smallAwkwardGraph(40);
    const s = await DenseSampler.create(gpu(), g, [2], 4);
    await expect(s.run(Int32Array.of(3, 5, 3), 1)).rejects.toThrow(/seed node 3 appears more than once/);
    s.destroy();
  });
});

function sampleNeighborsReferenceCounts(g: { indptr: Int32Array }, nodes: number[], fanout: number): number[] {
  return nodes.map((v) => Math.min(fanout, g.indptr[v + 1]! - g.indptr[v]!));
}
