// The GPU ClusterEngine the policies run on: the workload's vectors are uploaded once and stay
// resident; every call uploads only ids (4 bytes per row) and centroids, gathers the rows on the
// GPU and runs the real kernels (assignment, k-means, balanced k-means, exact k-NN, distance
// blocks). Each call ends in one readback of its result, since the CPU-side index needs it.
// k-means++ initialisation and the balanced variant's λ are CPU work, as in kmeansInit.ts.
// `gpuMs` sums the wall time from upload to readback of the GPU parts (measured, this device).
import type { Gpu } from '../../gpu/gpu';
import type { Rng } from '../../data/pcg32';
import { distancePipeline, planDistanceBlock, type DistanceBlockPlan } from '../../kernels/vector';
import { gatherRows } from '../../kernels/common';
import { destroyAll } from '../../gpu/resources';
import { kmeansOnBuffer } from '../../kernels/vector';
import { planAssign, type AssignPlan } from '../../kernels/vector';
import { balancedKmeansOnBuffer } from '../../kernels/vector';
import { balanceLambda, balanceSampleRows, gatherRowsCpu, initCentroids } from '../../kernels/vector';
import { knn } from '../../kernels/vector';
import { KMEANS_PP_SAMPLE, type ClusterEngine, type KmeansOutput } from './ivfEngine';

export class GpuClusterEngine implements ClusterEngine {
  gpuMs = 0;

  constructor(
    private readonly gpu: Gpu,
    /** The resident vector set [rows, d]. */
    private readonly x: GPUBuffer,
    private readonly rows: number,
    private readonly data: Float32Array,
    private readonly d: number,
    private readonly rng: Rng,
  ) {}

  private async timed<T>(body: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await body();
    } finally {
      this.gpuMs += performance.now() - t0;
    }
  }

  async assign(ids: Int32Array, centroids: Float32Array): Promise<Int32Array> {
    if (ids.length === 0) return new Int32Array(0);
    const k = centroids.length / this.d;
    return this.timed(async () => {
      // Everything allocated is released on every path, including a throw while planning.
      const buffers: GPUBuffer[] = [];
      let plan: AssignPlan | undefined;
      try {
        const rows = await gatherRows(this.gpu, this.x, this.rows, this.d, ids);
        buffers.push(rows);
        const cBuf = this.gpu.upload(centroids, 'engine.centroids');
        buffers.push(cBuf);
        const assign = this.gpu.createBuffer(ids.length * 4, 'engine.assign');
        buffers.push(assign);
        const best = this.gpu.createBuffer(ids.length * 4, 'engine.best');
        buffers.push(best);
        plan = await planAssign(this.gpu, { x: rows, centroids: cBuf, assign, best }, { n: ids.length, d: this.d, k });
        await this.gpu.run(plan.encode);
        return await this.gpu.readI32(assign, ids.length);
      } finally {
        plan?.destroy();
        destroyAll(buffers);
      }
    });
  }

  async kmeans(ids: Int32Array, init: Float32Array | number, iters: number, balance: number): Promise<KmeansOutput> {
    const n = ids.length;
    let start = init as Float32Array;
    if (typeof init === 'number')
      start = initCentroids(
        gatherRowsCpu(this.data, ids, this.d),
        n,
        this.d,
        init,
        this.rng,
        'kmeans++',
        KMEANS_PP_SAMPLE,
      );
    const k = start.length / this.d;
    const lambda =
      balance > 0
        ? balanceLambda(
            gatherRowsCpu(
              this.data,
              balanceSampleRows(n).map((i) => ids[i]!),
              this.d,
            ),
            this.d,
            start,
            k,
            n,
            balance,
          )
        : 0;
    return this.timed(async () => {
      const rows = await gatherRows(this.gpu, this.x, this.rows, this.d, ids);
      try {
        const r =
          lambda > 0
            ? await balancedKmeansOnBuffer(this.gpu, rows, n, this.d, start, iters, lambda)
            : await kmeansOnBuffer(this.gpu, rows, n, this.d, start, iters);
        return { centroids: r.centroids, assign: r.assign };
      } finally {
        rows.destroy();
      }
    });
  }

  nearest(queries: Float32Array, base: Float32Array, k: number): Promise<Int32Array> {
    return this.timed(async () => (await knn(this.gpu, base, queries, this.d, k)).ids);
  }

  async distances(ids: Int32Array, centroids: Float32Array): Promise<Float32Array> {
    const k = centroids.length / this.d;
    if (ids.length === 0) return new Float32Array(0);
    return this.timed(async () => {
      const pipeline = await distancePipeline(this.gpu, 'l2');
      const buffers: GPUBuffer[] = [];
      let plan: DistanceBlockPlan | undefined;
      try {
        const rows = await gatherRows(this.gpu, this.x, this.rows, this.d, ids);
        buffers.push(rows);
        const cBuf = this.gpu.upload(centroids, 'engine.centroids');
        buffers.push(cBuf);
        const out = this.gpu.createBuffer(ids.length * k * 4, 'engine.distances');
        buffers.push(out);
        plan = planDistanceBlock(
          this.gpu,
          pipeline,
          { a: rows, b: cBuf, out },
          { M: ids.length, N: k, d: this.d, aRow0: 0 },
        );
        await this.gpu.run(plan.encode);
        return await this.gpu.readF32(out, ids.length * k);
      } finally {
        plan?.destroy();
        destroyAll(buffers);
      }
    });
  }
}
