// Llama inference on the GPU: prefill, decode and multi-token verification over a KV cache, from
// the llm kernels. One call runs T token rows (any mix of sequences and positions: a prompt, one
// new token per sequence, or γ + 1 draft tokens to verify) as a single submit: embedding gather,
// per layer RMSNorm → q/k/v → rotary → cache write → causal attention → o_proj added to the
// residual → RMSNorm → SwiGLU MLP added to the residual, then the final norm and the LM head —
// for every row, or (`logitRows: 'last'`) only for the last row of each sequence in the call, the
// only row a prefill or a draft step samples from: a prompt of S tokens then pays one LM-head row
// instead of S (the head is the largest matrix of a small-vocabulary-heavy model).
// Plans are built once per row count and reused, so a decode loop compiles and binds nothing.
import type { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';
import type { LlamaConfig } from '../../data/llamaConfig';
import { planGatherRows } from '../common/gatherRows';
import { planLinear } from './linear';
import { planRmsNorm } from './rmsNorm';
import { planRope, ropeInvFreq } from './rope';
import { planKvCacheWrite } from './kvCacheWrite';
import { CAUSAL_ATTENTION_MAX_HEAD_DIM, planCausalAttention } from './causalAttention';
import { planSwiglu } from './swiglu';
import { planSampling, type SamplingSettings } from './sampling';
import { LlamaGpuWeights } from './llamaWeights';
import { planGatherRowsF16, type WeightFormat } from './halfWeights';

export interface LlamaInferenceOptions {
  /** Sequences held in the KV cache. */
  batch: number;
  /** Positions per sequence (prompt + generated). */
  maxSeq: number;
  /** Most token rows one call may run (default batch · maxSeq, capped at 4096). */
  maxRows?: number;
  /**
   * 'auto' (default): the fast decode GEMV for calls of ≤ 4 rows, otherwise the autotuned
   * register-blocked GEMM (f32 weights, widths multiples of 4) or else the tiled GEMM (linear.ts).
   * 'tiled': always the tiled GEMM, whose per-element sum order does not depend on the number of
   * rows, so a token's logits are bit-identical whether it runs alone or among others (what an
   * exact speculative-decoding comparison needs); slower decode.
   */
  linearPath?: 'auto' | 'tiled';
  /**
   * Weight storage: 'f32', or 'f16' (matrices as packed f16 pairs, unpacked to f32 inside the
   * kernels: half the bytes a decode step streams; logits within f16 rounding of the f32 model).
   * With uploaded weights it must match their format (default: theirs); `fromTensors` uploads
   * in this format (default 'f32').
   */
  weights?: WeightFormat;
}

/** Which rows get logits: every row of the call, or the last row of each sequence in it. */
export type LogitRows = 'all' | 'last';

export interface ForwardOptions {
  /**
   * 'all' (default): logits for every row, row t at logits row t. 'last': logits only for the
   * last row of each sequence present in the call, in row order (see `lastRowsOfSequences`).
   */
  logitRows?: LogitRows;
}

/**
 * The row index of the last row of each sequence in a call, ascending: the rows whose logits
 * `logitRows: 'last'` computes, logits row i holding input row result[i].
 */
export function lastRowsOfSequences(rowSeq: ArrayLike<number>): number[] {
  const last = new Map<number, number>();
  for (let t = 0; t < rowSeq.length; t++) last.set(rowSeq[t]!, t);
  return [...last.values()].sort((a, b) => a - b);
}

/** Where timed rows sit in the KV cache. */
export interface TimingPosition {
  /** First position of each sequence's timed rows (default 0: a decode step with no context). */
  position?: number;
}

/** Op families whose GPU time the latency breakdown reports. */
export type LlamaOpFamily = 'embedding' | 'norms' | 'matmuls' | 'rotary' | 'attention' | 'mlp';

interface RowPlans {
  /** Records the whole forward for this row count; `families` restricts it (for timing). */
  encode(pass: GPUComputePassEncoder, families?: ReadonlySet<LlamaOpFamily>): void;
  destroy(): void;
}

export class LlamaInference {
  readonly config: LlamaConfig;
  readonly batch: number;
  readonly maxSeq: number;
  readonly maxRows: number;
  /** Filled positions per sequence (host mirror of the KV cache's state). */
  readonly lengths: Int32Array;
  private readonly owned = new BufferSet();
  /** Layer-stack plans per row count T, and final-norm + LM-head plans per (T, logits rows). */
  private readonly plans = new Map<string, Promise<RowPlans>>();
  private readonly bufs: Record<
    | 'tokens'
    | 'rowSeq'
    | 'rowPos'
    | 'headRows'
    | 'x'
    | 'xn'
    | 'rstd'
    | 'q'
    | 'k'
    | 'v'
    | 'o'
    | 'gate'
    | 'up'
    | 'h'
    | 'logits',
    GPUBuffer
  >;
  private readonly kCache: GPUBuffer[] = [];
  private readonly vCache: GPUBuffer[] = [];
  private readonly invFreq: Float32Array;
  private readonly linearPath: 'auto' | 'tiled';

  private ownsWeights = false;

  /**
   * Uploads `tensors` in `opts.weights` format (default 'f32') and builds an engine that owns
   * them: destroy() frees the weights too. The upload's notes are in `weights.notes`.
   */
  static fromTensors(
    gpu: Gpu,
    config: LlamaConfig,
    tensors: Record<string, Float32Array>,
    opts: LlamaInferenceOptions,
  ): LlamaInference {
    const weights = LlamaGpuWeights.upload(gpu, config, tensors, { format: opts.weights ?? 'f32' });
    try {
      const engine = new LlamaInference(gpu, weights, opts);
      engine.ownsWeights = true;
      return engine;
    } catch (e) {
      weights.destroy();
      throw e;
    }
  }

  constructor(
    private readonly gpu: Gpu,
    readonly weights: LlamaGpuWeights,
    opts: LlamaInferenceOptions,
  ) {
    const c = weights.config;
    this.config = c;
    if (opts.weights !== undefined && opts.weights !== weights.format) {
      throw new UserInputError(
        `llama: the engine was asked for ${opts.weights} weights but they were uploaded as ${weights.format}`,
      );
    }
    for (const [k, v] of [
      ['batch', opts.batch],
      ['maxSeq', opts.maxSeq],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new UserInputError(`llama: ${k} must be a positive integer, got ${v}`);
    }
    if (c.headDim > CAUSAL_ATTENTION_MAX_HEAD_DIM) {
      throw new UserInputError(
        `llama: head_dim ${c.headDim} exceeds the attention kernel's ${CAUSAL_ATTENTION_MAX_HEAD_DIM}`,
      );
    }
    this.batch = opts.batch;
    this.maxSeq = opts.maxSeq;
    this.maxRows = opts.maxRows ?? Math.min(4096, opts.batch * opts.maxSeq);
    this.lengths = new Int32Array(opts.batch);
    this.linearPath = opts.linearPath ?? 'auto';
    this.invFreq = ropeInvFreq(c.headDim, c.ropeTheta);
    const R = this.maxRows;
    const [H, F, V] = [c.hiddenSize, c.intermediateSize, c.vocabSize];
    const [qW, kvW] = [c.numAttentionHeads * c.headDim, c.numKeyValueHeads * c.headDim];
    const f32 = (n: number, label: string) => this.owned.add(gpu.createBuffer(4 * n, `llama.${label}`));
    try {
      this.bufs = {
        tokens: f32(R, 'tokens'),
        rowSeq: f32(R, 'rowSeq'),
        rowPos: f32(R, 'rowPos'),
        headRows: f32(R, 'headRows'),
        x: f32(R * H, 'x'),
        xn: f32(R * H, 'xn'),
        rstd: f32(R, 'rstd'),
        q: f32(R * qW, 'q'),
        k: f32(R * kvW, 'k'),
        v: f32(R * kvW, 'v'),
        o: f32(R * qW, 'o'),
        gate: f32(R * F, 'gate'),
        up: f32(R * F, 'up'),
        h: f32(R * F, 'h'),
        logits: f32(R * V, 'logits'),
      };
      const cache = opts.batch * opts.maxSeq * kvW;
      for (let l = 0; l < c.numHiddenLayers; l++) {
        this.kCache.push(f32(cache, `k${l}`));
        this.vCache.push(f32(cache, `v${l}`));
      }
    } catch (e) {
      this.owned.destroy();
      throw e;
    }
  }

  /**
   * The logits buffer [maxRows, vocab]: rows 0..T−1 hold the last call's logits (with
   * `logitRows: 'last'`, rows 0..(sequences in the call)−1).
   */
  get logitsBuffer(): GPUBuffer {
    return this.bufs.logits;
  }

  /** Forgets the cached keys of every sequence (or one): its next row starts at position 0. */
  reset(seq?: number): void {
    if (seq === undefined) this.lengths.fill(0);
    else this.lengths[seq] = 0;
  }

  /**
   * Rolls a sequence back to `length` positions (speculative decoding discards rejected draft
   * tokens this way: later rows simply overwrite the stale cache entries).
   */
  truncate(seq: number, length: number): void {
    if (length < 0 || length > this.lengths[seq]!)
      throw new UserInputError(`llama: cannot truncate sequence ${seq} to ${length}`);
    this.lengths[seq] = length;
  }

  /**
   * Writes a call's rows: `tokens[t]` goes to sequence `rowSeq[t]` at the next free position of
   * that sequence (rows of one sequence in order). Returns the positions used.
   */
  private writeRows(tokens: Int32Array, rowSeq: ArrayLike<number>): Uint32Array {
    const T = tokens.length;
    if (T < 1 || T > this.maxRows)
      throw new UserInputError(`llama: ${T} token rows; this session runs 1..${this.maxRows}`);
    if (rowSeq.length !== T) throw new UserInputError(`llama: rowSeq has ${rowSeq.length} entries for ${T} tokens`);
    const next = Int32Array.from(this.lengths);
    const pos = new Uint32Array(T);
    for (let t = 0; t < T; t++) {
      const s = rowSeq[t]!;
      if (!Number.isInteger(s) || s < 0 || s >= this.batch)
        throw new UserInputError(`llama: row ${t} names sequence ${s}; the cache holds 0..${this.batch - 1}`);
      const id = tokens[t]!;
      if (!Number.isInteger(id) || id < 0 || id >= this.config.vocabSize) {
        throw new UserInputError(`llama: token id ${id} at row ${t} is outside [0, ${this.config.vocabSize})`);
      }
      if (next[s]! >= this.maxSeq)
        throw new UserInputError(`llama: sequence ${s} is full (max ${this.maxSeq} positions)`);
      pos[t] = next[s]!++;
    }
    const q = this.gpu.device.queue;
    q.writeBuffer(this.bufs.tokens, 0, tokens);
    q.writeBuffer(this.bufs.rowSeq, 0, Uint32Array.from(rowSeq));
    q.writeBuffer(this.bufs.rowPos, 0, pos);
    this.lengths.set(next);
    return pos;
  }

  /**
   * Runs T rows through the model (one submit); logits land in `logitsBuffer`. Returns the
   * positions used and the number of logits rows written.
   */
  async forward(
    tokens: Int32Array,
    rowSeq: ArrayLike<number>,
    opts: ForwardOptions = {},
  ): Promise<{ positions: Uint32Array; logitRows: number }> {
    const mode = opts.logitRows ?? 'all';
    if (mode !== 'all' && mode !== 'last')
      throw new UserInputError(`llama: logitRows must be 'all' or 'last', got '${String(mode)}'`);
    const T = tokens.length;
    // Row checks first (writeRows repeats them), so a bad rowSeq is named before any plan is built.
    if (rowSeq.length !== T) throw new UserInputError(`llama: rowSeq has ${rowSeq.length} entries for ${T} tokens`);
    const head = mode === 'last' ? lastRowsOfSequences(rowSeq) : undefined;
    const O = head?.length ?? T;
    const plans = await this.rowPlans(T, O);
    const positions = this.writeRows(tokens, rowSeq);
    if (head && O < T) this.gpu.device.queue.writeBuffer(this.bufs.headRows, 0, Int32Array.from(head));
    await this.gpu.run((pass) => plans.encode(pass));
    return { positions, logitRows: O };
  }

  /** forward(), then the logits [rows, vocab] read back (rows: T, or one per sequence with 'last'). */
  async logits(tokens: Int32Array, rowSeq: ArrayLike<number>, opts: ForwardOptions = {}): Promise<Float32Array> {
    const { logitRows } = await this.forward(tokens, rowSeq, opts);
    return this.gpu.readF32(this.bufs.logits, logitRows * this.config.vocabSize);
  }

  /**
   * Generates `maxNew` tokens for each of `prompts` (one sequence each, cache reset first): a
   * prefill, then one decode row per sequence per step, sampled on the GPU; the sampled tokens
   * stay on the GPU between steps and are read back once at the end.
   */
  async generate(prompts: Int32Array[], maxNew: number, sampling: SamplingSettings): Promise<Int32Array[]> {
    const B = prompts.length;
    if (B < 1 || B > this.batch)
      throw new UserInputError(`llama: ${B} prompts; this session holds 1..${this.batch} sequences`);
    if (!Number.isInteger(maxNew) || maxNew < 0)
      throw new UserInputError(`llama: maxNew must be an integer ≥ 0, got ${maxNew}`);
    for (const [i, p] of prompts.entries()) {
      if (p.length < 1) throw new UserInputError(`llama: prompt ${i} is empty`);
      if (p.length + maxNew > this.maxSeq)
        throw new UserInputError(
          `llama: prompt ${i} (${p.length}) + ${maxNew} new tokens exceed maxSeq ${this.maxSeq}`,
        );
    }
    this.reset();
    const V = this.config.vocabSize;
    // Per-call buffers, freed at the end of the call (not kept with the session's).
    const history = this.gpu.createBuffer(4 * Math.max(1, maxNew * B), 'llama.generated');
    const picked = this.gpu.createBuffer(4 * this.maxRows, 'llama.sampled');
    try {
      // Prefill all prompts in one call, logits for each prompt's last row only: logits rows
      // 0..B−1 are sequences 0..B−1, as after every decode step, so the sampler reads them in place.
      const tokens = new Int32Array(prompts.reduce((n, p) => n + p.length, 0));
      const rowSeq = new Uint32Array(tokens.length);
      let r = 0;
      prompts.forEach((p, s) => {
        tokens.set(p, r);
        rowSeq.fill(s, r, r + p.length);
        r += p.length;
      });
      // Decode plans first: they are cached by the session, so a failure here leaks nothing.
      const decode = maxNew > 1 ? await this.rowPlans(B) : undefined;
      const sampler = await planSampling(
        this.gpu,
        { logits: this.bufs.logits, tokens: picked },
        { B, V },
        { ...sampling, step: 0 },
      );
      try {
        await this.forward(tokens, rowSeq, { logitRows: 'last' });
        for (let step = 0; step < maxNew; step++) {
          const enc = this.gpu.device.createCommandEncoder();
          sampler.update({ step });
          let pass = enc.beginComputePass();
          sampler.encode(pass);
          pass.end();
          enc.copyBufferToBuffer(picked, 0, history, 4 * step * B, 4 * B);
          if (step + 1 < maxNew) {
            // The sampled tokens become the next rows' inputs without leaving the GPU.
            enc.copyBufferToBuffer(picked, 0, this.bufs.tokens, 0, 4 * B);
            const pos = Uint32Array.from(prompts, (p) => p.length + step);
            this.gpu.device.queue.writeBuffer(
              this.bufs.rowSeq,
              0,
              Uint32Array.from({ length: B }, (_, s) => s),
            );
            this.gpu.device.queue.writeBuffer(this.bufs.rowPos, 0, pos);
            pass = enc.beginComputePass();
            decode!.encode(pass);
            pass.end();
            for (let s = 0; s < B; s++) this.lengths[s]!++;
          }
          this.gpu.device.queue.submit([enc.finish()]);
        }
        const flat = await this.gpu.readI32(history, maxNew * B);
        return prompts.map((_, s) => Int32Array.from({ length: maxNew }, (_, i) => flat[i * B + s]!));
      } finally {
        sampler.destroy();
      }
    } finally {
      for (const b of [history, picked]) b.destroy();
    }
  }

  /**
   * GPU time (median ms) of one whole T-row forward, e.g. a decode step at T = batch. With
   * `position` p, the rows sit at positions p, p + 1, … of their sequences (row t at
   * p + ⌊t / batch⌋), so a decode step's attention reads p + 1 cached keys per sequence: decode
   * latency at context length p. Timing writes into the KV cache at those positions (the cached
   * values are whatever is there: latency does not depend on them), so it refuses a position below
   * a live sequence's length (it would overwrite that sequence's keys): reset() first, or time at
   * p ≥ max(lengths). reset() before real use afterwards.
   */
  async timeForward(T: number, reps = 10, at: TimingPosition = {}): Promise<number> {
    const plan = await this.timingPlan(T, at);
    return (await this.gpu.time(plan.encode, { warmup: 2, reps })).medianMs;
  }

  /**
   * The T-row forward of timeForward as a plan to record (benchmark harnesses time it their way):
   * rows written once (token 0, positions as in timeForward), logits for every row. destroy()
   * frees nothing: the plans stay cached with the session.
   */
  async timingPlan(T: number, at: TimingPosition = {}): Promise<KernelPlan> {
    const plans = await this.rowPlans(T);
    this.writeTimingRows(T, at);
    return { encode: (pass) => plans.encode(pass), destroy: () => undefined };
  }

  /** Rows for timing: sequence t mod batch at position p + ⌊t / batch⌋ (contents do not matter). */
  private writeTimingRows(T: number, at: TimingPosition): void {
    const p = at.position ?? 0;
    const last = p + Math.floor((T - 1) / this.batch);
    if (!Number.isInteger(p) || p < 0 || last >= this.maxSeq) {
      throw new UserInputError(
        `llama: timing ${T} rows from position ${p} needs positions up to ${last}; this session holds 0..${this.maxSeq - 1}`,
      );
    }
    const live = Math.max(0, ...this.lengths);
    if (p < live) {
      throw new UserInputError(
        `llama: timing from position ${p} would overwrite cached positions of live sequences (up to ${live - 1}); reset() first or time from position ${live} on`,
      );
    }
    const rowSeq = Uint32Array.from({ length: T }, (_, t) => t % this.batch);
    const pos = Uint32Array.from({ length: T }, (_, t) => p + Math.floor(t / this.batch));
    this.gpu.device.queue.writeBuffer(this.bufs.tokens, 0, new Int32Array(T));
    this.gpu.device.queue.writeBuffer(this.bufs.rowSeq, 0, rowSeq);
    this.gpu.device.queue.writeBuffer(this.bufs.rowPos, 0, pos);
  }

  /** GPU time of one T-row forward per op family (timestamp queries), for the latency breakdown. */
  async timeFamilies(T: number, reps = 10, at: TimingPosition = {}): Promise<Record<LlamaOpFamily | 'total', number>> {
    const plans = await this.rowPlans(T);
    this.writeTimingRows(T, at);
    const families: LlamaOpFamily[] = ['embedding', 'norms', 'matmuls', 'rotary', 'attention', 'mlp'];
    const out = {} as Record<LlamaOpFamily | 'total', number>;
    for (const f of families) {
      const only = new Set([f]);
      out[f] = (await this.gpu.time((pass) => plans.encode(pass, only), { warmup: 2, reps })).medianMs;
    }
    out.total = (await this.gpu.time((pass) => plans.encode(pass), { warmup: 2, reps })).medianMs;
    return out;
  }

  /** The whole forward for T rows with logits for O of them (O = T: every row). */
  private async rowPlans(T: number, O = T): Promise<RowPlans> {
    if (!Number.isInteger(T) || T < 1 || T > this.maxRows)
      throw new UserInputError(`llama: ${T} token rows; this session runs 1..${this.maxRows}`);
    const [body, head] = await Promise.all([
      this.cached(`body ${T}`, () => this.buildBody(T)),
      this.cached(`head ${T} ${O}`, () => this.buildHead(T, O)),
    ]);
    return {
      encode: (pass, families) => {
        body.encode(pass, families);
        head.encode(pass, families);
      },
      destroy: () => undefined, // the parts stay cached with the session
    };
  }

  private cached(key: string, build: () => Promise<RowPlans>): Promise<RowPlans> {
    let p = this.plans.get(key);
    if (!p) {
      p = build();
      this.plans.set(key, p);
      p.catch(() => this.plans.delete(key));
    }
    return p;
  }

  /** Records `made` in order, restricted to some families when asked. */
  private static recorded(made: { family: LlamaOpFamily; plan: KernelPlan }[]): RowPlans {
    return {
      encode: (pass, families) => {
        for (const m of made) if (!families || families.has(m.family)) m.plan.encode(pass);
      },
      destroy: () => {
        for (const m of made) m.plan.destroy();
      },
    };
  }

  /**
   * The final norm and the LM head for O of T rows. With O < T the rows named in `headRows` are
   * gathered out of the residual x into xn first, normed from xn into x (the residual is not
   * needed after the last layer, and a norm cannot run in place: its input and output bindings
   * would alias), and the head reads x: logits [O, vocab].
   */
  private async buildHead(T: number, O: number): Promise<RowPlans> {
    const { gpu, bufs, weights } = this;
    const c = this.config;
    const H = c.hiddenSize;
    if (!Number.isInteger(O) || O < 1 || O > T) throw new Error(`llama: ${O} logits rows of ${T}`);
    const made: { family: LlamaOpFamily; plan: KernelPlan }[] = [];
    const add = async (family: LlamaOpFamily, plan: Promise<KernelPlan>) => made.push({ family, plan: await plan });
    const gathered = O < T;
    const [normIn, normOut] = gathered ? [bufs.xn, bufs.x] : [bufs.x, bufs.xn];
    try {
      if (gathered)
        await add(
          'embedding',
          planGatherRows(gpu, { x: bufs.x, ids: bufs.headRows, out: bufs.xn }, { rows: O, cols: H }),
        );
      await add(
        'norms',
        planRmsNorm(
          gpu,
          { x: normIn, w: weights.get('model.norm.weight'), y: normOut, rstd: bufs.rstd },
          { T: O, H },
          c.rmsNormEps,
        ),
      );
      const head = weights.lmHeadName;
      await add('matmuls', this.linearPlan(O, normOut, weights.stored(head), bufs.logits, c.vocabSize, H));
    } catch (e) {
      for (const m of made) m.plan.destroy();
      throw e;
    }
    return LlamaInference.recorded(made);
  }

  /** x · Wᵀ for a weight matrix as stored (every matrix shares the weights' format). */
  private linearPlan(M: number, a: GPUBuffer, w: GPUBuffer, out: GPUBuffer, N: number, K: number, accumulate = false) {
    return planLinear(
      this.gpu,
      { a, b: w, c: out },
      { M, N, K, transB: true, accumulate },
      { weightFormat: this.weights.format, ...(this.linearPath === 'tiled' ? { path: 'tiled' as const } : {}) },
    );
  }

  /** The embedding gather and every layer, for T rows (the residual stream ends in x). */
  private async buildBody(T: number): Promise<RowPlans> {
    const { gpu, bufs, weights } = this;
    const c = this.config;
    const [H, F, nH, nKv, d] = [c.hiddenSize, c.intermediateSize, c.numAttentionHeads, c.numKeyValueHeads, c.headDim];
    const made: { family: LlamaOpFamily; plan: KernelPlan }[] = [];
    const add = async (family: LlamaOpFamily, plan: Promise<KernelPlan>) => made.push({ family, plan: await plan });
    const lin = (a: GPUBuffer, w: GPUBuffer, out: GPUBuffer, N: number, K: number, accumulate = false) =>
      this.linearPlan(T, a, w, out, N, K, accumulate);
    try {
      const embed = 'model.embed_tokens.weight';
      const gather = weights.isPacked(embed) ? planGatherRowsF16 : planGatherRows;
      await add(
        'embedding',
        gather(gpu, { x: weights.stored(embed), ids: bufs.tokens, out: bufs.x }, { rows: T, cols: H }),
      );
      for (let l = 0; l < c.numHiddenLayers; l++) {
        const w = weights.storedLayer(l);
        await add(
          'norms',
          planRmsNorm(gpu, { x: bufs.x, w: w.inputNorm, y: bufs.xn, rstd: bufs.rstd }, { T, H }, c.rmsNormEps),
        );
        await add('matmuls', lin(bufs.xn, w.q, bufs.q, nH * d, H));
        await add('matmuls', lin(bufs.xn, w.k, bufs.k, nKv * d, H));
        await add('matmuls', lin(bufs.xn, w.v, bufs.v, nKv * d, H));
        await add(
          'rotary',
          planRope(
            gpu,
            { q: bufs.q, k: bufs.k, rowPos: bufs.rowPos },
            { T, nHeads: nH, nKvHeads: nKv, headDim: d },
            { theta: c.ropeTheta, invFreq: this.invFreq },
          ),
        );
        const cacheShape = { T, B: this.batch, maxSeq: this.maxSeq, nKv, d };
        const cache = { kCache: this.kCache[l]!, vCache: this.vCache[l]!, rowSeq: bufs.rowSeq, rowPos: bufs.rowPos };
        await add('attention', planKvCacheWrite(gpu, { ...cache, k: bufs.k, v: bufs.v }, cacheShape));
        await add(
          'attention',
          planCausalAttention(gpu, { ...cache, q: bufs.q, o: bufs.o }, { ...cacheShape, nHeads: nH }),
        );
        await add('matmuls', lin(bufs.o, w.o, bufs.x, H, nH * d, true));
        await add(
          'norms',
          planRmsNorm(gpu, { x: bufs.x, w: w.postNorm, y: bufs.xn, rstd: bufs.rstd }, { T, H }, c.rmsNormEps),
        );
        await add('matmuls', lin(bufs.xn, w.gate, bufs.gate, F, H));
        await add('matmuls', lin(bufs.xn, w.up, bufs.up, F, H));
        await add('mlp', planSwiglu(gpu, { gate: bufs.gate, up: bufs.up, h: bufs.h }, { T, F }));
        await add('matmuls', lin(bufs.h, w.down, bufs.x, H, F, true));
      }
    } catch (e) {
      for (const m of made) m.plan.destroy();
      throw e;
    }
    return LlamaInference.recorded(made);
  }

  destroy(): void {
    for (const p of this.plans.values())
      p.then(
        (x) => x.destroy(),
        () => undefined,
      );
    this.plans.clear();
    this.owned.destroy();
    if (this.ownsWeights) this.weights.destroy();
  }
}
