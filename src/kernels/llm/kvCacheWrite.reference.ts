// CPU reference for the KV-cache append: the caches with row t's keys and values copied to
// [rowSeq[t], rowPos[t], :, :]. Written from the definition, not from the shader.
import type { KvCacheShape } from './kvCacheWrite';

export function kvCacheWriteReference(
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  rowSeq: ArrayLike<number>,
  rowPos: ArrayLike<number>,
  kCache: ArrayLike<number>,
  vCache: ArrayLike<number>,
  s: KvCacheShape,
): { kCache: Float32Array; vCache: Float32Array } {
  const outK = Float32Array.from(kCache);
  const outV = Float32Array.from(vCache);
  const width = s.nKv * s.d;
  for (let t = 0; t < s.T; t++) {
    const slot = (rowSeq[t]! * s.maxSeq + rowPos[t]!) * width;
    for (let e = 0; e < width; e++) {
      outK[slot + e] = k[t * width + e]!;
      outV[slot + e] = v[t * width + e]!;
    }
  }
  return { kCache: outK, vCache: outV };
}
