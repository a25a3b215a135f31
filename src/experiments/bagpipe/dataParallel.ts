// P data-parallel trainers as partitions of one GPU: each has its own row buffer (a batch buffer,
// or its own Bagpipe slot cache), its own replica of the MLPs and its own shard of every batch
// (shardTrainer.ts). After the backward passes their gradients are all-reduced on the GPU with
// rowAllReduce (src/kernels/recsys): every trainer's rows are copied into one staging buffer, then
// each trainer sums, in trainer order, the P gradients of each row it updates — the all-reduce's
// result landing in every trainer's memory — and applies its optimizer. Each trainer's gradient
// is already its share of the batch mean (B_p/E times its shard's mean gradient, shardTrainer.ts),
// so the sum is the batch-mean gradient: with equal shards that is the usual average over P
// trainers, with unequal ones it stays the batch mean one trainer would compute.
// Bagpipe's sync_later rows are parked instead (each trainer's own gradient copied to a pending
// pool, an exact copy) and all-reduced from there when flushed, before the row is next read or
// written back. The dense MLP gradients are all-reduced every step the same way. Every sum has the
// same order and every update the same inputs whichever way a row goes, so a row's values do not
// depend on when it was synchronised.
import type { Gpu } from '../../gpu/gpu';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';
import {
  planRowAllReduce,
  planRowOptimizer,
  planSgd,
  planSlotLookup,
  type DlrmOptimizer,
  type RowAllReducePlan,
  type RowOptimizerPlan,
  type SlotLookupPlan,
} from '../../kernels/recsys';
import type { ShardTrainer } from './shardTrainer';

export interface TrainerRows {
  /** Row buffer [rows, dim] and its Adagrad state: what the trainer's model reads and updates. */
  table: GPUBuffer;
  acc: GPUBuffer;
  rows: number;
  /** The slot cache's row → slot table and miss counter (Bagpipe), or none (the host gives positions). */
  slotMap?: { slotOf: GPUBuffer; status: GPUBuffer };
}

/** One row update: the row (logical, or its position in the trainer's buffer) and its P gradient sources. */
export interface RowUpdate {
  /** Logical row with a slot map, else the row's position in the trainer's buffer. */
  target: number;
  /** P sources: rows of the staging (or pending) buffer, −1 where that trainer has no gradient. */
  sources: ArrayLike<number>;
}

/**
 * The all-reduce's divisor: 1, a plain sum, because each trainer's gradient is already weighted
 * B_p/E (its share of the batch mean); parking one gradient (K = 1) is an exact copy.
 */
const SUM = 1;

interface PerTrainer {
  t: ShardTrainer;
  upd: GPUBuffer;
  updTargets: GPUBuffer;
  fromStage: RowAllReducePlan;
  fromPending: RowAllReducePlan | null;
  lookup: SlotLookupPlan | null;
  rowOpt: RowOptimizerPlan;
  denseAvg: GPUBuffer;
  denseReduce: RowAllReducePlan;
  sgd: KernelPlan[];
}

export class DataParallel {
  readonly P: number;
  /** Staging rows per trainer: trainer p's gradient of its k-th distinct row is stage row p·M + k. */
  readonly M: number;
  private readonly stage: GPUBuffer;
  private readonly pending: GPUBuffer | null;
  private readonly denseStage: GPUBuffer;
  private readonly lossAll: GPUBuffer;
  private readonly denseSize: number;
  private readonly per: PerTrainer[] = [];
  private park: RowAllReducePlan | null = null;
  private readonly owned = new BufferSet();
  private readonly plans: KernelPlan[] = [];

