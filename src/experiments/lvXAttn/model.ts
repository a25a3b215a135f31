// Cost model of one training iteration of a multimodal LLM whose cross-attention layers run
// distributed over a ring of GPUs, with Ring Attention (K/V rotate) or LV-XAttn (Q rotates).
// Traffic per ring step follows the paper's Table 1 (forward: K, V for Ring; Q, O, LSE for
// LV-XAttn; backward: K, V, dK, dV for Ring; Q, O, dO, dQ, LSE for LV-XAttn), with only the K/V
// heads moving under GQA. Every quantity is per GPU, bf16 (2 bytes), LSE in f32. Compute time =
// FLOPs / (bf16 tensor peak × efficiency). The paper trains with activation recomputation for
// every method: a checkpointed layer re-runs its forward in backward, which for Ring Attention
// means a second forward ring pass; LV-XAttn's own recomputation keeps (x, O, LSE) and re-runs
// only the K/V projections, never the attention.
import type { Cluster } from './topology';
import { gpuCount, ringBottleneck } from './topology';
import { transferMs, type Link } from '../../sim/links';
import { ringTimeline, type RingTimeline } from './ringSchedule';
import type { Mllm } from './mllms';
import type { HeadLayout } from './heads';

export type { HeadLayout } from './heads';

export const BYTES = 2;
const LSE_BYTES = 4;
/** FlashAttention's backward does ≈2.5× the forward FLOPs. */
export const BWD_FLOP_FACTOR = 2.5;

export interface Workload {
  model: Mllm;
  cluster: Cluster;
  frames: number;
  textTokens: number;
  /** Fraction of the target GPU's bf16 tensor peak that kernels reach. */
  efficiency: number;
  recompute: boolean;
  /** Count the frozen vision encoder's forward pass in every iteration. */
  visionEncoder: boolean;
  /** Activation checkpointing: every layer's forward runs again in backward (the paper's setup). */
  checkpointing: boolean;
}

export type Algorithm = 'ring' | 'lv-xattn';

export interface LayerCost {
  forward: RingTimeline;
  backward: RingTimeline;
  /** Bytes each GPU sends per forward / backward step. */
  fwdBytesPerStep: number;
  bwdBytesPerStep: number;
  /** The forward ring pass run again in backward under activation checkpointing (0 when not re-run). */
  rerunForwardMs: number;
  /** Re-projecting the visual tokens to K/V in backward (charged to the iteration, not to attention). */
  recomputeMs: number;
  /** Cross-attention time of one layer: forward, its re-run if any, backward. */
  totalMs: number;
}

export interface IterationCost {
  n: number;
  sqPerGpu: number;
  skvPerGpu: number;
  link: Link;
  ring: LayerCost;
  lv: LayerCost;
  /** Everything outside cross-attention (LM blocks, projections, frozen vision encoder), ms. */
  restMs: number;
  ringIterMs: number;
  lvIterMs: number;
  crossAttnSpeedup: number;
  endToEndSpeedup: number;
  /** Share of the Ring iteration spent in cross-attention. */
  ringCrossAttnShare: number;
  /** LV-XAttn iteration time spent recomputing K/V. */
  recomputeShare: number;
}

function flopRate(w: Workload): number {
  return w.cluster.gpu.fp16TensorTflops * 1e12 * w.efficiency;
}

const ms = (flops: number, rate: number) => (flops / rate) * 1000;

/** Forward attention FLOPs of one (Q block, KV block) pair: QKᵀ and PV, 2 FLOPs per MAC. */
export function blockAttentionFlops(sq: number, skv: number, m: HeadLayout): number {
  return 4 * sq * skv * m.heads * m.headDim;
}

/** Bytes one GPU sends per Ring step: K and V forward; K, V, dK, dV backward. `bytes` = element size. */
export function ringBytes(skvPerGpu: number, m: HeadLayout, bytes = BYTES): { fwd: number; bwd: number } {
  const kv = skvPerGpu * m.kvHeads * m.headDim * bytes;
  return { fwd: 2 * kv, bwd: 4 * kv };
}

