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
  /**
   * Full-row entries touched to refresh caches, per batch, amortised over the refresh period T:
   * FCR re-samples every cached row each T batches (build cost / T, exact); OTF re-samples the rows
   * read since its last refresh, simulated when a refresh falls inside the simulated batches, else
   * estimated from the rows read so far scaled to T batches (an upper estimate: the set read grows
   * less than linearly).
   */
  refreshTouches: number;
  /** Neighbours drawn into cache rows per batch by refreshes, amortised over T like refreshTouches. */
  refreshPicks: number;
  refreshInputs: RefreshInputs;
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

/** What the refresh amortisation needs: kept with the statistics, so a longer refresh period can be applied without re-simulating. */
export interface RefreshInputs {
  kind: SamplerKind;
  batches: number;
  denseNodes: number;
  buildTouches: number;
  buildPicks: number;
  /** Refresh work the simulated batches did (refreshes at b = T, 2T, … < batches). */
  simulatedTouches: number;
  simulatedPicks: number;
  /** Full-row entries of the dense rows read so far, and per cache how many rows and how many neighbours a refresh replaces. */
  readEverTouches: number;
  readRows: number[];
  refreshCounts: number[];
}

function refreshInputsOf(cache: SnapshotCache, kind: SamplerKind): RefreshInputs {
  const s = cache.stats;
  return {
    kind,
    batches: Math.max(1, s.batches),
    denseNodes: cache.denseNodes.length,
    buildTouches: s.buildTouches,
    buildPicks: s.buildPicks,
    simulatedTouches: s.refreshTouches,
    simulatedPicks: s.refreshPicks,
    readEverTouches: cache.readEverTouches(),
    readRows: cache.readEver.map((set) => set.size),
    refreshCounts: cache.readEver.map((_, c) => cache.refreshCount(c)),
  };
}

/** Refresh work per batch, amortised over T: [full-row entries touched, neighbours drawn]. */
export function amortisedRefresh(r: RefreshInputs, T: number): [number, number] {
  const n = r.batches;
  if (r.kind === 'FBL' || r.denseNodes === 0) return [0, 0];
  if (r.kind.startsWith('FCR')) return [r.buildTouches / T, r.buildPicks / T];
  if (n > T) return [r.simulatedTouches / n, r.simulatedPicks / n];
  // No refresh inside the simulated batches: the rows read so far, scaled to T batches, capped at every dense row.
  const picks = r.readRows.reduce((a, rows, c) => a + Math.min(r.denseNodes, (rows * T) / n) * r.refreshCounts[c]!, 0);
  return [Math.min(r.buildTouches, (r.readEverTouches * T) / n) / T, picks / T];
}

/** The same simulation under another refresh period T ≥ its batches (nothing inside the window changes). */
export function withRefreshPeriod(s: SamplerStats, T: number): SamplerStats {
  const [refreshTouches, refreshPicks] = amortisedRefresh(s.refreshInputs, T);
  return { ...s, refreshTouches, refreshPicks };
}

export function statsOf(cache: SnapshotCache, kind: SamplerKind, blockEdges: number): SamplerStats {
  const s = cache.stats;
  const n = Math.max(1, s.batches);
  const refreshInputs = refreshInputsOf(cache, kind);
  const refresh = amortisedRefresh(refreshInputs, cache.cfg.refreshEvery);
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
    refreshTouches: refresh[0],
    refreshPicks: refresh[1],
    refreshInputs,
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
