// CHAI's online step: cosine distances and average-linkage agglomerative clustering, on inputs
// small enough to check by hand.
import { describe, expect, it } from 'vitest';
import {
  agglomerativeClusters,
  averageLinkage,
  cosineDistance,
  cosineDistanceMatrix,
  cutTree,
  dendrogramOrder,
  type DistanceMatrix,
} from './clustering';

/** |x_i − x_j| for points on a line: distances anyone can check by hand. */
function lineDistances(xs: number[]): DistanceMatrix {
  const n = xs.length;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = Math.abs(xs[i]! - xs[j]!);
  return { n, data };
}

describe('cosine distance', () => {
  it('is 0 for parallel, 1 for orthogonal, 2 for opposite vectors, and ignores length', () => {
    expect(cosineDistance([1, 2, 3], [2, 4, 6])).toBeCloseTo(0, 12);
    expect(cosineDistance([1, 0], [0, 5])).toBeCloseTo(1, 12);
    expect(cosineDistance([1, 1], [-1, -1])).toBeCloseTo(2, 12);
    expect(cosineDistance([1, 0], [1, 1])).toBeCloseTo(1 - Math.SQRT1_2, 12);
  });
  it('zero vectors: 0 to each other, 1 to anything else', () => {
    expect(cosineDistance([0, 0], [0, 0])).toBe(0);
    expect(cosineDistance([0, 0], [1, 0])).toBe(1);
  });
  it('the matrix is symmetric with a zero diagonal', () => {
    const m = cosineDistanceMatrix([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    expect(m.n).toBe(3);
    expect(m.data[1]).toBeCloseTo(1, 12);
    expect(m.data[3]).toBe(m.data[1]);
    expect([m.data[0], m.data[4], m.data[8]]).toEqual([0, 0, 0]);
  });
});

describe('average-linkage agglomerative clustering', () => {
  // Points 0, 1, 5, 6, 20 on a line.
  const xs = [0, 1, 5, 6, 20];
  const merges = averageLinkage(lineDistances(xs));

  it('merges at the average pairwise distance (single linkage would say 4, complete 6)', () => {
    expect(merges.map((m) => m.distance)).toEqual([1, 1, 5, 17]); // {0,1}–{5,6}: (5+6+4+5)/4; 20 vs the rest: (20+19+15+14)/4
    expect(merges.map((m) => [m.a, m.b, m.size])).toEqual([
      [0, 1, 2],
      [2, 3, 2],
      [5, 6, 4],
      [7, 4, 5],
    ]);
  });

  it('cutting at k gives the expected groups', () => {
    expect([...cutTree(merges, 5, 1)]).toEqual([0, 0, 0, 0, 0]);
    expect([...cutTree(merges, 5, 2)]).toEqual([0, 0, 0, 0, 1]);
    expect([...cutTree(merges, 5, 3)]).toEqual([0, 0, 1, 1, 2]);
    expect([...cutTree(merges, 5, 5)]).toEqual([0, 1, 2, 3, 4]);
  });

  it('labels follow the lowest-index member, so cluster 0 holds item 0 and representatives come first', () => {
    // 20, 0, 1, 21: items 1 and 2 pair up, then 0 and 3.
    expect([...agglomerativeClusters(lineDistances([20, 0, 1, 21]), 2)]).toEqual([0, 1, 1, 0]);
    expect([...agglomerativeClusters(lineDistances([0, 20, 1, 21]), 2)]).toEqual([0, 1, 0, 1]);
  });

  it("dendrogram order puts each cluster's leaves next to each other", () => {
    expect(dendrogramOrder(merges, 5)).toEqual([0, 1, 2, 3, 4]);
    const m = averageLinkage(lineDistances([0, 20, 1, 21, 0.5]));
    const order = dendrogramOrder(m, 5);
    expect(order).toHaveLength(5);
    const pos = (i: number) => order.indexOf(i);
    expect(Math.abs(pos(1) - pos(3))).toBe(1);
    expect([pos(0), pos(2), pos(4)].sort()).toEqual(pos(1) < pos(0) ? [2, 3, 4] : [0, 1, 2]);
  });

  it('one item, and bad k, are handled', () => {
    expect([...agglomerativeClusters(lineDistances([3]), 1)]).toEqual([0]);
    expect(dendrogramOrder([], 1)).toEqual([0]);
    expect(() => agglomerativeClusters(lineDistances([0, 1]), 3)).toThrow(
      /k=3 clusters: k must be an integer in \[1, 2\]/,
    );
    expect(() => agglomerativeClusters(lineDistances([0, 1]), 0)).toThrow(RangeError);
  });
});
