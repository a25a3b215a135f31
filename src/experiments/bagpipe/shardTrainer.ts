// One data-parallel trainer's half of a DLRM step on the GPU: forward and backward on its shard of
// the batch, leaving its gradients in GPU buffers — the embedding rows' sparse gradient (distinct
// rows ascending, rowGrad) and the MLPs' weight and bias gradients — without applying them. The
// multi-trainer run (multiTrainerRun.ts) all-reduces them across trainers and then applies the
// updates, as synchronous data-parallel training does. Composed of the same recsys kernels and
// llm/linear GEMM as DlrmModel (src/kernels/recsys/dlrmModel.ts), in the same order, so one
// trainer's forward and backward are DlrmModel's. Its loss gradient is that of the whole batch's
// mean (meanOver = the batch's E examples, not its shard's B_p): each trainer's gradient is then
// B_p/E times its shard's mean gradient, and the trainers' gradients summed are the batch-mean
// gradient one trainer would compute, for equal or unequal shards. With a slot map the batch ids
// are logical rows looked up in the trainer's GPU slot cache.
import type { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';
import { planLinear } from '../../kernels/llm/linear';
import {
  checkBags,
  checkDims,
  interactionWidth,
  layerSizes,
  planBceLoss,
  planBias,
  planBiasGrad,
  planDotInteraction,
  planDotInteractionBackward,
  planEmbeddingBag,
  planEmbeddingBagBackward,
  planReluBackward,
  planSlotLookup,
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
    const sizes = layerSizes(d);
    const owned = new BufferSet();
    const plans: KernelPlan[] = [];
    const add = async <P extends KernelPlan>(p: Promise<P> | P): Promise<P> => {
      const plan = await p;
      plans.push(plan);
      return plan;
    };
    try {
      const f32 = (n: number, label: string) => owned.add(gpu.createBuffer(n * 4, `shard.${label}`));
      const io = {
        dense: f32(d.B * d.denseIn, 'dense'),
        labels: f32(d.B, 'labels'),
        ids: owned.add(gpu.createBuffer(d.maxNnz * 4, 'shard.ids')),
        offsets: owned.add(gpu.createBuffer((d.B * d.T + 1) * 4, 'shard.offsets')),
      };
      const loss = f32(d.B, 'loss');
      type L = {
        w: GPUBuffer;
        b: GPUBuffer;
        dw: GPUBuffer;
        db: GPUBuffer;
        y: GPUBuffer;
        dy: GPUBuffer;
        sizes: [number, number];
      };
      const mk = (sz: [number, number], name: string, init: DlrmParams['bottom'][number] | undefined): L => {
        if (!init || init.w.length !== sz[0] * sz[1] || init.b.length !== sz[1])
          throw new UserInputError(`shard trainer: ${name} weights do not match [${sz[1]}, ${sz[0]}]`);
        return {
          w: owned.add(gpu.upload(init.w, `shard.${name}.w`)),
          b: owned.add(gpu.upload(init.b, `shard.${name}.b`)),
          dw: f32(sz[0] * sz[1], `${name}.dw`),
          db: f32(sz[1], `${name}.db`),
          y: f32(d.B * sz[1], `${name}.y`),
          dy: f32(d.B * sz[1], `${name}.dy`),
          sizes: sz,
        };
      };
      const bottom = sizes.bottom.map((s, i) => mk(s, `bottom${i}`, params.bottom[i]));
      const top = sizes.top.map((s, i) => mk(s, `top${i}`, params.top[i]));
      const width = interactionWidth(d);
      const pooled = f32(d.B * d.T * d.dim, 'pooled');
      const dPooled = f32(d.B * d.T * d.dim, 'dPooled');
      const z = f32(d.B * width, 'z');
      const dz = f32(d.B * width, 'dz');
      const rowGrad = f32(d.maxNnz * d.dim, 'rowGrad');
      const bags = d.B * d.T;
      let lookup: SlotLookupPlan | null = null;
      let slotIds = io.ids;
      if (slotMap) {
        slotIds = owned.add(gpu.createBuffer(d.maxNnz * 4, 'shard.slotIds'));
        lookup = await add(
          planSlotLookup(gpu, { slotOf: slotMap.slotOf, ids: io.ids, out: slotIds, status: slotMap.status }, d.maxNnz),
        );
      }
      await add(
        planEmbeddingBag(
          gpu,
          { table, ids: slotIds, offsets: io.offsets, out: pooled },
          { rows: d.tableRows, dim: d.dim, bags, maxNnz: d.maxNnz },
        ),
      );
      const forward = async (ls: L[], input: GPUBuffer, reluLast: boolean) => {
        let x = input;
        for (const [i, l] of ls.entries()) {
          const [inW, outW] = l.sizes;
          await add(planLinear(gpu, { a: x, b: l.w, c: l.y }, { M: d.B, N: outW, K: inW, transB: true }));
          await add(planBias(gpu, l.y, l.b, d.B, outW, reluLast || i < ls.length - 1));
          x = l.y;
        }
      };
      await forward(bottom, io.dense, true);
      const bottomOut = bottom.at(-1)!.y;
      await add(planDotInteraction(gpu, { x: bottomOut, e: pooled, z }, { B: d.B, T: d.T, dim: d.dim }));
      await forward(top, z, false);
      const last = top.at(-1)!;
      await add(planBceLoss(gpu, { logits: last.y, labels: io.labels, loss, dLogits: last.dy }, d.B, meanOver));
      const backward = async (ls: L[], input: GPUBuffer, dInput: GPUBuffer | null, reluLast: boolean) => {
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
      await backward(top, z, dz, false);
      await add(
        planDotInteractionBackward(
          gpu,
          { x: bottomOut, e: pooled, dz, dx: bottom.at(-1)!.dy, de: dPooled },
          { B: d.B, T: d.T, dim: d.dim },
        ),
      );
      await backward(bottom, io.dense, null, true);
      const idRows = slotMap ? slotMap.rows : d.tableRows;
      const bagBackward = await add(
        planEmbeddingBagBackward(
          gpu,
          { dOut: dPooled, grad: rowGrad },
          { rows: idRows, dim: d.dim, bags, maxNnz: d.maxNnz },
        ),
      );
      const dense = [...bottom, ...top].flatMap((l): DenseTensor[] => [
        { param: l.w, grad: l.dw, size: l.sizes[0] * l.sizes[1] },
        { param: l.b, grad: l.db, size: l.sizes[1] },
      ]);
      return new ShardTrainer(gpu, d, owned, plans, bagBackward, lookup, idRows, io, loss, rowGrad, dense);
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