  private constructor(
    private readonly gpu: Gpu,
    readonly trainers: ShardTrainer[],
    private readonly rowBufs: TrainerRows[],
    readonly dim: number,
    /** Pending-pool rows per trainer (Bagpipe's parked gradients); 0 without. */
    readonly Q: number,
    /** Most row updates one trainer applies at once. */
    readonly maxUpdates: number,
    private readonly examples: number,
  ) {
    this.P = trainers.length;
    this.M = Math.max(...trainers.map((t) => t.dims.maxNnz));
    this.denseSize = trainers[0]!.dense.reduce((s, x) => s + x.size, 0);
    const f32 = (n: number, label: string) => this.owned.add(gpu.createBuffer(n * 4, `dataParallel.${label}`));
    this.stage = f32(this.P * this.M * dim, 'stage');
    this.pending = Q > 0 ? f32(this.P * Q * dim, 'pending') : null;
    this.denseStage = f32(this.P * this.denseSize, 'denseStage');
    this.lossAll = f32(examples, 'loss');
  }

  static async create(
    gpu: Gpu,
    trainers: ShardTrainer[],
    rowBufs: TrainerRows[],
    opt: DlrmOptimizer,
    sizes: { dim: number; Q: number; maxUpdates: number; maxParked: number; examples: number },
  ): Promise<DataParallel> {
    const dp = new DataParallel(gpu, trainers, rowBufs, sizes.dim, sizes.Q, sizes.maxUpdates, sizes.examples);
    try {
      await dp.build(opt, sizes.maxParked);
    } catch (e) {
      dp.destroy();
      throw e;
    }
    return dp;
  }

  private async build(opt: DlrmOptimizer, maxParked: number): Promise<void> {
    const { gpu, P, M, dim, Q, maxUpdates } = this;
    const add = async <T extends KernelPlan>(p: Promise<T> | T): Promise<T> => {
      const plan = await p;
      this.plans.push(plan);
      return plan;
    };
    const D = this.denseSize;
    for (let p = 0; p < P; p++) {
      const t = this.trainers[p]!;
      const rb = this.rowBufs[p]!;
      const upd = this.owned.add(gpu.createBuffer(maxUpdates * dim * 4, `dataParallel.upd${p}`));
      const updTargets = this.owned.add(gpu.createBuffer(maxUpdates * 4, `dataParallel.targets${p}`));
      const shape = { outRows: maxUpdates, dim, K: P, maxCount: maxUpdates };
      const fromStage = await add(planRowAllReduce(gpu, { src: this.stage, out: upd }, { ...shape, srcRows: P * M }));
      const fromPending = this.pending
        ? await add(planRowAllReduce(gpu, { src: this.pending, out: upd }, { ...shape, srcRows: P * Q }))
        : null;
      let rowsBuf = updTargets;
      let lookup: SlotLookupPlan | null = null;
      if (rb.slotMap) {
        rowsBuf = this.owned.add(gpu.createBuffer(maxUpdates * 4, `dataParallel.slots${p}`));
        lookup = await add(
          planSlotLookup(
            gpu,
            { slotOf: rb.slotMap.slotOf, ids: updTargets, out: rowsBuf, status: rb.slotMap.status },
            maxUpdates,
          ),
        );
      }
      const rowOpt = await add(
        planRowOptimizer(
          gpu,
          { table: rb.table, acc: rb.acc, grad: upd, rows: rowsBuf },
          { tableRows: rb.rows, dim, maxRows: maxUpdates },
          opt.rows,
        ),
      );
      const denseAvg = this.owned.add(gpu.createBuffer(D * 4, `dataParallel.denseAvg${p}`));
      const denseReduce = await add(
        planRowAllReduce(
          gpu,
          { src: this.denseStage, out: denseAvg },
          { srcRows: P, outRows: 1, dim: D, K: P, maxCount: 1 },
        ),
      );
      // Every trainer sums the P replicas' dense gradients (rows of denseStage) into its own copy.
      denseReduce.set(
        Array.from({ length: P }, (_, k) => k),
        [0],
        SUM,
      );
      const sgd: KernelPlan[] = [];
      for (const x of t.dense) sgd.push(await add(planSgd(gpu, x.param, x.grad, x.size, opt.denseLr)));
      this.per.push({ t, upd, updTargets, fromStage, fromPending, lookup, rowOpt, denseAvg, denseReduce, sgd });
    }
    if (this.pending)
      this.park = await add(
        planRowAllReduce(
          gpu,
          { src: this.stage, out: this.pending },
          { srcRows: P * M, outRows: P * Q, dim, K: 1, maxCount: Math.max(1, P * maxParked) },
        ),
      );
  }

