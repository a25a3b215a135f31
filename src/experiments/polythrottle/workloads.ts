// The paper's four inference workloads as per-kernel work lists (multiply-adds, elements read and
// written, weights), built from the published architectures rather than from three totals, so the
// device model can time each kernel with its own roofline and the interference predictor can use
// the conv arithmetic intensity NKPQCRS / (NCHW + KCRS + NKPQ) exactly as the paper defines it.
// EfficientNet: Tan & Le 2019 (B0 stages, compound scaling with the paper's Table 4 coefficients);
// BERT-base: Devlin et al. 2019 (12 layers, hidden 768, 12 heads, FFN 3072) at SQuAD length 384.
import { UserInputError } from '../types';

export type KernelKind = 'dense' | 'depthwise' | 'elementwise';

/** One GPU kernel of one inference of a single input (batch 1). */
export interface KernelWork {
  kind: KernelKind;
  /** Multiply-adds (2 FLOPs each). */
  macs: number;
  /** Weight elements read (once per batch, not per input). */
  weights: number;
  /** Activation elements read and written per input. */
  activations: number;
}

export interface Workload {
  id: WorkloadId;
  name: string;
  kernels: KernelWork[];
  /** Trainable parameters, for the paper's Table 3 column (weights plus biases and norm scales). */
  params: number;
  /** Input size as the paper states it (image side, or sequence length). */
  inputDescription: string;
  /** Values the client sends per request (FP32 pixels, or int32 token, segment and mask ids). */
  inputValues: number;
}

export type WorkloadId = 'b0' | 'b4' | 'b7' | 'bert';
export const WORKLOAD_IDS: readonly WorkloadId[] = ['b0', 'b4', 'b7', 'bert'];

// EfficientNet-B0 stages: expansion, kernel, stride, output channels, repeats (Tan & Le, Table 1).
const B0_STAGES: [number, number, number, number, number][] = [
  [1, 3, 1, 16, 1],
  [6, 3, 2, 24, 2],
  [6, 5, 2, 40, 2],
  [6, 3, 2, 80, 3],
  [6, 5, 1, 112, 3],
  [6, 5, 2, 192, 4],
  [6, 3, 1, 320, 1],
];

/** The reference implementation's channel rounding: multiples of 8, never more than 10 % down. */
function roundFilters(c: number, width: number): number {
  const scaled = c * width;
  let out = Math.max(8, Math.floor((scaled + 4) / 8) * 8);
  if (out < 0.9 * scaled) out += 8;
  return out;
}

/** Table 4 of PolyThrottle: input side, width and depth coefficients. */
export const EFFICIENTNET_SCALING: Record<'b0' | 'b4' | 'b7', { side: number; width: number; depth: number }> = {
  b0: { side: 224, width: 1.0, depth: 1.0 },
  b4: { side: 380, width: 1.4, depth: 1.8 },
  b7: { side: 600, width: 2.0, depth: 3.1 },
};

function efficientNet(id: 'b0' | 'b4' | 'b7', classes = 1000): KernelWork[] & { params: number } {
  const { side, width, depth } = EFFICIENTNET_SCALING[id];
  const ks: KernelWork[] = [];
  let params = 0;
  const conv = (kind: KernelKind, macs: number, weights: number, inElems: number, outElems: number, bias: number) => {
    ks.push({ kind, macs, weights, activations: inElems + outElems });
    params += weights + bias;
  };
  let h = Math.ceil(side / 2);
  let c = roundFilters(32, width);
  conv('dense', h * h * c * 27, 27 * c, side * side * 3, h * h * c, 2 * c); // stem 3×3 s2, BN folded
  for (const [expand, k, stride, cOut0, repeats0] of B0_STAGES) {
    const cOut = roundFilters(cOut0, width);
    const repeats = Math.ceil(depth * repeats0);
    for (let r = 0; r < repeats; r++) {
      const s = r === 0 ? stride : 1;
      const cMid = c * expand;
      if (expand !== 1) conv('dense', h * h * c * cMid, c * cMid, h * h * c, h * h * cMid, 2 * cMid);
      const h2 = Math.ceil(h / s);
      conv('depthwise', h2 * h2 * cMid * k * k, cMid * k * k, h * h * cMid, h2 * h2 * cMid, 2 * cMid);
      // Squeeze-and-excitation: pool (reads the map), two tiny FCs, then a channel scale (read + write).
      const cSe = Math.max(1, Math.floor(c * 0.25));
      ks.push({ kind: 'elementwise', macs: 0, weights: 0, activations: h2 * h2 * cMid + cMid });
      conv('dense', 2 * cMid * cSe, 2 * cMid * cSe, cMid, cMid, cSe + cMid);
      ks.push({ kind: 'elementwise', macs: 0, weights: 0, activations: 2 * h2 * h2 * cMid });
      // Projection 1×1; the residual add is fused into its epilogue (one more read of the output size).
      const residual = s === 1 && c === cOut ? h2 * h2 * cOut : 0;
      conv('dense', h2 * h2 * cMid * cOut, cMid * cOut, h2 * h2 * cMid + residual, h2 * h2 * cOut, 2 * cOut);
      h = h2;
      c = cOut;
    }
  }
  const cHead = roundFilters(1280, width);
  conv('dense', h * h * c * cHead, c * cHead, h * h * c, h * h * cHead, 2 * cHead);
  ks.push({ kind: 'elementwise', macs: 0, weights: 0, activations: h * h * cHead + cHead }); // global pool
  conv('dense', cHead * classes, cHead * classes, cHead, classes, classes);
  return Object.assign(ks, { params });
}

