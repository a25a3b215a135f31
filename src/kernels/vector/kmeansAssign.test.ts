import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { planAssign } from './kmeansAssign';
import { assignReference } from './kmeansAssign.reference';
import type { Metric } from './conventions';

// Awkward shapes: one row, d not a multiple of 4, rows past one 64-wide workgroup, more centroids
// than rows, exact ties (duplicate centroids), and the inner-product metric.
describe('nearest-centroid assignment (GPU) vs the CPU reference', () => {
  const gpu = useNodeGpu();
  const cases: { n: number; d: number; k: number; metric: Metric; dupes?: boolean }[] = [
    { n: 1, d: 3, k: 1, metric: 'l2' },
    { n: 130, d: 5, k: 7, metric: 'l2' },
    { n: 20, d: 9, k: 33, metric: 'l2', dupes: true },
    { n: 67, d: 6, k: 4, metric: 'ip' },
  ];
  for (const { n, d, k, metric, dupes } of cases) {
    it(`n=${n} d=${d} k=${k} ${metric}${dupes ? ' with duplicate centroids' : ''}`, async () => {
      const rng = createRng(n * 31 + k);
      const x = Float32Array.from({ length: n * d }, () => rng.uniform(-1, 1));
      const centroids = Float32Array.from({ length: k * d }, () => rng.uniform(-1, 1));
      if (dupes) centroids.copyWithin(d * (k - 1), 0, d); // last centroid = first: ties go to 0
      const g = gpu();
      const bufs = {
        x: g.upload(x, 'x'),
        centroids: g.upload(centroids, 'c'),
        assign: g.createBuffer(n * 4, 'assign'),
        best: g.createBuffer(n * 4, 'best'),
      };
      const plan = await planAssign(g, bufs, { n, d, k }, metric);
      await g.run((pass) => plan.encode(pass));
      const assign = await g.readI32(bufs.assign, n);
      const best = await g.readF32(bufs.best, n);
      plan.destroy();
      Object.values(bufs).forEach((b) => b.destroy());
      const want = assignReference(x, centroids, n, d, k, metric);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(best[i]! - want.best[i]!), `row ${i}: best distance`).toBeLessThan(1e-5);
        // f32 rounding may pick another centroid only if it is as near (a tie within the tolerance).
        const chosen = assignReference(
          x.subarray(i * d, (i + 1) * d),
          centroids.subarray(assign[i]! * d),
          1,
          d,
          1,
          metric,
        );
        expect(
          Math.abs(chosen.best[0]! - want.best[i]!),
          `row ${i}: chose ${assign[i]}, nearest ${want.assign[i]}`,
        ).toBeLessThan(1e-5);
      }
      if (dupes) expect(Array.from(assign)).not.toContain(k - 1);
    });
  }
});
