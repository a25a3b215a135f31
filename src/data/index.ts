// Public API of the data layer: arrays, seeded randomness (CPU + WGSL), and file loaders.
export { ndarray, sizeOf, type DType, type NdArray, type TypedData } from './ndarray';
export { createRng, fillUniform, hashFloat, hashUniform, Pcg32, pcgHash, type Rng } from './pcg32';
export { encodeNpy, NpyFormatError, parseNpy } from './npy';
export { CsvFormatError, parseEdgeList, parseNumericCsv, type CsvOptions, type EdgeList, type NumericCsv } from './csv';
export {
  bf16ToF32,
  encodeSafetensors,
  f16ToF32,
  f32ToBf16,
  f32ToF16,
  parseSafetensors,
  parseSafetensorsHeader,
  SAFETENSORS_DTYPE_SIZE,
  SAFETENSORS_MAX_HEADER_BYTES,
  safetensorsHeaderSize,
  safetensorsToFloat16Bits,
  safetensorsToFloat32,
  safetensorsToInt32,
  SafetensorsFormatError,
  type SafetensorsDType,
  type SafetensorsFile,
  type SafetensorsHeader,
  type SafetensorsTensor,
  type SafetensorsTensorInfo,
  type SafetensorsWriteTensor,
} from './safetensors';
export {
  checkLlamaTensors,
  llamaConfigToJson,
  LlamaConfigError,
  llamaParameterCounts,
  llamaTensorNames,
  parseLlamaConfig,
  serializeLlamaConfig,
  type LlamaConfig,
  type LlamaParameterCounts,
  type LlamaTensorCheck,
  type LlamaTensorSpec,
} from './llamaConfig';
export { BYTE_VOCAB_SIZE, decodeBytes, encodeBytes } from './byteTokenizer';
export { loadTextCorpus, splitCorpus, TEXT_CORPUS, type CorpusSplit } from './textCorpus';
