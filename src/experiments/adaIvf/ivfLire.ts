// LIRE, SPFresh's rebalancing protocol (Xu et al., SOSP'23), as Ada-IVF's authors run it inside
// their framework: running-mean centroids (Alg. 2), a partition above lireMax·τ_s is split with
// 2-means, one below lireMin·τ_s is merged into its nearest partitions, and after a split only the
// vectors the LIRE conditions single out are reassigned, among the children and the r_c
// partitions nearest the old centroid:
//   1. a child's vector is checked if the old centroid was at least as close as every new one;
//   2. a neighbour's vector is checked if some new centroid is at least as close as its own.
// A checked vector moves to the nearest centroid of that local set if it is strictly closer than
// its current one. Distances come from the engine (GPU in the experiment).
import type { IvfIndex, Partition } from './ivfIndex';
import type { MaintenanceContext, MaintenanceEvent, MaintenancePolicy } from './ivfPolicy';

/** LIRE's local k-means iterations: 0, as in the paper's emulation of LIRE (τ_f = 0, ι = 0, β = 1). */
export const LIRE_ITERS = 0;

function indicesOf(index: IvfIndex, parts: Partition[]): number[] {
  return parts.map((p) => index.partitions.indexOf(p)).filter((i) => i >= 0);
}

async function nearestPartitions(
  index: IvfIndex,
  centroid: Float32Array,
  exclude: Set<Partition>,
  r: number,
  ctx: MaintenanceContext,
): Promise<Partition[]> {
  const others = index.partitions.filter((p) => !exclude.has(p));
  if (others.length === 0 || r < 1) return [];
  const near = await ctx.engine.nearest(
    centroid,
    index.centroidMatrix(indicesOf(index, others)),
    Math.min(r, others.length),
  );
  return Array.from(near)
    .filter((j) => j >= 0)
    .map((j) => others[j]!);
}

/** Splits partition p; `stuck` collects a child that 2-means could not divide (duplicates). */
export async function lireSplit(
  index: IvfIndex,
  p: number,
  ctx: MaintenanceContext,
  stuck = new Set<Partition>(),
): Promise<MaintenanceEvent> {
  const parent = index.partitions[p]!;
  const old = Float32Array.from(parent.centroid);
  const members = Int32Array.from(parent.members);
  // The paper runs LIRE inside Ada-IVF's own manager with ι = 0 (its baselines): the split is the
  // manager's k-means seeding plus its size-balanced assignment, with no Lloyd iterations.
  const split = await ctx.engine.kmeans(members, 2, LIRE_ITERS, ctx.params.balance);
  const neighbours = await nearestPartitions(index, old, new Set([parent]), ctx.params.neighbours, ctx);
  const before = new Set(index.partitions);
  index.removePartitions([p]);
  index.addClusters(split.centroids, members, split.assign);
  const children = index.partitions.filter((q) => !before.has(q));
  // With ι = 0 the split returns its seeds; a child's centroid is the mean of the members it got
  // (as a 2-means split produces), computed from the exact running sums at no distance cost.
  index.recomputeMeans(indicesOf(index, children));
  if (children.length < 2) for (const c of children) stuck.add(c);
  const local = [...children, ...neighbours];
  const localIdx = indicesOf(index, local);
  const cand = local.flatMap((q) => q.members);
  if (cand.length === 0) return { kind: 'split', partitions: 1, vectors: members.length };
  const ids = Int32Array.from(cand);
  // Columns: old centroid, then the local set (children first).
  const cols = new Float32Array((1 + local.length) * index.d);
  cols.set(old, 0);
  cols.set(index.centroidMatrix(localIdx), index.d);
  const dist = await ctx.engine.distances(ids, cols);
  const w = 1 + local.length;
  const nc = children.length;
  const moveIds: number[] = [];
  const moveTo: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const row = i * w;
    const own = local.indexOf(index.partitions[index.where[ids[i]!]!]!);
    const dOwn = dist[row + 1 + own]!;
    let minNew = Infinity;
    for (let c = 0; c < nc; c++) minNew = Math.min(minNew, dist[row + 1 + c]!);
    const isChild = own < nc;
    const checked = isChild ? dist[row]! <= minNew : minNew <= dOwn;
    if (!checked) continue;
    let best = own,
      bestD = dOwn;
    for (let c = 0; c < local.length; c++)
      if (dist[row + 1 + c]! < bestD) {
        bestD = dist[row + 1 + c]!;
        best = c;
      }
    if (best !== own) {
      moveIds.push(ids[i]!);
      moveTo.push(localIdx[best]!);
    }
  }
  index.move(moveIds, moveTo);
  return { kind: 'split', partitions: 1, vectors: members.length + moveIds.length };
}

/** Removes partition p and sends each of its vectors to the nearest of its r_c nearest partitions. */
export async function lireMerge(index: IvfIndex, p: number, ctx: MaintenanceContext): Promise<MaintenanceEvent> {
  const part = index.partitions[p]!;
  const neighbours = await nearestPartitions(
    index,
    part.centroid,
    new Set([part]),
    Math.max(1, ctx.params.neighbours),
    ctx,
  );
  const members = Int32Array.from(part.members);
  index.removePartitions([p]);
  if (members.length > 0 && neighbours.length > 0) {
    const targets = indicesOf(index, neighbours);
    const dist = await ctx.engine.distances(members, index.centroidMatrix(targets));
    const to = Array.from(members, (_, i) => {
      let best = 0;
      for (let c = 1; c < targets.length; c++)
        if (dist[i * targets.length + c]! < dist[i * targets.length + best]!) best = c;
      return targets[best]!;
    });
    // The moved vectors are inserts into their new partitions: Alg. 2 moves those centroids.
    index.applyRunningMeans(index.insert(members, to), new Map());
  }
  return { kind: 'merge', partitions: 1, vectors: members.length };
}

export function lirePolicy(): MaintenancePolicy {
  return {
    id: 'lire',
    label: 'LIRE',
    async afterBatch(index, change, ctx) {
      index.applyRunningMeans(change.insertedDelta, change.deletedDelta);
      const { targetSize, lireMax, lireMin } = ctx.params;
      const events: MaintenanceEvent[] = [];
      // Splits first; a child can exceed the limit again (skewed 2-means), so loop with a guard,
      // skipping partitions 2-means cannot divide (all members identical).
      const stuck = new Set<Partition>();
      for (let guard = index.size * 4 + 16; guard > 0; guard--) {
        const p = index.partitions.findIndex((q) => q.members.length > lireMax * targetSize && !stuck.has(q));
        if (p < 0) break;
        events.push(await lireSplit(index, p, ctx, stuck));
      }
      for (let guard = index.size; guard > 0 && index.size > 1; guard--) {
        const p = index.partitions.findIndex((q) => q.members.length < lireMin * targetSize);
        if (p < 0) break;
        events.push(await lireMerge(index, p, ctx));
      }
      return events;
    },
  };
}
