// f64 forward pass of Hugging Face LlamaForCausalLM (eager attention), full-sequence and
// incremental with a KV cache, plus the next-token cross-entropy loss. See llama.reference.ts.
import { UserInputError } from '../../core';
import {
  rotaryF64,
  checkLlamaWeights,
  linearF64,
  lmHeadName,
  resolveLlamaShape,
  rmsNormF64,
  silu,
  type LlamaShape,
  type LlamaWeights,
  type ResolvedLlamaShape,
} from './llama.reference';

/** B sequences of S token ids (row-major [B, S]); positionOffset[b] (default 0) is sequence b's first position. */
export interface LlamaInput {
  tokens: Int32Array;
  batch: number;
  seqLen: number;
  positionOffset?: ArrayLike<number>;
}

/** Activations of one decoder layer saved for the backward pass; T = B·S rows. */
export interface LlamaLayerTape {
  x: Float64Array; // [T, D] layer input (residual stream)
  attnIn: Float64Array; // [T, D] input_layernorm(x)
  attnRstd: Float64Array; // [T]
  q: Float64Array; // [T, H, d] after rotary
  k: Float64Array; // [T, Hkv, d] after rotary
  v: Float64Array; // [T, Hkv, d]
  probs: Float64Array; // [B, H, S, S] causal softmax (zeros above the diagonal)
  attn: Float64Array; // [T, H·d] attention output, o_proj's input
  h: Float64Array; // [T, D] x + o_proj(attn)
  mlpIn: Float64Array; // [T, D] post_attention_layernorm(h)
  mlpRstd: Float64Array; // [T]
  gate: Float64Array; // [T, I]
  up: Float64Array; // [T, I]
  act: Float64Array; // [T, I] silu(gate) ⊙ up, down_proj's input
}

export interface LlamaForwardResult {
  logits: Float64Array; // [T, vocab]
  positions: Int32Array; // [T]
  layers: LlamaLayerTape[];
  finalX: Float64Array; // [T, D] input of model.norm
  finalRstd: Float64Array; // [T]
  finalHidden: Float64Array; // [T, D] model.norm output, the LM head's input
}

function checkTokens(tokens: Int32Array, count: number, vocab: number, what: string): void {
  if (tokens.length !== count) throw new UserInputError(`${what}: expected ${count} token ids, got ${tokens.length}`);
  for (const id of tokens) {
    if (!(id >= 0 && id < vocab)) throw new UserInputError(`${what}: token id ${id} outside [0, ${vocab})`);
  }
}

function embed(w: LlamaWeights, tokens: Int32Array, D: number): Float64Array {
  const x = new Float64Array(tokens.length * D);
  const e = w['model.embed_tokens.weight']!;
  for (let t = 0; t < tokens.length; t++) x.set(e.subarray(tokens[t]! * D, (tokens[t]! + 1) * D), t * D);
  return x;
}

/** The SwiGLU MLP sublayer (after its norm): down(silu(gate(a)) ⊙ up(a)). */
function mlp(s: ResolvedLlamaShape, w: LlamaWeights, p: string, a: Float64Array, T: number) {
  const [D, I] = [s.hiddenSize, s.intermediateSize];
  const gate = linearF64(a, w[`${p}mlp.gate_proj.weight`]!, T, D, I);
  const up = linearF64(a, w[`${p}mlp.up_proj.weight`]!, T, D, I);
  const act = new Float64Array(T * I);
  for (let i = 0; i < act.length; i++) act[i] = silu(gate[i]!) * up[i]!;
  return { gate, up, act, out: linearF64(act, w[`${p}mlp.down_proj.weight`]!, T, I, D) };
}

/** Final norm and LM head; returns the logits and the tape pieces. */
function head(s: ResolvedLlamaShape, w: LlamaWeights, x: Float64Array, T: number) {
  const { y, rstd } = rmsNormF64(x, w['model.norm.weight']!, T, s.hiddenSize, s.rmsNormEps);
  return { finalHidden: y, finalRstd: rstd, logits: linearF64(y, w[lmHeadName(s)]!, T, s.hiddenSize, s.vocabSize) };
}

