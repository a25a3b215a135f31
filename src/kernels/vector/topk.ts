// Per-row top-k selection on the GPU (k ≤ 128, any subgroup size): the k smallest (distance, id)
// pairs of each row of a distance block, ties broken by the lower id. Rows with fewer than k
// candidates are padded with id -1 and distance +Infinity. The selection logic lives in
// src/shaders/common/topkSelect.wgsl and is shared with the IVF list scan.
import rowsShader from '../../shaders/vector/topk.rows.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { finishPadding } from './conventions';
import { destroyAll } from '../../gpu/resources';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { assertDims } from './distances';
import type { KernelPlan } from '../../gpu/plan';
import { topkSelectPrelude } from '../common/topkSelect';

/** Largest k the workgroup selection supports (half of its 256-slot buffer). */
export const TOPK_MAX_K = 128;

export function assertTopK(what: string, k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > TOPK_MAX_K) {
    throw new UserInputError(`${what}: k=${k} must be an integer in [1, ${TOPK_MAX_K}]`);
  }
}

export function topkRowsPipeline(gpu: Gpu): Promise<GPUComputePipeline> {
  return gpu.pipeline({ name: 'vector/topk.rows', code: rowsShader, prelude: [topkSelectPrelude] });
}

export type TopkRowsPlan = KernelPlan;

/** One dispatch: rows of `dist` [rows, n] → ids/dists [rowOffset + r, k]. */
export function planTopkRows(
  gpu: Gpu,
  pipeline: GPUComputePipeline,
  bufs: { dist: GPUBuffer; ids: GPUBuffer; dists: GPUBuffer },
  shape: { rows: number; n: number; k: number; rowOffset: number },
): TopkRowsPlan {
  const wg = deviceGrid(gpu, shape.rows, `top-k over ${shape.rows} rows`);
  const params = uniformWords(gpu, [shape.rows, shape.n, shape.k, shape.rowOffset], 'topk.params');
  const group = gpu.bindGroup(pipeline, [bufs.dist, bufs.ids, bufs.dists, params], 'topk');
  return {
    encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg),
    destroy: () => params.destroy(),
  };
}

export interface TopkResult {
  /** [rows, k] column indices (candidate ids), -1 for padding. */
  ids: Int32Array;
  /** [rows, k] ascending distances, +Infinity for padding. */
  dist: Float32Array;
}

/** Top-k of each row of a host distance matrix [rows, n]. */
export async function rowTopK(gpu: Gpu, dist: Float32Array, rows: number, n: number, k: number): Promise<TopkResult> {
  assertDims('top-k', { rows, n });
  assertTopK('top-k', k);
  if (dist.length !== rows * n)
    throw new UserInputError(`top-k: got ${dist.length} distances, expected rows×n = ${rows * n}`);
  const pipeline = await topkRowsPipeline(gpu);
  const bufD = gpu.upload(dist, 'topk.dist');
  const ids = gpu.createBuffer(rows * k * 4, 'topk.ids');
  const dists = gpu.createBuffer(rows * k * 4, 'topk.dists');
  const plan = planTopkRows(gpu, pipeline, { dist: bufD, ids, dists }, { rows, n, k, rowOffset: 0 });
  try {
    await gpu.run(plan.encode);
    const out = { ids: await gpu.readI32(ids, rows * k), dist: await gpu.readF32(dists, rows * k) };
    finishPadding(out.ids, out.dist);
    return out;
  } finally {
    plan.destroy();
    destroyAll([bufD, ids, dists]);
  }
}
