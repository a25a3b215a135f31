// Size-balanced k-means for local re-clustering (Ada-IVF's "BalancedKMeans", which the paper
// leaves unspecified). Cost of putting row i in cluster c: |x_i - μ_c|² + λ·|c|, where |c| counts
// the rows already placed in c during this round — a sequential assignment, so a cluster that
// fills up becomes expensive to the rows that come after. A simultaneous (Jacobi) penalty from
// the previous round's sizes oscillates (every row leaves a crowded cluster at once), so the
// assignment is CPU-side bookkeeping around GPU kernels: per round the GPU computes the distance
// block [n, k] (one readback), the CPU assigns rows in ascending order, and the GPU sorts the
// rows by cluster and recomputes the means from the uploaded assignment. λ comes from
// balanceLambda (balance × mean squared distance / average cluster size).
import type { Gpu } from '../../gpu/gpu';
import { assertDims, distancePipeline, planDistanceBlock, rowsPerBlock } from './distances';
import { destroyAll } from '../../gpu/resources';
import { assertIters, planCentroidUpdate, sizesOf, type CentroidUpdatePlan, type KmeansResult } from './kmeans';
import { assertKmeansSize } from './kmeansInit';

/**
 * The sequential penalised assignment, fed one distance chunk [rows, k] at a time in row order:
 * row i goes to argmin_j d(i, j) + λ·(rows already placed in j), ties to the lower j.
 */
export class BalancedAssigner {
  readonly assign: Int32Array;
  readonly best: Float64Array;
  private readonly placed: Float64Array;
  private next = 0;

  constructor(
    n: number,
    private readonly k: number,
    private readonly lambda: number,
  ) {
    this.assign = new Int32Array(n);
    this.best = new Float64Array(n);
    this.placed = new Float64Array(k);
  }

  add(dist: ArrayLike<number>, rows: number): void {
    const k = this.k;
    for (let r = 0; r < rows; r++, this.next++) {
      let bj = 0;
      let bc = Infinity;
      for (let j = 0; j < k; j++) {
        const c = dist[r * k + j]! + this.lambda * this.placed[j]!;
        if (c < bc) {
          bc = c;
          bj = j;
        }
      }
      this.assign[this.next] = bj;
      this.best[this.next] = dist[r * k + bj]!;
      this.placed[bj]!++;
    }
  }
}

export async function balancedKmeansOnBuffer(
  gpu: Gpu,
  x: GPUBuffer,
  n: number,
  d: number,
  init: Float32Array,
  iters: number,
  lambda: number,
): Promise<KmeansResult> {
  assertDims('balanced k-means', { n, d });
  const k = init.length / d;
  assertKmeansSize('balanced k-means', n, k);
  assertIters('balanced k-means', iters);
  const distP = await distancePipeline(gpu, 'l2');
  const chunk = Math.min(n, rowsPerBlock(gpu, k, `balanced k-means over ${k} centroids`));
  // Everything allocated is released on every path, including a throw while planning.
  const buffers: GPUBuffer[] = [];
  const parts: { rows: number; plan: ReturnType<typeof planDistanceBlock> }[] = [];
  let update: CentroidUpdatePlan | undefined;
  try {
    const centroids = gpu.upload(init, 'bkmeans.centroids');
    buffers.push(centroids);
    const block = gpu.createBuffer(chunk * k * 4, 'bkmeans.distances');
    buffers.push(block);
    const assignBuf = gpu.createBuffer(n * 4, 'bkmeans.assign');
    buffers.push(assignBuf);
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const rows = Math.min(chunk, n - r0);
      parts.push({
        rows,
        plan: planDistanceBlock(gpu, distP, { a: x, b: centroids, out: block }, { M: rows, N: k, d, aRow0: r0 }),
      });
    }
    update = await planCentroidUpdate(gpu, { x, assign: assignBuf, centroids }, { n, d, k });
    let result = new BalancedAssigner(n, k, lambda);
    for (let it = 0; it <= iters; it++) {
      result = new BalancedAssigner(n, k, lambda);
      for (const part of parts) {
        await gpu.run(part.plan.encode);
        result.add(await gpu.readF32(block, part.rows * k), part.rows);
      }
      if (it === iters) break;
      gpu.device.queue.writeBuffer(assignBuf, 0, result.assign);
      await gpu.run(update.encode);
    }
    const out = await gpu.readF32(centroids, k * d);
    let inertia = 0;
    for (const b of result.best) inertia += b;
    return { centroids: out, assign: result.assign, sizes: sizesOf(result.assign, k), inertia };
  } finally {
    for (const part of parts) part.plan.destroy();
    update?.destroy();
    destroyAll(buffers);
  }
}
