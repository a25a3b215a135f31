// CPU references for decode attention, in f64, written directly from the definitions (no
// tiling, no shared passes) so they check the GPU kernels independently.
import type { DecodeShape } from './decodeAttention';

/** Softmax of `scores` (in place) and returns it; numerically safe via the max. */
function softmaxInPlace(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    scores[i] = Math.exp(scores[i]! - max);
    sum += scores[i]!;
  }
  for (let i = 0; i < scores.length; i++) scores[i]! /= sum;
  return scores;
}

/** Weighted sum of head h's V rows, written to out[(b·H + h)·d ...]. */
function weightedV(
  out: Float64Array,
  p: Float64Array,
  v: ArrayLike<number>,
  s: DecodeShape,
  b: number,
  h: number,
): void {
  const { context: T, heads: H, headDim: d } = s;
  for (let c = 0; c < d; c++) {
    let acc = 0;
    for (let t = 0; t < T; t++) acc += p[t]! * v[((b * T + t) * H + h) * d + c]!;
    out[(b * H + h) * d + c] = acc;
  }
}

function dot(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += a[aOff + c]! * b[bOff + c]!;
  return s;
}

/** Standard multi-head decode attention: every head scores against its own K. */
export function decodeAttentionReference(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  s: DecodeShape,
  scale = 1 / Math.sqrt(s.headDim),
): Float64Array {
  const { batch: B, context: T, heads: H, headDim: d } = s;
  const out = new Float64Array(B * H * d);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const scores = new Float64Array(T);
      for (let t = 0; t < T; t++) scores[t] = scale * dot(q, (b * H + h) * d, k, ((b * T + t) * H + h) * d, d);
      weightedV(out, softmaxInPlace(scores), v, s, b, h);
    }
  }
  return out;
}

/**
 * CHAI decode attention from the paper's definition, read straight from the FULL K cache
 * [B, T, H, d]: head h uses the scores of its cluster's representative (the lowest-index head
 * with the same cluster id, found here by scanning the map, independently of the GPU path's
 * gather) against that representative's own K, and weights its own V. Cluster ids need not be
 * dense here; the kernel's map validation is not reused on purpose.
 */
export function chaiDecodeAttentionReference(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  clusterMap: ArrayLike<number>,
  s: DecodeShape,
  scale = 1 / Math.sqrt(s.headDim),
): Float64Array {
  const { batch: B, context: T, heads: H, headDim: d } = s;
  const out = new Float64Array(B * H * d);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      let rep = 0;
      while (clusterMap[rep] !== clusterMap[h]) rep++;
      const scores = new Float64Array(T);
      for (let t = 0; t < T; t++) scores[t] = scale * dot(q, (b * H + rep) * d, k, ((b * T + t) * H + rep) * d, d);
      weightedV(out, softmaxInPlace(scores), v, s, b, h);
    }
  }
  return out;
}
