// Top-k and rand-k on the CPU by sorting (not by radix select): top-k orders elements by |x|
// descending, ties by index ascending, keeps the first k; rand-k keeps the k positions with the
// largest pcgHash(pcgHash(seed) ^ i), ties by index ascending. Both return the kept set in
// ascending index order, with the original (signed) values.
import { pcgHash } from '../../data/pcg32';
import type { SparseTensor, SparsifyMode } from './sparsify';

export function randkKey(seed: number, i: number): number {
  return pcgHash((pcgHash(seed >>> 0) ^ i) >>> 0) >>> 0;
}

export function sparsifyReference(x: ArrayLike<number>, k: number, mode: SparsifyMode, seed = 0): SparseTensor {
  const n = x.length;
  // |x| through Math.fround keeps f32 semantics; NaN is never passed (callers reject it).
  const key = (i: number) => (mode === 'topk' ? Math.abs(x[i]!) : randkKey(seed, i));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
  const kept = order.slice(0, k).sort((a, b) => a - b);
  return { values: Float32Array.from(kept, (i) => x[i]!), indices: Int32Array.from(kept) };
}
