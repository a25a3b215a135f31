// The attention kernel family's public API: what experiments, the CLI and other families use.
// Kernel CLI entries live in cli.ts (registered in ../registry.ts); CPU references beside each kernel.
export { ATTENTION_TOLERANCE, compareAttention } from './attentionCheck';
export {
  attention,
  attentionFlops,
  type AttentionOptions,
  type AttentionOutput,
  attentionParamsBuffer,
  attentionPipeline,
  type AttentionPipeline,
  type AttentionShape,
  bindAttention,
  checkAttentionLimits,
  defaultScale,
  encodeAttention,
  planAttention,
  timeAttention,
  validateAttentionInputs,
  validateAttentionShape,
} from './flashAttention';
export { bindLseMerge, encodeLseMerge, lseMergeParamsBuffer, lseMergePipeline } from './lseMerge';
