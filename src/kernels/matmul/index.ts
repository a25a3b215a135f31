// The matmul kernel family's public API: what experiments, the CLI and other families use.
// Kernel CLI entries live in cli.ts (registered in ../registry.ts); CPU references beside each kernel.
export {
  matmul,
  matmulBytes,
  matmulFlops,
  type MatmulPlan,
  type MatmulShape,
  planMatmul,
  planMatmulTiled,
  timeMatmul,
} from './matmul';
export {
  bindGemm,
  clearGemmTuning,
  defaultGemmCandidates,
  GEMM_CONFIGS,
  gemmAdapterKey,
  gemmConfigFits,
  gemmShapeClass,
  planGemm,
  tuneGemm,
  type GemmConfig,
  type GemmOperands,
  type GemmPlan,
  type GemmPlanOptions,
  type GemmTuneCache,
  type GemmTuneResult,
} from './gemm';
