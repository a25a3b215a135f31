// LSE merge of two partial attention results (o [rows, h, d], lse [rows, h]) over disjoint key
// sets: the step every ring algorithm runs after each partial attention. Exact, -inf aware.
import shader from '../../shaders/attention/lseMerge.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import type { AttentionOutput } from './flashAttention';
import { deviceGrid } from '../../gpu/dispatch';

const WORKGROUP_SIZE = 256;

export function lseMergePipeline(gpu: Gpu): Promise<GPUComputePipeline> {
  return gpu.pipeline({ name: 'attention/lseMerge', code: shader });
}

export function lseMergeParamsBuffer(
  gpu: Gpu,
  rowHeads: number,
  headDim: number,
  label = 'lseMerge.params',
): GPUBuffer {
  return gpu.uniform(new Uint32Array([rowHeads, headDim, 0, 0]).buffer, label);
}

export interface LseMergeBindings {
  oA: GPUBuffer;
  lseA: GPUBuffer;
  oB: GPUBuffer;
  lseB: GPUBuffer;
  /** Must be distinct from the inputs (WebGPU forbids aliasing a written binding). */
  oOut: GPUBuffer;
  lseOut: GPUBuffer;
  params: GPUBuffer;
}

export function bindLseMerge(
  gpu: Gpu,
  pipeline: GPUComputePipeline,
  b: LseMergeBindings,
  label?: string,
): GPUBindGroup {
  return gpu.bindGroup(pipeline, [b.oA, b.lseA, b.oB, b.lseB, b.oOut, b.lseOut, b.params], label);
}

/** Workgroup grid for `elements` invocations, folded into 2-D past maxComputeWorkgroupsPerDimension. */
export function lseMergeGrid(gpu: Gpu, elements: number): [number, number] {
  return deviceGrid(gpu, Math.ceil(elements / WORKGROUP_SIZE), `LSE merge of ${elements} values`);
}

export function encodeLseMerge(
  gpu: Gpu,
  pass: GPUComputePassEncoder,
  pipeline: GPUComputePipeline,
  group: GPUBindGroup,
  rowHeads: number,
  headDim: number,
): void {
  const elements = rowHeads * headDim;
  if (elements === 0) return;
  Gpu.encodeDispatch(pass, pipeline, group, lseMergeGrid(gpu, elements));
}

/** Merges a and b (each o [rowHeads·d], lse [rowHeads]; lse may hold -Infinity for empty rows). */
export async function lseMerge(
  gpu: Gpu,
  a: AttentionOutput,
  b: AttentionOutput,
  rowHeads: number,
  headDim: number,
): Promise<AttentionOutput> {
  for (const [name, x] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (x.o.length !== rowHeads * headDim || x.lse.length !== rowHeads) {
      throw new UserInputError(
        `lseMerge: ${name} has o ${x.o.length} / lse ${x.lse.length} values, expected rows·h·d = ${rowHeads * headDim} / rows·h = ${rowHeads}`,
      );
    }
  }
  const pipeline = await lseMergePipeline(gpu);
  const owned = [
    gpu.upload(a.o, 'lseMerge.oA'),
    gpu.upload(a.lse, 'lseMerge.lseA'),
    gpu.upload(b.o, 'lseMerge.oB'),
    gpu.upload(b.lse, 'lseMerge.lseB'),
    gpu.createBuffer(a.o.byteLength, 'lseMerge.o'),
    gpu.createBuffer(a.lse.byteLength, 'lseMerge.lse'),
    lseMergeParamsBuffer(gpu, rowHeads, headDim),
  ] as const;
  const [oA, lseA, oB, lseB, oOut, lseOut, params] = owned;
  try {
    const group = bindLseMerge(gpu, pipeline, { oA, lseA, oB, lseB, oOut, lseOut, params });
    await gpu.run((pass) => encodeLseMerge(gpu, pass, pipeline, group, rowHeads, headDim));
    return { o: await gpu.readF32(oOut, rowHeads * headDim), lse: await gpu.readF32(lseOut, rowHeads) };
  } finally {
    for (const buf of owned) buf.destroy();
  }
}
