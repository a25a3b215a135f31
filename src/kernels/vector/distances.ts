// Tiled pairwise distances D = dist(A, B) between row sets A [M, d] and B [N, d] (squared L2, or
// negative inner product so smaller is closer for both): typed wrapper, chunk planning that keeps
// each D block inside the storage-binding limit, and encode helpers the k-means / k-NN / IVF
// kernels compose into larger passes.
import shader from '../../shaders/vector/distances.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { DeviceLimitError } from '../../gpu/errors';
import { UserInputError } from '../../core';
import { METRIC_CONSTANT, type Metric } from './conventions';
import { destroyAll } from '../../gpu/resources';
import { uniformWords } from '../../gpu/uniforms';
import type { KernelPlan } from '../../gpu/plan';

const TILE = 64;
/** Cap on one distance block, below any binding limit, so chunked passes keep memory modest. */
const MAX_BLOCK_BYTES = 128 * 1024 * 1024;

export function distancePipeline(gpu: Gpu, metric: Metric): Promise<GPUComputePipeline> {
  return gpu.pipeline({ name: 'vector/distances', code: shader, constants: { METRIC: METRIC_CONSTANT[metric] } });
}

export function assertDims(what: string, values: Record<string, number>): void {
  for (const [k, v] of Object.entries(values)) {
    if (!Number.isInteger(v) || v < 1) throw new UserInputError(`${what}: ${k}=${v} must be a positive integer`);
  }
}

/**
 * Rows of A per distance block so that rows × N floats fit the binding limit (and a 128 MiB cap).
 * Throws DeviceLimitError when even one row of N distances does not fit.
 */
export function rowsPerBlock(gpu: Gpu, N: number, what: string): number {
  const maxBinding = gpu.info.limits.maxStorageBufferBindingSize!;
  const limit = Math.min(maxBinding, MAX_BLOCK_BYTES);
  const rowBytes = N * 4;
  if (rowBytes > maxBinding)
    throw new DeviceLimitError(
      'maxStorageBufferBindingSize',
      rowBytes,
      maxBinding,
      `${what}: one row of ${N} distances`,
    );
  return Math.max(1, Math.floor(limit / rowBytes));
}

/** One dispatch computing rows aRow0 .. aRow0+M-1 of A against all N rows of B into `out`. */
export type DistanceBlockPlan = KernelPlan;

export function planDistanceBlock(
  gpu: Gpu,
  pipeline: GPUComputePipeline,
  bufs: { a: GPUBuffer; b: GPUBuffer; out: GPUBuffer },
  shape: { M: number; N: number; d: number; aRow0: number },
): DistanceBlockPlan {
  const wg: [number, number] = [Math.ceil(shape.N / TILE), Math.ceil(shape.M / TILE)];
  gpu.checkWorkgroups(wg, `distance block ${shape.M}×${shape.N}`);
  const dims = uniformWords(gpu, [shape.M, shape.N, shape.d, shape.aRow0], 'distances.dims');
  const group = gpu.bindGroup(pipeline, [bufs.a, bufs.b, bufs.out, dims], 'distances');
  return {
    encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg),
    destroy: () => dims.destroy(),
  };
}

/** D [M, N] for row-major A [M, d] and B [N, d]; one submit, one readback. */
export async function pairwiseDistances(
  gpu: Gpu,
  a: Float32Array,
  b: Float32Array,
  shape: { M: number; N: number; d: number },
  metric: Metric = 'l2',
): Promise<Float32Array> {
  const { M, N, d } = shape;
  assertDims('distances', { M, N, d });
  if (a.length !== M * d) throw new UserInputError(`distances: A has ${a.length} values, expected M×d = ${M * d}`);
  if (b.length !== N * d) throw new UserInputError(`distances: B has ${b.length} values, expected N×d = ${N * d}`);
  gpu.checkBindingSize(M * N * 4, `distances: D [${M}, ${N}]`);
  const pipeline = await distancePipeline(gpu, metric);
  const bufA = gpu.upload(a, 'distances.a');
  const bufB = gpu.upload(b, 'distances.b');
  const out = gpu.createBuffer(M * N * 4, 'distances.out');
  const plan = planDistanceBlock(gpu, pipeline, { a: bufA, b: bufB, out }, { M, N, d, aRow0: 0 });
  try {
    await gpu.run(plan.encode);
    return await gpu.readF32(out, M * N);
  } finally {
    plan.destroy();
    destroyAll([bufA, bufB, out]);
  }
}
