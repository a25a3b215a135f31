// Independent CPU reference for exact k-NN: f64 distances, full sort, ties to the lower id,
// padding (-1, +Infinity) when the base has fewer than k rows.
import { distanceReference } from './distances.reference';
import type { Metric } from './conventions';
import { topkOfCandidates, type TopkReference } from './topk.reference';

export function knnReference(
  base: Float32Array,
  queries: Float32Array,
  d: number,
  k: number,
  metric: Metric = 'l2',
): TopkReference {
  const n = base.length / d;
  const q = queries.length / d;
  const ids = new Int32Array(q * k);
  const dist = new Float64Array(q * k);
  for (let i = 0; i < q; i++) {
    const cands = Array.from({ length: n }, (_, j) => ({
      d: distanceReference(queries, i, base, j, d, metric),
      id: j,
    }));
    const t = topkOfCandidates(cands, k);
    ids.set(t.ids, i * k);
    dist.set(t.dist, i * k);
  }
  return { ids, dist };
}