/** Full forward of B independent sequences with a causal mask, as LlamaForCausalLM(input_ids, position_ids). */
export function llamaForward(shape: LlamaShape, weights: LlamaWeights, input: LlamaInput): LlamaForwardResult {
  const s = resolveLlamaShape(shape);
  checkLlamaWeights(s, weights);
  const { batch: B, seqLen: S, positionOffset } = input;
  if (!(B > 0 && S > 0 && Number.isInteger(B) && Number.isInteger(S))) {
    throw new UserInputError(`llamaForward: batch and seqLen must be positive integers, got ${B}, ${S}`);
  }
  checkTokens(input.tokens, B * S, s.vocabSize, 'llamaForward');
  if (positionOffset && positionOffset.length !== B) {
    throw new UserInputError(`llamaForward: positionOffset needs ${B} entries, got ${positionOffset.length}`);
  }
  const { hiddenSize: D, numHeads: H, numKvHeads: Hkv, headDim: d } = s;
  const T = B * S;
  const group = H / Hkv;
  const scale = 1 / Math.sqrt(d);
  const positions = new Int32Array(T);
  for (let t = 0; t < T; t++) positions[t] = (positionOffset?.[Math.floor(t / S)] ?? 0) + (t % S);

  let x = embed(weights, input.tokens, D);
  const layers: LlamaLayerTape[] = [];
  for (let l = 0; l < s.numLayers; l++) {
    const p = `model.layers.${l}.`;
    const { y: attnIn, rstd: attnRstd } = rmsNormF64(x, weights[`${p}input_layernorm.weight`]!, T, D, s.rmsNormEps);
    const q = rotaryF64(
      linearF64(attnIn, weights[`${p}self_attn.q_proj.weight`]!, T, D, H * d),
      positions,
      H,
      d,
      s.ropeTheta,
    );
    const k = rotaryF64(
      linearF64(attnIn, weights[`${p}self_attn.k_proj.weight`]!, T, D, Hkv * d),
      positions,
      Hkv,
      d,
      s.ropeTheta,
    );
    const v = linearF64(attnIn, weights[`${p}self_attn.v_proj.weight`]!, T, D, Hkv * d);
    const probs = new Float64Array(B * H * S * S);
    const attn = new Float64Array(T * H * d);
    for (let b = 0; b < B; b++) {
      for (let hq = 0; hq < H; hq++) {
        const hk = Math.floor(hq / group); // grouped-query attention: head hq reads KV head hq / group
        for (let i = 0; i < S; i++) {
          const pr = probs.subarray(((b * H + hq) * S + i) * S, ((b * H + hq) * S + i + 1) * S);
          const qo = ((b * S + i) * H + hq) * d;
          let max = -Infinity;
          for (let j = 0; j <= i; j++) {
            const ko = ((b * S + j) * Hkv + hk) * d;
            let dot = 0;
            for (let c = 0; c < d; c++) dot += q[qo + c]! * k[ko + c]!;
            pr[j] = dot * scale;
            max = Math.max(max, pr[j]!);
          }
          let sum = 0;
          for (let j = 0; j <= i; j++) sum += pr[j] = Math.exp(pr[j]! - max);
          for (let j = 0; j <= i; j++) {
            pr[j]! /= sum;
            const vo = ((b * S + j) * Hkv + hk) * d;
            for (let c = 0; c < d; c++) attn[qo + c]! += pr[j]! * v[vo + c]!;
          }
        }
      }
    }
    const o = linearF64(attn, weights[`${p}self_attn.o_proj.weight`]!, T, H * d, D);
    const h = x.map((xi, i) => xi + o[i]!);
    const { y: mlpIn, rstd: mlpRstd } = rmsNormF64(
      h,
      weights[`${p}post_attention_layernorm.weight`]!,
      T,
      D,
      s.rmsNormEps,
    );
    const m = mlp(s, weights, p, mlpIn, T);
    layers.push({ x, attnIn, attnRstd, q, k, v, probs, attn, h, mlpIn, mlpRstd, gate: m.gate, up: m.up, act: m.act });
    x = h.map((hi, i) => hi + m.out[i]!);
  }
  return { ...head(s, weights, x, T), positions, layers, finalX: x };
}

