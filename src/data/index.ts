// Public API of the data layer: arrays, seeded randomness (CPU + WGSL), and file loaders.
export { ndarray, sizeOf, type DType, type NdArray, type TypedData } from './ndarray';
export { createRng, fillUniform, hashFloat, hashUniform, Pcg32, pcgHash, type Rng } from './pcg32';
export { encodeNpy, NpyFormatError, parseNpy } from './npy';
export { CsvFormatError, parseEdgeList, parseNumericCsv, type CsvOptions, type EdgeList, type NumericCsv } from './csv';
