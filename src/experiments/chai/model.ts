// Modeled decode latency with and without CHAI. Decoding one token is memory-bound: every step
// reads all weights once and, per layer, the K and V cache of every sequence. A roofline gives
// each part's time as max(bytes / bandwidth, FLOPs / compute) on the target GPU, both scaled by
// an efficiency. Per layer with S score rows (S = H baseline, S = k_l with CHAI):
//   attention bytes = B·T·d·b·(S + H)     (K of S heads, V of all H heads; b bytes per value)
//   attention FLOPs = 2·B·T·d·(S + H)     (q·Kᵀ for S heads, P·V for H heads)
//   weights bytes   = params·b, FLOPs 2·params·B  (read once per step for the whole batch)
// The softmax and the score rows are ignored (fused kernels keep them on chip).
import type { ChaiConfig } from './configs';

export interface DecodeTarget {
  /** Memory bandwidth, GB/s. */
  bandwidthGBs: number;
  /** Compute ceiling for these GEMV-like steps, GFLOP/s. */
  computeGflops: number;
  /** Fraction of both peaks reached. */
  efficiency: number;
}

export interface DecodeWorkload {
  context: number;
  batch: number;
  /** Bytes per cached value and weight (2 = fp16). */
  bytesPerValue: number;
}

function rooflineMs(bytes: number, flops: number, t: DecodeTarget): number {
  const memMs = (bytes / (t.bandwidthGBs * 1e9 * t.efficiency)) * 1e3;
  const compMs = (flops / (t.computeGflops * 1e9 * t.efficiency)) * 1e3;
  return Math.max(memMs, compMs);
}

export function attentionLayerBytes(heads: number, scoreHeads: number, headDim: number, w: DecodeWorkload): number {
  return w.batch * w.context * headDim * w.bytesPerValue * (scoreHeads + heads);
}

export function attentionLayerMs(
  heads: number,
  scoreHeads: number,
  headDim: number,
  w: DecodeWorkload,
  t: DecodeTarget,
): number {
  const bytes = attentionLayerBytes(heads, scoreHeads, headDim, w);
  return rooflineMs(bytes, (2 * bytes) / w.bytesPerValue, t);
}

export interface DecodeStepCost {
  weightsMs: number;
  baselineAttentionMs: number;
  chaiAttentionMs: number;
  attentionSpeedup: number;
  endToEndSpeedup: number;
  /** K,V cache bytes for the whole model at this context and batch. */
  kvBytes: number;
  kvBytesSaved: number;
}

/** One decode step of the whole model, every layer at its configured k_l (or `uniformK` in the clustered layers). */
export function decodeStepCost(c: ChaiConfig, w: DecodeWorkload, t: DecodeTarget, uniformK?: number): DecodeStepCost {
  const ks = c.clustersPerLayer.map((k) => (uniformK !== undefined && k < c.heads ? uniformK : k));
  const baselineAttentionMs = c.layers * attentionLayerMs(c.heads, c.heads, c.headDim, w, t);
  const chaiAttentionMs = ks.reduce((sum, k) => sum + attentionLayerMs(c.heads, k, c.headDim, w, t), 0);
  const weightsMs = rooflineMs(c.params * w.bytesPerValue, 2 * c.params * w.batch, t);
  const perHead = w.batch * w.context * c.headDim * w.bytesPerValue;
  const kvBytes = 2 * c.layers * c.heads * perHead;
  const kvBytesSaved = ks.reduce((sum, k) => sum + (c.heads - k) * perHead, 0);
  return {
    weightsMs,
    baselineAttentionMs,
    chaiAttentionMs,
    attentionSpeedup: baselineAttentionMs / chaiAttentionMs,
    endToEndSpeedup: (weightsMs + baselineAttentionMs) / (weightsMs + chaiAttentionMs),
    kvBytes,
    kvBytesSaved,
  };
}

/** Speedup of one attention layer clustered to k: (H + H) / (k + H) when memory-bound. */
export function layerSpeedup(heads: number, k: number, headDim: number, w: DecodeWorkload, t: DecodeTarget): number {
  return attentionLayerMs(heads, heads, headDim, w, t) / attentionLayerMs(heads, k, headDim, w, t);
}

/** Prefill (time to first token) target: tensor-core peak for the prompt's matrix products. */
export interface PrefillTarget {
  bandwidthGBs: number;
  /** Dense fp16 tensor-core peak, GFLOP/s (prefill is a batch of matrix products). */
  tensorGflops: number;
  efficiency: number;
}

export interface PrefillCost {
  baselineMs: number;
  /** CHAI's prefill without its clustering (scores of k_l heads in the clustered layers). */
  chaiComputeMs: number;
  /** Clustering at prefill: one call per clustered layer, on the host. */
  clusteringMs: number;
  chaiMs: number;
  /** Time-to-first-token speedup, clustering included (as the paper's Fig. 12a). */
  speedup: number;
  /** Share of the baseline prefill FLOPs that are Q·Kᵀ products CHAI can skip. */
  skippableShare: number;
}

/**
 * FLOPs of a causal prefill of T tokens for one sequence: weights 2·params·T, and per layer
 * Q·Kᵀ over S score heads and P·V over H heads, each T²/2 · d multiply-adds (2 FLOPs each).
 */
export function prefillFlops(c: ChaiConfig, T: number, scoreHeadsPerLayer: number[]): number {
  const attention = scoreHeadsPerLayer.reduce((sum, s) => sum + T * T * c.headDim * (s + c.heads), 0);
  return 2 * c.params * T + attention;
}

/**
 * Time to first token with and without CHAI. Membership is decided from the first 5 tokens, then
 * the clustered layers compute k_l score rows instead of H for the whole prompt; every clustered
 * layer pays one clustering call (`clusteringMsPerLayer`, the paper's code runs it on the host).
 */
export function prefillCost(
  c: ChaiConfig,
  w: DecodeWorkload,
  t: PrefillTarget,
  clusteringMsPerLayer: number,
): PrefillCost {
  const T = w.context;
  const roof = (flops: number) => {
    const bytes = c.params * w.bytesPerValue + 2 * c.layers * c.heads * c.headDim * T * w.batch * w.bytesPerValue;
    const memMs = (bytes / (t.bandwidthGBs * 1e9 * t.efficiency)) * 1e3;
    const compMs = ((w.batch * flops) / (t.tensorGflops * 1e9 * t.efficiency)) * 1e3;
    return Math.max(memMs, compMs);
  };
  const all = c.clustersPerLayer.map(() => c.heads);
  const baseFlops = prefillFlops(c, T, all);
  const baselineMs = roof(baseFlops);
  const chaiComputeMs = roof(prefillFlops(c, T, c.clustersPerLayer));
  const clustered = c.clustersPerLayer.filter((k) => k < c.heads).length;
  const clusteringMs = clustered * clusteringMsPerLayer;
  const chaiMs = chaiComputeMs + clusteringMs;
  const skippable = c.clustersPerLayer.reduce((sum, k) => sum + T * T * c.headDim * (c.heads - k), 0);
  return {
    baselineMs,
    chaiComputeMs,
    clusteringMs,
    chaiMs,
    speedup: baselineMs / chaiMs,
    skippableShare: skippable / baseFlops,
  };
}

/**
 * The most CHAI can speed up a memory-bound decode step whatever the batch and context: when the
 * K,V reads dominate, each layer reads (k_l + H) heads instead of 2H.
 */
export function decodeSpeedupBound(c: ChaiConfig): number {
  const base = 2 * c.heads * c.layers;
  return base / c.clustersPerLayer.reduce((sum, k) => sum + k + c.heads, 0);
}
