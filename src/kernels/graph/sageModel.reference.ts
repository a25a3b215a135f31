// CPU reference for the GraphSAGE model (Hamilton et al. 2017, mean aggregator), in f64:
//   agg_ℓ = mean over the block's sampled neighbours of H_{ℓ−1}   (rows [0, m_ℓ))
//   H_ℓ   = act(H_{ℓ−1}[0:m_ℓ]·W_self + agg_ℓ·W_neigh + b),  act = ReLU except on the last layer
//   loss  = mean softmax cross-entropy of the logits of the seed rows.
// `rows[ℓ]` is the number of rows at level ℓ (rows[0] = all input rows, rows[L] = seeds). For a
// DENSE block rows[ℓ] = hopOffsets[L+1−ℓ]; for full-graph inference every level has n rows.
import type { Csr } from '../../data/graphs/csr';
import type { Rng } from '../../data/pcg32';

export interface SageLayerParams {
  dIn: number;
  dOut: number;
  wSelf: Float32Array;
  wNeigh: Float32Array;
  bias: Float32Array;
}
export type SageParams = SageLayerParams[];

/** Glorot-uniform weights, zero biases; dims = [input, hidden…, classes]. */
export function initSageParams(dims: number[], rng: Rng): SageParams {
  return dims.slice(1).map((dOut, l) => {
    const dIn = dims[l]!;
    const a = Math.sqrt(6 / (dIn + dOut));
    const w = () => Float32Array.from({ length: dIn * dOut }, () => rng.uniform(-a, a));
    return { dIn, dOut, wSelf: w(), wNeigh: w(), bias: new Float32Array(dOut) };
  });
}

export interface SageForward {
  h: Float64Array[];
  agg: Float64Array[];
}

function meanAggregate(g: Csr, h: ArrayLike<number>, d: number, rows: number): Float64Array {
  const out = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    const s = g.indptr[r]!;
    const e = g.indptr[r + 1]!;
    for (let k = s; k < e; k++) for (let c = 0; c < d; c++) out[r * d + c]! += h[g.indices[k]! * d + c]!;
    if (e > s) for (let c = 0; c < d; c++) out[r * d + c]! /= e - s;
  }
  return out;
}

export function sageForwardReference(p: SageParams, g: Csr, rows: number[], h0: Float32Array): SageForward {
  const h: Float64Array[] = [Float64Array.from(h0.subarray(0, rows[0]! * p[0]!.dIn))];
  const agg: Float64Array[] = [];
  p.forEach((layer, l) => {
    const m = rows[l + 1]!;
    const { dIn, dOut } = layer;
    const prev = h[l]!;
    const a = meanAggregate(g, prev, dIn, m);
    const z = new Float64Array(m * dOut);
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < dOut; c++) {
        let acc = layer.bias[c]!;
        for (let k = 0; k < dIn; k++)
          acc += prev[r * dIn + k]! * layer.wSelf[k * dOut + c]! + a[r * dIn + k]! * layer.wNeigh[k * dOut + c]!;
        z[r * dOut + c] = l < p.length - 1 ? Math.max(0, acc) : acc;
      }
    }
    agg.push(a);
    h.push(z);
  });
  return { h, agg };
}

/** Mean cross-entropy over the first `rows` logits; gradient of the mean; predictions. */
export function softmaxCrossEntropyReference(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  rows: number,
  classes: number,
) {
  const dlogits = new Float64Array(rows * classes);
  const pred = new Int32Array(rows);
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    let mx = -Infinity;
    for (let c = 0; c < classes; c++)
      if (logits[r * classes + c]! > mx) {
        mx = logits[r * classes + c]!;
        pred[r] = c;
      }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[r * classes + c]! - mx);
    loss += Math.log(sum) + mx - logits[r * classes + labels[r]!]!;
    for (let c = 0; c < classes; c++) {
      dlogits[r * classes + c] = (Math.exp(logits[r * classes + c]! - mx) / sum - (c === labels[r] ? 1 : 0)) / rows;
    }
  }
  return { loss: loss / rows, dlogits, pred };
}

export interface SageGrads {
  wSelf: Float64Array;
  wNeigh: Float64Array;
  bias: Float64Array;
}

export function sageBackwardReference(
  p: SageParams,
  g: Csr,
  rows: number[],
  f: SageForward,
  dlogits: Float64Array,
): SageGrads[] {
  const grads: SageGrads[] = [];
  let dh = dlogits;
  for (let l = p.length - 1; l >= 0; l--) {
    const { dIn, dOut } = p[l]!;
    const m = rows[l + 1]!;
    const out = f.h[l + 1]!;
    const dz = Float64Array.from(dh.subarray(0, m * dOut), (v, i) => (l < p.length - 1 && out[i]! <= 0 ? 0 : v));
    const prev = f.h[l]!;
    const a = f.agg[l]!;
    const gr: SageGrads = {
      wSelf: new Float64Array(dIn * dOut),
      wNeigh: new Float64Array(dIn * dOut),
      bias: new Float64Array(dOut),
    };
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < dOut; c++) {
        const v = dz[r * dOut + c]!;
        gr.bias[c]! += v;
        for (let k = 0; k < dIn; k++) {
          gr.wSelf[k * dOut + c]! += prev[r * dIn + k]! * v;
          gr.wNeigh[k * dOut + c]! += a[r * dIn + k]! * v;
        }
      }
    }
    grads.unshift(gr);
    if (l === 0) break;
    // dH_{l} for all input rows: self path on rows < m, then each row's mean spreads dAgg/deg.
    const next = new Float64Array(rows[l]! * dIn);
    for (let r = 0; r < m; r++) {
      const s = g.indptr[r]!;
      const e = g.indptr[r + 1]!;
      for (let k = 0; k < dIn; k++) {
        let self = 0;
        let neigh = 0;
        for (let c = 0; c < dOut; c++) {
          self += dz[r * dOut + c]! * p[l]!.wSelf[k * dOut + c]!;
          neigh += dz[r * dOut + c]! * p[l]!.wNeigh[k * dOut + c]!;
        }
        next[r * dIn + k]! += self;
        for (let q = s; q < e; q++) next[g.indices[q]! * dIn + k]! += neigh / (e - s);
      }
    }
    dh = next;
  }
  return grads;
}
