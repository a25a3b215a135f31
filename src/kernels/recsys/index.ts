// Public API of the recsys kernel family: EmbeddingBag forward and sparse backward, the row
// optimizer, DLRM's dot interaction, the MLP's element-wise ops, BCE loss, and the small DLRM
// model composed from them (with llm/linear's GEMM), and the GPU slot cache (exclusive scan,
// ttl expiry, compaction, free-slot assignment) that Bagpipe's trainer keeps its rows in, and the
// all-reduce of gradient rows among data-parallel trainers sharing one GPU.
export {
  checkBags,
  embeddingBag,
  planEmbeddingBag,
  type EmbeddingBagBuffers,
  type EmbeddingBagShape,
} from './embeddingBag';
export {
  embeddingBagBackward,
  groupBagEntries,
  planEmbeddingBagBackward,
  type BagGrouping,
  type EmbeddingBagBackwardPlan,
} from './embeddingBagBackward';
export {
  planRowOptimizer,
  rowOptimizer,
  type RowOptimizerKind,
  type RowOptimizerPlan,
  type RowOptimizerSettings,
} from './rowOptimizer';
export {
  dotInteraction,
  dotInteractionBackward,
  interactionWidth,
  planDotInteraction,
  planDotInteractionBackward,
} from './dotInteraction';
export { biasAct, biasGrad, planBias, planBiasGrad, planReluBackward, planSgd, reluBackward, sgd } from './denseOps';
export { bceLoss, planBceLoss } from './bceLoss';
export { exclusiveScan, planExclusiveScan } from './exclusiveScan';
export { planDlrmGraph, type DlrmGraph, type DlrmGraphOptions, type GpuLayer } from './dlrmGraph';
export { planRowAllReduce, rowAllReduce, type RowAllReducePlan, type RowAllReduceShape } from './rowAllReduce';
export {
  planSlotLookup,
  SlotCache,
  type Evicted,
  type SlotCacheShape,
  type SlotLookupPlan,
  type SlotState,
} from './slotCache';
export {
  checkDims,
  DlrmModel,
  initDlrmParams,
  layerSizes,
  type DlrmBatch,
  type DlrmDims,
  type DlrmOptimizer,
  type DlrmParams,
  type DlrmSlotMap,
} from './dlrmModel';
