// Per-GPU memory of a training iteration, with and without LV-XAttn's activation recomputation.
// Recomputation keeps only (x, O, LSE) per cross-attention layer plus one global copy of the
// visual states, and re-projects K/V in backward; without it every layer keeps its own K/V.
import { gpuCount } from './topology';
import { BYTES, type Workload } from './model';

export type MemoryVariant = 'ring' | 'lv-xattn' | 'lv-xattn-recompute';

export interface MemoryBreakdown {
  variant: MemoryVariant;
  modelStatesGB: number;
  visualStatesGB: number;
  crossAttnKvGB: number;
  textActivationsGB: number;
  commBuffersGB: number;
  totalGB: number;
}

const GB = 1e9;

function lmParams(w: Workload): number {
  const m = w.model;
  const d = m.heads * m.headDim;
  const dkv = m.kvHeads * m.headDim;
  const block = m.hidden * d + 2 * m.hidden * dkv + d * m.hidden + 3 * m.hidden * m.ffn;
  const x = m.crossAttn;
  const kvProj = 2 * m.visionDim * x.kvHeads * x.headDim;
  // Inside a block (mPLUG-Owl3) only the visual K/V projections are extra; an own layer adds Q, O and an MLP.
  const xattn =
    m.crossAttnPlacement === 'own-layer'
      ? 2 * m.hidden * x.heads * x.headDim + kvProj + m.crossAttnMlp.matrices * m.hidden * m.crossAttnMlp.ffn
      : kvProj;
  return m.lmBlocks * block + m.crossAttnLayers * xattn;
}

export function memoryPerGpu(w: Workload, variant: MemoryVariant): MemoryBreakdown {
  const m = w.model;
  const n = gpuCount(w.cluster);
  const sq = w.textTokens / n;
  const skv = (w.frames * m.visualTokensPerFrame) / n;
  const d = m.crossAttn.heads * m.crossAttn.headDim;
  const dkv = m.crossAttn.kvHeads * m.crossAttn.headDim;
  // FSDP: bf16 weights + grads and fp32 Adam moments + master weights (16 B/param), sharded;
  // the frozen vision encoder keeps only sharded bf16 weights.
  const modelStates = (16 * lmParams(w) + BYTES * m.visionParams) / n;
  const visualStates = skv * m.visionDim * BYTES;
  const kvPerLayer = 2 * skv * dkv * BYTES;
  const crossAttnKv = variant === 'lv-xattn-recompute' ? kvPerLayer : kvPerLayer * m.crossAttnLayers;
  // Saved activations per text token per block (inputs of the matmuls and norms): ≈ 10·hidden + 3·ffn.
  const ownLayers = m.crossAttnPlacement === 'own-layer' ? m.crossAttnLayers : 0;
  const textActivations = sq * (m.lmBlocks + ownLayers) * (10 * m.hidden + 3 * m.ffn) * BYTES;
  // Double-buffered receive buffers for whatever travels.
  const commBuffers = variant === 'ring' ? 2 * kvPerLayer : 2 * sq * (2 * d * BYTES + m.crossAttn.heads * 4);
  const total = modelStates + visualStates + crossAttnKv + textActivations + commBuffers;
  return {
    variant,
    modelStatesGB: modelStates / GB,
    visualStatesGB: visualStates / GB,
    crossAttnKvGB: crossAttnKv / GB,
    textActivationsGB: textActivations / GB,
    commBuffersGB: commBuffers / GB,
    totalGB: total / GB,
  };
}

/** Largest number of frames whose per-GPU memory fits in the budget (0 if even one does not). */
export function maxFramesThatFit(w: Workload, variant: MemoryVariant, budgetGB: number): number {
  const fits = (frames: number) => memoryPerGpu({ ...w, frames }, variant).totalGB <= budgetGB;
  if (!fits(1)) return 0;
  let lo = 1;
  let hi = 2;
  while (fits(hi) && hi < 1e7) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