  /** Pending-pool row of trainer p's parked gradient in pool position j. */
  pendingRow(p: number, j: number): number {
    return p * this.Q + j;
  }

  private setUpdates(p: number, plan: RowAllReducePlan, ups: RowUpdate[]): void {
    const x = this.per[p]!;
    const n = ups.length;
    const index = new Int32Array(n * this.P);
    ups.forEach((u, i) => index.set(Array.from(u.sources), i * this.P));
    plan.set(
      index,
      Array.from({ length: n }, (_, i) => i),
      SUM,
    );
    if (n)
      this.gpu.device.queue.writeBuffer(
        x.updTargets,
        0,
        Uint32Array.from(ups, (u) => u.target),
      );
    x.lookup?.setCount(n);
    x.rowOpt.setCount(n);
  }

  /** All-reduces parked gradients (sources in the pending pool) and applies them: per trainer, its rows. */
  async flush(updates: RowUpdate[][]): Promise<void> {
    if (updates.every((u) => u.length === 0)) return;
    updates.forEach((u, p) => this.setUpdates(p, this.per[p]!.fromPending!, u));
    await this.gpu.run((pass) => {
      for (const x of this.per) {
        x.fromPending!.encode(pass);
        x.lookup?.encode(pass);
        x.rowOpt.encode(pass);
      }
    });
  }

  /**
   * One step after every trainer's setBatch: forward and backward of all trainers, their gradients
   * staged (counts[p] distinct rows each), `park` entries copied to the pending pool, each trainer's
   * `updates` all-reduced and applied, the dense gradients all-reduced and applied. Returns the
   * per-example losses of the whole batch (trainer order).
   */
  async step(counts: number[], park: { dst: number[]; src: number[] }, updates: RowUpdate[][]): Promise<Float32Array> {
    const { gpu, M, dim } = this;
    const D = this.denseSize;
    if (park.dst.length) this.park!.set(park.src, park.dst, SUM);
    updates.forEach((u, p) => this.setUpdates(p, this.per[p]!.fromStage, u));
    const enc = gpu.device.createCommandEncoder();
    let pass = enc.beginComputePass();
    for (const t of this.trainers) t.encode(pass);
    pass.end();
    let lossAt = 0;
    this.trainers.forEach((t, p) => {
      if (counts[p]! > 0) enc.copyBufferToBuffer(t.rowGrad, 0, this.stage, p * M * dim * 4, counts[p]! * dim * 4);
      let off = 0;
      for (const x of t.dense) {
        enc.copyBufferToBuffer(x.grad, 0, this.denseStage, (p * D + off) * 4, x.size * 4);
        off += x.size;
      }
      enc.copyBufferToBuffer(t.loss, 0, this.lossAll, lossAt * 4, t.dims.B * 4);
      lossAt += t.dims.B;
    });
    pass = enc.beginComputePass();
    if (park.dst.length) this.park!.encode(pass);
    for (const x of this.per) {
      x.fromStage.encode(pass);
      x.lookup?.encode(pass);
      x.rowOpt.encode(pass);
      x.denseReduce.encode(pass);
    }
    pass.end();
    for (const x of this.per) {
      let off = 0;
      for (const d of x.t.dense) {
        enc.copyBufferToBuffer(x.denseAvg, off * 4, d.grad, 0, d.size * 4);
        off += d.size;
      }
    }
    pass = enc.beginComputePass();
    for (const x of this.per) for (const s of x.sgd) s.encode(pass);
    pass.end();
    gpu.device.queue.submit([enc.finish()]);
    return gpu.readF32(this.lossAll, this.examples);
  }

  destroy(): void {
    for (const p of this.plans) p.destroy();
    this.owned.destroy();
  }
}
