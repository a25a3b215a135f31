import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { degrees } from '../../data/graphs/csr';
import { NeighborSampler, sampleNeighbors } from './sampleNeighbors';
import { samplePositions, sampleNeighborsReference, sampleKey } from './sampleNeighbors.reference';
import { awkwardGraph, smallAwkwardGraph } from './fixtures';
import { UserInputError } from '../../core';

describe('Floyd sampling (CPU reference)', () => {
  it('draws distinct positions, all of them when fanout ≥ degree', () => {
    for (let key = 0; key < 200; key++) {
      const p = samplePositions(50, 7, key);
      expect(new Set(p).size).toBe(7);
      expect(Math.max(...p)).toBeLessThan(50);
    }
    expect(samplePositions(3, 10, 1)).toEqual([0, 1, 2]);
    expect(samplePositions(0, 5, 1)).toEqual([]);
  });
  it('is close to uniform: each of 20 positions picked ≈ 5/20 of the time', () => {
    const hits = new Array(20).fill(0);
    const trials = 20_000;
    for (let t = 0; t < trials; t++) for (const p of samplePositions(20, 5, sampleKey(t, 3))) hits[p]++;
    const expected = (trials * 5) / 20;
    for (const h of hits) expect(Math.abs(h - expected) / expected).toBeLessThan(0.05);
  });
});

describe('sample-neighbors kernel vs CPU reference (exact)', () => {
  const gpu = useNodeGpu();

  it('hub of degree 10^4, self-loop, duplicate edges, isolated seeds, fanout > degree', async () => {
    const g = awkwardGraph();
    const seeds = Int32Array.of(0, 1, g.numNodes - 1, 5, 0, 10_003, 2);
    for (const [fanout, seed] of [
      [1, 3],
      [4, 99],
      [15, 2 ** 32 - 1],
      [64, 12345],
    ] as const) {
      const got = await sampleNeighbors(gpu(), g, seeds, fanout, seed);
      const want = sampleNeighborsReference(g, seeds, fanout, seed);
      expect(Array.from(got.counts)).toEqual(Array.from(want.counts));
      expect(Array.from(got.neighbors)).toEqual(Array.from(want.neighbors));
    }
    const deg = degrees(g);
    const r = await sampleNeighbors(gpu(), g, Int32Array.of(1, g.numNodes - 1, 0), 10, 5);
    expect(r.counts[0]).toBe(deg[1]); // fanout > degree: the whole row, duplicates included
    expect(Array.from(r.neighbors.slice(0, 4))).toEqual([1, 2, 2, 3]);
    expect(r.counts[1]).toBe(0);
    expect(r.counts[2]).toBe(10);
    expect(new Set(r.neighbors.slice(20, 30)).size).toBe(10); // the hub's 10 picks are distinct nodes
  });

  it('a reusable plan (graph uploaded once) matches the reference over many calls', async () => {
    const g = smallAwkwardGraph();
    const plan = await NeighborSampler.create(gpu(), g);
    try {
      for (const [k, fanout] of [3, 1, 7, 3].entries()) {
        const seeds = Int32Array.from({ length: 5 + k * 3 }, (_, i) => (i * 37 + k * 11) % g.numNodes);
        const got = await plan.sample(seeds, fanout, 1000 + k);
        const want = sampleNeighborsReference(g, seeds, fanout, 1000 + k);
        expect(Array.from(got.counts), `call ${k}`).toEqual(Array.from(want.counts));
        expect(Array.from(got.neighbors), `call ${k}`).toEqual(Array.from(want.neighbors));
      }
      await expect(plan.sample(Int32Array.of(g.numNodes), 2, 1)).rejects.toThrow(UserInputError);
    } finally {
      plan.destroy();
    }
  });

  it('different seeds give different samples; the same seed repeats', async () => {
    const g = smallAwkwardGraph();
    const seeds = Int32Array.from({ length: 50 }, (_, i) => i * 5 + 1);
    const a = await sampleNeighbors(gpu(), g, seeds, 2, 1);
    const b = await sampleNeighbors(gpu(), g, seeds, 2, 2);
    const c = await sampleNeighbors(gpu(), g, seeds, 2, 1);
    expect(Array.from(a.neighbors)).toEqual(Array.from(c.neighbors));
    expect(Array.from(a.neighbors)).not.toEqual(Array.from(b.neighbors));
  });

  it('rejects seeds beyond the node count and fanouts out of range', async () => {
    const g = smallAwkwardGraph(30);
    await expect(sampleNeighbors(gpu(), g, Int32Array.of(3, 30), 2, 0)).rejects.toThrow(
      /seeds\[1\] = 30 is beyond the node count 30/,
    );
    await expect(sampleNeighbors(gpu(), g, Int32Array.of(3), 65, 0)).rejects.toThrow(UserInputError);
    await expect(sampleNeighbors(gpu(), g, Int32Array.of(3), 0, 0)).rejects.toThrow(
      /fanout 0 must be an integer in \[1, 64\]/,
    );
  });
});
