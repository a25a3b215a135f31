// Independent f64 CPU reference of the Llama architecture (Hugging Face LlamaForCausalLM, eager
// attention), used to check the GPU engine end to end. This file holds the model shape, the weight
// map (Hugging Face names, PyTorch [out, in] layouts), its seeded initialisation, the primitive ops
// shared by the forward (llamaForward.reference.ts) and backward (llamaBackward.reference.ts)
// passes, and an AdamW step. Everything is written from the math, not from any shader.
import { UserInputError } from '../../core';
import { createRng } from '../../data/pcg32';

/** Model hyper-parameters, named as in Hugging Face's LlamaConfig (camelCase). */
export interface LlamaShape {
  hiddenSize: number;
  intermediateSize: number;
  numHeads: number;
  numKvHeads: number;
  /** Per-head width; defaults to hiddenSize / numHeads (must then divide exactly). Must be even (rotary pairs). */
  headDim?: number;
  numLayers: number;
  vocabSize: number;
  rmsNormEps: number;
  ropeTheta: number;
  /** When true the LM head is model.embed_tokens.weight (no lm_head.weight in the map). */
  tieWordEmbeddings: boolean;
}

/** A LlamaShape with headDim filled in and every field validated. */
export type ResolvedLlamaShape = Required<LlamaShape>;

/** Weights keyed by Hugging Face parameter names, each a row-major Float64Array. */
export type LlamaWeights = Record<string, Float64Array>;

const positiveInt = (v: number): boolean => Number.isInteger(v) && v > 0;

/** Fills in headDim and validates the shape; throws UserInputError naming the bad field. */
export function resolveLlamaShape(shape: LlamaShape): ResolvedLlamaShape {
  const { hiddenSize, numHeads, numKvHeads } = shape;
  for (const key of ['hiddenSize', 'intermediateSize', 'numHeads', 'numKvHeads', 'numLayers', 'vocabSize'] as const) {
    if (!positiveInt(shape[key]))
      throw new UserInputError(`LlamaShape.${key} must be a positive integer, got ${shape[key]}`);
  }
  if (numHeads % numKvHeads !== 0) {
    throw new UserInputError(`LlamaShape: numHeads (${numHeads}) must be a multiple of numKvHeads (${numKvHeads})`);
  }
  if (shape.headDim === undefined && hiddenSize % numHeads !== 0) {
    throw new UserInputError(
      `LlamaShape: hiddenSize (${hiddenSize}) is not divisible by numHeads (${numHeads}); set headDim`,
    );
  }
  const headDim = shape.headDim ?? hiddenSize / numHeads;
  if (!positiveInt(headDim) || headDim % 2 !== 0) {
    throw new UserInputError(`LlamaShape.headDim must be a positive even integer (rotary pairs), got ${headDim}`);
  }
  if (!(shape.rmsNormEps >= 0)) throw new UserInputError(`LlamaShape.rmsNormEps must be >= 0, got ${shape.rmsNormEps}`);
  if (!(shape.ropeTheta > 0)) throw new UserInputError(`LlamaShape.ropeTheta must be > 0, got ${shape.ropeTheta}`);
  return { ...shape, headDim };
}

/** Parameter name → dimensions, in canonical order (embedding, layers 0.., final norm, LM head if untied). */
export function llamaWeightShapes(shape: LlamaShape): Map<string, number[]> {
  const s = resolveLlamaShape(shape);
  const [D, I, qW, kvW] = [s.hiddenSize, s.intermediateSize, s.numHeads * s.headDim, s.numKvHeads * s.headDim];
  const out = new Map<string, number[]>([['model.embed_tokens.weight', [s.vocabSize, D]]]);
  for (let l = 0; l < s.numLayers; l++) {
    const p = `model.layers.${l}.`;
    out.set(`${p}self_attn.q_proj.weight`, [qW, D]);
    out.set(`${p}self_attn.k_proj.weight`, [kvW, D]);
    out.set(`${p}self_attn.v_proj.weight`, [kvW, D]);
    out.set(`${p}self_attn.o_proj.weight`, [D, qW]);
    out.set(`${p}mlp.gate_proj.weight`, [I, D]);
    out.set(`${p}mlp.up_proj.weight`, [I, D]);
    out.set(`${p}mlp.down_proj.weight`, [D, I]);
    out.set(`${p}input_layernorm.weight`, [D]);
    out.set(`${p}post_attention_layernorm.weight`, [D]);
  }
  out.set('model.norm.weight', [D]);
  if (!s.tieWordEmbeddings) out.set('lm_head.weight', [s.vocabSize, D]);
  return out;
}

