// The llm kernel family's public API: what experiments, the CLI and other families use.
export {
  linear,
  linearBytes,
  linearFlops,
  planLinear,
  LINEAR_DECODE_MAX_M,
  type LinearBuffers,
  type LinearOptions,
  type LinearPath,
  type LinearPlan,
  type LinearShape,
} from './linear';
export {
  planRmsNorm,
  planRmsNormBackward,
  rmsNorm,
  rmsNormBackward,
  rmsNormWorkgroupSize,
  type RmsNormBackwardPlan,
  type RmsNormPlan,
  type RmsNormShape,
} from './rmsNorm';
export {
  planSwiglu,
  planSwigluBackward,
  swiglu,
  swigluBackward,
  type SwigluBackwardPlan,
  type SwigluPlan,
  type SwigluShape,
} from './swiglu';
export { planRope, rope, ropeInvFreq, type RopeOptions, type RopePlan, type RopeShape } from './rope';
export {
  checkTokenIds,
  embeddingBackward,
  groupTokenRows,
  planEmbeddingBackward,
  type EmbeddingBackwardPlan,
  type EmbeddingBackwardShape,
} from './embeddingBackward';
export {
  crossEntropy,
  crossEntropyWorkgroupSize,
  planCrossEntropy,
  validateCrossEntropyTargets,
  type CrossEntropyBuffers,
  type CrossEntropyPlan,
  type CrossEntropyResult,
  type CrossEntropyShape,
} from './crossEntropy';
export {
  adamw,
  clipGradScale,
  planAdamW,
  planSumSquares,
  sumSquares,
  sumSquaresGroups,
  SUM_SQUARES_MAX_GROUPS,
  type AdamWHyper,
  type AdamWPlan,
  type AdamWStepInput,
  type AdamWStepSettings,
  type AdamWTensorBuffers,
  type AdamWTensorResult,
  type AdamWTensorState,
  type SumSquaresBuffers,
  type SumSquaresPlan,
} from './adamw';
export {
  planSampling,
  resolveSamplingSettings,
  sampling,
  samplingWorkgroupSize,
  type ResolvedSamplingSettings,
  type SamplingBuffers,
  type SamplingMode,
  type SamplingPlan,
  type SamplingResult,
  type SamplingSettings,
  type SamplingShape,
} from './sampling';
export {
  checkKvCacheLimits,
  kvCacheWrite,
  planKvCacheWrite,
  validateKvCacheShape,
  validateKvCacheWriteInputs,
  type KvCacheShape,
  type KvCacheWriteBuffers,
  type KvCacheWriteInputs,
  type KvCacheWritePlan,
} from './kvCacheWrite';
export {
  CAUSAL_ATTENTION_MAX_HEAD_DIM,
  causalAttention,
  causalAttentionBackward,
  causalAttentionScale,
  causalAttentionTiling,
  checkCausalAttentionLimits,
  planCausalAttention,
  planCausalAttentionBackward,
  validateCausalAttentionBackwardInputs,
  validateCausalAttentionInputs,
  validateCausalAttentionShape,
  type CausalAttentionBackwardBuffers,
  type CausalAttentionBackwardInputs,
  type CausalAttentionBackwardPlan,
  type CausalAttentionBuffers,
  type CausalAttentionGradients,
  type CausalAttentionInputs,
  type CausalAttentionOptions,
  type CausalAttentionOutput,
  type CausalAttentionPlan,
  type CausalAttentionShape,
  type CausalAttentionTiling,
} from './causalAttention';
export { validateTokenRows, type TokenRowDims } from './tokenRows';
export { LlamaGpuWeights, type LlamaLayerWeights, type LlamaWeightsUploadOptions } from './llamaWeights';
export {
  F16_MAX,
  F16_MIN_NORMAL,
  F16_UNIT_ROUNDOFF,
  gatherRowsF16,
  packedBytes,
  packedRowWords,
  packF16Rows,
  planGatherRowsF16,
  unpackF16Rows,
  type PackedF16,
  type WeightFormat,
} from './halfWeights';
export {
  LlamaInference,
  lastRowsOfSequences,
  type ForwardOptions,
  type LlamaInferenceOptions,
  type LlamaOpFamily,
  type LogitRows,
  type TimingPosition,
} from './llamaInference';
export { LlamaTrainer, type LlamaStepResult, type LlamaTrainingOptions } from './llamaTraining';
export {
  initLlamaTensors,
  readLlamaCheckpoint,
  readLlamaConfig,
  writeLlamaCheckpoint,
  type LlamaCheckpoint,
  type ReadCheckpointOptions,
} from './llamaCheckpoint';
export { planResidualAdd, residualAdd } from './residualAdd';
export {
  acceptDraft,
  decodingDistribution,
  sampleIndex,
  type AcceptanceResult,
  type DecodingMode,
  type DecodingSettings,
} from './speculativeAcceptance';
export {
  checkSpeculativeSetup,
  speculativeGenerate,
  type SpeculativeResult,
  type SpeculativeSettings,
} from './speculativeDecoding';