/** Bytes one GPU sends per LV-XAttn step: Q, O, LSE forward; Q, O, dO, dQ, LSE backward (LSE always f32). */
export function lvBytes(sqPerGpu: number, m: HeadLayout, bytes = BYTES): { fwd: number; bwd: number } {
  const d = m.heads * m.headDim;
  return {
    fwd: sqPerGpu * (2 * d * bytes + m.heads * LSE_BYTES),
    bwd: sqPerGpu * (4 * d * bytes + m.heads * LSE_BYTES),
  };
}

/** LV-XAttn's forward hand-back after the last step: (O, LSE) travel one more hop to their owner. */
export function lvForwardHandBackBytes(sqPerGpu: number, m: HeadLayout, bytes = BYTES): number {
  return sqPerGpu * (m.heads * m.headDim * bytes + m.heads * LSE_BYTES);
}

/** Does this algorithm re-run the attention forward in backward? */
function rerunsForward(alg: Algorithm, w: Workload): boolean {
  // LV-XAttn's recomputation saves O and LSE, so its backward needs no second forward.
  return w.checkpointing && !(alg === 'lv-xattn' && w.recompute);
}

/** Does this algorithm re-project the visual tokens to K/V in backward? */
function reprojectsKv(alg: Algorithm, w: Workload): boolean {
  return alg === 'lv-xattn' ? w.recompute || w.checkpointing : w.checkpointing;
}

function layerCost(alg: Algorithm, w: Workload, n: number, sq: number, skv: number, link: Link): LayerCost {
  const m = w.model;
  const x = m.crossAttn;
  const rate = flopRate(w);
  const fwdComp = ms(blockAttentionFlops(sq, skv, x), rate);
  const bwdComp = fwdComp * BWD_FLOP_FACTOR;
  const bytes = alg === 'ring' ? ringBytes(skv, x) : lvBytes(sq, x);
  const steps = (comp: number, b: number) =>
    Array.from({ length: n }, (_, t) => ({ computeMs: comp, commMs: t < n - 1 ? transferMs(link, b) : 0 }));
  // After the last step the travelling accumulators are one hop from their owner: LV-XAttn's
  // (O, LSE) in forward and dQ in backward; Ring's dK/dV in backward.
  const d = x.heads * x.headDim;
  const fwdTrail = alg === 'lv-xattn' && n > 1 ? transferMs(link, lvForwardHandBackBytes(sq, x)) : 0;
  const bwdTrail =
    n <= 1
      ? 0
      : alg === 'lv-xattn'
        ? transferMs(link, sq * d * BYTES)
        : transferMs(link, 2 * skv * x.kvHeads * x.headDim * BYTES);
  const forward = ringTimeline(steps(fwdComp, bytes.fwd), { trailingMs: fwdTrail });
  const backward = ringTimeline(steps(bwdComp, bytes.bwd), { trailingMs: bwdTrail });
  const rerunForwardMs = rerunsForward(alg, w) ? forward.totalMs : 0;
  // Re-projection of the local visual tokens to K and V, once per layer.
  const recomputeMs = reprojectsKv(alg, w) ? ms(2 * 2 * skv * m.visionDim * x.kvHeads * x.headDim, rate) : 0;
  return {
    forward,
    backward,
    rerunForwardMs,
    recomputeMs,
    fwdBytesPerStep: n > 1 ? bytes.fwd : 0,
    bwdBytesPerStep: n > 1 ? bytes.bwd : 0,
    totalMs: forward.totalMs + rerunForwardMs + backward.totalMs,
  };
}

