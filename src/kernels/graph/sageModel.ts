// A GraphSAGE model that trains on the GPU: forward (gather → per layer mean aggregation, two
// GEMMs, bias + ReLU), softmax cross-entropy, backward (ReLU mask, weight GEMMs with Aᵀ, bias
// column sums, input gradients through Wᵀ and the transposed mean aggregation) and an SGD/Adam
// step, all recorded into one submit per mini-batch. The only host work per batch is the
// transposed block CSR (O(nnz), from the block the sampler read back anyway) and two small reads.
import type { Gpu } from '../../gpu/gpu';
import type { Rng } from '../../data/pcg32';
import { BufferSet } from '../../gpu/resources';
import { CommandBatch } from '../../gpu/commandBatch';
import {
  aggregateOp,
  crossEntropyOp,
  elementwiseOp,
  gatherOp,
  gemmOp,
  optimizerOp,
  record,
  type GpuStep,
  type OptimizerSettings,
} from './sageOps';
import { initSageParams, type SageParams } from './sageModel.reference';

/** What one forward pass reads: input node ids and a CSR over input rows (a block or the full graph). */
export interface SageStructure {
  key: string;
  nodeIds: GPUBuffer;
  indptr: GPUBuffer;
  indices: GPUBuffer;
}

/** Host copy of a block's CSR and its level sizes: rows[0] = input rows … rows[L] = seeds. */
export interface HostBlock {
  indptr: Int32Array;
  indices: Int32Array;
  rows: number[];
}

interface Program {
  gather: (r: number, c: number) => GpuStep;
  aggregate: ((rows: number) => GpuStep)[];
  xent: (rows: number, classes: number) => GpuStep;
}

export interface SageModelOptions {
  dims: number[];
  maxRows: number;
  maxBlockNnz: number;
  optimizer: OptimizerSettings;
  rng?: Rng;
}

/** Restricts a block to its first m rows and transposes it, weighting each edge by 1/deg(row). */
export function transposedMean(block: HostBlock, m: number, cols: number) {
  const indptr = new Int32Array(cols + 1);
  const end = block.indptr[m]!;
  for (let e = 0; e < end; e++) indptr[block.indices[e]! + 1]!++;
  for (let j = 0; j < cols; j++) indptr[j + 1]! += indptr[j]!;
  const fill = indptr.slice(0, cols);
  const indices = new Int32Array(end);
  const weights = new Float32Array(end);
  for (let r = 0; r < m; r++) {
    const s = block.indptr[r]!;
    const t = block.indptr[r + 1]!;
    for (let e = s; e < t; e++) {
      const slot = fill[block.indices[e]!]!++;
      indices[slot] = r;
      weights[slot] = 1 / (t - s);
    }
  }
  return { indptr, indices, weights };
}

export class SageModel {
  private readonly owned = new BufferSet();
  private readonly programs = new Map<string, Program>();
  private steps = 0;
  readonly L: number;
  private p!: { wSelf: GPUBuffer; wNeigh: GPUBuffer; bias: GPUBuffer; g: GPUBuffer[] }[];
  private h!: GPUBuffer[];
  private agg!: GPUBuffer[];
  private dh!: GPUBuffer[];
  private dagg!: GPUBuffer[];
  private loss!: GPUBuffer;
  private pred!: GPUBuffer;
  private transposed!: { indptr: GPUBuffer; indices: GPUBuffer; weights: GPUBuffer }[];
  private ops!: Awaited<ReturnType<SageModel['bindOps']>>;

  private constructor(
    private readonly gpu: Gpu,
    private readonly features: GPUBuffer,
    private readonly labels: GPUBuffer,
    readonly o: SageModelOptions,
  ) {
    this.L = o.dims.length - 1;
  }

  static async create(
    gpu: Gpu,
    features: GPUBuffer,
    labels: GPUBuffer,
    o: SageModelOptions,
    init?: SageParams,
  ): Promise<SageModel> {
    const m = new SageModel(gpu, features, labels, o);
    if (!init && !o.rng) throw new Error('SageModel needs initial weights or an rng to draw them');
    m.allocate(init ?? initSageParams(o.dims, o.rng!));
    m.ops = await m.bindOps();
    return m;
  }

