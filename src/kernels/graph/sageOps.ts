// Bound GPU operations for the GraphSAGE model: each is compiled once (pipeline cache), bound to
// resident buffers once, and `set(...)` writes its own uniform and returns the dispatch to
// record. One op instance is recorded at most once per submit (its uniform holds one value).
import gemmShader from '../../shaders/graph/sageOps.gemm.wgsl?raw';
import elementwiseShader from '../../shaders/graph/sageOps.elementwise.wgsl?raw';
import xentShader from '../../shaders/graph/sageOps.softmaxXent.wgsl?raw';
import optimizerShader from '../../shaders/graph/sageOps.optimizer.wgsl?raw';
import type { Gpu } from '../../gpu/gpu';
import type { BufferSet } from '../../gpu/resources';
import { flatDispatch } from '../../gpu/dispatch';
import { packUniform, u32s } from '../../gpu/uniforms';
import { type CommandBatch } from '../../gpu/commandBatch';
import { bindSpmm } from './spmm';
import { gatherRowsPipeline } from '../common';

export interface GpuStep {
  pipeline: GPUComputePipeline;
  group: GPUBindGroup;
  wg: [number, number];
}

export const record = (batch: CommandBatch, ...steps: GpuStep[]): void => {
  for (const s of steps) batch.dispatch(s.pipeline, s.group, s.wg);
};

function bound(gpu: Gpu, pipeline: GPUComputePipeline, buffers: GPUBuffer[], owned: BufferSet, label: string) {
  const uniform = owned.add(gpu.uniform(new ArrayBuffer(48), `${label}.params`));
  const group = gpu.bindGroup(pipeline, [...buffers, uniform], label);
  return (words: ArrayBuffer, wg: [number, number]): GpuStep => {
    gpu.device.queue.writeBuffer(uniform, 0, words);
    return { pipeline, group, wg };
  };
}

/** C[M,N] (= or +=) op(A)·op(B). */
export async function gemmOp(
  gpu: Gpu,
  a: GPUBuffer,
  b: GPUBuffer,
  c: GPUBuffer,
  trans: { a?: boolean; b?: boolean },
  owned: BufferSet,
) {
  const pipeline = await gpu.pipeline({
    name: 'graph/sageOps.gemm',
    code: gemmShader,
    constants: { TRANS_A: trans.a ? 1 : 0, TRANS_B: trans.b ? 1 : 0 },
  });
  const set = bound(gpu, pipeline, [a, b, c], owned, 'gemm');
  return (M: number, N: number, K: number, accumulate = false) =>
    set(u32s(M, N, K, accumulate ? 1 : 0), flatDispatch(M * N));
}

export type ElementwiseEntry = 'bias_act' | 'relu_grad' | 'col_sum';

export async function elementwiseOp(
  gpu: Gpu,
  entry: ElementwiseEntry,
  h: GPUBuffer,
  other: GPUBuffer,
  owned: BufferSet,
) {
  const pipeline = await gpu.pipeline({
    name: 'graph/sageOps.elementwise',
    code: elementwiseShader,
    entryPoint: entry,
  });
  const set = bound(gpu, pipeline, [h, other], owned, entry);
  return (rows: number, cols: number, relu = false) =>
    set(u32s(rows, cols, relu ? 1 : 0, 0), entry === 'col_sum' ? [Math.ceil(cols / 64), 1] : flatDispatch(rows * cols));
}

export async function gatherOp(gpu: Gpu, x: GPUBuffer, nodeIds: GPUBuffer, out: GPUBuffer, owned: BufferSet) {
  const pipeline = await gatherRowsPipeline(gpu);
  const set = bound(gpu, pipeline, [x, nodeIds, out], owned, 'gather');
  return (rows: number, cols: number) => set(u32s(rows, cols, 0, 0), flatDispatch(rows * cols));
}

export async function crossEntropyOp(
  gpu: Gpu,
  bufs: {
    logits: GPUBuffer;
    nodeIds: GPUBuffer;
    labels: GPUBuffer;
    dlogits: GPUBuffer;
    loss: GPUBuffer;
    pred: GPUBuffer;
  },
  owned: BufferSet,
) {
  const pipeline = await gpu.pipeline({ name: 'graph/sageOps.softmaxXent', code: xentShader });
  const set = bound(
    gpu,
    pipeline,
    [bufs.logits, bufs.nodeIds, bufs.labels, bufs.dlogits, bufs.loss, bufs.pred],
    owned,
    'xent',
  );
  return (rows: number, classes: number) =>
    set(packUniform([rows, classes, { f32: 1 / Math.max(1, rows) }, 0]), flatDispatch(rows));
}

export interface OptimizerSettings {
  kind: 'sgd' | 'adam';
  lr: number;
  weightDecay: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export async function optimizerOp(gpu: Gpu, param: GPUBuffer, grad: GPUBuffer, count: number, owned: BufferSet) {
  const pipeline = await gpu.pipeline({ name: 'graph/sageOps.optimizer', code: optimizerShader });
  const m = owned.add(gpu.createBuffer(count * 4, 'adam.m'));
  const v = owned.add(gpu.createBuffer(count * 4, 'adam.v'));
  const set = bound(gpu, pipeline, [param, grad, m, v], owned, 'optimizer');
  return (o: OptimizerSettings, step: number) => {
    const b1 = o.beta1 ?? 0.9;
    const b2 = o.beta2 ?? 0.999;
    return set(
      packUniform([
        count,
        o.kind === 'adam' ? 1 : 0,
        { f32: o.lr },
        { f32: b1 },
        { f32: b2 },
        { f32: o.eps ?? 1e-8 },
        { f32: o.weightDecay },
        { f32: 1 - b1 ** step },
        { f32: 1 - b2 ** step },
        0,
        0,
        0,
      ]),
      [Math.ceil(count / 64), 1],
    );
  };
}

/** Mean (forward) or weighted (backward, transposed) aggregation as a GpuStep factory. */
export async function aggregateOp(
  gpu: Gpu,
  mode: 'mean' | 'weighted',
  csr: { indptr: GPUBuffer; indices: GPUBuffer },
  weights: GPUBuffer | null,
  x: GPUBuffer,
  out: GPUBuffer,
  cols: number,
  owned: BufferSet,
) {
  const b = await bindSpmm(gpu, mode, csr, weights, x, out, cols, owned);
  return (rows: number): GpuStep => {
    b.setRows(rows);
    return { pipeline: b.pipeline, group: b.group, wg: b.wg() };
  };
}
