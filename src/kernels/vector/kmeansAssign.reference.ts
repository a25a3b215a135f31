// Independent f64 reference for nearest-centroid assignment: a plain double loop over rows and
// centroids, squared L2 or negative inner product, ties to the lower centroid index.
import type { Metric } from './conventions';

export function assignReference(
  x: ArrayLike<number>,
  centroids: ArrayLike<number>,
  n: number,
  d: number,
  k: number,
  metric: Metric = 'l2',
): { assign: Int32Array; best: Float64Array } {
  const assign = new Int32Array(n);
  const best = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let arg = -1;
    let min = Infinity;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) {
        const a = x[i * d + c]!;
        const b = centroids[j * d + c]!;
        s += metric === 'l2' ? (a - b) * (a - b) : -a * b;
      }
      if (s < min) {
        min = s;
        arg = j;
      } // strict: a tie keeps the lower j
    }
    assign[i] = arg;
    best[i] = min;
  }
  return { assign, best };
}