  private allocate(init: SageParams): void {
    const { gpu, owned, o } = this;
    const buf = (floats: number, label: string) => owned.add(gpu.createBuffer(floats * 4, label));
    this.p = init.map((l, i) => ({
      wSelf: owned.add(gpu.upload(l.wSelf, `sage.wSelf${i}`)),
      wNeigh: owned.add(gpu.upload(l.wNeigh, `sage.wNeigh${i}`)),
      bias: owned.add(gpu.upload(l.bias, `sage.bias${i}`)),
      g: [
        buf(l.dIn * l.dOut, `sage.gwSelf${i}`),
        buf(l.dIn * l.dOut, `sage.gwNeigh${i}`),
        buf(l.dOut, `sage.gbias${i}`),
      ],
    }));
    this.h = o.dims.map((d, l) => buf(o.maxRows * d, `sage.h${l}`));
    this.dh = o.dims.map((d, l) => buf(o.maxRows * d, `sage.dh${l}`));
    this.agg = init.map((l, i) => buf(o.maxRows * l.dIn, `sage.agg${i}`));
    this.dagg = init.map((l, i) => buf(o.maxRows * l.dIn, `sage.dagg${i}`));
    this.loss = buf(o.maxRows, 'sage.loss');
    this.pred = buf(o.maxRows, 'sage.pred');
    this.transposed = init.map((_, i) => ({
      indptr: buf(o.maxRows + 1, `sage.tIndptr${i}`),
      indices: buf(o.maxBlockNnz, `sage.tIndices${i}`),
      weights: buf(o.maxBlockNnz, `sage.tWeights${i}`),
    }));
  }

  private async bindOps() {
    const { gpu, owned, p, h, agg, dh, dagg } = this;
    return Promise.all(
      this.o.dims.slice(1).map(async (dOut, l) => {
        const dIn = this.o.dims[l]!;
        const t = this.transposed[l]!;
        return {
          dIn,
          dOut,
          fSelf: await gemmOp(gpu, h[l]!, p[l]!.wSelf, h[l + 1]!, {}, owned),
          fNeigh: await gemmOp(gpu, agg[l]!, p[l]!.wNeigh, h[l + 1]!, {}, owned),
          biasAct: await elementwiseOp(gpu, 'bias_act', h[l + 1]!, p[l]!.bias, owned),
          reluGrad: await elementwiseOp(gpu, 'relu_grad', dh[l + 1]!, h[l + 1]!, owned),
          gSelf: await gemmOp(gpu, h[l]!, dh[l + 1]!, p[l]!.g[0]!, { a: true }, owned),
          gNeigh: await gemmOp(gpu, agg[l]!, dh[l + 1]!, p[l]!.g[1]!, { a: true }, owned),
          gBias: await elementwiseOp(gpu, 'col_sum', p[l]!.g[2]!, dh[l + 1]!, owned),
          dAgg: await gemmOp(gpu, dh[l + 1]!, p[l]!.wNeigh, dagg[l]!, { b: true }, owned),
          spread: await aggregateOp(gpu, 'weighted', t, t.weights, dagg[l]!, dh[l]!, dIn, owned),
          dSelf: await gemmOp(gpu, dh[l + 1]!, p[l]!.wSelf, dh[l]!, { b: true }, owned),
          update: await Promise.all(
            [
              [p[l]!.wSelf, p[l]!.g[0]!, dIn * dOut],
              [p[l]!.wNeigh, p[l]!.g[1]!, dIn * dOut],
              [p[l]!.bias, p[l]!.g[2]!, dOut],
            ].map(([param, grad, count]) =>
              optimizerOp(gpu, param as GPUBuffer, grad as GPUBuffer, count as number, owned),
            ),
          ),
        };
      }),
    );
  }

  private async program(s: SageStructure): Promise<Program> {
    let prog = this.programs.get(s.key);
    if (!prog) {
      const { gpu, owned, h, agg } = this;
      prog = {
        gather: await gatherOp(gpu, this.features, s.nodeIds, h[0]!, owned),
        aggregate: await Promise.all(
          this.ops.map((op, l) => aggregateOp(gpu, 'mean', s, null, h[l]!, agg[l]!, op.dIn, owned)),
        ),
        xent: await crossEntropyOp(
          gpu,
          {
            logits: h[this.L]!,
            nodeIds: s.nodeIds,
            labels: this.labels,
            dlogits: this.dh[this.L]!,
            loss: this.loss,
            pred: this.pred,
          },
          owned,
        ),
      };
      this.programs.set(s.key, prog);
    }
    return prog;
  }

