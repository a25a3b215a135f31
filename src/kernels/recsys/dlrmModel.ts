// A small DLRM on the GPU, composed from this family's kernels and llm/linear's GEMM (it has no
// WGSL of its own): EmbeddingBag pooling of T bags per example from a row buffer (a batch's rows,
// or Bagpipe's cache), a bottom MLP on the dense features (ReLU after every layer), DLRM's dot
// interaction, a top MLP (ReLU between layers, none after the last), binary cross-entropy, then
// the backward pass, plain SGD on the dense weights and SGD or Adagrad on the embedding rows the
// batch touched (sparse backward: sort by row + segment reduce). One training step is one compute
// pass and one readback (the per-example losses). Reference: dlrmModel.reference.ts.
// With a slot map (a GPU slot cache's row → slot table, slotCache.ts), batch ids are logical rows
// and the GPU translates them (and the sparse gradient's distinct rows) into cache slots; the host
// then never needs to know where a row sits. Grouping by logical row gives the same segments as
// grouping by slot (the map is one-to-one on a batch's rows), so the updates are identical.
import type { Gpu } from '../../gpu/gpu';
import type { Rng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';
import { planLinear } from '../llm/linear';
import { planBceLoss } from './bceLoss';
import { planBias, planBiasGrad, planReluBackward, planSgd } from './denseOps';
import { interactionWidth, planDotInteraction, planDotInteractionBackward } from './dotInteraction';
import { checkBags, planEmbeddingBag } from './embeddingBag';
import { planEmbeddingBagBackward, type EmbeddingBagBackwardPlan } from './embeddingBagBackward';
import { planRowOptimizer, type RowOptimizerPlan, type RowOptimizerSettings } from './rowOptimizer';
import { planSlotLookup, type SlotLookupPlan } from './slotCache';

export interface DlrmDims {
  /** Examples per batch. */
  B: number;
  denseIn: number;
  /** Bottom MLP widths after the input; the last is the embedding dimension. */
  bottom: number[];
  /** Bags (tables) per example. */
  T: number;
  dim: number;
  /** Top MLP widths after the interaction; the last must be 1 (the logit). */
  top: number[];
  /** Rows of the row buffer the model reads and updates. */
  tableRows: number;
  /** Most ids in one batch. */
  maxNnz: number;
}

export interface Layer {
  /** PyTorch layout [out, in]. */
  w: Float32Array;
  b: Float32Array;
}

export interface DlrmParams {
  bottom: Layer[];
  top: Layer[];
}

/** A GPU slot cache's row → slot table: batch ids are rows in [0, rows); misses count in status[0]. */
export interface DlrmSlotMap {
  slotOf: GPUBuffer;
  rows: number;
  status: GPUBuffer;
}

export interface DlrmOptimizer {
  denseLr: number;
  rows: RowOptimizerSettings;
}

/** One batch: dense [B, denseIn], labels [B], bag offsets [B·T + 1] (example-major), ids = rows of the row buffer. */
export interface DlrmBatch {
  dense: Float32Array;
  labels: Float32Array;
  ids: ArrayLike<number>;
  offsets: ArrayLike<number>;
}

export function layerSizes(d: DlrmDims): { bottom: [number, number][]; top: [number, number][] } {
  const chain = (input: number, widths: number[]) =>
    widths.map((w, i): [number, number] => [i ? widths[i - 1]! : input, w]);
  return { bottom: chain(d.denseIn, d.bottom), top: chain(interactionWidth(d), d.top) };
}

export function checkDims(d: DlrmDims): void {
  const all = [d.B, d.denseIn, d.T, d.dim, d.tableRows, d.maxNnz, ...d.bottom, ...d.top];
  if (!all.every((n) => Number.isInteger(n) && n >= 1) || d.bottom.length === 0 || d.top.length === 0)
    throw new UserInputError(
      `dlrm: every size must be a positive integer and both MLPs need a layer (${JSON.stringify(d)})`,
    );
  if (d.bottom.at(-1) !== d.dim)
    throw new UserInputError(
      `dlrm: the bottom MLP must end at the embedding dimension ${d.dim}, not ${d.bottom.at(-1)}`,
    );
  if (d.top.at(-1) !== 1) throw new UserInputError(`dlrm: the top MLP must end in 1 logit, not ${d.top.at(-1)}`);
}

/** Uniform ±√(6 / (in + out)) weights (Glorot), zero biases, from `rng`. */
export function initDlrmParams(d: DlrmDims, rng: Rng): DlrmParams {
  checkDims(d);
  const layer = ([i, o]: [number, number]): Layer => {
    const a = Math.sqrt(6 / (i + o));
    return { w: Float32Array.from({ length: i * o }, () => rng.uniform(-a, a)), b: new Float32Array(o) };
  };
  const s = layerSizes(d);
  return { bottom: s.bottom.map(layer), top: s.top.map(layer) };
}

interface GpuLayer {
  w: GPUBuffer;
  b: GPUBuffer;
  dw: GPUBuffer;
  db: GPUBuffer;
  /** Output activations [B, out] (after bias and ReLU) and their gradient. */
  y: GPUBuffer;
  dy: GPUBuffer;
  sizes: [number, number];
}

export class DlrmModel {
  private constructor(
    private readonly gpu: Gpu,
    readonly dims: DlrmDims,
    private readonly owned: BufferSet,
    private readonly plans: KernelPlan[],
    private readonly bagBackward: EmbeddingBagBackwardPlan,
    private readonly rowOpt: RowOptimizerPlan,
    private readonly lookups: { ids: SlotLookupPlan; rows: SlotLookupPlan } | null,
    private readonly idRows: number,
    private readonly io: { dense: GPUBuffer; labels: GPUBuffer; ids: GPUBuffer; offsets: GPUBuffer; loss: GPUBuffer },
    private readonly layers: { bottom: GpuLayer[]; top: GpuLayer[] },
  ) {}

  /**
   * `table` [tableRows, dim] and `acc` (Adagrad state, same shape) are the caller's row buffers;
   * `slotMap`: batch ids are rows of a slot cache whose slots are the rows of `table`.
   */
  static async create(
    gpu: Gpu,
    d: DlrmDims,
    params: DlrmParams,
    opt: DlrmOptimizer,
    table: GPUBuffer,
    acc: GPUBuffer,
    slotMap?: DlrmSlotMap,
  ): Promise<DlrmModel> {
    checkDims(d);
    const sizes = layerSizes(d);
    const owned = new BufferSet();
    const plans: KernelPlan[] = [];
    const add = async <P extends KernelPlan>(p: Promise<P>): Promise<P> => {
      const plan = await p;
      plans.push(plan);
      return plan;
    };
    try {
      const f32 = (n: number, label: string) => owned.add(gpu.createBuffer(n * 4, `dlrm.${label}`));
      const io = {
        dense: f32(d.B * d.denseIn, 'dense'),
        labels: f32(d.B, 'labels'),
        ids: owned.add(gpu.createBuffer(d.maxNnz * 4, 'dlrm.ids')),
        offsets: owned.add(gpu.createBuffer((d.B * d.T + 1) * 4, 'dlrm.offsets')),
        loss: f32(d.B, 'loss'),
      };
      const mk = (sz: [number, number], init: Layer, name: string): GpuLayer => {
        if (init.w.length !== sz[0] * sz[1] || init.b.length !== sz[1])
          throw new UserInputError(
            `dlrm: ${name} weights have ${init.w.length} + ${init.b.length} values, expected [${sz[1]}, ${sz[0]}] + ${sz[1]}`,
          );
        return {
          w: owned.add(gpu.upload(init.w, `dlrm.${name}.w`)),
          b: owned.add(gpu.upload(init.b, `dlrm.${name}.b`)),
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
      let lookups: { ids: SlotLookupPlan; rows: SlotLookupPlan } | null = null;
      let slotIds = io.ids;
      if (slotMap) {
        if (!Number.isInteger(slotMap.rows) || slotMap.rows < 1)
          throw new UserInputError(`dlrm: the slot map's rows ${slotMap.rows} must be a positive integer`);
        slotIds = owned.add(gpu.createBuffer(d.maxNnz * 4, 'dlrm.slotIds'));
        const ids = await add(
          planSlotLookup(gpu, { slotOf: slotMap.slotOf, ids: io.ids, out: slotIds, status: slotMap.status }, d.maxNnz),
        );
        lookups = { ids, rows: ids };
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
      const logits = layers.top.at(-1)!.y;
      const topOut = layers.top.at(-1)!;
      await add(planBceLoss(gpu, { logits, labels: io.labels, loss: io.loss, dLogits: topOut.dy }, d.B));
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
      const bagBackward = await planEmbeddingBagBackward(
        gpu,
        { dOut: dPooled, grad: rowGrad },
        { rows: idRows, dim: d.dim, bags, maxNnz: d.maxNnz },
      );
      plans.push(bagBackward);
      let gradRows = bagBackward.rowsBuffer;
      if (slotMap && lookups) {
        // The gradient's distinct rows → their slots, after the host has written them (setBags).
        gradRows = owned.add(gpu.createBuffer(d.maxNnz * 4, 'dlrm.slotRows'));
        const rows = await add(
          planSlotLookup(
            gpu,
            { slotOf: slotMap.slotOf, ids: bagBackward.rowsBuffer, out: gradRows, status: slotMap.status },
            d.maxNnz,
          ),
        );
        lookups = { ids: lookups.ids, rows };
      }
      const rowOpt = await planRowOptimizer(
        gpu,
        { table, acc, grad: rowGrad, rows: gradRows },
        { tableRows: d.tableRows, dim: d.dim, maxRows: d.maxNnz },
        opt.rows,
      );
      plans.push(rowOpt);
      for (const l of [...layers.bottom, ...layers.top]) {
        await add(planSgd(gpu, l.w, l.dw, l.sizes[0] * l.sizes[1], opt.denseLr));
        await add(planSgd(gpu, l.b, l.db, l.sizes[1], opt.denseLr));
      }
      return new DlrmModel(gpu, d, owned, plans, bagBackward, rowOpt, lookups, idRows, io, layers);
    } catch (e) {
      for (const p of plans) p.destroy();
      owned.destroy();
      throw e;
    }
  }

  /** One training step on `batch`; returns the batch's mean loss before the update. */
  async step(batch: DlrmBatch): Promise<number> {
    const d = this.dims;
    if (batch.dense.length !== d.B * d.denseIn || batch.labels.length !== d.B)
      throw new UserInputError(`dlrm: a batch needs dense [${d.B}, ${d.denseIn}] and labels [${d.B}]`);
    if (batch.offsets.length !== d.B * d.T + 1)
      throw new UserInputError(
        `dlrm: offsets has ${batch.offsets.length} values, expected [B·T + 1] = ${d.B * d.T + 1}`,
      );
    if (batch.ids.length > d.maxNnz)
      throw new UserInputError(`dlrm: ${batch.ids.length} ids exceed maxNnz = ${d.maxNnz}`);
    checkBags(batch.ids, batch.offsets, this.idRows, 'dlrm');
    const q = this.gpu.device.queue;
    q.writeBuffer(this.io.dense, 0, batch.dense);
    q.writeBuffer(this.io.labels, 0, batch.labels);
    if (batch.ids.length) q.writeBuffer(this.io.ids, 0, Uint32Array.from(batch.ids));
    q.writeBuffer(this.io.offsets, 0, Uint32Array.from(batch.offsets));
    const g = this.bagBackward.setBags(batch.ids, batch.offsets);
    this.rowOpt.setCount(g.count);
    this.lookups?.ids.setCount(batch.ids.length);
    this.lookups?.rows.setCount(g.count);
    await this.gpu.run((pass) => {
      for (const p of this.plans) p.encode(pass);
    });
    const loss = await this.gpu.readF32(this.io.loss, d.B);
    let s = 0;
    for (const v of loss) s += v;
    return s / d.B;
  }

  async readParams(): Promise<DlrmParams> {
    const read = async (l: GpuLayer): Promise<Layer> => ({
      w: await this.gpu.readF32(l.w, l.sizes[0] * l.sizes[1]),
      b: await this.gpu.readF32(l.b, l.sizes[1]),
    });
    const bottom: Layer[] = [];
    for (const l of this.layers.bottom) bottom.push(await read(l));
    const top: Layer[] = [];
    for (const l of this.layers.top) top.push(await read(l));
    return { bottom, top };
  }

  destroy(): void {
    for (const p of this.plans) p.destroy();
    this.owned.destroy();
  }
}