/**
 * Work outside cross-attention, per GPU (tokens split evenly): LM blocks and the cross-attention
 * layers' own projections and MLP (forward, backward = 2× forward, plus one more forward under
 * activation checkpointing), the K/V projections of the visual tokens (forward and weight
 * gradients; their re-run is charged per algorithm), and the frozen vision encoder's forward
 * pass. Matmul FLOPs = 2 × params touched per token.
 */
export function restFlops(w: Workload, sq: number, skv: number): number {
  const m = w.model;
  const passes = w.checkpointing ? 4 : 3;
  const dkv = m.kvHeads * m.headDim;
  const d = m.heads * m.headDim;
  const blockPerToken = 2 * (m.hidden * d + 2 * m.hidden * dkv + d * m.hidden + 3 * m.hidden * m.ffn);
  // Causal self-attention: QKᵀ and PV over on average half of all text tokens.
  const selfAttnPerToken = 2 * w.textTokens * d;
  const lm = passes * m.lmBlocks * sq * (blockPerToken + selfAttnPerToken);
  const x = m.crossAttn;
  const dx = x.heads * x.headDim;
  // Own-layer cross-attention: Q and O projections and the layer's MLP. Inside a block (mPLUG-Owl3)
  // the query and MLP are the block's, already counted in `lm`.
  const xattnText =
    m.crossAttnPlacement === 'own-layer'
      ? passes *
        m.crossAttnLayers *
        sq *
        2 *
        (2 * m.hidden * dx + m.crossAttnMlp.matrices * m.hidden * m.crossAttnMlp.ffn)
      : 0;
  const xattnKv = 3 * m.crossAttnLayers * skv * 2 * 2 * m.visionDim * x.kvHeads * x.headDim;
  const vision = w.visionEncoder ? 2 * m.visionParams * skv : 0;
  return lm + xattnText + xattnKv + vision;
}

export function iterationCost(w: Workload): IterationCost {
  const n = gpuCount(w.cluster);
  const sq = w.textTokens / n;
  const skv = (w.frames * w.model.visualTokensPerFrame) / n;
  const link = ringBottleneck(w.cluster);
  const ring = layerCost('ring', w, n, sq, skv, link);
  const lv = layerCost('lv-xattn', w, n, sq, skv, link);
  const restMs = ms(restFlops(w, sq, skv), flopRate(w));
  const L = w.model.crossAttnLayers;
  // K/V re-projection lengthens the iteration, not the layer's attention.
  const ringIterMs = L * (ring.totalMs + ring.recomputeMs) + restMs;
  const lvIterMs = L * (lv.totalMs + lv.recomputeMs) + restMs;
  return {
    n,
    sqPerGpu: sq,
    skvPerGpu: skv,
    link,
    ring,
    lv,
    restMs,
    ringIterMs,
    lvIterMs,
    crossAttnSpeedup: ring.totalMs / lv.totalMs,
    endToEndSpeedup: ringIterMs / lvIterMs,
    ringCrossAttnShare: (L * ring.totalMs) / ringIterMs,
    recomputeShare: (L * lv.recomputeMs) / lvIterMs,
  };
}

/**
 * Break-even points (per-GPU tokens at which each algorithm's forward communication is exactly
 * hidden behind its compute): LV-XAttn needs S_KV/n ≥ F·(2b + 4/d_head)/(4B), Ring needs
 * S_Q/n ≥ F·b·h_kv/(2·h·B), with F the effective FLOP rate and B the ring's link bandwidth.
 */
export function breakEven(w: Workload): { lvMinSkvPerGpu: number; ringMinSqPerGpu: number } {
  const m = w.model.crossAttn;
  const F = flopRate(w);
  const B = ringBottleneck(w.cluster).bandwidthGBs * 1e9;
  return {
    lvMinSkvPerGpu: (F * (2 * BYTES + LSE_BYTES / m.headDim)) / (4 * B),
    ringMinSqPerGpu: (F * BYTES * m.kvHeads) / (2 * m.heads * B),
  };
}