  private forward(batch: CommandBatch, prog: Program, rows: number[]): void {
    record(batch, prog.gather(rows[0]!, this.o.dims[0]!));
    this.ops.forEach((op, l) => {
      const m = rows[l + 1]!;
      record(
        batch,
        prog.aggregate[l]!(m),
        op.fSelf(m, op.dOut, op.dIn),
        op.fNeigh(m, op.dOut, op.dIn, true),
        op.biasAct(m, op.dOut, l < this.L - 1),
      );
    });
  }

  /** One SGD/Adam step on a sampled block; returns the batch's mean loss and correct seed predictions. */
  async trainStep(s: SageStructure, block: HostBlock): Promise<{ loss: number; correct: Int32Array }> {
    const prog = await this.program(s);
    const { rows } = block;
    const q = this.gpu.device.queue;
    for (let l = 1; l < this.L; l++) {
      const t = transposedMean(block, rows[l + 1]!, rows[l]!);
      q.writeBuffer(this.transposed[l]!.indptr, 0, t.indptr);
      if (t.indices.length) {
        q.writeBuffer(this.transposed[l]!.indices, 0, t.indices);
        q.writeBuffer(this.transposed[l]!.weights, 0, t.weights);
      }
    }
    const batch = new CommandBatch(this.gpu);
    this.forward(batch, prog, rows);
    const seeds = rows[this.L]!;
    record(batch, prog.xent(seeds, this.o.dims[this.L]!));
    this.steps++;
    for (let l = this.L - 1; l >= 0; l--) {
      const op = this.ops[l]!;
      const m = rows[l + 1]!;
      if (l < this.L - 1) record(batch, op.reluGrad(m, op.dOut));
      record(batch, op.gSelf(op.dIn, op.dOut, m), op.gNeigh(op.dIn, op.dOut, m), op.gBias(m, op.dOut));
      if (l > 0) record(batch, op.dAgg(m, op.dIn, op.dOut), op.spread(rows[l]!), op.dSelf(m, op.dIn, op.dOut, true));
    }
    for (const op of this.ops) record(batch, ...op.update.map((u) => u(this.o.optimizer, this.steps)));
    await batch.submit();
    const [loss, pred] = await Promise.all([this.gpu.readF32(this.loss, seeds), this.gpu.readI32(this.pred, seeds)]);
    return { loss: loss.reduce((a, b) => a + b, 0) / seeds, correct: pred };
  }

  /** Forward only; returns the predicted class of each of the `rows[L]` output rows. */
  async predict(s: SageStructure, rows: number[]): Promise<Int32Array> {
    const prog = await this.program(s);
    const batch = new CommandBatch(this.gpu);
    this.forward(batch, prog, rows);
    record(batch, prog.xent(rows[this.L]!, this.o.dims[this.L]!));
    await batch.submit();
    return this.gpu.readI32(this.pred, rows[this.L]!);
  }

  /** Reads the current weights (tests compare them with the CPU reference's step). */
  async readParams(): Promise<SageParams> {
    return Promise.all(
      this.ops.map(async (op, l) => ({
        dIn: op.dIn,
        dOut: op.dOut,
        wSelf: await this.gpu.readF32(this.p[l]!.wSelf, op.dIn * op.dOut),
        wNeigh: await this.gpu.readF32(this.p[l]!.wNeigh, op.dIn * op.dOut),
        bias: await this.gpu.readF32(this.p[l]!.bias, op.dOut),
      })),
    );
  }

  /** Gradients of the last step, layer by layer: [wSelf, wNeigh, bias]. */
  async readGrads(): Promise<Float32Array[][]> {
    return Promise.all(
      this.ops.map((op, l) =>
        Promise.all([op.dIn * op.dOut, op.dIn * op.dOut, op.dOut].map((n, i) => this.gpu.readF32(this.p[l]!.g[i]!, n))),
      ),
    );
  }

  destroy(): void {
    this.owned.destroy();
  }
}