// ---- Incremental decoding with a KV cache ------------------------------------------------------

/** Per-layer K and V caches [B, maxSeq, Hkv, d] (rotated keys); length[b] = tokens cached for sequence b. */
export interface LlamaKvCache {
  batch: number;
  maxSeq: number;
  length: Int32Array;
  k: Float64Array[];
  v: Float64Array[];
}

export function createLlamaKvCache(shape: LlamaShape, batch: number, maxSeq: number): LlamaKvCache {
  const s = resolveLlamaShape(shape);
  const n = batch * maxSeq * s.numKvHeads * s.headDim;
  const layers = Array.from({ length: s.numLayers }, () => 0);
  return {
    batch,
    maxSeq,
    length: new Int32Array(batch),
    k: layers.map(() => new Float64Array(n)),
    v: layers.map(() => new Float64Array(n)),
  };
}

/**
 * Appends `rows` tokens to every sequence (tokens [B, rows]) and returns their logits [B·rows, vocab].
 * Token j of sequence b sits at position cache.length[b] + j and attends cached keys 0..that position
 * of its own sequence: rows = prompt length is prefill, 1 is decode, γ + 1 is speculative verification.
 */
export function llamaDecode(
  shape: LlamaShape,
  weights: LlamaWeights,
  cache: LlamaKvCache,
  tokens: Int32Array,
  rows: number,
): Float64Array {
  const s = resolveLlamaShape(shape);
  checkLlamaWeights(s, weights);
  const { batch: B, maxSeq } = cache;
  checkTokens(tokens, B * rows, s.vocabSize, 'llamaDecode');
  for (let b = 0; b < B; b++) {
    if (cache.length[b]! + rows > maxSeq) {
      throw new UserInputError(
        `llamaDecode: sequence ${b} holds ${cache.length[b]} tokens; ${rows} more exceed maxSeq ${maxSeq}`,
      );
    }
  }
  const { hiddenSize: D, numHeads: H, numKvHeads: Hkv, headDim: d } = s;
  const T = B * rows;
  const group = H / Hkv;
  const positions = Int32Array.from({ length: T }, (_, t) => cache.length[Math.floor(t / rows)]! + (t % rows));
  let x = embed(weights, tokens, D);
  for (let l = 0; l < s.numLayers; l++) {
    const p = `model.layers.${l}.`;
    const a = rmsNormF64(x, weights[`${p}input_layernorm.weight`]!, T, D, s.rmsNormEps).y;
    const q = rotaryF64(
      linearF64(a, weights[`${p}self_attn.q_proj.weight`]!, T, D, H * d),
      positions,
      H,
      d,
      s.ropeTheta,
    );
    const k = rotaryF64(
      linearF64(a, weights[`${p}self_attn.k_proj.weight`]!, T, D, Hkv * d),
      positions,
      Hkv,
      d,
      s.ropeTheta,
    );
    const v = linearF64(a, weights[`${p}self_attn.v_proj.weight`]!, T, D, Hkv * d);
    const [kc, vc] = [cache.k[l]!, cache.v[l]!];
    for (let t = 0; t < T; t++) {
      const dst = (Math.floor(t / rows) * maxSeq + positions[t]!) * Hkv * d;
      kc.set(k.subarray(t * Hkv * d, (t + 1) * Hkv * d), dst);
      vc.set(v.subarray(t * Hkv * d, (t + 1) * Hkv * d), dst);
    }
    const attn = new Float64Array(T * H * d);
    for (let t = 0; t < T; t++) {
      const b = Math.floor(t / rows);
      for (let hq = 0; hq < H; hq++) {
        const kvOff = (j: number) => ((b * maxSeq + j) * Hkv + Math.floor(hq / group)) * d;
        const scores = Float64Array.from({ length: positions[t]! + 1 }, (_, j) => {
          let dot = 0;
          for (let c = 0; c < d; c++) dot += q[(t * H + hq) * d + c]! * kc[kvOff(j) + c]!;
          return dot / Math.sqrt(d);
        });
        const max = Math.max(...scores);
        const e = scores.map((z) => Math.exp(z - max));
        const sum = e.reduce((acc, z) => acc + z, 0);
        for (let j = 0; j < e.length; j++) {
          for (let c = 0; c < d; c++) attn[(t * H + hq) * d + c]! += (e[j]! / sum) * vc[kvOff(j) + c]!;
        }
      }
    }
    const o = linearF64(attn, weights[`${p}self_attn.o_proj.weight`]!, T, H * d, D);
    const h = x.map((xi, i) => xi + o[i]!);
    const m = mlp(
      s,
      weights,
      p,
      rmsNormF64(h, weights[`${p}post_attention_layernorm.weight`]!, T, D, s.rmsNormEps).y,
      T,
    );
    x = h.map((hi, i) => hi + m.out[i]!);
  }
  for (let b = 0; b < B; b++) cache.length[b]! += rows;
  return head(s, weights, x, T).logits;
}

