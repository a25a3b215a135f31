// Independent CPU reference for IVF search given the index (centroids + list of each base row):
// f64 distances; the nprobe nearest centroids (ties to the lower list id); the union of their
// lists scanned exhaustively; top-k with ties to the lower id, padded with (-1, +Infinity).
import { distanceReference } from './distances.reference';
import type { Metric } from './conventions';
import { topkOfCandidates, type TopkReference } from './topk.reference';

export function ivfSearchReference(
  base: Float32Array,
  queries: Float32Array,
  d: number,
  centroids: Float32Array,
  assign: Int32Array,
  nprobe: number,
  k: number,
  metric: Metric = 'l2',
): TopkReference & { probes: number[][] } {
  const nlist = centroids.length / d;
  const q = queries.length / d;
  const ids = new Int32Array(q * k);
  const dist = new Float64Array(q * k);
  const probes: number[][] = [];
  for (let i = 0; i < q; i++) {
    const lists = Array.from({ length: nlist }, (_, c) => ({
      d: distanceReference(queries, i, centroids, c, d, metric),
      id: c,
    }));
    const probed = topkOfCandidates(lists, Math.min(nprobe, nlist)).ids;
    probes.push(probed);
    const inProbe = new Set(probed);
    const cands: { d: number; id: number }[] = [];
    assign.forEach((list, j) => {
      if (inProbe.has(list)) cands.push({ d: distanceReference(queries, i, base, j, d, metric), id: j });
    });
    const t = topkOfCandidates(cands, k);
    ids.set(t.ids, i * k);
    dist.set(t.dist, i * k);
  }
  return { ids, dist, probes };
}
