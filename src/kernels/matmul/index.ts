// The matmul kernel family's public API: what experiments, the CLI and other families use.
// Kernel CLI entries live in cli.ts (registered in ../registry.ts); CPU references beside each kernel.
export { matmul, matmulBytes, matmulFlops, type MatmulShape, planMatmul, timeMatmul } from './matmul';
