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
import { planSgd } from './denseOps';
import { interactionWidth } from './dotInteraction';
import { checkBags } from './embeddingBag';
import type { EmbeddingBagBackwardPlan } from './embeddingBagBackward';
import { planDlrmGraph, type GpuLayer } from './dlrmGraph';
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
    const owned = new BufferSet();
    const plans: KernelPlan[] = [];
    const add = async <P extends KernelPlan>(p: Promise<P>): Promise<P> => {
      const plan = await p;
      plans.push(plan);
      return plan;
    };
    try {
      const { io, layers, rowGrad, bagBackward, idsLookup, idRows } = await planDlrmGraph(
        gpu,
        d,
        params,
        table,
        owned,
        add,
        { label: 'dlrm', slotMap },
      );
      let lookups: { ids: SlotLookupPlan; rows: SlotLookupPlan } | null = null;
      let gradRows = bagBackward.rowsBuffer;
      if (slotMap && idsLookup) {
        // The gradient's distinct rows → their slots, after the host has written them (setBags).
        gradRows = owned.add(gpu.createBuffer(d.maxNnz * 4, 'dlrm.slotRows'));
        const rows = await add(
          planSlotLookup(
            gpu,
            { slotOf: slotMap.slotOf, ids: bagBackward.rowsBuffer, out: gradRows, status: slotMap.status },
            d.maxNnz,
          ),
        );
        lookups = { ids: idsLookup, rows };
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
