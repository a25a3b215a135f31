// Llama training on the GPU: a forward pass that keeps what the backward pass needs, the backward
// pass through every op (LM head, norms, SwiGLU, attention, rotary, embedding), and AdamW. A step
// is two submits: forward + backward + gradient norms (one small readback: loss and Σg²), then the
// optimizer with the clipping scale. Batches are B sequences of S tokens (inputs) with their
// next-token targets; row t is sequence t / S at position t % S, so the attention kernels' cache
// layout [B, S, nKv, d] is exactly the k/v row layout and needs no copies.
import type { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';
import { llamaTensorNames } from '../../data/llamaConfig';
import { planGatherRows } from '../common/gatherRows';
import { planLinear } from './linear';
import { planRmsNorm, planRmsNormBackward } from './rmsNorm';
import { planRope, ropeInvFreq } from './rope';
import { planCausalAttention, planCausalAttentionBackward } from './causalAttention';
import { planSwiglu, planSwigluBackward } from './swiglu';
import { planCrossEntropy } from './crossEntropy';
import { planEmbeddingBackward, type EmbeddingBackwardPlan } from './embeddingBackward';
import { planAdamW, planSumSquares, clipGradScale, type AdamWHyper, type AdamWPlan } from './adamw';
import { planResidualAdd } from './residualAdd';
import type { LlamaGpuWeights } from './llamaWeights';
import type { BoundaryOverride, LlamaTrainingHook, RowParallelOverride, TrainingItem } from './llamaTrainingHooks';

export interface LlamaTrainingOptions {
  /** Sequences per batch. */
  batch: number;
  /** Tokens per sequence (the inputs; a batch passes S + 1 tokens per sequence). */
  seqLen: number;
  adam?: AdamWHyper;
  /** Clip the global gradient norm to this (default 1, as most LLM recipes); 0 disables. */
  maxGradNorm?: number;
  /**
   * Simulated model parallelism (llamaTrainingHooks.ts): replaces the row-parallel projections
   * and/or rewrites one stage boundary. Absent, the recorded step is exactly the plain one. The
   * caller keeps ownership of the hook (and frees it after the trainer).
   */
  hook?: LlamaTrainingHook;
}

export interface LlamaStepResult {
  /** Mean next-token cross-entropy of the batch, before the update (nats). */
  loss: number;
  /** Global L2 norm of the gradients, before clipping. */
  gradNorm: number;
}

/** A recorded item: a compute plan, or a buffer copy (which must sit outside compute passes). */
type Item = TrainingItem;

export class LlamaTrainer {
  readonly batch: number;
  readonly seqLen: number;
  private readonly T: number;
  private readonly owned = new BufferSet();
  private readonly items: Item[] = [];
  private readonly plans: KernelPlan[] = [];
  private readonly grads = new Map<string, GPUBuffer>();
  private tokensBuf!: GPUBuffer;
  private targetsBuf!: GPUBuffer;
  private rowLoss!: GPUBuffer;
  private sumSq!: GPUBuffer;
  private embedBackward!: EmbeddingBackwardPlan;
  private adam!: AdamWPlan;
  private stepCount = 0;
  private readonly maxGradNorm: number;
  private readonly hook?: LlamaTrainingHook;
  /** Gradient tensors whose squared sums the step reads back (the model's, then the hook's). */
  private normCount = 0;

  private constructor(
    private readonly gpu: Gpu,
    readonly weights: LlamaGpuWeights,
    opts: LlamaTrainingOptions,
  ) {
    for (const [k, v] of [
      ['batch', opts.batch],
      ['seqLen', opts.seqLen],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new UserInputError(`llama training: ${k} must be a positive integer, got ${v}`);
    }
    this.batch = opts.batch;
    this.seqLen = opts.seqLen;
    this.T = opts.batch * opts.seqLen;
    this.maxGradNorm = opts.maxGradNorm ?? 1;
    this.hook = opts.hook;
  }

  static async create(gpu: Gpu, weights: LlamaGpuWeights, opts: LlamaTrainingOptions): Promise<LlamaTrainer> {
    const t = new LlamaTrainer(gpu, weights, opts);
    try {
      await t.build(opts.adam ?? {});
    } catch (e) {
      t.destroy();
      throw e;
    }
    return t;
  }

  /**
   * Splits [B, S + 1] tokens into inputs and next-token targets and writes them. Targets may be
   * −1 (ignored), e.g. for padding.
   */
  private writeBatch(tokens: Int32Array): Int32Array {
    const { batch: B, seqLen: S } = this;
    const V = this.weights.config.vocabSize;
    if (tokens.length !== B * (S + 1)) {
      throw new UserInputError(`llama training: ${tokens.length} tokens; a batch is [${B}, ${S} + 1] = ${B * (S + 1)}`);
    }
    const inputs = new Int32Array(this.T);
    const targets = new Int32Array(this.T);
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < S; s++) {
        const id = tokens[b * (S + 1) + s]!;
        const next = tokens[b * (S + 1) + s + 1]!;
        if (id < 0 || id >= V)
          throw new UserInputError(
            `llama training: token id ${id} (sequence ${b}, position ${s}) is outside [0, ${V})`,
          );
        if (next < -1 || next >= V)
          throw new UserInputError(
            `llama training: target ${next} (sequence ${b}, position ${s + 1}) is outside [-1, ${V})`,
          );
        inputs[b * S + s] = id;
        targets[b * S + s] = next;
      }
    }
    this.gpu.device.queue.writeBuffer(this.tokensBuf, 0, inputs);
    this.gpu.device.queue.writeBuffer(this.targetsBuf, 0, targets);
    this.embedBackward.setTokens(inputs);
    return targets;
  }

  /** Forward and backward of one batch; gradients land in the grad buffers. Returns loss and Σg². */
  private async forwardBackward(tokens: Int32Array, withNorms: boolean): Promise<{ loss: number; sumSquares: number }> {
    const targets = this.writeBatch(tokens);
    const enc = this.gpu.device.createCommandEncoder();
    let pass: GPUComputePassEncoder | null = null;
    for (const item of this.items) {
      if ('plan' in item) {
        pass ??= enc.beginComputePass();
        item.plan.encode(pass);
      } else {
        pass?.end();
        pass = null;
        enc.copyBufferToBuffer(item.copy[0], 0, item.copy[1], 0, item.copy[2]);
      }
    }
    if (withNorms) {
      pass ??= enc.beginComputePass();
      for (const p of this.normPlans) p.encode(pass);
    }
    pass?.end();
    this.gpu.device.queue.submit([enc.finish()]);
    const rowLoss = await this.gpu.readF32(this.rowLoss, this.T);
    const sumSquares = withNorms ? (await this.gpu.readF32(this.sumSq, this.normCount)).reduce((a, b) => a + b, 0) : 0;
    let count = 0;
    let total = 0;
    for (let t = 0; t < this.T; t++) {
      if (targets[t]! >= 0) {
        count++;
        total += rowLoss[t]!;
      }
    }
    return { loss: count ? total / count : 0, sumSquares };
  }

  /** One optimizer step on a batch [B, S + 1] of token ids at learning rate `lr`. */
  async step(tokens: Int32Array, lr: number): Promise<LlamaStepResult> {
    this.hook?.beforeForward?.(true);
    const { loss, sumSquares } = await this.forwardBackward(tokens, true);
    const gradNorm = Math.sqrt(sumSquares);
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      // An update with NaN or Inf would turn every weight into NaN: stop before it.
      throw new UserInputError(
        `llama training diverged at step ${this.stepCount + 1} (loss ${loss}, gradient norm ${gradNorm}); lower the learning rate`,
      );
    }
    const gradScale = this.maxGradNorm > 0 ? clipGradScale(sumSquares, this.maxGradNorm) : 1;
    this.adam.setStep({ step: ++this.stepCount, lr, gradScale });
    await this.gpu.run((pass) => this.adam.encode(pass));
    if (this.hook?.afterStep) {
      const enc = this.gpu.device.createCommandEncoder();
      this.hook.afterStep(enc);
      this.gpu.device.queue.submit([enc.finish()]);
    }
    return { loss, gradNorm };
  }

  /** Mean loss of a batch without updating anything (validation). */
  async evaluate(tokens: Int32Array): Promise<number> {
    this.hook?.beforeForward?.(false);
    return (await this.forwardBackward(tokens, false)).loss;
  }

  /** Loss and the gradient of every weight for a batch, read back (tests, gradient checks). */
  async gradients(tokens: Int32Array): Promise<{ loss: number; grads: Record<string, Float32Array> }> {
    this.hook?.beforeForward?.(false);
    const { loss } = await this.forwardBackward(tokens, false);
    const grads: Record<string, Float32Array> = {};
    for (const [name, buf] of this.grads) grads[name] = await this.gpu.readF32(buf, buf.size / 4);
    return { loss, grads };
  }

  private normPlans: KernelPlan[] = [];

  private async build(adam: AdamWHyper): Promise<void> {
    const { gpu, weights, T } = this;
    const c = weights.config;
    const [B, S] = [this.batch, this.seqLen];
    const [H, F, V, nH, nKv, d, L] = [
      c.hiddenSize,
      c.intermediateSize,
      c.vocabSize,
      c.numAttentionHeads,
      c.numKeyValueHeads,
      c.headDim,
      c.numHiddenLayers,
    ];
    const [qW, kvW] = [nH * d, nKv * d];
    const f32 = (n: number, label: string) => this.owned.add(gpu.createBuffer(4 * n, `train.${label}`));
    const plan = async (p: Promise<KernelPlan>) => {
      const made = await p;
      this.plans.push(made);
      this.items.push({ plan: made });
      return made;
    };
    const copy = (from: GPUBuffer, to: GPUBuffer, floats: number) => this.items.push({ copy: [from, to, 4 * floats] });
    // y[M, N] (+)= x[M, K] · Wᵀ, with W [N, K]; and the two backward products.
    const fwd = (x: GPUBuffer, w: GPUBuffer, y: GPUBuffer, N: number, K: number, accumulate = false) =>
      plan(planLinear(gpu, { a: x, b: w, c: y }, { M: T, N, K, transB: true, accumulate }));
    const bwdInput = (dy: GPUBuffer, w: GPUBuffer, dx: GPUBuffer, N: number, K: number, accumulate = false) =>
      plan(planLinear(gpu, { a: dy, b: w, c: dx }, { M: T, N: K, K: N, accumulate }));
    const bwdWeight = (dy: GPUBuffer, x: GPUBuffer, dw: GPUBuffer, N: number, K: number, accumulate = false) =>
      plan(planLinear(gpu, { a: dy, b: x, c: dw }, { M: N, N: K, K: T, transA: true, accumulate }));

    for (const s of llamaTensorNames(c))
      this.grads.set(
        s.name,
        f32(
          s.shape.reduce((a, b) => a * b, 1),
          `grad.${s.name}`,
        ),
      );
    const grad = (name: string) => this.grads.get(name)!;
    const gradHead = grad(c.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight');

    this.tokensBuf = f32(T, 'tokens');
    this.targetsBuf = f32(T, 'targets');
    const rowSeq = this.owned.add(
      gpu.upload(
        Uint32Array.from({ length: T }, (_, t) => Math.floor(t / S)),
        'train.rowSeq',
      ),
    );
    const rowPos = this.owned.add(
      gpu.upload(
        Uint32Array.from({ length: T }, (_, t) => t % S),
        'train.rowPos',
      ),
    );
    const invFreq = ropeInvFreq(d, c.ropeTheta);
    const rope = (q: GPUBuffer, k: GPUBuffer, inverse: boolean) =>
      plan(
        planRope(
          gpu,
          { q, k, rowPos },
          { T, nHeads: nH, nKvHeads: nKv, headDim: d },
          { theta: c.ropeTheta, invFreq, inverse },
        ),
      );
    const attnShape = { T, B, maxSeq: S, nHeads: nH, nKv, d };

    // Saved activations, per layer.
    const X = Array.from({ length: L + 1 }, (_, l) => f32(T * H, `x${l}`));
    const layers = Array.from({ length: L }, (_, l) => ({
      xn1: f32(T * H, `xn1.${l}`),
      rstd1: f32(T, `rstd1.${l}`),
      q: f32(T * qW, `q.${l}`),
      k: f32(T * kvW, `k.${l}`),
      v: f32(T * kvW, `v.${l}`),
      lse: f32(T * nH, `lse.${l}`), // row log-sum-exp: the backward recomputes P from it (T·nH, not T·nH·S)
      o: f32(T * qW, `o.${l}`),
      mid: f32(T * H, `mid.${l}`),
      xn2: f32(T * H, `xn2.${l}`),
      rstd2: f32(T, `rstd2.${l}`),
      gate: f32(T * F, `gate.${l}`),
      up: f32(T * F, `up.${l}`),
      h: f32(T * F, `h.${l}`),
    }));
    const xnF = f32(T * H, 'xnF');
    const rstdF = f32(T, 'rstdF');
    const logits = f32(T * V, 'logits');
    this.rowLoss = f32(T, 'rowLoss');
    const dlogits = f32(T * V, 'dlogits');
    // The residual-stream gradients (made here so a hook can bind them while the forward is built).
    const dX = f32(T * H, 'dX');
    const dM = f32(T * H, 'dM');
    const hook = this.hook;
    const afterLayer = hook?.boundary ? hook.boundaryAfterLayer : undefined;
    if (afterLayer !== undefined && (!Number.isInteger(afterLayer) || afterLayer < 0 || afterLayer > L - 2))
      throw new UserInputError(
        `llama training: a stage boundary after layer ${afterLayer} needs 0 ≤ layer ≤ ${L - 2} (the model has ${L} layers)`,
      );
    const rowParallel: { o: RowParallelOverride | null; down: RowParallelOverride | null }[] = [];
    let boundary: BoundaryOverride | undefined;

    // ---- forward ----
    await plan(
      planGatherRows(
        gpu,
        { x: weights.get('model.embed_tokens.weight'), ids: this.tokensBuf, out: X[0]! },
        { rows: T, cols: H },
      ),
    );
    for (let l = 0; l < L; l++) {
      const w = weights.layer(l);
      const a = layers[l]!;
      await plan(planRmsNorm(gpu, { x: X[l]!, w: w.inputNorm, y: a.xn1, rstd: a.rstd1 }, { T, H }, c.rmsNormEps));
      await fwd(a.xn1, w.q, a.q, qW, H);
      await fwd(a.xn1, w.k, a.k, kvW, H);
      await fwd(a.xn1, w.v, a.v, kvW, H);
      await rope(a.q, a.k, false);
      await plan(
        planCausalAttention(gpu, { q: a.q, kCache: a.k, vCache: a.v, rowSeq, rowPos, o: a.o, lse: a.lse }, attnShape),
      );
      const site = { layer: l, T, N: H, x: a.o, w: w.o, out: a.mid, dOut: dM };
      const o = (await hook?.rowParallel?.({ ...site, projection: 'o_proj', K: qW })) ?? null;
      const down =
        (await hook?.rowParallel?.({
          ...site,
          projection: 'down_proj',
          K: F,
          x: a.h,
          w: w.down,
          out: X[l + 1]!,
          dOut: dX,
        })) ?? null;
      rowParallel.push({ o, down });
      copy(X[l]!, a.mid, T * H);
      if (o) this.items.push(...o.forward);
      else await fwd(a.o, w.o, a.mid, H, qW, true);
      await plan(planRmsNorm(gpu, { x: a.mid, w: w.postNorm, y: a.xn2, rstd: a.rstd2 }, { T, H }, c.rmsNormEps));
      await fwd(a.xn2, w.gate, a.gate, F, H);
      await fwd(a.xn2, w.up, a.up, F, H);
      await plan(planSwiglu(gpu, { gate: a.gate, up: a.up, h: a.h }, { T, F }));
      copy(a.mid, X[l + 1]!, T * H);
      if (down) this.items.push(...down.forward);
      else await fwd(a.h, w.down, X[l + 1]!, H, F, true);
      if (l === afterLayer) {
        boundary = await hook!.boundary!({ afterLayer: l, T, H, x: X[l + 1]!, dx: dX });
        this.items.push(...boundary.forward);
      }
    }
    const normW = weights.get('model.norm.weight');
    await plan(planRmsNorm(gpu, { x: X[L]!, w: normW, y: xnF, rstd: rstdF }, { T, H }, c.rmsNormEps));
    await fwd(xnF, weights.lmHead, logits, V, H);
    await plan(planCrossEntropy(gpu, { logits, targets: this.targetsBuf, loss: this.rowLoss, dlogits }, { T, V }));

    // ---- backward ----
    const dTmp = f32(T * H, 'dTmp');
    const dxn = f32(T * H, 'dxn');
    const [dgate, dup, dh] = [f32(T * F, 'dgate'), f32(T * F, 'dup'), f32(T * F, 'dh')];
    const [dq, dk, dv, dO] = [f32(T * qW, 'dq'), f32(T * kvW, 'dk'), f32(T * kvW, 'dv'), f32(T * qW, 'dO')];
    // LM head: d(xnF) = dlogits · W_head; dW_head = dlogitsᵀ · xnF (the embedding's gradient when tied).
    await bwdInput(dlogits, weights.lmHead, dxn, V, H);
    await bwdWeight(dlogits, xnF, gradHead, V, H);
    await plan(
      planRmsNormBackward(
        gpu,
        { dy: dxn, x: X[L]!, w: normW, rstd: rstdF, dx: dX, dw: grad('model.norm.weight') },
        { T, H },
      ),
    );
    for (let l = L - 1; l >= 0; l--) {
      const w = weights.layer(l);
      const a = layers[l]!;
      const p = `model.layers.${l}`;
      if (boundary && l === afterLayer) this.items.push(...boundary.backward);
      const { o, down } = rowParallel[l]!;
      // MLP branch: X[l+1] = mid + down(h).
      copy(dX, dM, T * H);
      if (down) this.items.push(...down.backward);
      const dDown = down?.dProjection ?? dX;
      await bwdInput(dDown, w.down, dh, H, F);
      await bwdWeight(dDown, a.h, grad(`${p}.mlp.down_proj.weight`), H, F);
      await plan(planSwigluBackward(gpu, { dh, gate: a.gate, up: a.up, dgate, dup }, { T, F }));
      await bwdInput(dgate, w.gate, dxn, F, H);
      await bwdInput(dup, w.up, dxn, F, H, true);
      await bwdWeight(dgate, a.xn2, grad(`${p}.mlp.gate_proj.weight`), F, H);
      await bwdWeight(dup, a.xn2, grad(`${p}.mlp.up_proj.weight`), F, H);
      await plan(
        planRmsNormBackward(
          gpu,
          {
            dy: dxn,
            x: a.mid,
            w: w.postNorm,
            rstd: a.rstd2,
            dx: dTmp,
            dw: grad(`${p}.post_attention_layernorm.weight`),
          },
          { T, H },
        ),
      );
      await plan(planResidualAdd(gpu, { x: dTmp, y: dM }, T * H));
      // Attention branch: mid = X[l] + o_proj(attn).
      copy(dM, dX, T * H);
      if (o) this.items.push(...o.backward);
      const dProj = o?.dProjection ?? dM;
      await bwdInput(dProj, w.o, dO, H, qW);
      await bwdWeight(dProj, a.o, grad(`${p}.self_attn.o_proj.weight`), H, qW);
      await plan(
        planCausalAttentionBackward(
          gpu,
          { dO, q: a.q, kCache: a.k, vCache: a.v, rowSeq, rowPos, lse: a.lse, dq, dK: dk, dV: dv },
          attnShape,
        ),
      );
      await rope(dq, dk, true);
      await bwdInput(dq, w.q, dxn, qW, H);
      await bwdInput(dk, w.k, dxn, kvW, H, true);
      await bwdInput(dv, w.v, dxn, kvW, H, true);
      await bwdWeight(dq, a.xn1, grad(`${p}.self_attn.q_proj.weight`), qW, H);
      await bwdWeight(dk, a.xn1, grad(`${p}.self_attn.k_proj.weight`), kvW, H);
      await bwdWeight(dv, a.xn1, grad(`${p}.self_attn.v_proj.weight`), kvW, H);
      await plan(
        planRmsNormBackward(
          gpu,
          { dy: dxn, x: X[l]!, w: w.inputNorm, rstd: a.rstd1, dx: dTmp, dw: grad(`${p}.input_layernorm.weight`) },
          { T, H },
        ),
      );
      await plan(planResidualAdd(gpu, { x: dTmp, y: dX }, T * H));
    }
    this.embedBackward = (await plan(
      planEmbeddingBackward(
        gpu,
        { dx: dX, dEmbed: grad('model.embed_tokens.weight') },
        { T, V, H },
        new Int32Array(T),
        {
          accumulate: c.tieWordEmbeddings, // tied: the LM head already wrote its part
        },
      ),
    )) as EmbeddingBackwardPlan;

    // ---- gradient norms and the optimizer ----
    const hookParams = hook?.parameters?.() ?? [];
    this.normCount = this.grads.size + hookParams.length;
    this.sumSq = f32(this.normCount, 'sumSquares');
    let k = 0;
    for (const g of [...this.grads.values(), ...hookParams.map((h) => h.grad)]) {
      const p = await planSumSquares(gpu, { x: g, out: this.sumSq }, g.size / 4, k++);
      this.plans.push(p);
      this.normPlans.push(p);
    }
    const decayOf = (name: string) =>
      name.endsWith('norm.weight') || name.endsWith('layernorm.weight') ? 0 : undefined;
    this.adam = await planAdamW(
      gpu,
      [...this.grads.entries()]
        .map(([name, g]) => ({
          param: weights.get(name),
          grad: g,
          m: f32(g.size / 4, `adam.m.${name}`),
          v: f32(g.size / 4, `adam.v.${name}`),
          count: g.size / 4,
          weightDecay: decayOf(name),
        }))
        .concat(
          hookParams.map((h) => ({
            param: h.param,
            grad: h.grad,
            m: f32(h.count, `adam.m.hook.${h.name}`),
            v: f32(h.count, `adam.v.hook.${h.name}`),
            count: h.count,
            weightDecay: undefined,
          })),
        ),
      adam,
    );
    this.plans.push(this.adam);
  }

  destroy(): void {
    for (const p of this.plans) p.destroy();
    this.plans.length = 0;
    this.owned.destroy();
  }
}
