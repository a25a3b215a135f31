import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { distanceReference } from './distances.reference';
import { knn } from './knn';
import { knnReference } from './knn.reference';
import { checkNeighbours } from './knnCheck';
import type { Metric } from './conventions';

const TOL = { atol: 1e-5, rtol: 1e-5 };

function random(seed: number, n: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

describe('GPU exact k-NN vs CPU reference', () => {
  const gpu = useNodeGpu();
  const cases: { n: number; q: number; d: number; k: number; metric: Metric }[] = [
    { n: 1, q: 1, d: 1, k: 1, metric: 'l2' },
    { n: 5, q: 3, d: 7, k: 8, metric: 'l2' }, // k > n: padding
    { n: 500, q: 9, d: 13, k: 100, metric: 'l2' },
    { n: 200, q: 70, d: 33, k: 10, metric: 'ip' },
  ];
  for (const c of cases) {
    it(`${c.metric} n=${c.n} q=${c.q} d=${c.d} k=${c.k}`, async () => {
      const base = random(c.n + c.d, c.n * c.d);
      const queries = random(c.q * 7 + 1, c.q * c.d);
      const got = await knn(gpu(), base, queries, c.d, c.k, c.metric);
      const want = knnReference(base, queries, c.d, c.k, c.metric);
      const check = checkNeighbours(
        'knn',
        got,
        want,
        c.k,
        (r, id) => distanceReference(queries, r, base, id, c.d, c.metric),
        TOL,
      );
      expect(check.passed, check.detail).toBe(true);
    });
  }

  it('duplicate base vectors come back in ascending id order', async () => {
    const d = 5;
    const v = random(3, d);
    const base = new Float32Array(10 * d);
    for (let i = 0; i < 10; i++) base.set(i % 2 ? v : random(100 + i, d).map((x) => x + 5), i * d);
    const got = await knn(gpu(), base, v, d, 5);
    expect(Array.from(got.ids)).toEqual([1, 3, 5, 7, 9]);
    expect(Array.from(got.dist)).toEqual([0, 0, 0, 0, 0]);
  });

  it('the check fails on a wrong neighbour', async () => {
    const base = random(1, 50 * 4);
    const queries = random(2, 2 * 4);
    const got = await knn(gpu(), base, queries, 4, 3);
    const want = knnReference(base, queries, 4, 3);
    const ids = Int32Array.from(got.ids);
    ids[1] = (ids[1]! + 1) % 50;
    const bad = checkNeighbours(
      'knn',
      { ids, dist: got.dist },
      want,
      3,
      (r, id) => distanceReference(queries, r, base, id, 4, 'l2'),
      TOL,
    );
    expect(bad.passed).toBe(false);
  });

  it('refuses base/queries of a different width', async () => {
    await expect(knn(gpu(), new Float32Array(6), new Float32Array(5), 3, 1)).rejects.toThrow(/whole rows of d=3/);
  });
});
