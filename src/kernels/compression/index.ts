// Public API of the activation-compression family (MCBench compressors on the GPU, the simulated
// tensor-/pipeline-parallel training hook, and the overhead timing for calibration).
export {
  type CompressorSpec,
  type CompressorKind,
  assertCompressor,
  compressorLabel,
  payloadBytes,
} from './compressor';
export {
  QUANT_BITS,
  type QuantBits,
  type QuantizeShape,
  type QuantizeBuffers,
  type QuantizeRoundtripPlan,
  type QuantizeRoundtripResult,
  assertBits,
  packedBytes,
  packedBytesPerRow,
  planQuantize,
  planDequantize,
  planQuantizeRoundtrip,
  quantizeRoundtrip,
} from './quantize';
export {
  type SparsifyMode,
  type SparsifyShape,
  type SparsifyBuffers,
  type SparsifyPlan,
  type SparseTensor,
  assertSparsifyShape,
  planSparsify,
  sparsify,
} from './sparsify';
export { type SparsePayload, type DensifyOptions, planDensify, densifySum } from './densify';
export { type SliceShape, planSliceColumns, sliceColumns, columnPartitions } from './sliceColumns';
export {
  type AutoencoderShape,
  type AutoencoderBackwardBuffers,
  type AutoencoderResult,
  assertAutoencoderShape,
  xavierUniform,
  planAutoencoderEncode,
  planAutoencoderDecode,
  planAutoencoderBackward,
  autoencoderRoundtrip,
  autoencoderBackward,
} from './autoencoder';
export {
  type ActivationShape,
  type CompressorOverhead,
  timeCompressorOverhead,
  compressRoundtrip,
  reconstructionError,
} from './overhead';
export {
  type TensorParallelOptions,
  type PipelineBoundaryOptions,
  type CompressionHookOptions,
  type CompressionHook,
  createCompressionHook,
} from './trainingHook';
