// The search-cost study: constrained BO and random search over many seeds on one tuning problem,
// scored against the exhaustive grid. "Samples to target" = how many measurements until the
// configuration the optimiser would report (its best measured feasible sample) is truly within
// 5 % of the grid optimum and truly meets the SLO. Runs asynchronously with progress and cancel,
// yielding to the event loop between seeds so the UI stays responsive.
import type { Rng } from '../../data/pcg32';
import { constrainedBo, incumbents, randomSearch, type SearchTrace } from './bo';
import { isGood, type Problem } from './problem';

export interface SeedResult {
  /** 1-based sample count at which the target was reached; null if not within the budget. */
  boHit: number | null;
  randomHit: number | null;
  /** True energy of the incumbent / optimum after each sample (null before any feasible sample). */
  boCurve: (number | null)[];
  randomCurve: (number | null)[];
  boTrace: SearchTrace;
}

export interface StudyResult {
  seeds: SeedResult[];
  budget: number;
  /** Exhaustive grid with noisy measurements: its pick's true energy / optimum. */
  gridPickRatio: number;
}

function curve(p: Problem, trace: SearchTrace): { curve: (number | null)[]; hit: number | null } {
  const inc = incumbents(trace, p.sloMs);
  const opt = p.energy[p.optimum]!;
  const hitAt = inc.findIndex((i) => isGood(p, i));
  return { curve: inc.map((i) => (i < 0 ? null : p.energy[i]! / opt)), hit: hitAt < 0 ? null : hitAt + 1 };
}

export function runSeed(p: Problem, seedRng: Rng, budget: number): SeedResult {
  const bo = constrainedBo(p.space, p.measurer(seedRng.fork(1)), seedRng.fork(2), { slo: p.sloMs, budget });
  // Random search runs through the whole grid when needed, so its hitting time is never censored.
  const rnd = randomSearch(p.space, p.measurer(seedRng.fork(3)), p.space.size, seedRng.fork(4), p.sloMs);
  const b = curve(p, bo);
  const r = curve(p, rnd);
  return { boHit: b.hit, randomHit: r.hit, boCurve: b.curve, randomCurve: r.curve.slice(0, budget), boTrace: bo };
}

/** The exhaustive grid under the same noise: every configuration measured once, the best measured feasible one picked. */
export function gridSearchPick(p: Problem, rng: Rng): number {
  const m = p.measurer(rng);
  let best = -1;
  let bestE = Infinity;
  for (let i = 0; i < p.space.size; i++) {
    const s = m(i);
    if (s.latency <= p.sloMs && s.energy < bestE) {
      bestE = s.energy;
      best = i;
    }
  }
  return best;
}

export async function runStudy(
  p: Problem,
  rng: Rng,
  opts: { seeds: number; budget: number; signal?: AbortSignal; progress?: (f: number, msg: string) => void },
): Promise<StudyResult> {
  const seeds: SeedResult[] = [];
  for (let s = 0; s < opts.seeds; s++) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new DOMException('Aborted', 'AbortError');
    seeds.push(runSeed(p, rng.fork(1000 + s), opts.budget));
    opts.progress?.((s + 1) / opts.seeds, `optimiser study: seed ${s + 1} of ${opts.seeds}`);
    await new Promise((r) => setTimeout(r, 0));
  }
  const pick = gridSearchPick(p, rng.fork(999));
  return { seeds, budget: opts.budget, gridPickRatio: pick < 0 ? NaN : p.energy[pick]! / p.energy[p.optimum]! };
}

export interface HitStats {
  median: number;
  mean: number;
  sd: number;
  p10: number;
  p90: number;
  /** Share of seeds that reached the target. */
  reached: number;
}

export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Statistics of hitting times; seeds that never hit count as budget + 1 (so the median is a lower bound then). */
export function hitStats(hits: (number | null)[], censorAt: number): HitStats {
  const xs = hits.map((h) => h ?? censorAt + 1).sort((a, b) => a - b);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return {
    median: quantile(xs, 0.5),
    mean,
    sd,
    p10: quantile(xs, 0.1),
    p90: quantile(xs, 0.9),
    reached: hits.filter((h) => h !== null).length / hits.length,
  };
}

/**
 * Random search without replacement with K good configurations among N: the first good one
 * arrives on average at (N + 1) / (K + 1). With replacement (the paper's example) the count is
 * geometric: mean 1/p, standard deviation √(1 − p)/p, p = K/N.
 */
export function randomSearchExpectation(
  n: number,
  k: number,
): { withoutReplacement: number; mean: number; sd: number } {
  const p = k / n;
  return { withoutReplacement: (n + 1) / (k + 1), mean: 1 / p, sd: Math.sqrt(1 - p) / p };
}
