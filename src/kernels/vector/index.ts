// The vector kernel family's public API: what experiments, the CLI and other families use.
// Kernel CLI entries live in cli.ts (registered in ../registry.ts); CPU references beside each kernel.
export { type DistanceBlockPlan, distancePipeline, planDistanceBlock } from './distances';
export { type IvfSearchPlan, planIvfSearch, readSearchResult } from './ivfSearch';
export { planSegments, segmentByKey, type SegmentPlan } from './ivfSegments';
export { kmeansOnBuffer } from './kmeans';
export { type AssignPlan, planAssign } from './kmeansAssign';
export { balancedKmeansOnBuffer } from './kmeansBalanced';
export { balanceLambda, balanceSampleRows, gatherRowsCpu, initCentroids } from './kmeansInit';
export { knn, type KnnPlan, planKnn, readTopk } from './knn';
export { checkNeighbours } from './knnCheck';
export { planTopkRows, TOPK_MAX_K, type TopkResult, topkRowsPipeline } from './topk';