/** Throws UserInputError unless `weights` holds exactly the expected names with the expected sizes. */
export function checkLlamaWeights(shape: LlamaShape, weights: LlamaWeights): void {
  const shapes = llamaWeightShapes(shape);
  for (const [name, dims] of shapes) {
    const n = dims.reduce((a, b) => a * b, 1);
    const w = weights[name];
    if (!w) throw new UserInputError(`Llama weights: missing ${name} [${dims.join(', ')}]`);
    if (w.length !== n)
      throw new UserInputError(`Llama weights: ${name} has ${w.length} values, expected [${dims.join(', ')}]`);
  }
  for (const name of Object.keys(weights)) {
    if (!shapes.has(name))
      throw new UserInputError(`Llama weights: unexpected ${name} for this shape (tied: ${shape.tieWordEmbeddings})`);
  }
}

/**
 * Seeded weights. Linear and embedding weights are i.i.d. normal(0, std) (Box-Muller on PCG32,
 * createRng(seed)), std defaulting to 0.02 = Hugging Face's `initializer_range`; every RMSNorm
 * weight is 1. Tensor i of the untied canonical order draws from its own fork(i) of the generator,
 * so a tied and an untied model with the same seed share every common tensor.
 */
export function initLlamaWeights(shape: LlamaShape, seed: number, std = 0.02): LlamaWeights {
  const rng = createRng(seed);
  const weights: LlamaWeights = {};
  const all = llamaWeightShapes({ ...shape, tieWordEmbeddings: false });
  const keep = llamaWeightShapes(shape);
  let stream = 0;
  for (const [name, dims] of all) {
    const sub = rng.fork(stream++);
    if (!keep.has(name)) continue;
    const w = new Float64Array(dims.reduce((a, b) => a * b, 1));
    if (name.endsWith('norm.weight')) w.fill(1);
    else for (let i = 0; i < w.length; i++) w[i] = std * sub.normal();
    weights[name] = w;
  }
  return weights;
}

/** The LM head matrix [vocab, hidden]: lm_head.weight, or the embedding when tied. */
export function lmHeadName(shape: LlamaShape): string {
  return shape.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight';
}

// ---- Primitive ops (row-major, rows = tokens) ---------------------------------------------------

/** y [T, out] = x [T, in] · Wᵀ for a PyTorch linear weight W [out, in]. */
export function linearF64(x: Float64Array, w: Float64Array, rows: number, inDim: number, outDim: number): Float64Array {
  const y = new Float64Array(rows * outDim);
  for (let t = 0; t < rows; t++) {
    for (let o = 0; o < outDim; o++) {
      let acc = 0;
      for (let i = 0; i < inDim; i++) acc += x[t * inDim + i]! * w[o * inDim + i]!;
      y[t * outDim + o] = acc;
    }
  }
  return y;
}

/** Backward of `linearF64`: dx [T, in] = dy · W, and dW [out, in] += dyᵀ · x. */
export function linearBackwardF64(
  dy: Float64Array,
  x: Float64Array,
  w: Float64Array,
  dw: Float64Array,
  rows: number,
  inDim: number,
  outDim: number,
): Float64Array {
  const dx = new Float64Array(rows * inDim);
  for (let t = 0; t < rows; t++) {
    for (let o = 0; o < outDim; o++) {
      const g = dy[t * outDim + o]!;
      if (g === 0) continue;
      for (let i = 0; i < inDim; i++) {
        dx[t * inDim + i]! += g * w[o * inDim + i]!;
        dw[o * inDim + i]! += g * x[t * inDim + i]!;
      }
    }
  }
  return dx;
}

/** Hugging Face LlamaRMSNorm per row: y = x · rsqrt(mean(x²) + eps) · w. Returns y and the rsqrt per row. */
export function rmsNormF64(x: Float64Array, w: Float64Array, rows: number, width: number, eps: number) {
  const y = new Float64Array(rows * width);
  const rstd = new Float64Array(rows);
  for (let t = 0; t < rows; t++) {
    let ss = 0;
    for (let i = 0; i < width; i++) ss += x[t * width + i]! ** 2;
    const r = 1 / Math.sqrt(ss / width + eps);
    rstd[t] = r;
    for (let i = 0; i < width; i++) y[t * width + i] = x[t * width + i]! * r * w[i]!;
  }
  return { y, rstd };
}

