// The models of the paper-scale view: the two targets of the paper and its drafts, with the shapes
// their published configurations give (TABLES.md §4 for the Wide-Sheared-LLaMA drafts; model cards
// for the others). Weights are fp16 (the paper's DeepSpeed-Inference setup), so bytes = 2 · params.

export interface DecoderShape {
  id: string;
  name: string;
  layers: number;
  dModel: number;
  /** FFN inner width. */
  ffn: number;
  vocab: number;
  /** Matrices in the MLP: 3 for SwiGLU (LLaMA family), 2 for a GELU MLP (OPT). */
  mlpMatrices: 2 | 3;
  /** Key/value width relative to d_model (1 for multi-head attention; 0.25 for 4:1 GQA). */
  kvFraction: number;
  role: 'target' | 'wide draft' | 'deep draft';
  source: string;
}

export const TARGETS: readonly DecoderShape[] = [
  {
    id: 'llama-65b',
    name: 'LLaMA-65B',
    layers: 80,
    dModel: 8192,
    ffn: 22016,
    vocab: 32000,
    mlpMatrices: 3,
    kvFraction: 1,
    role: 'target',
    source: 'LLaMA paper (Touvron et al. 2023), Table 2',
  },
  {
    id: 'opt-66b',
    name: 'OPT-66B',
    layers: 64,
    dModel: 9216,
    ffn: 36864,
    vocab: 50272,
    mlpMatrices: 2,
    kvFraction: 1,
    role: 'target',
    source: 'OPT paper (Zhang et al. 2022), Table 1',
  },
];

export const DRAFTS: readonly DecoderShape[] = [
  ...[1, 3, 5].map((layers, i): DecoderShape => ({
    id: `wide-${layers}`,
    name: `Wide-Sheared-LLaMA-${['290M', '543M', '796M'][i]} (${layers} layer${layers > 1 ? 's' : ''})`,
    layers,
    dModel: 4096,
    ffn: 11008,
    vocab: 32000,
    mlpMatrices: 3,
    kvFraction: 1,
    role: 'wide draft',
    source: layers === 5 ? 'layers inferred from the checkpoint size' : 'published config',
  })),
  {
    id: 'sheared-1.3b',
    name: 'Sheared-LLaMA-1.3B (24 layers)',
    layers: 24,
    dModel: 2048,
    ffn: 5504,
    vocab: 32000,
    mlpMatrices: 3,
    kvFraction: 1,
    role: 'deep draft',
    source: 'Sheared-LLaMA model card (Xia et al. 2023)',
  },
  {
    id: 'sheared-2.7b',
    name: 'Sheared-LLaMA-2.7B (32 layers)',
    layers: 32,
    dModel: 2560,
    ffn: 6912,
    vocab: 32000,
    mlpMatrices: 3,
    kvFraction: 1,
    role: 'deep draft',
    source: 'Sheared-LLaMA model card (Xia et al. 2023)',
  },
  {
    id: 'tinyllama-1.1b',
    name: 'TinyLlama-1.1B (22 layers)',
    layers: 22,
    dModel: 2048,
    ffn: 5632,
    vocab: 32000,
    mlpMatrices: 3,
    kvFraction: 0.125,
    role: 'deep draft',
    source: 'TinyLlama model card (Zhang et al. 2024)',
  },
];

export const ALL_MODELS = [...TARGETS, ...DRAFTS];

export function findModel(id: string): DecoderShape {
  const m = ALL_MODELS.find((x) => x.id === id);
  if (!m) throw new Error(`unknown model ${id}`);
  return m;
}

/** Weights of one decoder layer (attention + MLP; norms are negligible). */
export function layerParams(m: DecoderShape): number {
  const d = m.dModel;
  return d * d * (2 + 2 * m.kvFraction) + m.mlpMatrices * d * m.ffn;
}

/** All weights: layers plus untied input and output embeddings. */
export function totalParams(m: DecoderShape): number {
  return m.layers * layerParams(m) + 2 * m.vocab * m.dModel;
}
