// The common kernel family's public API: what experiments, the CLI and other families use.
// Shared kernels (row gather) and shared WGSL preludes (the PCG hash, workgroup top-k selection).
export { gatherRows, gatherRowsPipeline, planGatherRows } from './gatherRows';
export { pcgPrelude, pcgWgsl } from './pcg';
export { topkSelectPrelude } from './topkSelect';
