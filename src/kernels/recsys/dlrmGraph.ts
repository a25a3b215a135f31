// The DLRM's forward and backward pass as a list of plans, without any update: EmbeddingBag
// pooling (through a slot map's lookup when there is one), the bottom MLP, dot interaction, the
// top MLP, BCE loss, then the backward pass down to the embedding rows' sparse gradient (rowGrad,
// distinct rows ascending). DlrmModel (dlrmModel.ts) appends its optimizers; Bagpipe's shard
// trainer uses it as is and all-reduces the gradients before its own updates. One builder, so
// both run the same kernels in the same order.
import type { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import type { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';
import { planLinear } from '../llm/linear';
import { planBceLoss } from './bceLoss';
import { planBias, planBiasGrad, planReluBackward } from './denseOps';
import { interactionWidth, planDotInteraction, planDotInteractionBackward } from './dotInteraction';
import { planEmbeddingBag } from './embeddingBag';
import { planEmbeddingBagBackward, type EmbeddingBagBackwardPlan } from './embeddingBagBackward';
import { planSlotLookup, type SlotLookupPlan } from './slotCache';
import { layerSizes, type DlrmDims, type DlrmParams, type DlrmSlotMap, type Layer } from './dlrmModel';

export interface GpuLayer {
  w: GPUBuffer;
  b: GPUBuffer;
  dw: GPUBuffer;
  db: GPUBuffer;
  /** Output activations [B, out] (after bias and ReLU) and their gradient. */
  y: GPUBuffer;
  dy: GPUBuffer;
  sizes: [number, number];
}

export interface DlrmGraph {
  /** Inputs the host writes per batch, and the per-example losses [B]. */
  io: { dense: GPUBuffer; labels: GPUBuffer; ids: GPUBuffer; offsets: GPUBuffer; loss: GPUBuffer };
  layers: { bottom: GpuLayer[]; top: GpuLayer[] };
  /** Gradient of the batch's distinct rows [maxNnz, dim], in the order setBags returns. */
  rowGrad: GPUBuffer;
  bagBackward: EmbeddingBagBackwardPlan;
  /** The batch ids → slots lookup (with a slot map), whose count the host sets per batch. */
  idsLookup: SlotLookupPlan | null;
  /** Rows a batch id may name: the slot map's rows, else the table's. */
  idRows: number;
}

export interface DlrmGraphOptions {
  /** Prefix of the buffers' debug labels. */
  label: string;
  /** Examples the loss gradient averages over (default B; a data-parallel shard: its whole batch). */
  meanOver?: number;
  slotMap?: DlrmSlotMap;
}

/**
 * Plans forward and backward in order through `add`, its buffers owned by `owned` (the caller
 * frees both if this throws). `table` [tableRows, dim] is the caller's row buffer.
 */
export async function planDlrmGraph(
  gpu: Gpu,
  d: DlrmDims,
  params: DlrmParams,
  table: GPUBuffer,
  owned: BufferSet,
  add: <P extends KernelPlan>(p: Promise<P>) => Promise<P>,
  o: DlrmGraphOptions,
): Promise<DlrmGraph> {
  const sizes = layerSizes(d);
  const f32 = (n: number, label: string) => owned.add(gpu.createBuffer(n * 4, `${o.label}.${label}`));
  const io = {
    dense: f32(d.B * d.denseIn, 'dense'),
    labels: f32(d.B, 'labels'),
    ids: owned.add(gpu.createBuffer(d.maxNnz * 4, `${o.label}.ids`)),
    offsets: owned.add(gpu.createBuffer((d.B * d.T + 1) * 4, `${o.label}.offsets`)),
    loss: f32(d.B, 'loss'),
  };
  const mk = (sz: [number, number], init: Layer, name: string): GpuLayer => {
    if (init.w.length !== sz[0] * sz[1] || init.b.length !== sz[1])
      throw new UserInputError(
        `dlrm: ${name} weights have ${init.w.length} + ${init.b.length} values, expected [${sz[1]}, ${sz[0]}] + ${sz[1]}`,
      );
    return {
      w: owned.add(gpu.upload(init.w, `${o.label}.${name}.w`)),
      b: owned.add(gpu.upload(init.b, `${o.label}.${name}.b`)),
      dw: f32(sz[0] * sz[1], `${name}.dw`),
      db: f32(sz[1], `${name}.db`),
      y: f32(d.B * sz[1], `${name}.y`),
      dy: f32(d.B * sz[1], `${name}.dy`),
      sizes: sz,
    };
  };
  if (params.bottom.length !== sizes.bottom.length || params.top.length !== sizes.top.length)
    throw new UserInputError('dlrm: parameters do not match the layer counts of the dimensions');
  const layers = {
    bottom: sizes.bottom.map((s, i) => mk(s, params.bottom[i]!, `bottom${i}`)),
    top: sizes.top.map((s, i) => mk(s, params.top[i]!, `top${i}`)),
  };
  const width = interactionWidth(d);
  const pooled = f32(d.B * d.T * d.dim, 'pooled');
  const dPooled = f32(d.B * d.T * d.dim, 'dPooled');
  const z = f32(d.B * width, 'z');
  const dz = f32(d.B * width, 'dz');
  const rowGrad = f32(d.maxNnz * d.dim, 'rowGrad');
  const bags = d.B * d.T;
  const slotMap = o.slotMap;
  let idsLookup: SlotLookupPlan | null = null;
  let slotIds = io.ids;
  if (slotMap) {
    if (!Number.isInteger(slotMap.rows) || slotMap.rows < 1)
      throw new UserInputError(`dlrm: the slot map's rows ${slotMap.rows} must be a positive integer`);
    slotIds = owned.add(gpu.createBuffer(d.maxNnz * 4, `${o.label}.slotIds`));
    idsLookup = await add(
      planSlotLookup(gpu, { slotOf: slotMap.slotOf, ids: io.ids, out: slotIds, status: slotMap.status }, d.maxNnz),
    );
  }
  // Forward.
  await add(
    planEmbeddingBag(
      gpu,
      { table, ids: slotIds, offsets: io.offsets, out: pooled },
      { rows: d.tableRows, dim: d.dim, bags, maxNnz: d.maxNnz },
    ),
  );
  const forward = async (ls: GpuLayer[], input: GPUBuffer, reluLast: boolean) => {
    let x = input;
    for (const [i, l] of ls.entries()) {
      const [inW, outW] = l.sizes;
      await add(planLinear(gpu, { a: x, b: l.w, c: l.y }, { M: d.B, N: outW, K: inW, transB: true }));
      await add(planBias(gpu, l.y, l.b, d.B, outW, reluLast || i < ls.length - 1));
      x = l.y;
    }
  };
  await forward(layers.bottom, io.dense, true);
  const bottomOut = layers.bottom.at(-1)!.y;
  await add(planDotInteraction(gpu, { x: bottomOut, e: pooled, z }, { B: d.B, T: d.T, dim: d.dim }));
  await forward(layers.top, z, false);
  const topOut = layers.top.at(-1)!;
  await add(
    planBceLoss(gpu, { logits: topOut.y, labels: io.labels, loss: io.loss, dLogits: topOut.dy }, d.B, o.meanOver),
  );
  // Backward: each layer's dy holds the gradient of its output; ReLU layers mask it first.
  const backward = async (ls: GpuLayer[], input: GPUBuffer, dInput: GPUBuffer | null, reluLast: boolean) => {
    for (let i = ls.length - 1; i >= 0; i--) {
      const l = ls[i]!;
      const [inW, outW] = l.sizes;
      if (reluLast || i < ls.length - 1) await add(planReluBackward(gpu, l.dy, l.y, d.B * outW));
      const x = i ? ls[i - 1]!.y : input;
      await add(planLinear(gpu, { a: l.dy, b: x, c: l.dw }, { M: outW, N: inW, K: d.B, transA: true }));
      await add(planBiasGrad(gpu, l.dy, l.db, d.B, outW));
      const dx = i ? ls[i - 1]!.dy : dInput;
      if (dx) await add(planLinear(gpu, { a: l.dy, b: l.w, c: dx }, { M: d.B, N: inW, K: outW }));
    }
  };
  await backward(layers.top, z, dz, false);
  await add(
    planDotInteractionBackward(
      gpu,
      { x: bottomOut, e: pooled, dz, dx: layers.bottom.at(-1)!.dy, de: dPooled },
      { B: d.B, T: d.T, dim: d.dim },
    ),
  );
  await backward(layers.bottom, io.dense, null, true);
  const idRows = slotMap ? slotMap.rows : d.tableRows;
  const bagBackward = await add(
    planEmbeddingBagBackward(
      gpu,
      { dOut: dPooled, grad: rowGrad },
      { rows: idRows, dim: d.dim, bags, maxNnz: d.maxNnz },
    ),
  );
  return { io, layers, rowGrad, bagBackward, idsLookup, idRows };
}
