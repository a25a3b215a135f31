// The work counter: every k-means call counts its k-means++ seeding (one pass over the sampled
// rows per seed) and the balanced variant's λ sample, not only its Lloyd iterations — leaving the
// seeding out understated Rebuild, the normaliser of every ratio.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { balanceSampleRows } from '../../kernels/vector/kmeansInit';
import { CpuClusterEngine } from './ivfCpuEngine';
import { CountingEngine, KMEANS_PP_SAMPLE, seedingEvaluations } from './ivfEngine';
import { rebuildPolicy, type PolicyParams } from './ivfPolicy';
import { buildInitialIndex, runBatch } from './ivfStream';

const d = 3;
const rows = 5000;
const rng = createRng(21);
const data = Float32Array.from({ length: rows * d }, () => rng.normal());
const ids = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('CountingEngine', () => {
  it('counts k-means++ seeding: every seed against every sampled row', async () => {
    const engine = new CountingEngine(new CpuClusterEngine(data, d, createRng(1)), d);
    await engine.kmeans(ids(300), 7, 3, 0);
    expect(engine.distanceEvaluations).toBe(300 * 7 + 4 * 300 * 7);
    // Above the sample size the seeding runs on KMEANS_PP_SAMPLE rows, the iterations on all.
    engine.distanceEvaluations = 0;
    await engine.kmeans(ids(rows), 5, 2, 0);
    expect(KMEANS_PP_SAMPLE).toBeLessThan(rows);
    expect(engine.distanceEvaluations).toBe(KMEANS_PP_SAMPLE * 5 + 3 * rows * 5);
    expect(seedingEvaluations(rows, 5)).toBe(KMEANS_PP_SAMPLE * 5);
  });

  it('counts no seeding when given centroids, and the λ sample of the balanced variant', async () => {
    const engine = new CountingEngine(new CpuClusterEngine(data, d, createRng(2)), d);
    const init = data.slice(0, 4 * d);
    await engine.kmeans(ids(600), init, 2, 0);
    expect(engine.distanceEvaluations).toBe(3 * 600 * 4);
    engine.distanceEvaluations = 0;
    await engine.kmeans(ids(600), init, 2, 1);
    expect(engine.distanceEvaluations).toBe(balanceSampleRows(600).length * 4 + 3 * 600 * 4);
  });

  it("Rebuild's counted work = routing + per rebuild (seeding + (ι_r + 1) Lloyd passes) over n·K", async () => {
    const params = { targetSize: 20, rebuildIters: 3, rebuildFraction: 0.025 } as PolicyParams;
    const engine = new CountingEngine(new CpuClusterEngine(data, d, createRng(3)), d);
    const index = await buildInitialIndex(data, d, 200, engine, params);
    engine.distanceEvaluations = 0;
    const policy = rebuildPolicy();
    let want = 0;
    for (let t = 0; t < 3; t++) {
      const start = 200 + 50 * t;
      want += 50 * index.size; // routing against the current centroids
      const events = await runBatch(
        index,
        { insertStart: start, insertEnd: start + 50, deletes: new Int32Array(0) },
        policy,
        { engine, params },
      );
      expect(events.map((e) => e.kind)).toEqual(['rebuild']); // 50 ≥ 2.5 % of n every batch
      const n = start + 50;
      const K = Math.round(n / 20);
      want += n * K + 4 * n * K;
    }
    expect(engine.distanceEvaluations).toBe(want);
  });
});
