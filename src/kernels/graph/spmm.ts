// CSR SpMM on the GPU (src/shaders/graph/spmm.wgsl): sum, mean and per-edge-weighted aggregation
// of neighbour feature rows. Row r aggregates r's OUT-neighbours; for undirected graphs build the
// CSR symmetric. `planSpmm` binds resident buffers so training can encode it many times.
import shader from '../../shaders/graph/spmm.wgsl?raw';
import type { Gpu } from '../../gpu/gpu';
import type { Csr } from '../../data/graphs/csr';
import { UserInputError } from '../../core';
import { uploadCsr, type CsrBuffers } from './csrBuffers';
import { BufferSet } from '../../gpu/resources';
import { flatDispatch } from '../../gpu/dispatch';
import { CommandBatch } from '../../gpu/commandBatch';
import { u32s } from '../../gpu/uniforms';
import type { SpmmMode } from './spmm.reference';

const MODE_ID: Record<SpmmMode, number> = { sum: 0, mean: 1, weighted: 2 };

export function spmmPipeline(gpu: Gpu, mode: SpmmMode): Promise<GPUComputePipeline> {
  return gpu.pipeline({ name: 'graph/spmm', code: shader, constants: { MODE: MODE_ID[mode] } });
}

export interface SpmmBinding {
  pipeline: GPUComputePipeline;
  group: GPUBindGroup;
  /** Rows aggregated now; set before encoding (writes the uniform). */
  setRows(rows: number, accumulate?: boolean): void;
  wg(): [number, number];
}

/**
 * Binds indptr/indices (/weights) and x → out with `cols` columns. A dummy weights buffer is
 * bound for sum/mean (the layout is shared). Rows default to all of the CSR's rows.
 */
export async function bindSpmm(
  gpu: Gpu,
  mode: SpmmMode,
  csr: { indptr: GPUBuffer; indices: GPUBuffer },
  weights: GPUBuffer | null,
  x: GPUBuffer,
  out: GPUBuffer,
  cols: number,
  owned: BufferSet,
): Promise<SpmmBinding> {
  const pipeline = await spmmPipeline(gpu, mode);
  const w = weights ?? owned.add(gpu.createBuffer(4, 'spmm.noWeights'));
  const uniform = owned.add(gpu.uniform(u32s(0, cols, 0, 0), 'spmm.params'));
  const group = gpu.bindGroup(pipeline, [csr.indptr, csr.indices, w, x, out, uniform], `spmm-${mode}`);
  let rows = 0;
  return {
    pipeline,
    group,
    setRows(r, accumulate = false) {
      rows = r;
      gpu.device.queue.writeBuffer(uniform, 0, u32s(r, cols, accumulate ? 1 : 0, 0));
    },
    wg: () => flatDispatch(rows * cols),
  };
}

export function validateFeatures(g: Csr, x: Float32Array, cols: number, what = 'x'): void {
  if (!Number.isInteger(cols) || cols < 1)
    throw new UserInputError(`${what}: feature width ${cols} must be a positive integer`);
  if (x.length !== g.numNodes * cols) {
    throw new UserInputError(
      `${what} has ${x.length} values, expected [n, d] = [${g.numNodes}, ${cols}] (n = indptr length − 1)`,
    );
  }
}

/** One-shot aggregation: uploads, runs, reads back. */
export async function spmm(
  gpu: Gpu,
  g: Csr,
  x: Float32Array,
  cols: number,
  mode: SpmmMode,
  weights?: Float32Array,
): Promise<Float32Array> {
  validateFeatures(g, x, cols);
  if (mode === 'weighted' && weights?.length !== g.indices.length) {
    throw new UserInputError(
      `weighted SpMM needs one weight per edge (${g.indices.length}), got ${weights?.length ?? 0}`,
    );
  }
  gpu.checkBindingSize(g.numNodes * cols * 4, `SpMM output [${g.numNodes}, ${cols}]`);
  const owned = new BufferSet();
  try {
    const csr: CsrBuffers = uploadCsr(gpu, g, 'spmm.graph');
    owned.add(csr.indptr);
    owned.add(csr.indices);
    const xb = owned.add(gpu.upload(x, 'spmm.x'));
    const out = owned.add(gpu.createBuffer(g.numNodes * cols * 4, 'spmm.out'));
    const wb = mode === 'weighted' ? owned.add(gpu.upload(weights!, 'spmm.weights')) : null;
    const b = await bindSpmm(gpu, mode, csr, wb, xb, out, cols, owned);
    b.setRows(g.numNodes);
    gpu.checkWorkgroups(b.wg(), `SpMM over ${g.numNodes}×${cols} outputs`);
    await new CommandBatch(gpu).dispatch(b.pipeline, b.group, b.wg()).submit();
    return await gpu.readF32(out, g.numNodes * cols);
  } finally {
    owned.destroy();
  }
}
