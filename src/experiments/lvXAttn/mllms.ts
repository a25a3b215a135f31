// The multimodal LLMs of the LV-XAttn evaluation. Layer counts and visual tokens per frame are the
// paper's (notes table); widths come from each language backbone's public config (Llama 3.1 8B,
// Qwen2 7B / 1.5B / 0.5B, MPT 7B / 1B) and vision encoders (ViT-H/14, SigLIP-400M, CLIP ViT-L/14).

export interface Mllm {
  id: string;
  name: string;
  crossAttnLayers: number;
  /** Self-attention (LM) blocks, not counting the cross-attention layers. */
  lmBlocks: number;
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

export const MLLMS: readonly Mllm[] = [
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
  },
];

export function findMllm(id: string): Mllm | undefined {
  return MLLMS.find((m) => m.id === id);
}
