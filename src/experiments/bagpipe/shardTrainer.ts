// One data-parallel trainer's half of a DLRM step on the GPU: forward and backward on its shard of
// the batch, leaving its gradients in GPU buffers — the embedding rows' sparse gradient (distinct
// rows ascending, rowGrad) and the MLPs' weight and bias gradients — without applying them. The
// multi-trainer run (multiTrainerRun.ts) all-reduces them across trainers and then applies the
// updates, as synchronous data-parallel training does. Its forward and backward are DlrmModel's
// (both are planned by planDlrmGraph, src/kernels/recsys/dlrmGraph.ts). Its loss gradient is that of the whole batch's
// mean (meanOver = the batch's E examples, not its shard's B_p): each trainer's gradient is then
// B_p/E times its shard's mean gradient, and the trainers' gradients summed are the batch-mean
// gradient one trainer would compute, for equal or unequal shards. With a slot map the batch ids
// are logical rows looked up in the trainer's GPU slot cache.
import type { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';
import {
  checkBags,
  checkDims,
  planDlrmGraph,
  type BagGrouping,
  type DlrmBatch,
  type DlrmDims,
  type DlrmParams,
  type DlrmSlotMap,
  type EmbeddingBagBackwardPlan,
  type SlotLookupPlan,
} from '../../kernels/recsys';

/** A dense parameter tensor of one trainer's replica and its gradient buffer. */
export interface DenseTensor {
  param: GPUBuffer;
  grad: GPUBuffer;
  size: number;
}

export class ShardTrainer {
  private constructor(
    private readonly gpu: Gpu,
    readonly dims: DlrmDims,
    private readonly owned: BufferSet,
    private readonly plans: KernelPlan[],
    private readonly bagBackward: EmbeddingBagBackwardPlan,
    private readonly lookup: SlotLookupPlan | null,
    private readonly idRows: number,
    private readonly io: { dense: GPUBuffer; labels: GPUBuffer; ids: GPUBuffer; offsets: GPUBuffer },
    /** Per-example losses [B]. */
    readonly loss: GPUBuffer,
    /** Gradient of the shard's distinct rows [maxNnz, dim], in the order setBatch returns. */
    readonly rowGrad: GPUBuffer,
    /** Bottom then top MLP layers: weight, then bias. */
    readonly dense: DenseTensor[],
  ) {}

  static async create(
    gpu: Gpu,
    d: DlrmDims,
    params: DlrmParams,
    table: GPUBuffer,
    /** Examples of the whole batch this shard belongs to: the loss gradient is of their mean. */
    meanOver: number,
    slotMap?: DlrmSlotMap,
  ): Promise<ShardTrainer> {
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
        { label: 'shard', meanOver, slotMap },
      );
      const dense = [...layers.bottom, ...layers.top].flatMap((l): DenseTensor[] => [
        { param: l.w, grad: l.dw, size: l.sizes[0] * l.sizes[1] },
        { param: l.b, grad: l.db, size: l.sizes[1] },
      ]);
      return new ShardTrainer(gpu, d, owned, plans, bagBackward, idsLookup, idRows, io, io.loss, rowGrad, dense);
    } catch (e) {
      for (const p of plans) p.destroy();
      owned.destroy();
      throw e;
    }
  }

  /** Writes the shard's inputs; returns the distinct rows (ascending) whose gradients rowGrad will hold. */
  setBatch(batch: DlrmBatch): BagGrouping {
    const d = this.dims;
    if (batch.dense.length !== d.B * d.denseIn || batch.labels.length !== d.B || batch.offsets.length !== d.B * d.T + 1)
      throw new UserInputError(
        `shard trainer: a shard needs ${d.B} examples of ${d.denseIn} dense features and ${d.T} bags`,
      );
    if (batch.ids.length > d.maxNnz)
      throw new UserInputError(`shard trainer: ${batch.ids.length} ids exceed ${d.maxNnz}`);
    checkBags(batch.ids, batch.offsets, this.idRows, 'shard trainer');
    const q = this.gpu.device.queue;
    q.writeBuffer(this.io.dense, 0, batch.dense);
    q.writeBuffer(this.io.labels, 0, batch.labels);
    if (batch.ids.length) q.writeBuffer(this.io.ids, 0, Uint32Array.from(batch.ids));
    q.writeBuffer(this.io.offsets, 0, Uint32Array.from(batch.offsets));
    this.lookup?.setCount(batch.ids.length);
    return this.bagBackward.setBags(batch.ids, batch.offsets);
  }

  /** Forward and backward (no update): call after setBatch, inside one pass. */
  encode(pass: GPUComputePassEncoder): void {
    for (const p of this.plans) p.encode(pass);
  }

  /** The replica's MLP parameters, concatenated in `dense` order (bottom then top; weight, then bias). */
  async readDense(): Promise<Float32Array> {
    const out = new Float32Array(this.dense.reduce((s, x) => s + x.size, 0));
    let off = 0;
    for (const x of this.dense) {
      out.set(await this.gpu.readF32(x.param, x.size), off);
      off += x.size;
    }
    return out;
  }

  destroy(): void {
    for (const p of this.plans) p.destroy();
    this.owned.destroy();
  }
}
