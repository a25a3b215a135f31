// Row gather on the GPU (gatherRows.wgsl): copies rows `ids` of a resident [N, d] vector set into
// a new [m, d] buffer, so maintenance steps upload 4 bytes per row (its id) instead of the row.
import shader from '../shaders/ivf/gatherRows.wgsl?raw';
import { Gpu } from '../gpu/gpu';
import { UserInputError } from '../experiments/types';
import { destroyAll, grid, uniformWords } from './ivfGpu';

/** Returns a new buffer holding x[ids] ([ids.length, d]); the caller destroys it. */
export async function gatherRows(gpu: Gpu, x: GPUBuffer, rowsInX: number, d: number, ids: Int32Array): Promise<GPUBuffer> {
  for (let i = 0; i < ids.length; i++) {
    if (ids[i]! < 0 || ids[i]! >= rowsInX) throw new UserInputError(`gather: id ${ids[i]} at position ${i} is outside [0, ${rowsInX})`);
  }
  const pipeline = await gpu.pipeline({ name: 'ivf/gatherRows', code: shader });
  const idBuf = gpu.upload(ids, 'gather.ids');
  const out = gpu.createBuffer(ids.length * d * 4, 'gather.out');
  const params = uniformWords(gpu, [ids.length, d, 0, 0], 'gather.params');
  try {
    if (ids.length > 0) {
      const group = gpu.bindGroup(pipeline, [x, idBuf, out, params], 'gather');
      const wg = grid(gpu, Math.ceil((ids.length * d) / 256), 'gather rows');
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
