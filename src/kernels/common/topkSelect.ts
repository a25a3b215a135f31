// The workgroup top-k selection in WGSL (src/shaders/common/topkSelect.wgsl), shared by the
// vector family's per-row top-k and IVF list scan: they pass it as a prelude to their own shader,
// so compile errors still name the file and line they are in. Its behaviour is tested through
// both users (vector/topk.test.ts against vector/topk.reference.ts, and the IVF search tests).
import code from '../../shaders/common/topkSelect.wgsl?raw';
import type { WgslPrelude } from '../../gpu/types';

export const topkSelectPrelude: WgslPrelude = { file: 'common/topkSelect.wgsl', code };
