// Row gather on the GPU (gatherRows.wgsl), shared by the vector and graph families: copies rows
// `ids` of a resident [N, d] matrix into an [m, d] buffer, so a step uploads 4 bytes per row (its
// id) instead of the row. The graph family binds the pipeline into its recorded training steps.
import shader from '../../shaders/common/gatherRows.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { UserInputError } from '../../core';
import { destroyAll } from '../../gpu/resources';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';

/** Invocations per workgroup of gatherRows.wgsl (one per output element). */
export const GATHER_WORKGROUP = 64;

/** The compiled gather pipeline (bindings: x, ids, out, params {rows, cols}). */
export function gatherRowsPipeline(gpu: Gpu): Promise<GPUComputePipeline> {
  return gpu.pipeline({ name: 'common/gatherRows', code: shader });
}

/**
 * Binds a gather of `rows` rows of width `cols` from x (resident) by ids (resident i32 buffer)
 * into out, to record as often as needed (e.g. the token embedding of every decode step). Ids
 * are the caller's to validate: the shader trusts them.
 */
export async function planGatherRows(
  gpu: Gpu,
  bufs: { x: GPUBuffer; ids: GPUBuffer; out: GPUBuffer },
  shape: { rows: number; cols: number },
): Promise<KernelPlan> {
  const pipeline = await gatherRowsPipeline(gpu);
  const params = uniformWords(gpu, [shape.rows, shape.cols, 0, 0], 'gather.params');
  const group = gpu.bindGroup(pipeline, [bufs.x, bufs.ids, bufs.out, params], 'gather');
  const wg = deviceGrid(gpu, Math.ceil((shape.rows * shape.cols) / GATHER_WORKGROUP), 'gather rows');
  return {
    encode: (pass) => {
      if (shape.rows > 0) Gpu.encodeDispatch(pass, pipeline, group, wg);
    },
    destroy: () => params.destroy(),
  };
}

/** Returns a new buffer holding x[ids] ([ids.length, d]); the caller destroys it. */
export async function gatherRows(
  gpu: Gpu,
  x: GPUBuffer,
  rowsInX: number,
  d: number,
  ids: Int32Array,
): Promise<GPUBuffer> {
  for (let i = 0; i < ids.length; i++) {
    if (ids[i]! < 0 || ids[i]! >= rowsInX)
      throw new UserInputError(`gather: id ${ids[i]} at position ${i} is outside [0, ${rowsInX})`);
  }
  const pipeline = await gatherRowsPipeline(gpu);
  const idBuf = gpu.upload(ids, 'gather.ids');
  const out = gpu.createBuffer(ids.length * d * 4, 'gather.out');
  const params = uniformWords(gpu, [ids.length, d, 0, 0], 'gather.params');
  try {
    if (ids.length > 0) {
      const group = gpu.bindGroup(pipeline, [x, idBuf, out, params], 'gather');
      const wg = deviceGrid(gpu, Math.ceil((ids.length * d) / GATHER_WORKGROUP), 'gather rows');
      await gpu.run((pass) => Gpu.encodeDispatch(pass, pipeline, group, wg));
    }
    return out;
  } catch (e) {
    out.destroy();
    throw e;
  } finally {
    destroyAll([idBuf, params]);
  }
}
