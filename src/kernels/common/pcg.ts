// WGSL source of the stateless PCG hash, to prepend to kernels that need the same random
// numbers as src/data/pcg32.ts (pcgHash, hashFloat, hashUniform).
import pcgWgsl from '../../shaders/common/pcg.wgsl?raw';
import type { WgslPrelude } from '../../gpu/types';

export { pcgWgsl };

/** The PCG functions as a prelude to a kernel's shader (errors keep their file and line). */
export const pcgPrelude: WgslPrelude = { file: 'common/pcg.wgsl', code: pcgWgsl };