/** BERT-base on SQuAD (sequence length 384 as in the reference fine-tuning script). */
export const BERT_SEQUENCE = 384;

function bertBase(seq = BERT_SEQUENCE): KernelWork[] & { params: number } {
  const d = 768;
  const heads = 12;
  const ffn = 3072;
  const ks: KernelWork[] = [];
  let params = 30522 * d + 512 * d + 2 * d + 2 * d; // token, position, segment embeddings, LayerNorm
  ks.push({ kind: 'elementwise', macs: 0, weights: 0, activations: 4 * seq * d }); // embedding sum + LayerNorm
  const gemm = (n: number, m: number, extraIn = 0) => {
    ks.push({ kind: 'dense', macs: seq * n * m, weights: n * m, activations: seq * n + seq * m + extraIn });
    params += n * m + m;
  };
  for (let l = 0; l < 12; l++) {
    gemm(d, 3 * d); // fused Q, K, V projection
    // Scores QKᵀ (per head S×64 · 64×S), softmax (read + write), then P·V.
    ks.push({ kind: 'dense', macs: seq * seq * d, weights: 0, activations: 2 * seq * d + heads * seq * seq });
    ks.push({ kind: 'elementwise', macs: 0, weights: 0, activations: 2 * heads * seq * seq });
    ks.push({ kind: 'dense', macs: seq * seq * d, weights: 0, activations: heads * seq * seq + 2 * seq * d });
    gemm(d, d, seq * d); // output projection, residual read fused
    ks.push({ kind: 'elementwise', macs: 0, weights: 0, activations: 2 * seq * d }); // LayerNorm
    gemm(d, ffn); // FFN up, GELU fused
    gemm(ffn, d, seq * d); // FFN down, residual fused
    ks.push({ kind: 'elementwise', macs: 0, weights: 0, activations: 2 * seq * d }); // LayerNorm
    params += 4 * d;
  }
  gemm(d, 2); // SQuAD start/end logits
  return Object.assign(ks, { params });
}

const cache = new Map<WorkloadId, Workload>();

export function findWorkload(id: string): Workload {
  if (!(WORKLOAD_IDS as readonly string[]).includes(id)) {
    throw new UserInputError(`unknown workload "${id}"; known: ${WORKLOAD_IDS.join(', ')}`);
  }
  const key = id as WorkloadId;
  let w = cache.get(key);
  if (!w) {
    const ks = key === 'bert' ? bertBase() : efficientNet(key);
    const names: Record<WorkloadId, string> = {
      b0: 'EfficientNet-B0',
      b4: 'EfficientNet-B4',
      b7: 'EfficientNet-B7',
      bert: 'BERT-base',
    };
    w = {
      id: key,
      name: names[key],
      kernels: [...ks],
      params: ks.params,
      inputDescription: key === 'bert' ? `${BERT_SEQUENCE} tokens` : `${EFFICIENTNET_SCALING[key].side}² image`,
      inputValues: key === 'bert' ? 3 * BERT_SEQUENCE : 3 * EFFICIENTNET_SCALING[key].side ** 2,
    };
    cache.set(key, w);
  }
  return w;
}

export interface WorkloadTotals {
  macs: number;
  weights: number;
  activations: number;
  kernels: number;
  /** The paper's conv arithmetic intensity, summed over kernels: MACs / elements touched. */
  intensity: number;
}

const totalsCache = new WeakMap<Workload, WorkloadTotals>();

export function totals(w: Workload): WorkloadTotals {
  const hit = totalsCache.get(w);
  if (hit) return hit;
  let macs = 0;
  let weights = 0;
  let activations = 0;
  for (const k of w.kernels) {
    macs += k.macs;
    weights += k.weights;
    activations += k.activations;
  }
  const t = { macs, weights, activations, kernels: w.kernels.length, intensity: macs / (weights + activations) };
  totalsCache.set(w, t);
  return t;
}
