// The decode kernel family's public API: what experiments, the CLI and other families use.
// Kernel CLI entries live in cli.ts (registered in ../registry.ts); CPU references beside each kernel.
export { gatherRepresentativeK, validateClusterMap } from './chaiClusterMap';
export { planChaiDecodeAttention } from './chaiDecodeAttention';
export {
  checkDecodeLimits,
  type DecodePlan,
  type DecodeShape,
  identityMap,
  planDecodeAttention,
} from './decodeAttention';
