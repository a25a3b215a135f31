// The multimodal LLMs of the LV-XAttn evaluation. Layer counts and visual tokens per frame are the
// paper's (Table 2); widths come from each language backbone's public config (Llama 3.1 8B,
// Qwen2 7B / 1.5B / 0.5B, MPT 7B / 1B) and vision encoders (ViT-H/14, SigLIP-400M, CLIP ViT-L/14).
// Where the cross-attention sits differs per family, and it changes the work outside attention:
//  - Llama 3.2 Vision: 8 of its 40 decoder layers are cross-attention layers with their own
//    Q/K/V/O projections and their own SwiGLU MLP.
//  - mPLUG-Owl3: 4 of its 28 Qwen2 blocks are Hyper Attention blocks: cross-attention runs in
//    parallel with the block's self-attention, reuses its query and shares its MLP, so the only
//    extra work is projecting the visual tokens to K and V.
//  - OpenFlamingo: gated cross-attention blocks inserted between LM layers, with their own
//    attention (open_flamingo's defaults: 8 heads of 64) and their own 4× GELU MLP.
import type { HeadLayout } from './heads';

export type CrossAttnPlacement = 'own-layer' | 'inside-block';

export interface Mllm {
  id: string;
  name: string;
  crossAttnLayers: number;
  /** Self-attention (LM) blocks, not counting cross-attention layers that are layers of their own. */
  lmBlocks: number;
  /** 'own-layer': extra layers with their own projections and MLP; 'inside-block': shares an LM block's query and MLP. */
  crossAttnPlacement: CrossAttnPlacement;
  /** Heads of the cross-attention itself (what Ring and LV-XAttn move and compute). */
  crossAttn: HeadLayout;
  /** MLP of an own-layer cross-attention block: hidden width and weight matrices (3 SwiGLU, 2 GELU). */
  crossAttnMlp: { ffn: number; matrices: number };
  visualTokensPerFrame: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  ffn: number;
  /** Width of the visual states that cross-attention projects to K and V. */
  visionDim: number;
  /** Frozen vision encoder parameters (forward only). */
  visionParams: number;
}

/** open_flamingo GatedCrossAttentionBlock defaults: dim_head = 64, heads = 8 (no GQA), ff_mult = 4. */
const FLAMINGO_XATTN: HeadLayout = { heads: 8, kvHeads: 8, headDim: 64 };
/** Placeholder resolved below: the cross-attention uses the block's own head layout. */
const SAME_AS_SELF: HeadLayout = { heads: 0, kvHeads: 0, headDim: 0 };

const RAW_MLLMS: readonly Mllm[] = [
  // Llama 3.2 Vision's 40 decoder layers include its 8 cross-attention layers: 32 self-attention blocks.
  {
    id: 'llama3v-11b',
    name: 'Llama 3-V 11B',
    crossAttnLayers: 8,
    lmBlocks: 32,
    visualTokensPerFrame: 6404,
    hidden: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    ffn: 14336,
    visionDim: 4096,
    visionParams: 0.85e9,
    crossAttnPlacement: 'own-layer',
    crossAttn: { heads: 32, kvHeads: 8, headDim: 128 },
    crossAttnMlp: { ffn: 14336, matrices: 3 },
  },
  {
    id: 'mplug-owl3-7b',
    name: 'mPLUG-Owl3 7B',
    crossAttnLayers: 4,
    lmBlocks: 28,
    visualTokensPerFrame: 729,
    hidden: 3584,
    heads: 28,
    kvHeads: 4,
    headDim: 128,
    ffn: 18944,
    visionDim: 3584,
    visionParams: 0.4e9,
    crossAttnPlacement: 'inside-block',
    crossAttn: SAME_AS_SELF,
    crossAttnMlp: { ffn: 0, matrices: 0 },
  },
  {
    id: 'mplug-owl3-2b',
    name: 'mPLUG-Owl3 2B',
    crossAttnLayers: 4,
    lmBlocks: 28,
    visualTokensPerFrame: 729,
    hidden: 1536,
    heads: 12,
    kvHeads: 2,
    headDim: 128,
    ffn: 8960,
    visionDim: 1536,
    visionParams: 0.4e9,
    crossAttnPlacement: 'inside-block',
    crossAttn: SAME_AS_SELF,
    crossAttnMlp: { ffn: 0, matrices: 0 },
  },
  {
    id: 'mplug-owl3-1b',
    name: 'mPLUG-Owl3 1B',
    crossAttnLayers: 4,
    lmBlocks: 24,
    visualTokensPerFrame: 729,
    hidden: 896,
    heads: 14,
    kvHeads: 2,
    headDim: 64,
    ffn: 4864,
    visionDim: 896,
    visionParams: 0.4e9,
    crossAttnPlacement: 'inside-block',
    crossAttn: SAME_AS_SELF,
    crossAttnMlp: { ffn: 0, matrices: 0 },
  },
  {
    id: 'openflamingo-9b',
    name: 'OpenFlamingo 9B',
    crossAttnLayers: 8,
    lmBlocks: 32,
    visualTokensPerFrame: 64,
    hidden: 4096,
    heads: 32,
    kvHeads: 32,
    headDim: 128,
    ffn: 16384,
    visionDim: 1024,
    visionParams: 0.3e9,
    crossAttnPlacement: 'own-layer',
    crossAttn: FLAMINGO_XATTN,
    crossAttnMlp: { ffn: 4 * 4096, matrices: 2 },
  },
  {
    id: 'openflamingo-3b',
    name: 'OpenFlamingo 3B',
    crossAttnLayers: 24,
    lmBlocks: 24,
    visualTokensPerFrame: 64,
    hidden: 2048,
    heads: 16,
    kvHeads: 16,
    headDim: 128,
    ffn: 8192,
    visionDim: 1024,
    visionParams: 0.3e9,
    crossAttnPlacement: 'own-layer',
    crossAttn: FLAMINGO_XATTN,
    crossAttnMlp: { ffn: 4 * 2048, matrices: 2 },
  },
];

/** Hyper Attention reuses the block's query heads and Qwen2's GQA K/V layout. */
export const MLLMS: readonly Mllm[] = RAW_MLLMS.map((m) =>
  m.crossAttn === SAME_AS_SELF ? { ...m, crossAttn: { heads: m.heads, kvHeads: m.kvHeads, headDim: m.headDim } } : m,
);

export function findMllm(id: string): Mllm | undefined {
  return MLLMS.find((m) => m.id === id);
}
