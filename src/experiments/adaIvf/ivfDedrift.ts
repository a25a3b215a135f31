// DeDrift (Baranchuk et al., ICCV'23) as an IVF maintenance baseline, run on the Rebuild schedule
// (after rebuildFraction of the live vectors changed) [assump: the paper runs it periodically]:
//   lazy   recompute every centroid as the mean of its members (no vector moves);
//   split  take the k = max(1, round(share·K)) largest clusters B1, k2 = ⌈|B1| / median size⌉
//          (at least k + 1), add the k2 − k smallest clusters B2, and re-run k-means with k2
//          centroids on the vectors of B1 ∪ B2, so K stays fixed (empty results are dropped);
//   hybrid lazy, then split.
import { ChangeCounter, type MaintenanceContext, type MaintenanceEvent, type MaintenancePolicy } from './ivfPolicy';
import type { IvfIndex } from './ivfIndex';

export async function dedriftSplit(index: IvfIndex, ctx: MaintenanceContext): Promise<MaintenanceEvent | null> {
  const K = index.size;
  const k = Math.max(1, Math.round(ctx.params.dedriftShare * K));
  if (K < k + 1) return null;
  const sizes = index.partitions.map((p) => p.members.length);
  const byDesc = [...sizes.keys()].sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const sorted = [...sizes].sort((a, b) => a - b);
  const median = sorted[Math.floor((K - 1) / 2)]!;
  if (median === 0) return null;
  const b1 = byDesc.slice(0, k);
  const b1Count = b1.reduce((a, p) => a + sizes[p]!, 0);
  const k2 = Math.min(K, Math.max(k + 1, Math.ceil(b1Count / median)));
  const b2 = byDesc
    .slice(k)
    .reverse()
    .slice(0, k2 - k);
  const involved = [...b1, ...b2];
  const ids = Int32Array.from(index.removePartitions(involved));
  const r = await ctx.engine.kmeans(ids, Math.min(k2, ids.length), ctx.params.localIters, 0);
  index.addClusters(r.centroids, ids, r.assign);
  return { kind: 'dedrift-split', partitions: involved.length, vectors: ids.length };
}

export function dedriftPolicy(): MaintenancePolicy {
  const counter = new ChangeCounter();
  return {
    id: 'dedrift',
    label: 'DeDrift',
    async afterBatch(index, change, ctx) {
      counter.add(change);
      if (!counter.due(index.live, ctx.params.rebuildFraction)) return [];
      counter.reset();
      const events: MaintenanceEvent[] = [];
      const mode = ctx.params.dedriftMode;
      if (mode !== 'split') {
        index.recomputeMeans();
        events.push({ kind: 'means', partitions: index.size, vectors: index.live });
      }
      if (mode !== 'lazy') {
        const e = await dedriftSplit(index, ctx);
        if (e) events.push(e);
      }
      return events;
    },
  };
}
