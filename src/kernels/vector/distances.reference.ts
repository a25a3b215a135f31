// Independent CPU reference for the distance kernels: direct loops with f64 accumulation.
import type { Metric } from './conventions';

export function distanceReference(
  x: ArrayLike<number>,
  xRow: number,
  y: ArrayLike<number>,
  yRow: number,
  d: number,
  metric: Metric,
): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const a = x[xRow * d + t]!;
    const b = y[yRow * d + t]!;
    s += metric === 'l2' ? (a - b) * (a - b) : a * b;
  }
  return metric === 'l2' ? s : -s;
}

export function pairwiseDistancesReference(
  a: Float32Array,
  b: Float32Array,
  M: number,
  N: number,
  d: number,
  metric: Metric = 'l2',
): Float64Array {
  const out = new Float64Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) out[i * N + j] = distanceReference(a, i, b, j, d, metric);
  return out;
}
