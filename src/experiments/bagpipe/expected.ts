// Closed-form expected counts of the cache policies on a generated trace, at any scale — what the
// live model uses at paper scale (33.8 M rows, 16 384-example batches) where an exact replay would
// take minutes. The generator draws every example independently (powerLaw.ts), so a row with
// per-example probability p is in a batch of E examples with probability q = 1 − (1 − p)^E,
// independently from batch to batch. Then, per batch (steady state) or summed over a trace of B
// batches (the first batches see less history; the last ones a shorter window):
//   unique rows          Σ q
//   Oracle hit           the row was used in one of the previous L − 1 batches: q·(1 − (1 − q)^(L−1))
//   sync_now             also in the next batch: q²
//   no_sync              once in the batch (E·p·(1 − p)^(E−1)) and not in the next L − 1 batches
//   per-trainer unique   N·(1 − (1 − p)^(E/N))                 (no-cache fetches)
//   Oracle occupancy     rows used in the L batches prefetched ahead: 1 − (1 − q)^L (exact for L a
//                        multiple of the cleanup interval, when nothing else lingers)
// These are exact expectations, tested against the exact replay. Two are approximations:
//   LRU (Che's approximation): rows used in the last τ batches are cached, Σ(1 − (1 − q)^τ) = C;
//   FAE's phase switches: hot and cold batches alternate regularly (runs of h/(1 − h) batches).
// Belady has no closed form; the live model shows it only after a Run has replayed it.
import type { PolicyCounts } from './policyTypes';
import { emptyCounts, POLICY_LABELS } from './policyTypes';
import type { RowGroups } from './powerLaw';

export interface ExpectedOptions {
  examplesPerBatch: number;
  lookahead: number;
  cacheRows: number;
  trainers: number;
  /** FAE: a row is hot if its share of its table's accesses exceeds this fraction. */
  faeThreshold: number;
  /** Batches in the trace; Infinity = steady state, counts per batch. */
  batches: number;
}

export interface ExpectedResult {
  /** Per policy: totals over `batches` batches, or per batch when batches = Infinity. */
  counts: PolicyCounts[];
  uniquePerBatch: number;
  /** LRU's characteristic time (batches a row stays after its last use); Infinity if all fit. */
  lruTau: number;
  fae: { hotRows: number; hotExampleShare: number; capped: boolean };
}

/**
 * Σ_{c=0}^{B−1} r^{min(m, c)} for 0 ≤ r ≤ 1 and real m ≥ 0 (m = Infinity allowed): the chance of
 * "not used in the previous m batches", summed over a trace whose first batches have less history.
 * B = Infinity gives the per-batch steady state r^m.
 */
function sumWarm(r: number, m: number, B: number): number {
  if (r >= 1) return Number.isFinite(B) ? B : 1;
  if (!Number.isFinite(B)) return r ** m;
  const k = Math.min(Math.ceil(m), B);
  return (1 - r ** k) / (1 - r) + (B - k) * (Number.isFinite(m) ? r ** m : 0);
}

/** Σ_c r^{min(m, c) + min(m, B − 1 − c)}: used in no window before nor after (B = Infinity: r^{2m}). */
function sumBothSides(r: number, m: number, B: number): number {
  if (!Number.isFinite(B)) return r ** (2 * m);
  let s = 0;
  for (let c = 0; c < B; c++) s += r ** (Math.min(m, c) + Math.min(m, B - 1 - c));
  return s;
}

/** Σ_c r^{min(m, B − 1 − c)}: not used again in the (end-truncated) window after c. */
const sumCool = (r: number, m: number, B: number) => sumWarm(r, m, B);

