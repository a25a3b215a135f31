// f64 backward pass of the Llama reference: gradients of the mean next-token cross-entropy w.r.t.
// every weight, by the chain rule through each op of llamaForward (see llama.reference.ts).
import { UserInputError } from '../../core';
import {
  rotaryF64,
  linearBackwardF64,
  llamaWeightShapes,
  lmHeadName,
  resolveLlamaShape,
  rmsNormBackwardF64,
  silu,
  type LlamaShape,
  type LlamaWeights,
} from './llama.reference';
import { llamaCrossEntropy, llamaForward, type LlamaInput } from './llamaForward.reference';

export interface LlamaGradients {
  loss: number;
  /** Same names and sizes as the weights; a tied embedding sums its lookup and LM-head gradients. */
  grads: LlamaWeights;
}

/** Loss and gradients for `input` against `targets` [B, S] (−1 = ignore), as loss.backward() would give. */
export function llamaBackward(
  shape: LlamaShape,
  weights: LlamaWeights,
  input: LlamaInput,
  targets: Int32Array,
): LlamaGradients {
  const s = resolveLlamaShape(shape);
  const { batch: B, seqLen: S } = input;
  if (targets.length !== B * S)
    throw new UserInputError(`llamaBackward: expected ${B * S} targets, got ${targets.length}`);
  const fwd = llamaForward(s, weights, input);
  const { hiddenSize: D, intermediateSize: I, numHeads: H, numKvHeads: Hkv, headDim: d, vocabSize: V } = s;
  const T = B * S;
  const group = H / Hkv;
  const scale = 1 / Math.sqrt(d);
  const grads: LlamaWeights = {};
  for (const [name, dims] of llamaWeightShapes(s)) grads[name] = new Float64Array(dims.reduce((a, b) => a * b, 1));
  const W = (name: string) => weights[name]!;
  const G = (name: string) => grads[name]!;

  // logits = finalHidden · headᵀ, finalHidden = rmsnorm(finalX).
  const { loss, dLogits } = llamaCrossEntropy(fwd.logits, targets, V);
  const dFinal = linearBackwardF64(dLogits, fwd.finalHidden, W(lmHeadName(s)), G(lmHeadName(s)), T, D, V);
  let dx = rmsNormBackwardF64(dFinal, fwd.finalX, W('model.norm.weight'), fwd.finalRstd, G('model.norm.weight'), T, D);

  for (let l = s.numLayers - 1; l >= 0; l--) {
    const p = `model.layers.${l}.`;
    const L = fwd.layers[l]!;
    // out = h + down(act), act = silu(gate) ⊙ up: the residual passes dx to h unchanged.
    const dAct = linearBackwardF64(dx, L.act, W(`${p}mlp.down_proj.weight`), G(`${p}mlp.down_proj.weight`), T, I, D);
    const dGate = new Float64Array(T * I);
    const dUp = new Float64Array(T * I);
    for (let i = 0; i < T * I; i++) {
      const g = L.gate[i]!;
      const sig = 1 / (1 + Math.exp(-g));
      dUp[i] = dAct[i]! * silu(g);
      dGate[i] = dAct[i]! * L.up[i]! * sig * (1 + g * (1 - sig)); // silu'(g) = σ(g)(1 + g(1 − σ(g)))
    }
    const dMlpIn = linearBackwardF64(
      dGate,
      L.mlpIn,
      W(`${p}mlp.gate_proj.weight`),
      G(`${p}mlp.gate_proj.weight`),
      T,
      D,
      I,
    );
    const dMlpInUp = linearBackwardF64(dUp, L.mlpIn, W(`${p}mlp.up_proj.weight`), G(`${p}mlp.up_proj.weight`), T, D, I);
    for (let i = 0; i < T * D; i++) dMlpIn[i]! += dMlpInUp[i]!;
    const postNorm = `${p}post_attention_layernorm.weight`;
    const dhNorm = rmsNormBackwardF64(dMlpIn, L.h, W(postNorm), L.mlpRstd, G(postNorm), T, D);
    const dh = dx.map((g, i) => g + dhNorm[i]!);

    // h = x + o_proj(attn), attn = softmax(q·kᵀ·scale + causal mask) · v per (sequence, head).
    const dAttn = linearBackwardF64(
      dh,
      L.attn,
      W(`${p}self_attn.o_proj.weight`),
      G(`${p}self_attn.o_proj.weight`),
      T,
      H * d,
      D,
    );
    const dq = new Float64Array(T * H * d);
    const dk = new Float64Array(T * Hkv * d);
    const dv = new Float64Array(T * Hkv * d);
    const dP = new Float64Array(S);
    for (let b = 0; b < B; b++) {
      for (let hq = 0; hq < H; hq++) {
        const hk = Math.floor(hq / group);
        for (let i = 0; i < S; i++) {
          const pr = L.probs.subarray(((b * H + hq) * S + i) * S, ((b * H + hq) * S + i + 1) * S);
          const qo = ((b * S + i) * H + hq) * d;
          // dP[j] = dO_i · v_j and dv_j += P[i, j]·dO_i (summed over the query heads sharing kv head hk).
          let pdp = 0;
          for (let j = 0; j <= i; j++) {
            const vo = ((b * S + j) * Hkv + hk) * d;
            let acc = 0;
            for (let c = 0; c < d; c++) {
              acc += dAttn[qo + c]! * L.v[vo + c]!;
              dv[vo + c]! += pr[j]! * dAttn[qo + c]!;
            }
            dP[j] = acc;
            pdp += pr[j]! * acc;
          }
          // Softmax backward: dScore[j] = P[j]·(dP[j] − Σ P·dP); score = scale·q_i·k_j.
          for (let j = 0; j <= i; j++) {
            const dScore = pr[j]! * (dP[j]! - pdp) * scale;
            const ko = ((b * S + j) * Hkv + hk) * d;
            for (let c = 0; c < d; c++) {
              dq[qo + c]! += dScore * L.k[ko + c]!;
              dk[ko + c]! += dScore * L.q[qo + c]!;
            }
          }
        }
      }
    }
    // Rotary is an orthogonal rotation per pair: its transpose rotates by −angle.
    rotaryF64(dq, fwd.positions, H, d, s.ropeTheta, -1);
    rotaryF64(dk, fwd.positions, Hkv, d, s.ropeTheta, -1);
    const dAttnIn = new Float64Array(T * D);
    for (const [proj, dy, width] of [
      ['q', dq, H * d],
      ['k', dk, Hkv * d],
      ['v', dv, Hkv * d],
    ] as const) {
      const name = `${p}self_attn.${proj}_proj.weight`;
      const part = linearBackwardF64(dy, L.attnIn, W(name), G(name), T, D, width);
      for (let i = 0; i < T * D; i++) dAttnIn[i]! += part[i]!;
    }
    const inNorm = `${p}input_layernorm.weight`;
    const dxNorm = rmsNormBackwardF64(dAttnIn, L.x, W(inNorm), L.attnRstd, G(inNorm), T, D);
    dx = dh.map((g, i) => g + dxNorm[i]!);
  }

  // Embedding lookup: each row's gradient lands on its token's row (adds to the LM-head part when tied).
  const dEmbed = G('model.embed_tokens.weight');
  for (let t = 0; t < T; t++) {
    const row = input.tokens[t]! * D;
    for (let c = 0; c < D; c++) dEmbed[row + c]! += dx[t * D + c]!;
  }
  return { loss, grads };
}
