import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { compareArrays } from '../compare';
import { kmeans, kmeansOnBuffer } from './kmeans';
import { balancedKmeansOnBuffer } from './kmeansBalanced';
import { kmeansReference } from './kmeans.reference';
import { balanceLambda, balanceSampleRows, gatherRowsCpu, initCentroids } from './kmeansInit';
import { assignToCentroids } from './kmeansAssign';

/** Well-separated blobs (centres 10 apart, σ = 0.5) so f32/f64 rounding never flips an assignment. */
function blobs(seed: number, n: number, d: number, centres: number, sizes?: number[]): Float32Array {
  const rng = createRng(seed);
  const c = Float32Array.from({ length: centres * d }, () => rng.uniform(-10, 10) * 3);
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let j = i % centres;
    if (sizes) {
      let r = i;
      j = 0;
      while (r >= sizes[j]!) {
        r -= sizes[j]!;
        j++;
      }
    }
    for (let t = 0; t < d; t++) x[i * d + t] = c[j * d + t]! + 0.5 * rng.normal();
  }
  return x;
}

describe('GPU k-means vs CPU reference (same init)', () => {
  const gpu = useNodeGpu();
  const cases = [
    { n: 1, d: 3, k: 1, iters: 2 },
    { n: 200, d: 7, k: 5, iters: 4 }, // d not a multiple of 4
    { n: 300, d: 33, k: 12, iters: 3 },
    { n: 40, d: 5, k: 40, iters: 2 }, // k = n: singleton clusters
  ];
  for (const { n, d, k, iters } of cases) {
    it(`n=${n} d=${d} k=${k} iters=${iters}`, async () => {
      const x = blobs(n + d, n, d, Math.max(1, Math.min(k, 6)));
      const init = initCentroids(x, n, d, k, createRng(7));
      const xBuf = gpu().upload(x, 'test.x');
      const got = await kmeansOnBuffer(gpu(), xBuf, n, d, init, iters);
      xBuf.destroy();
      const want = kmeansReference(x, d, init, iters);
      expect(Array.from(got.assign)).toEqual(Array.from(want.assign));
      expect(Array.from(got.sizes)).toEqual(Array.from(want.sizes));
      const check = compareArrays('centroids', got.centroids, want.centroids, { atol: 1e-4, rtol: 1e-5 });
      expect(check.passed, check.detail).toBe(true);
      expect(got.inertia).toBeCloseTo(want.inertia, 1);
    });
  }

  it('an empty cluster keeps its previous centroid', async () => {
    const d = 4;
    const x = blobs(3, 60, d, 2);
    const init = new Float32Array(3 * d);
    init.set(x.subarray(0, d), 0);
    init.set(x.subarray(d, 2 * d), d);
    init.fill(1e4, 2 * d); // far from every point: never chosen
    const got = await kmeans(gpu(), x, d, { k: 3, iters: 3, rng: createRng(1) }).catch(() => null);
    expect(got).not.toBeNull();
    const xBuf = gpu().upload(x, 'x');
    const r = await kmeansOnBuffer(gpu(), xBuf, 60, d, init, 3);
    xBuf.destroy();
    expect(r.sizes[2]).toBe(0);
    expect(Array.from(r.centroids.subarray(2 * d))).toEqual([1e4, 1e4, 1e4, 1e4]);
  });

  it('the balanced variant matches its reference and evens out cluster sizes', async () => {
    const d = 6,
      n = 300;
    // A crowded blob of 240 rows at 0 and two blobs of 30 rows at ±2 per dimension (σ = 0.5):
    // plain k-means from one seed per blob keeps 240/30/30; the size penalty moves rows out.
    const rng = createRng(11);
    const x = Float32Array.from({ length: n * d }, (_, i) => {
      const row = Math.floor(i / d);
      return (row < 240 ? 0 : row < 270 ? 2 : -2) + 0.5 * rng.normal();
    });
    const init = gatherRowsCpu(x, [0, 240, 270], d);
    const lambda = balanceLambda(gatherRowsCpu(x, balanceSampleRows(n), d), d, init, 3, n, 8);
    const xBuf = gpu().upload(x, 'x');
    const plain = await kmeansOnBuffer(gpu(), xBuf, n, d, init, 4);
    const balanced = await balancedKmeansOnBuffer(gpu(), xBuf, n, d, init, 4, lambda);
    xBuf.destroy();
    const want = kmeansReference(x, d, init, 4, lambda);
    expect(Array.from(balanced.assign)).toEqual(Array.from(want.assign));
    const check = compareArrays('balanced centroids', balanced.centroids, want.centroids, { atol: 1e-4, rtol: 1e-5 });
    expect(check.passed, check.detail).toBe(true);
    expect(Array.from(plain.sizes)).toEqual([240, 30, 30]);
    const spread = (s: Int32Array) => Math.max(...s) - Math.min(...s);
    expect(spread(balanced.sizes)).toBeLessThan(spread(plain.sizes) / 2);
  });

  it('assignment routes rows to the nearest centroid, ties to the lower index', async () => {
    const c = Float32Array.from([0, 0, 2, 0, 2, 0]); // centroids 1 and 2 identical
    const x = Float32Array.from([1.5, 0, 0.2, 0, 1, 0]); // the last row is equidistant to all three
    const r = await assignToCentroids(gpu(), x, c, 2);
    expect(Array.from(r.assign)).toEqual([1, 0, 0]);
    expect(r.dist[0]).toBeCloseTo(0.25, 6);
    expect(r.dist[1]).toBeCloseTo(0.04, 6);
    expect(r.dist[2]).toBe(1);
  });

  it('refuses n < k clearly', async () => {
    await expect(kmeans(gpu(), new Float32Array(6), 2, { k: 4, iters: 1, rng: createRng(1) })).rejects.toThrow(
      /cannot form k=4 clusters from n=3 vectors/,
    );
  });
});
