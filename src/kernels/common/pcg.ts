// WGSL source of the stateless PCG hash, to prepend to kernels that need the same random
// numbers as src/data/pcg32.ts (pcgHash, hashFloat, hashUniform).
import pcgWgsl from '../../shaders/common/pcg.wgsl?raw';

export { pcgWgsl };