/**
 * Backward of rmsNormF64. With g = dy ⊙ w and r = rstd: dx = r·g − x·r³·(g·x)/n (r depends on every
 * x of the row through mean(x²)), and dw += Σ_rows dy ⊙ x · r.
 */
export function rmsNormBackwardF64(
  dy: Float64Array,
  x: Float64Array,
  w: Float64Array,
  rstd: Float64Array,
  dw: Float64Array,
  rows: number,
  width: number,
): Float64Array {
  const dx = new Float64Array(rows * width);
  for (let t = 0; t < rows; t++) {
    const r = rstd[t]!;
    let gx = 0;
    for (let i = 0; i < width; i++) {
      const j = t * width + i;
      gx += dy[j]! * w[i]! * x[j]!;
      dw[i]! += dy[j]! * x[j]! * r;
    }
    for (let i = 0; i < width; i++) {
      const j = t * width + i;
      dx[j] = r * dy[j]! * w[i]! - (x[j]! * r * r * r * gx) / width;
    }
  }
  return dx;
}

/**
 * Rotary embedding (rotate-half, as Hugging Face Llama), in place on x [T, heads, d]: row t is at
 * position pos[t]; inv_freq[i] = theta^(−2i/d), angle = pos·inv_freq[i], and each pair
 * (x[i], x[i + d/2]) → (x[i]·cos − x[i+d/2]·sin, x[i+d/2]·cos + x[i]·sin). `direction = −1`
 * rotates by −angle: the inverse, which is also the transpose used by the backward pass.
 */
export function rotaryF64(
  x: Float64Array,
  pos: ArrayLike<number>,
  heads: number,
  d: number,
  theta: number,
  direction: 1 | -1 = 1,
): Float64Array {
  const half = d / 2;
  for (let t = 0; t < pos.length; t++) {
    for (let i = 0; i < half; i++) {
      const angle = pos[t]! * theta ** ((-2 * i) / d);
      const c = Math.cos(angle);
      const s = direction * Math.sin(angle);
      for (let h = 0; h < heads; h++) {
        const base = (t * heads + h) * d;
        const a = x[base + i]!;
        const b = x[base + i + half]!;
        x[base + i] = a * c - b * s;
        x[base + i + half] = b * c + a * s;
      }
    }
  }
  return x;
}

/** silu(z) = z·σ(z). */
export const silu = (z: number): number => z / (1 + Math.exp(-z));

// ---- AdamW (torch.optim.AdamW semantics) ---------------------------------------------------------

export interface AdamWOptions {
  lr?: number; // torch default 1e-3
  beta1?: number; // 0.9
  beta2?: number; // 0.999
  eps?: number; // 1e-8
  weightDecay?: number; // 1e-2
  /** Which parameters get weight decay (default: all, as a plain torch param group). */
  decay?: (name: string) => boolean;
}

/** Per-parameter optimizer state: first/second moments and step count (torch keeps `step` per parameter). */
export interface AdamWState {
  m: LlamaWeights;
  v: LlamaWeights;
  step: Record<string, number>;
}

export function createAdamWState(): AdamWState {
  return { m: {}, v: {}, step: {} };
}

/**
 * One AdamW step in place over every weight that has a gradient (torch skips parameters whose grad is
 * None; so does this). Decoupled decay first, p ← p·(1 − lr·wd); then m ← β₁m + (1−β₁)g,
 * v ← β₂v + (1−β₂)g², p ← p − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + eps).
 */
export function adamWStep(
  weights: LlamaWeights,
  grads: LlamaWeights,
  state: AdamWState,
  opts: AdamWOptions = {},
): void {
  const { lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 1e-2, decay = () => true } = opts;
  for (const [name, p] of Object.entries(weights)) {
    const g = grads[name];
    if (!g) continue;
    if (g.length !== p.length)
      throw new UserInputError(`adamWStep: gradient of ${name} has ${g.length} values, weight ${p.length}`);
    const m = (state.m[name] ??= new Float64Array(p.length));
    const v = (state.v[name] ??= new Float64Array(p.length));
    const t = (state.step[name] = (state.step[name] ?? 0) + 1);
    const wd = decay(name) ? weightDecay : 0;
    const bc1 = 1 - beta1 ** t;
    const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
    for (let i = 0; i < p.length; i++) {
      p[i]! *= 1 - lr * wd;
      m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
      v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! * g[i]!;
      p[i]! -= ((lr / bc1) * m[i]!) / (Math.sqrt(v[i]!) / bc2Sqrt + eps);
    }
  }
}
