// Per-batch time of each sampler, from the work it does per tier (snapshotCache.ts). What one unit
// of sampling work is, is a choice (the cost basis):
//  * 'picks': each neighbour drawn costs one access, as in a sampler that draws random positions
//    of a row (DGL's uniform neighbour sampler does); refreshes cost the neighbours they draw;
//  * 'entries': sampling a row costs every entry of it, as in a sampler that scans the row.
// Two views:
//  * ours (two tiers): T = (full-graph work + refresh work)/v_slow + cache work/v_cache + compute;
//    the slow tier is the full adjacency (host memory / storage), the fast tier the snapshot.
//  * the paper's §7.1 as recorded in the notes: T = (S(B) − S(C))/v_m + (1 − α)·S(C)/v_c, with
//    S(B) the batch's touched edges, S(C) those served by the cache and α the refresh rate —
//    here the refresh touches per batch relative to S(C), capped at 1.
import type { SamplerStats } from './simulate';

export interface TierSpeeds {
  /** Edges/s sampled from the full graph (slow tier). */
  slowEdgesPerSec: number;
  /** Edges/s sampled from the cache (fast tier). */
  cacheEdgesPerSec: number;
  /** Aggregation + model compute per batch. */
  computeMs: number;
  /** What one unit of sampling work is (see the header). */
  basis: 'picks' | 'entries';
}

export interface BatchTime {
  samplingMs: number;
  totalMs: number;
  paperFormulaMs: number;
  refreshRate: number;
}

/** Work per batch on each tier in the chosen basis. */
export function tierWork(s: SamplerStats, basis: TierSpeeds['basis']): { slow: number; fast: number; refresh: number } {
  return basis === 'picks'
    ? { slow: s.slowPicks, fast: s.fastPicks, refresh: s.refreshPicks }
    : { slow: s.slowTouches, fast: s.fastTouches, refresh: s.refreshTouches };
}

export function batchTime(s: SamplerStats, t: TierSpeeds): BatchTime {
  const w = tierWork(s, t.basis);
  const samplingMs = 1000 * ((w.slow + w.refresh) / t.slowEdgesPerSec + w.fast / t.cacheEdgesPerSec);
  const SB = w.slow + w.fast;
  const SC = w.fast;
  const refreshRate = SC > 0 ? Math.min(1, w.refresh / SC) : 0;
  const paperFormulaMs = 1000 * ((SB - SC) / t.slowEdgesPerSec + ((1 - refreshRate) * SC) / t.cacheEdgesPerSec);
  return { samplingMs, totalMs: samplingMs + t.computeMs, paperFormulaMs, refreshRate };
}

/** Training-time reduction vs FBL in percent (positive = faster than FBL). */
export const reductionVsFbl = (fbl: BatchTime, other: BatchTime): number => 100 * (1 - other.totalMs / fbl.totalMs);
