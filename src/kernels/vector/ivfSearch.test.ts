import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { distanceReference } from './distances.reference';
import { ivfSearch } from './ivfBuild';
import { ivfSearchReference } from './ivfSearch.reference';
import { knnReference } from './knn.reference';
import { checkNeighbours } from './knnCheck';
import type { Metric } from './conventions';

const TOL = { atol: 1e-5, rtol: 1e-5 };

/** CPU routing of every base row: argmin over centroids in f64, ties to the lower centroid id. */
function cpuRouting(base: Float32Array, centroids: Float32Array, d: number, metric: Metric): Int32Array {
  const n = base.length / d;
  const nlist = centroids.length / d;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity,
      arg = -1;
    for (let c = 0; c < nlist; c++) {
      const v = distanceReference(base, i, centroids, c, d, metric);
      if (v < best) {
        best = v;
        arg = c;
      } // strict <: an equal distance keeps the lower id
    }
    out[i] = arg;
  }
  return out;
}

/** Rows whose GPU list differs from the CPU argmin, described for the failure message. */
function routingMismatches(got: Int32Array, want: Int32Array): string[] {
  const bad: string[] = [];
  want.forEach((w, i) => {
    if (got[i] !== w) bad.push(`row ${i}: GPU list ${got[i]}, CPU argmin ${w}`);
  });
  return bad;
}

function clustered(seed: number, n: number, d: number): Float32Array {
  const rng = createRng(seed);
  const centres = Float32Array.from({ length: 8 * d }, () => rng.uniform(-4, 4));
  return Float32Array.from({ length: n * d }, (_, i) => centres[(Math.floor(i / d) % 8) * d + (i % d)]! + rng.normal());
}

describe('GPU IVF search vs CPU reference on the same index', () => {
  const gpu = useNodeGpu();
  const cases: { n: number; q: number; d: number; nlist: number; nprobe: number; k: number; metric: Metric }[] = [
    { n: 300, q: 20, d: 6, nlist: 10, nprobe: 3, k: 10, metric: 'l2' }, // d not a multiple of 4
    { n: 100, q: 5, d: 16, nlist: 25, nprobe: 1, k: 12, metric: 'l2' }, // k > list size: padding
    { n: 257, q: 9, d: 9, nlist: 7, nprobe: 7, k: 100, metric: 'l2' }, // probe all lists = exact
    { n: 200, q: 11, d: 8, nlist: 12, nprobe: 4, k: 5, metric: 'ip' },
  ];
  for (const c of cases) {
    it(`${c.metric} n=${c.n} nlist=${c.nlist} nprobe=${c.nprobe} k=${c.k} d=${c.d}`, async () => {
      const base = clustered(c.n, c.n, c.d);
      const queries = clustered(c.q + 99, c.q, c.d);
      const got = await ivfSearch(gpu(), base, queries, c.d, { ...c, iters: 4, rng: createRng(5) });
      // Routing is checked independently: the CPU argmin over the trained centroids must match the
      // GPU's list of every row, and the reference search uses the CPU routing, not the GPU's.
      const routing = cpuRouting(base, got.centroids, c.d, c.metric);
      expect(routingMismatches(got.assign, routing).slice(0, 5)).toEqual([]);
      const want = ivfSearchReference(base, queries, c.d, got.centroids, routing, c.nprobe, c.k, c.metric);
      const check = checkNeighbours(
        'ivf',
        got,
        want,
        c.k,
        (r, id) => distanceReference(queries, r, base, id, c.d, c.metric),
        TOL,
      );
      expect(check.passed, check.detail).toBe(true);
      if (c.nprobe >= c.nlist) {
        const exact = knnReference(base, queries, c.d, c.k, c.metric);
        expect(
          checkNeighbours(
            'exact',
            got,
            exact,
            c.k,
            (r, id) => distanceReference(queries, r, base, id, c.d, c.metric),
            TOL,
          ).passed,
        ).toBe(true);
      }
    });
  }

  it('the routing check catches a row routed to the wrong list', async () => {
    const d = 5;
    const base = clustered(3, 60, d);
    const got = await ivfSearch(gpu(), base, base.subarray(0, d), d, {
      nlist: 6,
      nprobe: 2,
      k: 3,
      iters: 3,
      rng: createRng(2),
    });
    const routing = cpuRouting(base, got.centroids, d, 'l2');
    expect(routingMismatches(got.assign, routing)).toEqual([]);
    const wrong = Int32Array.from(got.assign);
    wrong[17] = (wrong[17]! + 1) % 6; // one row in a list that is not its nearest centroid
    expect(routingMismatches(wrong, routing)).toEqual([`row 17: GPU list ${wrong[17]}, CPU argmin ${routing[17]}`]);
  });

  it('empty lists are scanned as empty (more lists than distinct points)', async () => {
    const d = 3;
    const v = Float32Array.from([1, 2, 3, 1, 2, 3, 1, 2, 3, 4, 4, 4, 4, 4, 4]); // 5 rows, 2 distinct
    const got = await ivfSearch(gpu(), v, Float32Array.from([1, 2, 3]), d, {
      nlist: 4,
      nprobe: 4,
      k: 6,
      iters: 2,
      rng: createRng(1),
    });
    expect(Array.from(got.ids)).toEqual([0, 1, 2, 3, 4, -1]);
    expect(got.dist[5]).toBe(Infinity);
  });

  it('refuses nlist > n and nprobe beyond the top-k limit', async () => {
    const base = clustered(1, 10, 4);
    await expect(
      ivfSearch(gpu(), base, base.subarray(0, 4), 4, { nlist: 11, nprobe: 1, k: 1, iters: 1, rng: createRng(1) }),
    ).rejects.toThrow(/cannot form k=11 clusters from n=10 vectors/);
    const big = clustered(2, 300, 2);
    await expect(
      ivfSearch(gpu(), big, big.subarray(0, 2), 2, { nlist: 200, nprobe: 150, k: 1, iters: 0, rng: createRng(1) }),
    ).rejects.toThrow(/nprobe=150 exceeds 128/);
  });
});
