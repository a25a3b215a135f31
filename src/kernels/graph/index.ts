// The graph kernel family's public API: what experiments, the CLI and other families use.
// Kernel CLI entries live in cli.ts (registered in ../registry.ts); CPU references beside each kernel.
export { uploadCsr } from './csrBuffers';
export { SageModel } from './sageModel';
export { batchesOf, blockRows, evaluate, graphChecks, samplerStructure, trainBatch, uploadTask } from './sageTraining';
export { DenseSampler } from './sampleDense';
export { NeighborSampler } from './sampleNeighbors';
export { bindSpmm } from './spmm';
