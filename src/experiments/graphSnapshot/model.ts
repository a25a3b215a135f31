// Per-batch time of each sampler, from the row entries it touches (snapshotCache.ts). Two views:
//  * ours (two tiers): T = (full-row touches + refresh touches)/v_slow + cache-row touches/v_cache
//    + compute; the slow tier is the full adjacency (host memory / storage), the fast tier the
//    snapshot.
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
}

export interface BatchTime {
  samplingMs: number;
  totalMs: number;
  paperFormulaMs: number;
  refreshRate: number;
}

export function batchTime(s: SamplerStats, t: TierSpeeds): BatchTime {
  const samplingMs =
    1000 * ((s.slowTouches + s.refreshTouches) / t.slowEdgesPerSec + s.fastTouches / t.cacheEdgesPerSec);
  const SB = s.slowTouches + s.fastTouches;
  const SC = s.fastTouches;
  const refreshRate = SC > 0 ? Math.min(1, s.refreshTouches / SC) : 0;
  const paperFormulaMs = 1000 * ((SB - SC) / t.slowEdgesPerSec + ((1 - refreshRate) * SC) / t.cacheEdgesPerSec);
  return { samplingMs, totalMs: samplingMs + t.computeMs, paperFormulaMs, refreshRate };
}

/** Training-time reduction vs FBL in percent (positive = faster than FBL). */
export const reductionVsFbl = (fbl: BatchTime, other: BatchTime): number => 100 * (1 - other.totalMs / fbl.totalMs);
