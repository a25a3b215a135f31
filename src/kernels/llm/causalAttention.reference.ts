// CPU reference for causal self-attention over a KV cache, f64, written from the math (not from
// the shaders). Row t, head h attends keys j = 0..rowPos[t] of sequence b = rowSeq[t], kv head
// h / (nHeads / nKv):
//   s_j = scale · q_t,h · K_b,j      P_j = e^(s_j − m) / l,  m = max_j s_j, l = Σ_j e^(s_j − m)
//   o_t,h = Σ_j P_j V_b,j            lse_t,h = m + log l
// Backward, for a loss with gradient dO on o:
//   dP_j = dO_t,h · V_b,j     Δ = Σ_j P_j dP_j     dS_j = P_j (dP_j − Δ)
//   dq_t,h = scale Σ_j dS_j K_b,j     dK_b,j += scale · dS_j q_t,h     dV_b,j += P_j dO_t,h
import type { CausalAttentionShape } from './causalAttention';

export interface CausalAttentionReferenceOutput {
  o: Float64Array;
  /** [T, nHeads, maxSeq], zero beyond rowPos[t]. */
  p: Float64Array;
  lse: Float64Array;
}

const scaleOf = (s: CausalAttentionShape) => s.scale ?? 1 / Math.sqrt(s.d);

/** Probabilities of row t, head h over keys 0..rowPos[t], into `out` (length ≥ rowPos[t] + 1); returns the LSE. */
function rowSoftmax(
  q: ArrayLike<number>,
  kCache: ArrayLike<number>,
  s: CausalAttentionShape,
  t: number,
  h: number,
  b: number,
  pos: number,
  out: Float64Array,
): number {
  const { d, nHeads, nKv, maxSeq } = s;
  const g = (h / (nHeads / nKv)) | 0;
  const scale = scaleOf(s);
  let m = -Infinity;
  for (let j = 0; j <= pos; j++) {
    let dot = 0;
    for (let c = 0; c < d; c++) dot += q[(t * nHeads + h) * d + c]! * kCache[((b * maxSeq + j) * nKv + g) * d + c]!;
    out[j] = scale * dot;
    m = Math.max(m, out[j]!);
  }
  let l = 0;
  for (let j = 0; j <= pos; j++) {
    out[j] = Math.exp(out[j]! - m);
    l += out[j]!;
  }
  for (let j = 0; j <= pos; j++) out[j] = out[j]! / l;
  return m + Math.log(l);
}

export function causalAttentionReference(
  q: ArrayLike<number>,
  kCache: ArrayLike<number>,
  vCache: ArrayLike<number>,
  rowSeq: ArrayLike<number>,
  rowPos: ArrayLike<number>,
  s: CausalAttentionShape,
): CausalAttentionReferenceOutput {
  const { T, maxSeq, nHeads, nKv, d } = s;
  const o = new Float64Array(T * nHeads * d);
  const p = new Float64Array(T * nHeads * maxSeq);
  const lse = new Float64Array(T * nHeads);
  const row = new Float64Array(maxSeq);
  for (let t = 0; t < T; t++) {
    const b = rowSeq[t]!;
    const pos = rowPos[t]!;
    for (let h = 0; h < nHeads; h++) {
      const g = (h / (nHeads / nKv)) | 0;
      lse[t * nHeads + h] = rowSoftmax(q, kCache, s, t, h, b, pos, row);
      for (let j = 0; j <= pos; j++) {
        p[(t * nHeads + h) * maxSeq + j] = row[j]!;
        for (let c = 0; c < d; c++)
          o[(t * nHeads + h) * d + c] += row[j]! * vCache[((b * maxSeq + j) * nKv + g) * d + c]!;
      }
    }
  }
  return { o, p, lse };
}

export interface CausalAttentionReferenceGradients {
  dq: Float64Array;
  dK: Float64Array;
  dV: Float64Array;
}

export function causalAttentionBackwardReference(
  dO: ArrayLike<number>,
  q: ArrayLike<number>,
  kCache: ArrayLike<number>,
  vCache: ArrayLike<number>,
  rowSeq: ArrayLike<number>,
  rowPos: ArrayLike<number>,
  s: CausalAttentionShape,
): CausalAttentionReferenceGradients {
  const { T, B, maxSeq, nHeads, nKv, d } = s;
  const scale = scaleOf(s);
  const dq = new Float64Array(T * nHeads * d);
  const dK = new Float64Array(B * maxSeq * nKv * d);
  const dV = new Float64Array(B * maxSeq * nKv * d);
  const P = new Float64Array(maxSeq);
  const dP = new Float64Array(maxSeq);
  for (let t = 0; t < T; t++) {
    const b = rowSeq[t]!;
    const pos = rowPos[t]!;
    for (let h = 0; h < nHeads; h++) {
      const g = (h / (nHeads / nKv)) | 0;
      const qi = (t * nHeads + h) * d;
      rowSoftmax(q, kCache, s, t, h, b, pos, P);
      let delta = 0;
      for (let j = 0; j <= pos; j++) {
        const kv = ((b * maxSeq + j) * nKv + g) * d;
        let dot = 0;
        for (let c = 0; c < d; c++) dot += dO[qi + c]! * vCache[kv + c]!;
        dP[j] = dot;
        delta += P[j]! * dot;
      }
      for (let j = 0; j <= pos; j++) {
        const kv = ((b * maxSeq + j) * nKv + g) * d;
        const dS = P[j]! * (dP[j]! - delta);
        for (let c = 0; c < d; c++) {
          dq[qi + c] += scale * dS * kCache[kv + c]!;
          dK[kv + c] += scale * dS * q[qi + c]!;
          dV[kv + c] += P[j]! * dO[qi + c]!;
        }
      }
    }
  }
  return { dq, dK, dV };
}