export function expectedCounts(g: RowGroups, o: ExpectedOptions): ExpectedResult {
  const E = o.examplesPerBatch;
  const L = o.lookahead;
  const N = o.trainers;
  const B = o.batches;
  const finite = Number.isFinite(B);
  const per = finite ? B : 1;
  const nG = g.p.length;
  const q = new Float64Array(nG);
  const lq = new Float64Array(nG); // log(1 − q)
  let U = 0;
  let shard = 0;
  for (let i = 0; i < nG; i++) {
    const lp = Math.log1p(-g.p[i]);
    lq[i] = E * lp;
    q[i] = -Math.expm1(lq[i]);
    U += g.count[i] * q[i];
    shard += g.count[i] * N * -Math.expm1((E / N) * lp);
  }
  const none = emptyCounts('none', POLICY_LABELS.none);
  none.batches = per;
  none.misses = U * per;
  none.fetchedRows = none.writtenBackRows = shard * per;
  const la1 = emptyCounts('la1', POLICY_LABELS.la1);
  Object.assign(la1, {
    batches: per,
    misses: U * per,
    fetchedRows: N * U * per,
    writtenBackRows: U * per,
    allReducedNow: U * per,
    peakRows: U,
  });

  // Oracle Cacher.
  const oracle = emptyCounts('oracle', POLICY_LABELS.oracle);
  let hits = 0;
  let now = 0;
  let noSync = 0;
  let overlap = 0;
  let pfNs = 0;
  let occupancy = 0;
  for (let i = 0; i < nG; i++) {
    const c = g.count[i];
    const qi = q[i];
    const r = 1 - qi;
    const once = E * g.p[i] * Math.exp((E - 1) * Math.log1p(-g.p[i]));
    hits += c * qi * (per - sumWarm(r, L - 1, B));
    now += c * qi * qi * (finite ? B - 1 : 1);
    noSync += c * once * sumCool(r, L - 1, B);
    if (L === 1) overlap += c * once * qi * (finite ? B - 1 : 1);
    pfNs += c * once * sumBothSides(r, L - 1, B);
    occupancy += c * -Math.expm1(Math.min(L, B) * lq[i]); // a trace shorter than L is prefetched whole
  }
  const misses = U * per - hits;
  Object.assign(oracle, {
    batches: per,
    hits,
    misses,
    allReducedNow: now,
    noSyncRows: noSync,
    allReducedLater: U * per - now - noSync + overlap,
    fetchedRows: N * (misses - pfNs) + pfNs,
    prefetchedRows: N * (misses - pfNs) + pfNs,
    writtenBackRows: misses,
    peakRows: occupancy,
  });

  // LRU by Che's approximation: the cache holds the rows used in the last τ batches.
  const lru = emptyCounts('lru', POLICY_LABELS.lru);
  const rowsTotal = g.count.reduce((a, b) => a + b, 0);
  let tau = Infinity;
  if (rowsTotal > o.cacheRows) {
    // Σ c·(1 − e^{τ·lq}) = C is increasing and concave in τ, and τ = 1 (one batch) is below the
    // root because a batch fits: Newton from there converges monotonically from below. Rows with
    // q = 1 (lq = −∞) are always held and add no slope.
    let t = 1;
    for (let it = 0; it < 100; it++) {
      let held = 0;
      let slope = 0;
      for (let i = 0; i < nG; i++) {
        if (lq[i] === -Infinity) {
          held += g.count[i];
          continue;
        }
        const e = Math.exp(t * lq[i]);
        held += g.count[i] * (1 - e);
        slope -= g.count[i] * lq[i] * e;
      }
      const step = (o.cacheRows - held) / slope;
      if (!(step > 0)) break;
      t += step;
      if (step <= 1e-9 * t) break;
    }
    tau = t;
  }
  let lruHits = 0;
  for (let i = 0; i < nG; i++) lruHits += g.count[i] * q[i] * (per - sumWarm(1 - q[i], tau, B));
  Object.assign(lru, {
    batches: per,
    hits: lruHits,
    misses: U * per - lruHits,
    fetchedRows: N * (U * per - lruHits),
    writtenBackRows: U * per - lruHits,
    allReducedNow: U * per,
    peakRows: Math.min(o.cacheRows, rowsTotal),
  });

  const faeResult = expectedFae(g, o, per);
  return {
    counts: [none, la1, lru, faeResult.counts, oracle],
    uniquePerBatch: U,
    lruTau: tau,
    fae: faeResult.info,
  };
}

/** FAE in expectation: hot rows from the distribution itself (a profile of an endless trace). */
function expectedFae(g: RowGroups, o: ExpectedOptions, per: number) {
  const nG = g.p.length;
  const E = o.examplesPerBatch;
  const N = o.trainers;
  const T = g.tables.length;
  // Threshold: the larger of the profile threshold and the one that fits the hottest C rows.
  const order = Array.from({ length: nG }, (_, i) => i).sort((a, b) => g.p[b] - g.p[a]);
  let threshold = o.faeThreshold;
  let hotRows = 0;
  let capped = false;
  for (const i of order) {
    if (g.p[i] <= o.faeThreshold) break;
    if (hotRows + g.count[i] > o.cacheRows) {
      capped = true;
      threshold = g.p[i];
      break;
    }
    hotRows += g.count[i];
  }
  const isHot = (i: number) => g.p[i] > threshold;
  const H = new Float64Array(T);
  for (let i = 0; i < nG; i++) if (isHot(i)) H[g.table[i]] += g.count[i] * g.p[i];
  const h = H.reduce((a, b) => a * b, 1);
  let hotUnique = 0;
  let coldUnique = 0;
  let coldShard = 0;
  let hotRun = 0;
  let coldRun = 0;
  const runHot = h < 1 ? Math.max(1, h / (1 - h)) : 1;
  const runCold = h > 0 ? Math.max(1, (1 - h) / h) : 1;
  for (let i = 0; i < nG; i++) {
    const c = g.count[i];
    const p = g.p[i];
    const t = g.table[i];
    // Within hot examples a hot row of table t has probability p / H_t; within cold examples
    // p·(1 − h/H_t)/(1 − h) if hot, p/(1 − h) if cold (Bayes on "the example is cold").
    const pHot = isHot(i) && H[t] > 0 ? p / H[t] : 0;
    const pCold = h < 1 ? (isHot(i) ? (p * (1 - h / H[t])) / (1 - h) : p / (1 - h)) : 0;
    hotUnique += c * -Math.expm1(E * Math.log1p(-Math.min(pHot, 1)));
    coldUnique += c * -Math.expm1(E * Math.log1p(-Math.min(pCold, 1)));
    coldShard += c * N * -Math.expm1((E / N) * Math.log1p(-Math.min(pCold, 1)));
    if (isHot(i)) {
      hotRun += c * -Math.expm1(E * runHot * Math.log1p(-Math.min(pHot, 1)));
      coldRun += c * -Math.expm1(E * runCold * Math.log1p(-Math.min(pCold, 1)));
    }
  }
  const switches = h > 0 && h < 1 ? Math.min(h, 1 - h) : 0; // hot→cold (and cold→hot) switches per batch
  const counts = emptyCounts('fae', POLICY_LABELS.fae);
  const initial = Number.isFinite(o.batches) ? N * hotRows : 0;
  Object.assign(counts, {
    batches: per,
    hits: h * hotUnique * per,
    misses: (1 - h) * coldUnique * per,
    allReducedNow: h * hotUnique * per,
    fetchedRows: initial + ((1 - h) * coldShard + switches * N * coldRun) * per,
    prefetchedRows: initial,
    writtenBackRows: ((1 - h) * coldShard + switches * hotRun) * per,
    peakRows: hotRows,
  });
  return { counts, info: { hotRows, hotExampleShare: h, capped } };
}
