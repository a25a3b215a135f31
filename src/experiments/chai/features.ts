// CHAI's online clustering features: for each head, the softmax attention scores among the
// first 5 prompt tokens, S_h = softmax(Q_h[:5]·K_h[:5]ᵀ/√d) (5×5, no causal mask, as in the
// paper's reference code), flattened to 25 values. Heads whose rows point the same way (cosine)
// attend alike and can share one score row during decode.
import { projectRow, type HeadWeights, type LayerShape } from './syntheticModel';

export const PREFILL_TOKENS = 5;

/** Row-wise softmax(q kᵀ / √d) for n×d matrices q, k; returns n² values, row-major. */
export function prefillScores(q: Float64Array, k: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * n);
  const scale = 1 / Math.sqrt(d);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += q[i * d + c]! * k[j * d + c]!;
      out[i * n + j] = s * scale;
      max = Math.max(max, s * scale);
    }
    let sum = 0;
    for (let j = 0; j < n; j++) {
      out[i * n + j] = Math.exp(out[i * n + j]! - max);
      sum += out[i * n + j]!;
    }
    for (let j = 0; j < n; j++) out[i * n + j]! /= sum;
  }
  return out;
}

/** The 25-d feature of every head from a prompt's token states (first 5 rows) and the heads' W_q, W_k. */
export function headFeatures(weights: HeadWeights, shape: LayerShape, states: Float64Array): Float64Array[] {
  const { headDim: d, hidden: D } = shape;
  const n = PREFILL_TOKENS;
  if (states.length < n * D) throw new RangeError(`head features need ${n} prompt tokens, got ${states.length / D}`);
  const { wq, wk } = weights;
  return wq.map((w, h) => {
    const q = new Float64Array(n * d);
    const k = new Float64Array(n * d);
    for (let t = 0; t < n; t++) {
      projectRow(states, t, w, D, d, q, t * d);
      projectRow(states, t, wk[h]!, D, d, k, t * d);
    }
    return prefillScores(q, k, n, d);
  });
}
