// Drives a SnapshotCache through mini-batches on the CPU (the live model) or the GPU (the run):
// before each batch, the rows the cache asks for are sampled from the full graph; then the batch
// is DENSE-sampled from the per-hop graphs the cache exposes, and booked.
import { createRng } from '../../data/pcg32';
import type { Csr } from '../../data/graphs/csr';
import { denseSampleReference } from '../../kernels/graph/sampleDense.reference';
import { sampleNeighborsReference } from '../../kernels/graph/sampleNeighbors.reference';
import { batchesOf } from '../../kernels/graph';
import { SnapshotCache, type SamplerKind, type SnapshotConfig } from './snapshotCache';

export interface SnapshotWorkload {
  graph: Csr;
  train: Int32Array;
  batchSize: number;
  batches: number;
  fanouts: number[];
  theta: number;
  alpha: number;
  gamma: number;
  refreshEvery: number;
  seed: number;
}

export interface SamplerStats {
  kind: SamplerKind;
  denseNodes: number;
  storedEdges: number;
  cacheEdges: number;
  buildTouches: number;
  /** Per batch: edges in the sampled blocks, picks per tier, row entries touched per tier. */
  blockEdges: number;
  slowPicks: number;
  fastPicks: number;
  slowTouches: number;
  fastTouches: number;
  /** Full-row entries touched to refresh caches, per batch (amortised). */
  refreshTouches: number;
  /** Mean age (batches) of the cache rows read. */
  staleness: number;
}

export const configFor = (w: SnapshotWorkload, kind: SamplerKind): SnapshotConfig => ({
  kind,
  fanouts: w.fanouts,
  theta: w.theta,
  alpha: w.alpha,
  gamma: w.gamma,
  refreshEvery: w.refreshEvery,
  seed: w.seed,
});

/** The seeds of batch b: training nodes reshuffled every epoch, same for every sampler. */
export function batchSchedule(w: SnapshotWorkload): Int32Array[] {
  const out: Int32Array[] = [];
  for (let epoch = 0; out.length < w.batches; epoch++)
    out.push(...batchesOf(w.train, w.batchSize, createRng(w.seed + epoch)));
  return out.slice(0, w.batches);
}

export const batchSeed = (w: SnapshotWorkload, b: number): number =>
  (w.seed * 2_654_435_761 + b * 40_503 + 12_345) >>> 0;

export function statsOf(cache: SnapshotCache, kind: SamplerKind, blockEdges: number): SamplerStats {
  const s = cache.stats;
  const n = Math.max(1, s.batches);
  return {
    kind,
    denseNodes: cache.denseNodes.length,
    storedEdges: cache.storedEdges(),
    cacheEdges: cache.residentCacheEdges(),
    buildTouches: s.buildTouches,
    blockEdges: blockEdges / n,
    slowPicks: s.slowPicks / n,
    fastPicks: s.fastPicks / n,
    slowTouches: s.slowTouches / n,
    fastTouches: s.fastTouches / n,
    refreshTouches: s.refreshTouches / n,
    staleness: s.rowsRead ? s.ageSum / s.rowsRead : 0,
  };
}

/** CPU simulation of one sampler over the workload's batches (deterministic: seeded hashes). */
export function simulateSampler(w: SnapshotWorkload, kind: SamplerKind): SamplerStats {
  const cache = new SnapshotCache(w.graph, configFor(w, kind));
  let blockEdges = 0;
  batchSchedule(w).forEach((seeds, b) => {
    for (const req of cache.requests(b))
      cache.apply(b, req, sampleNeighborsReference(w.graph, req.nodes, req.fanout, req.seed));
    const block = denseSampleReference(cache.hopGraphs(), seeds, w.fanouts, batchSeed(w, b));
    cache.record(b, block);
    blockEdges += block.blockIndices.length;
  });
  return statsOf(cache, kind, blockEdges);
}
