// CHAI's released per-layer cluster counts and the KV-cache saving they imply.
// Source: the official repo facebookresearch/chai, params7b.json and params33b.json
// ("layer_params", one k per layer from layer 0 up); summarised in NOTES-1 §3.
import { UserInputError } from '../types';

export interface ChaiConfig {
  id: string;
  name: string;
  layers: number;
  heads: number;
  headDim: number;
  /** Parameter count, for the weight bytes a decode step reads. */
  params: number;
  /** k_l per layer; k_l = H means the layer is not clustered. */
  clustersPerLayer: number[];
  source: string;
}

const repeat = (k: number, n: number) => new Array<number>(n).fill(k);

export const LLAMA_7B: ChaiConfig = {
  id: 'llama-7b',
  name: 'LLaMA-7B (released CHAI config)',
  layers: 32,
  heads: 32,
  headDim: 128,
  params: 6.74e9,
  clustersPerLayer: [...repeat(32, 18), ...repeat(4, 14)],
  source: 'facebookresearch/chai params7b.json: k = 32 (unclustered) in layers 0–17, k = 4 in layers 18–31',
};

export const LLAMA_33B: ChaiConfig = {
  id: 'llama-33b',
  name: 'LLaMA-33B (released CHAI config)',
  layers: 60,
  heads: 52,
  headDim: 128,
  params: 32.5e9,
  clustersPerLayer: [...repeat(48, 18), ...repeat(36, 8), ...repeat(24, 6), ...repeat(8, 2), ...repeat(6, 26)],
  source:
    'facebookresearch/chai params33b.json: k = 48 in layers 0–17, 36 in 18–25, 24 in 26–31, 8 in 32–33, 6 in 34–59',
};

export const RELEASED_CONFIGS: readonly ChaiConfig[] = [LLAMA_7B, LLAMA_33B];

/**
 * A uniform custom model: the last `clusteredLayers` layers use k clusters, the others none.
 * Parameters are estimated as 12·L·d_model² (attention 4·d², MLP 8·d²), embeddings ignored.
 */
export function customConfig(
  layers: number,
  heads: number,
  headDim: number,
  clusteredLayers: number,
  k: number,
): ChaiConfig {
  if (k > heads)
    throw new UserInputError(`clusters k=${k} exceeds the number of heads H=${heads}; k must be in [1, H]`);
  if (clusteredLayers > layers) {
    throw new UserInputError(`clustered layers (${clusteredLayers}) exceed the model's ${layers} layers`);
  }
  const dModel = heads * headDim;
  return {
    id: 'custom',
    name: `Custom (${layers} layers × ${heads} heads, last ${clusteredLayers} at k=${k})`,
    layers,
    heads,
    headDim,
    params: 12 * layers * dModel * dModel,
    clustersPerLayer: [...repeat(heads, layers - clusteredLayers), ...repeat(k, clusteredLayers)],
    source: 'custom: parameters estimated as 12·L·(H·d)²',
  };
}

/**
 * Share of the K,V cache CHAI removes: only the representatives' K is kept, V stays complete,
 * so each layer saves (H − k_l) of its 2H cached heads: Σ_l (H − k_l) / (2·L·H).
 */
export function kvCacheSaving(c: ChaiConfig): number {
  const removed = c.clustersPerLayer.reduce((sum, k) => sum + (c.heads - k), 0);
  return removed / (2 * c.layers * c.heads);
}

/** Layers whose k is below H (the ones CHAI clusters). */
export function clusteredLayerCount(c: ChaiConfig): number {
  return c.clustersPerLayer.filter((k) => k < c.heads).length;
}
