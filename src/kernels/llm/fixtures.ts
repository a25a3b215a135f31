// Shared by the engine's end-to-end tests: the f64 reference model's view of a LlamaConfig.
import type { LlamaConfig } from '../../data/llamaConfig';
import type { LlamaShape } from './llama.reference';

/** The reference model's shape for a Hugging Face config (the same fields, its names). */
export const referenceShapeOf = (c: LlamaConfig): LlamaShape => ({
  hiddenSize: c.hiddenSize,
  intermediateSize: c.intermediateSize,
  numHeads: c.numAttentionHeads,
  numKvHeads: c.numKeyValueHeads,
  headDim: c.headDim,
  numLayers: c.numHiddenLayers,
  vocabSize: c.vocabSize,
  rmsNormEps: c.rmsNormEps,
  ropeTheta: c.ropeTheta,
  tieWordEmbeddings: c.tieWordEmbeddings,
});
