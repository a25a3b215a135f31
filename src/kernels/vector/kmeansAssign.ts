// Nearest-centroid assignment on the GPU: tiled distances (rows × centroids, in row chunks that
// fit the binding limit) followed by a per-row argmin. Used by the k-means
// assignment step and to route inserted vectors to IVF partitions.
import argminShader from '../../shaders/vector/kmeansAssign.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { distancePipeline, planDistanceBlock, rowsPerBlock, type DistanceBlockPlan } from './distances';
import { type Metric } from './conventions';
import { destroyAll } from '../../gpu/resources';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import type { KernelPlan } from '../../gpu/plan';

export type AssignPlan = KernelPlan;

/**
 * Encodes assign[i] = argmin_j dist(x_i, c_j) (ties to the lower j) and best[i] = that distance
 * for rows 0..n-1 of x [n, d] against centroids [k, d]; dist is squared L2 (k-means) or -x·c
 * (routing for an inner-product index). All buffers are the caller's.
 */
export async function planAssign(
  gpu: Gpu,
  bufs: { x: GPUBuffer; centroids: GPUBuffer; assign: GPUBuffer; best: GPUBuffer },
  shape: { n: number; d: number; k: number },
  metric: Metric = 'l2',
): Promise<AssignPlan> {
  const { n, d, k } = shape;
  const distP = await distancePipeline(gpu, metric);
  const argminP = await gpu.pipeline({ name: 'vector/kmeansAssign', code: argminShader });
  const chunk = Math.min(n, rowsPerBlock(gpu, k, `assignment of ${n} rows to ${k} centroids`));
  const block = gpu.createBuffer(chunk * k * 4, 'assign.distances');
  const parts: { dist: DistanceBlockPlan; uniform: GPUBuffer; group: GPUBindGroup; wg: [number, number] }[] = [];
  for (let r0 = 0; r0 < n; r0 += chunk) {
    const rows = Math.min(chunk, n - r0);
    const dist = planDistanceBlock(
      gpu,
      distP,
      { a: bufs.x, b: bufs.centroids, out: block },
      { M: rows, N: k, d, aRow0: r0 },
    );
    const uniform = uniformWords(gpu, [rows, k, r0, 0], 'assign.dims');
    const group = gpu.bindGroup(argminP, [block, bufs.assign, bufs.best, uniform], 'assign.argmin');
    parts.push({ dist, uniform, group, wg: deviceGrid(gpu, Math.ceil(rows / 64), 'assignment rows') });
  }
  return {
    encode(pass) {
      for (const p of parts) {
        p.dist.encode(pass);
        Gpu.encodeDispatch(pass, argminP, p.group, p.wg);
      }
    },
    destroy() {
      for (const p of parts) {
        p.dist.destroy();
        p.uniform.destroy();
      }
      block.destroy();
    },
  };
}

export interface AssignResult {
  assign: Int32Array;
  /** Squared L2 distance of each row to its centroid. */
  dist: Float32Array;
}

/** Host convenience: nearest centroid of each row of x [n, d]. */
export async function assignToCentroids(
  gpu: Gpu,
  x: Float32Array,
  centroids: Float32Array,
  d: number,
  metric: Metric = 'l2',
): Promise<AssignResult> {
  if (!Number.isInteger(d) || d < 1) throw new UserInputError(`assign: d=${d} must be a positive integer`);
  const n = x.length / d;
  const k = centroids.length / d;
  if (!Number.isInteger(n) || !Number.isInteger(k) || k < 1) {
    throw new UserInputError(
      `assign: x (${x.length} values) and centroids (${centroids.length}) must both be whole rows of d=${d}`,
    );
  }
  if (n === 0) return { assign: new Int32Array(0), dist: new Float32Array(0) };
  const xBuf = gpu.upload(x, 'assign.x');
  const cBuf = gpu.upload(centroids, 'assign.centroids');
  const assign = gpu.createBuffer(n * 4, 'assign.out');
  const best = gpu.createBuffer(n * 4, 'assign.best');
  const plan = await planAssign(gpu, { x: xBuf, centroids: cBuf, assign, best }, { n, d, k }, metric);
  try {
    await gpu.run(plan.encode);
    return { assign: await gpu.readI32(assign, n), dist: await gpu.readF32(best, n) };
  } finally {
    plan.destroy();
    destroyAll([xBuf, cBuf, assign, best]);
  }
}
