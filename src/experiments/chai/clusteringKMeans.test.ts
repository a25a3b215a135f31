// CHAI's offline step: k-means with k-means++ seeding, and the elbow curve and its knee.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { elbowCurve, kMeans, kneeOf } from './clusteringKMeans';

const square = [
  [0, 0],
  [0, 1],
  [10, 0],
  [10, 1],
];

describe('k-means (k-means++ seeding)', () => {
  it('hand-checkable inertia: k = 1 → spread around the mean, k = 2 → the two pairs, k = n → 0', () => {
    expect(kMeans(square, 1, createRng(1)).inertia).toBeCloseTo(4 * (25 + 0.25), 10);
    const two = kMeans(square, 2, createRng(1));
    expect(two.inertia).toBeCloseTo(4 * 0.25, 10);
    expect(two.labels[0]).toBe(two.labels[1]);
    expect(two.labels[2]).toBe(two.labels[3]);
    expect(two.labels[0]).not.toBe(two.labels[2]);
    expect(kMeans(square, 4, createRng(1)).inertia).toBe(0);
  });

  it('is deterministic for a seed and copes with duplicate points', () => {
    const pts = [
      [1, 1],
      [1, 1],
      [1, 1],
      [5, 5],
    ];
    const a = kMeans(pts, 3, createRng(7));
    const b = kMeans(pts, 3, createRng(7));
    expect([...a.labels]).toEqual([...b.labels]);
    expect(a.inertia).toBe(0);
    expect(new Set(a.labels).size).toBeGreaterThanOrEqual(2);
  });

  it('rejects k outside [1, n]', () => {
    expect(() => kMeans(square, 5, createRng(1))).toThrow(/k=5 must be an integer in \[1, 4\]/);
    expect(() => kMeans(square, 0, createRng(1))).toThrow(RangeError);
  });
});

describe('elbow curve and knee', () => {
  it('three tight blobs: inertia collapses at k = 3 and the knee is found there', () => {
    const rng = createRng(3);
    const blob = (cx: number, cy: number) =>
      Array.from({ length: 6 }, () => [cx + 0.05 * rng.normal(), cy + 0.05 * rng.normal()]);
    const sample = [...blob(0, 0), ...blob(5, 0), ...blob(0, 5)];
    const ks = [1, 2, 3, 4, 5, 6, 7, 8];
    const curve = elbowCurve([sample, sample], ks, createRng(9));
    expect(curve[2]! / curve[0]!).toBeLessThan(0.01);
    expect(kneeOf(ks, curve)).toBe(3);
  });
  it('summed over samples: two copies of one sample give twice its inertia', () => {
    const one = elbowCurve([square], [1, 2], createRng(2));
    const both = elbowCurve([square, square], [1, 2], createRng(2));
    expect(both[0]).toBeCloseTo(2 * one[0]!, 10);
    expect(both[1]).toBeCloseTo(2 * one[1]!, 10);
  });
  it('knee of a hand-made curve, a straight line and a flat curve', () => {
    expect(kneeOf([1, 2, 3, 4, 5, 6], [100, 50, 10, 9, 8, 7])).toBe(3);
    expect(kneeOf([1, 2, 3], [3, 3, 3])).toBe(1);
    expect(kneeOf([1, 2, 3, 4], [4, 3, 2, 1])).toBe(1); // no point below the chord
  });
});