// ---- Loss -----------------------------------------------------------------------------------------

/** Next-token targets for tokens [B, S]: target[b, s] = tokens[b, s + 1], and −1 (ignored) at s = S − 1. */
export function nextTokenTargets(tokens: Int32Array, batch: number, seqLen: number): Int32Array {
  return Int32Array.from({ length: batch * seqLen }, (_, t) => ((t + 1) % seqLen === 0 ? -1 : tokens[t + 1]!));
}

/**
 * Mean cross-entropy of logits [T, vocab] against targets [T] over rows whose target is not −1, and
 * its gradient w.r.t. the logits: (softmax − onehot) / count on counted rows, 0 elsewhere. With no
 * counted row the loss and gradient are 0 (torch would return NaN).
 */
export function llamaCrossEntropy(logits: Float64Array, targets: Int32Array, vocab: number) {
  const T = targets.length;
  if (logits.length !== T * vocab)
    throw new UserInputError(`llamaCrossEntropy: ${logits.length} logits for ${T} targets × ${vocab}`);
  let count = 0;
  for (const y of targets) {
    if (y !== -1 && !(y >= 0 && y < vocab))
      throw new UserInputError(`llamaCrossEntropy: target ${y} outside [0, ${vocab}) and not −1`);
    if (y !== -1) count++;
  }
  const dLogits = new Float64Array(T * vocab);
  let total = 0;
  for (let t = 0; t < T; t++) {
    const y = targets[t]!;
    if (y === -1) continue;
    const row = logits.subarray(t * vocab, (t + 1) * vocab);
    const max = Math.max(...row);
    let sum = 0;
    for (const z of row) sum += Math.exp(z - max);
    total += max + Math.log(sum) - row[y]!;
    for (let c = 0; c < vocab; c++)
      dLogits[t * vocab + c] = (Math.exp(row[c]! - max) / sum - (c === y ? 1 : 0)) / count;
  }
  return { loss: count ? total / count : 0, count, dLogits };
}

/** Mean next-token cross-entropy of the model on `input` against `targets` [B, S] (−1 = ignore). */
export function llamaLoss(shape: LlamaShape, weights: LlamaWeights, input: LlamaInput, targets: Int32Array): number {
  return llamaCrossEntropy(llamaForward(shape, weights, input).logits, targets, shape.vocabSize).loss;
}
