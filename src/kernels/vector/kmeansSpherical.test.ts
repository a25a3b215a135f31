import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { compareArrays } from '../compare';
import { initCentroids } from './kmeansInit';
import { sphericalKmeansOnBuffer, unitRows } from './kmeansSpherical';
import { sphericalKmeansReference } from './kmeansSpherical.reference';

/** Points around a few well-separated directions, with varied norms (what IP indexes hold). */
function directions(seed: number, n: number, d: number, dirs: number): Float32Array {
  const rng = createRng(seed);
  const c = unitRows(
    Float32Array.from({ length: dirs * d }, () => rng.normal()),
    d,
  );
  return Float32Array.from({ length: n * d }, (_, i) => {
    const row = Math.floor(i / d);
    return (1 + (row % 5)) * (c[(row % dirs) * d + (i % d)]! + 0.05 * rng.normal());
  });
}

describe('GPU spherical k-means vs CPU reference (same init)', () => {
  const gpu = useNodeGpu();
  for (const { n, d, k, iters } of [
    { n: 120, d: 7, k: 4, iters: 3 },
    { n: 90, d: 16, k: 9, iters: 2 },
    { n: 30, d: 3, k: 2, iters: 0 },
  ]) {
    it(`n=${n} d=${d} k=${k} iters=${iters}`, async () => {
      const x = directions(n + d, n, d, Math.min(k, 4));
      const init = initCentroids(x, n, d, k, createRng(3));
      const xBuf = gpu().upload(x, 'test.x');
      try {
        const got = await sphericalKmeansOnBuffer(gpu(), xBuf, n, d, init, iters);
        const check = compareArrays('spherical centroids', got, sphericalKmeansReference(x, d, init, iters), {
          atol: 1e-5,
          rtol: 1e-4,
        });
        expect(check.passed, check.detail).toBe(true);
        for (let j = 0; j < k; j++) expect(Math.hypot(...got.subarray(j * d, (j + 1) * d))).toBeCloseTo(1, 5);
      } finally {
        xBuf.destroy();
      }
    });
  }
});
