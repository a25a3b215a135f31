// The CPU-side IVF index state: sizes, their spread σ and the reconstruction error ε stay exact
// through inserts, deletes, moves and partition removal.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { IvfIndex } from './ivfIndex';

function setup(n = 40, d = 3) {
  const rng = createRng(1);
  const data = Float32Array.from({ length: n * d }, () => rng.uniform(-2, 2));
  const index = new IvfIndex(data, d);
  index.addPartition(Float32Array.from([0, 0, 0]));
  index.addPartition(Float32Array.from([1, 1, 1]));
  index.addPartition(Float32Array.from([-1, 0, 1]));
  return { data, index, d };
}

/** Brute-force statistics straight from the members, as a reference for the incremental sums. */
function bruteStats(index: IvfIndex) {
  let sse = 0;
  const sizes = index.partitions.map((p) => p.members.length);
  index.partitions.forEach((p) =>
    p.members.forEach((id) => {
      const r = index.row(id);
      r.forEach((v, t) => {
        sse += (v - p.centroid[t]!) ** 2;
      });
    }),
  );
  const mean = index.live / sizes.length;
  return { eps: sse / index.live, std: Math.sqrt(sizes.reduce((a, s) => a + (s - mean) ** 2, 0) / sizes.length) };
}

describe('IVF index state', () => {
  it('keeps exact sizes, σ and ε through inserts, deletes, moves and partition removal', () => {
    const { index } = setup();
    index.insert(
      Array.from({ length: 30 }, (_, i) => i),
      Array.from({ length: 30 }, (_, i) => i % 3),
    );
    index.remove([3, 7, 11, 29]);
    index.move([0, 1], [2, 2]);
    index.insert([30, 31, 32], [1, 1, 0]);
    let s = index.stats();
    let b = bruteStats(index);
    expect(s.live).toBe(29);
    expect(s.reconstructionError).toBeCloseTo(b.eps, 9);
    expect(s.sizeStd).toBeCloseTo(b.std, 12);
    const inOne = index.partitions[1]!.members.length;
    const freed = index.removePartitions([1]);
    expect(freed.length).toBe(inOne);
    expect(index.size).toBe(2);
    for (const [p, part] of index.partitions.entries()) for (const id of part.members) expect(index.where[id]).toBe(p);
    for (const id of freed) expect(index.where[id]).toBe(-1);
    s = index.stats();
    b = bruteStats(index);
    expect(s.reconstructionError).toBeCloseTo(b.eps, 9);
  });

  it('Alg. 2 running means equal the exact member means', () => {
    const { index } = setup();
    index.insert([0, 1, 2], [0, 0, 0]);
    index.recomputeMeans([0]);
    const del = index.remove([1, 2]);
    const ins = index.insert([5, 6, 7, 8], [0, 0, 0, 1]);
    index.applyRunningMeans(ins, del);
    const part = index.partitions[0]!;
    const exact = Array.from(part.sum, (v) => v / part.members.length);
    part.centroid.forEach((v, t) => expect(v).toBeCloseTo(exact[t]!, 5));
    // Partition 1 had no members before: its first insert moves the centroid onto the vector.
    index.partitions[1]!.centroid.forEach((v, t) => expect(v).toBeCloseTo(index.row(8)[t]!, 5));
  });

  it('addClusters drops empty clusters and clone is independent', () => {
    const { index, d } = setup();
    const c = new Float32Array(3 * d);
    const added = index.addClusters(c, [0, 1, 2, 3], [0, 2, 2, 0]);
    expect(added).toBe(2);
    expect(index.size).toBe(5);
    const copy = index.clone();
    copy.remove([0]);
    expect(index.where[0]).toBeGreaterThanOrEqual(0);
    expect(copy.where[0]).toBe(-1);
    expect(() => index.remove([39])).toThrow(/vector 39 is not in the index/);
  });
});
