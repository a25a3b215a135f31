// Independent CPU references in f64: plain full softmax per (query row, head) — all scores, then
// max, then sum — with none of the kernel's tiling or online rescaling; and a direct logaddexp
// merge. Rows with no attended key give o = 0 and lse = -Infinity, the kernels' convention.
import type { AttentionShape } from './flashAttention';

export interface ReferenceOutput {
  o: Float64Array;
  lse: Float64Array;
}

export function attentionReference(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  s: AttentionShape,
  opts: { scale?: number; mask?: Int32Array } = {},
): ReferenceOutput {
  const { sQ, sKV, heads, kvHeads, headDim: d } = s;
  const scale = opts.scale ?? 1 / Math.sqrt(d);
  const group = heads / kvHeads;
  const o = new Float64Array(sQ * heads * d);
  const lse = new Float64Array(sQ * heads);
  const scores = new Float64Array(sKV);
  for (let i = 0; i < sQ; i++) {
    for (let h = 0; h < heads; h++) {
      const kh = Math.floor(h / group);
      const qBase = (i * heads + h) * d;
      let max = -Infinity;
      for (let j = 0; j < sKV; j++) {
        if (opts.mask && opts.mask[j] === 0) {
          scores[j] = -Infinity;
          continue;
        }
        let dot = 0;
        const kBase = (j * kvHeads + kh) * d;
        for (let c = 0; c < d; c++) dot += q[qBase + c]! * k[kBase + c]!;
        scores[j] = dot * scale;
        max = Math.max(max, scores[j]!);
      }
      if (max === -Infinity) {
        lse[i * heads + h] = -Infinity;
        continue;
      } // o stays 0
      let sum = 0;
      for (let j = 0; j < sKV; j++) sum += Math.exp(scores[j]! - max);
      for (let j = 0; j < sKV; j++) {
        const w = Math.exp(scores[j]! - max) / sum;
        if (w === 0) continue;
        const vBase = (j * kvHeads + kh) * d;
        for (let c = 0; c < d; c++) o[qBase + c]! += w * v[vBase + c]!;
      }
      lse[i * heads + h] = max + Math.log(sum);
    }
  }
  return { o, lse };
}
