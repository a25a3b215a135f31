// Simulated tensor- and pipeline-parallel training with compressed activations, on one device:
// an implementation of the llm trainer's hook (src/kernels/llm/llamaTrainingHooks.ts).
//
// Tensor parallel (MCBench RowParallelLinear.forward): in every layer ≥ fromLayer, each row-parallel
// projection y = x · Wᵀ (attention o_proj, MLP down_proj) is computed as p partial sums
// y_j = x[:, cols_j] · W[:, cols_j]ᵀ over contiguous column partitions (the rank-j shards), each
// partial goes through the compressor as the rank would send it, and the receivers' sum is added
// to the residual stream: quantise → dequantise-and-sum; top-k / rand-k → densify-and-sum of the
// p (values, indices) payloads; autoencoder → Σ_j y_j · W_eᵀ (the compressed all-reduce) then
// decode; 'none' → the exact sum of the partials. Backward, as in the code: quantisation, top-k
// and rand-k replace the output's data only (output_.data = …), so autograd passes the gradient
// straight through to every partial (the usual straight-through estimator: the rounding and the
// selection have zero or undefined derivatives); the autoencoder's gradient goes through its
// decoder and encoder, which are trained. Since every partial receives the same gradient, the
// projection's input and weight gradients are those of the unpartitioned product.
// Error feedback (top-k / rand-k): each partition adds its residual from the previous optimizer
// step before compressing, and keeps what it did not send as the next residual (updated only by
// optimizer steps, not by evaluation).
//
// Pipeline boundary (MCBench ParallelTransformerEncoderLayer): the activation after layer s is
// compressed and decompressed in place (what stage s + 1 receives). Backward: the autoencoder's
// gradient is its exact (k-dimensional) gradient; for quantisation the gradient is quantised the
// same way (its own per-channel scales); for top-k / rand-k the gradient of the sparse send is the
// dense gradient masked to the sent positions (the code's autograd through value = x[indices]).
// gradients: 'straight-through' passes the gradient unchanged instead (not for the autoencoder).
import type { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';
import { pcgHash } from '../../data/pcg32';
import type {
  BoundaryOverride,
  BoundarySite,
  HookParameter,
  LlamaTrainingHook,
  RowParallelOverride,
  RowParallelProjection,
  RowParallelSite,
  TrainingItem,
} from '../llm/llamaTrainingHooks';
import { planLinear } from '../llm/linear';
import { planResidualAdd } from '../llm/residualAdd';
import { planGatherRows } from '../common/gatherRows';
import { assertCompressor, type CompressorSpec } from './compressor';
import { planQuantizeRoundtrip } from './quantize';
import { planSparsify, type SparsifyPlan } from './sparsify';
import { planDensify } from './densify';
import { columnPartitions, planSliceColumns } from './sliceColumns';
import { planAutoencoderBackward, planAutoencoderDecode, planAutoencoderEncode, xavierUniform } from './autoencoder';

export interface TensorParallelOptions {
  /** Tensor-parallel degree p: partial sums per row-parallel projection (1 ≤ p ≤ its input width). */
  partitions: number;
  compressor: CompressorSpec;
  /**
   * First compressed layer, 0-based (layers below it sum their partials uncompressed). MCBench's
   * default `layer_number > 12` of 24 (1-based) is fromLayer = 12.
   */
  fromLayer?: number;
  /** Which projections to compress (default both). */
  projections?: RowParallelProjection[];
}

export interface PipelineBoundaryOptions {
  /** The boundary sits after this 0-based layer (0 ≤ afterLayer ≤ layers − 2). */
  afterLayer: number;
  compressor: CompressorSpec;
  /** 'compress' (default): the gradient travels compressed as described above; 'straight-through': unchanged. */
  gradients?: 'compress' | 'straight-through';
}

export interface CompressionHookOptions {
  tensorParallel?: TensorParallelOptions;
  pipeline?: PipelineBoundaryOptions;
}

export interface CompressionHook extends LlamaTrainingHook {
  /** Frees everything the hook made; call after the trainer is destroyed. */
  destroy(): void;
}

const plan = (p: KernelPlan): TrainingItem => ({ plan: p });

class Hook implements CompressionHook {
  readonly boundaryAfterLayer?: number;
  private readonly owned = new BufferSet();
  private readonly plans: KernelPlan[] = [];
  private readonly params: HookParameter[] = [];
  private readonly randk: { plan: SparsifyPlan; salt: number }[] = [];
  private readonly commits: ((enc: GPUCommandEncoder) => void)[] = [];
  private forwards = 0;
  private sites = 0;

  constructor(
    private readonly gpu: Gpu,
    private readonly opts: CompressionHookOptions,
  ) {
    const tp = opts.tensorParallel;
    if (tp) {
      if (!Number.isInteger(tp.partitions) || tp.partitions < 1)
        throw new UserInputError(`tensor parallel: partitions=${tp.partitions} must be an integer ≥ 1`);
      const from = tp.fromLayer ?? 0;
      if (!Number.isInteger(from) || from < 0)
        throw new UserInputError(`tensor parallel: fromLayer=${from} must be an integer ≥ 0`);
    }
    const pp = opts.pipeline;
    if (pp) {
      this.boundaryAfterLayer = pp.afterLayer;
      if (
        pp.compressor.kind !== 'ae' &&
        pp.compressor.kind !== 'none' &&
        'errorFeedback' in pp.compressor &&
        pp.compressor.errorFeedback
      )
        throw new UserInputError(
          'pipeline boundary: error feedback is only simulated for tensor-parallel partial sums',
        );
      if (pp.gradients !== undefined && pp.gradients !== 'compress' && pp.gradients !== 'straight-through')
        throw new UserInputError(`pipeline boundary: gradients must be 'compress' or 'straight-through'`);
    }
    if (!pp) this.boundary = undefined;
    if (!tp) this.rowParallel = undefined;
  }

  private f32(n: number, label: string): GPUBuffer {
    return this.owned.add(this.gpu.createBuffer(4 * n, `compression.${label}`));
  }

  private async keep<T extends KernelPlan>(p: Promise<T>): Promise<T> {
    const made = await p;
    this.plans.push(made);
    return made;
  }

  private trainable(name: string, init: Float32Array): { param: GPUBuffer; grad: GPUBuffer } {
    const param = this.owned.add(this.gpu.upload(init, `compression.${name}`));
    const grad = this.f32(init.length, `grad.${name}`);
    this.params.push({ name, param, grad, count: init.length });
    return { param, grad };
  }

  private nextSeed(salt: number): number {
    return pcgHash((pcgHash(this.forwards) ^ salt) >>> 0);
  }

  rowParallel? = async (site: RowParallelSite): Promise<RowParallelOverride | null> => {
    const tp = this.opts.tensorParallel!;
    const { T, N, K, layer, projection } = site;
    if (layer < (tp.fromLayer ?? 0)) return null;
    if (tp.projections && !tp.projections.includes(projection)) return null;
    const c = tp.compressor;
    const what = `tensor parallel, layer ${layer} ${projection}`;
    assertCompressor(what, c, T, N);
    const parts = columnPartitions(K, tp.partitions);
    const siteIndex = this.sites++;
    const tag = `l${layer}.${projection}`;
    const maxW = parts[0]!.width;
    const xs = this.f32(T * maxW, `${tag}.xs`);
    const ws = this.f32(N * maxW, `${tag}.ws`);
    const forward: TrainingItem[] = [];
    const backward: TrainingItem[] = [];
    let dProjection = site.dOut;
    const n = T * N;
    // The AE's code and the summed partials, kept for its backward.
    const ae =
      c.kind === 'ae'
        ? {
            we: this.trainable(`${tag}.ae.encoder`, xavierUniform(c.dim, N, (c.seed ?? 0) * 7919 + 2 * siteIndex)),
            wd: this.trainable(`${tag}.ae.decoder`, xavierUniform(N, c.dim, (c.seed ?? 0) * 7919 + 2 * siteIndex + 1)),
            z: this.f32(T * c.dim, `${tag}.ae.z`),
            ysum: this.f32(n, `${tag}.ae.ysum`),
          }
        : undefined;
    const partial = c.kind === 'none' ? undefined : this.f32(n, `${tag}.partial`);
    for (const [j, { c0, width }] of parts.entries()) {
      forward.push(
        plan(await this.keep(planSliceColumns(this.gpu, { x: site.x, out: xs }, { rows: T, cols: K, c0, width }))),
      );
      forward.push(
        plan(await this.keep(planSliceColumns(this.gpu, { x: site.w, out: ws }, { rows: N, cols: K, c0, width }))),
      );
      const product = (out: GPUBuffer, accumulate: boolean) =>
        this.keep(planLinear(this.gpu, { a: xs, b: ws, c: out }, { M: T, N, K: width, transB: true, accumulate }));
      switch (c.kind) {
        case 'none':
          forward.push(plan(await product(site.out, true)));
          break;
        case 'quantize':
          forward.push(plan(await product(partial!, false)));
          forward.push(
            plan(
              await this.keep(
                planQuantizeRoundtrip(
                  this.gpu,
                  { x: partial!, out: site.out },
                  { rows: T, h: N, bits: c.bits },
                  { accumulate: true },
                ),
              ),
            ),
          );
          break;
        case 'topk':
        case 'randk': {
          const values = this.f32(c.k, `${tag}.p${j}.values`);
          const indices = this.f32(c.k, `${tag}.p${j}.indices`);
          // With error feedback the partial is kept per partition (the residual is made from it).
          const sent = c.errorFeedback ? this.f32(n, `${tag}.p${j}.withResidual`) : partial!;
          forward.push(plan(await product(sent, false)));
          if (c.errorFeedback) {
            const residual = this.f32(n, `${tag}.p${j}.residual`);
            forward.push(plan(await this.keep(planResidualAdd(this.gpu, { x: residual, y: sent }, n))));
            const clear = await this.keep(
              planDensify(this.gpu, { peers: [{ values, indices, k: c.k }], out: residual }, n, {
                accumulate: true,
                op: 'clear',
              }),
            );
            this.commits.push((enc) => {
              enc.copyBufferToBuffer(sent, 0, residual, 0, 4 * n);
              const pass = enc.beginComputePass();
              clear.encode(pass);
              pass.end();
            });
          }
          const select = await this.keep(planSparsify(this.gpu, { x: sent, values, indices }, { n, k: c.k }, c.kind));
          if (c.kind === 'randk')
            this.randk.push({ plan: select, salt: pcgHash(((c.seed ?? 0) ^ (siteIndex * 131 + j)) >>> 0) });
          forward.push(plan(select));
          forward.push(
            plan(
              await this.keep(
                planDensify(this.gpu, { peers: [{ values, indices, k: c.k }], out: site.out }, n, { accumulate: true }),
              ),
            ),
          );
          break;
        }
        case 'ae': {
          const s = { T, h: N, k: c.dim };
          // Partition 0 writes the running sum of partials, later ones are added to it.
          const y = j === 0 ? ae!.ysum : partial!;
          forward.push(plan(await product(y, false)));
          if (j > 0) forward.push(plan(await this.keep(planResidualAdd(this.gpu, { x: partial!, y: ae!.ysum }, n))));
          forward.push(
            plan(
              await this.keep(
                planAutoencoderEncode(this.gpu, { y, we: ae!.we.param, z: ae!.z }, s, { accumulate: j > 0 }),
              ),
            ),
          );
          break;
        }
      }
    }
    if (ae && c.kind === 'ae') {
      const s = { T, h: N, k: c.dim };
      forward.push(
        plan(
          await this.keep(
            planAutoencoderDecode(this.gpu, { z: ae.z, wd: ae.wd.param, out: site.out }, s, { accumulate: true }),
          ),
        ),
      );
      dProjection = this.f32(n, `${tag}.ae.dy`);
      const dz = this.f32(T * c.dim, `${tag}.ae.dz`);
      backward.push(
        plan(
          await this.keep(
            planAutoencoderBackward(
              this.gpu,
              {
                dyhat: site.dOut,
                z: ae.z,
                y: ae.ysum,
                we: ae.we.param,
                wd: ae.wd.param,
                dz,
                dy: dProjection,
                dWe: ae.we.grad,
                dWd: ae.wd.grad,
              },
              s,
            ),
          ),
        ),
      );
    }
    return { forward, backward, dProjection };
  };

  boundary? = async (site: BoundarySite): Promise<BoundaryOverride> => {
    const pp = this.opts.pipeline!;
    const { T, H, x, dx } = site;
    const c = pp.compressor;
    assertCompressor(`pipeline boundary after layer ${site.afterLayer}`, c, T, H);
    const n = T * H;
    const compressGradients = (pp.gradients ?? 'compress') === 'compress';
    const forward: TrainingItem[] = [];
    const backward: TrainingItem[] = [];
    switch (c.kind) {
      case 'none':
        break;
      case 'quantize': {
        const shape = { rows: T, h: H, bits: c.bits };
        forward.push(plan(await this.keep(planQuantizeRoundtrip(this.gpu, { x, out: x }, shape))));
        if (compressGradients)
          backward.push(plan(await this.keep(planQuantizeRoundtrip(this.gpu, { x: dx, out: dx }, shape))));
        break;
      }
      case 'topk':
      case 'randk': {
        const values = this.f32(c.k, 'pp.values');
        const indices = this.f32(c.k, 'pp.indices');
        const select = await this.keep(planSparsify(this.gpu, { x, values, indices }, { n, k: c.k }, c.kind));
        if (c.kind === 'randk') this.randk.push({ plan: select, salt: pcgHash(((c.seed ?? 0) ^ 0x5eed) >>> 0) });
        forward.push(plan(select));
        const peers = [{ values, indices, k: c.k }];
        forward.push(plan(await this.keep(planDensify(this.gpu, { peers, out: x }, n))));
        if (compressGradients) {
          const gradValues = this.f32(c.k, 'pp.gradValues');
          backward.push(
            plan(
              await this.keep(
                planGatherRows(this.gpu, { x: dx, ids: indices, out: gradValues }, { rows: c.k, cols: 1 }),
              ),
            ),
          );
          backward.push(
            plan(
              await this.keep(planDensify(this.gpu, { peers: [{ values: gradValues, indices, k: c.k }], out: dx }, n)),
            ),
          );
        }
        break;
      }
      case 'ae': {
        const s = { T, h: H, k: c.dim };
        const we = this.trainable('pp.ae.encoder', xavierUniform(c.dim, H, (c.seed ?? 0) * 7919 + 0x7fff));
        const wd = this.trainable('pp.ae.decoder', xavierUniform(H, c.dim, (c.seed ?? 0) * 7919 + 0x8000));
        const saved = this.f32(n, 'pp.ae.x');
        const z = this.f32(T * c.dim, 'pp.ae.z');
        forward.push({ copy: [x, saved, 4 * n] });
        forward.push(plan(await this.keep(planAutoencoderEncode(this.gpu, { y: saved, we: we.param, z }, s))));
        forward.push(plan(await this.keep(planAutoencoderDecode(this.gpu, { z, wd: wd.param, out: x }, s))));
        const dz = this.f32(T * c.dim, 'pp.ae.dz');
        const dSaved = this.f32(n, 'pp.ae.dx');
        backward.push(
          plan(
            await this.keep(
              planAutoencoderBackward(
                this.gpu,
                { dyhat: dx, z, y: saved, we: we.param, wd: wd.param, dz, dy: dSaved, dWe: we.grad, dWd: wd.grad },
                s,
              ),
            ),
          ),
        );
        backward.push({ copy: [dSaved, dx, 4 * n] });
        break;
      }
    }
    return { forward, backward };
  };

  parameters(): HookParameter[] {
    return [...this.params];
  }

  beforeForward(update: boolean): void {
    // Rand-k draws new positions for every training step (the code samples on every call).
    // Evaluation and gradient probes reuse the current draw, so they do not shift the sequence of
    // draws the training steps see.
    if (!update) return;
    this.forwards++;
    for (const r of this.randk) r.plan.setSeed(this.nextSeed(r.salt));
  }

  afterStep(encoder: GPUCommandEncoder): void {
    for (const commit of this.commits) commit(encoder);
  }

  destroy(): void {
    for (const p of this.plans) p.destroy();
    this.plans.length = 0;
    this.owned.destroy();
  }
}

/**
 * A hook for LlamaTrainer ({ hook } in its options) that simulates tensor-parallel compressed
 * all-reduces and/or a compressed pipeline boundary. The caller destroys it after the trainer.
 */
export function createCompressionHook(gpu: Gpu, opts: CompressionHookOptions): CompressionHook {
  if (!opts.tensorParallel && !opts.pipeline)
    throw new UserInputError('compression hook: give tensorParallel and/or pipeline settings');
  return new Hook(gpu, opts);
}
