// The access skew of the synthetic traces: within each table, row popularity follows a discretised
// continuous power law. A rank k ∈ [0, n) is floor(x) − 1 for x drawn on [1, n + 1) with density
// ∝ x^(−s), so
//   P(rank = k) = (G(k + 2) − G(k + 1)) / G(n + 1),   G(x) = (x^(1−s) − 1) / (1 − s)   (ln x at s = 1).
// This is Zipf-like (P ≈ (k + 1.5)^(−s) / Z) but has an exact inverse CDF, so sampling costs one
// pow per id and every quantity below (top-1 % share, FAE's hot rows, expected unique rows) has a
// closed form instead of an empirical estimate. s = 0 is uniform.
//
// Every example reads one row of every table (Criteo and Avazu are one-hot per field), so with T
// tables each table receives 1/T of all accesses. "The top 1 % of ids" pools all rows of all tables.

/** G(x) − G(1) for x ≥ 1, stable near s = 1. */
function gOf(x: number, s: number): number {
  const a = 1 - s;
  const lx = Math.log(x);
  return Math.abs(a) < 1e-9 ? lx : Math.expm1(a * lx) / a;
}

/** Inverse of gOf in x. */
function gInv(y: number, s: number): number {
  const a = 1 - s;
  return Math.abs(a) < 1e-9 ? Math.exp(y) : Math.exp(Math.log1p(a * y) / a);
}

/** P(rank < k) for a table of n rows with exponent s. */
export function rankCdf(k: number, n: number, s: number): number {
  if (k <= 0) return 0;
  if (k >= n) return 1;
  return gOf(k + 1, s) / gOf(n + 1, s);
}

/** P(rank = k), computed without cancellation: ∫_{k+1}^{k+2} x^(−s) dx / G(n + 1). */
export function rankPmf(k: number, n: number, s: number): number {
  if (k < 0 || k >= n) return 0;
  const a = 1 - s;
  const x1 = k + 1;
  const step = Math.log1p(1 / x1);
  const piece = Math.abs(a) < 1e-9 ? step : (Math.exp(a * Math.log(x1)) * Math.expm1(a * step)) / a;
  return piece / gOf(n + 1, s);
}

/** The rank for a uniform u ∈ [0, 1): the inverse CDF, clamped against rounding at the ends. */
export function sampleRank(u: number, n: number, s: number, gTotal: number): number {
  const x = gInv(u * gTotal, s);
  const k = Math.floor(x) - 1;
  return k < 0 ? 0 : k >= n ? n - 1 : k;
}

export const gTotalOf = (n: number, s: number): number => gOf(n + 1, s);

/**
 * Number of ranks whose probability exceeds tau (the pmf decreases with rank for s > 0). Starts
 * from the midpoint approximation pmf(k) ≈ (k + 1.5)^(−s) / G(n + 1) and walks to the exact
 * boundary (a step or two: the approximation's relative error is about s(s + 1) / 24 / (k + 1.5)²).
 */
export function ranksAbove(tau: number, n: number, s: number): number {
  if (rankPmf(0, n, s) <= tau) return 0;
  if (rankPmf(n - 1, n, s) > tau) return n;
  let k = Math.floor((tau * gOf(n + 1, s)) ** (-1 / s) - 1.5);
  k = Math.max(1, Math.min(n - 1, k));
  // Invariant wanted: pmf(k − 1) > tau ≥ pmf(k).
  while (k > 1 && rankPmf(k - 1, n, s) <= tau) k--;
  while (k < n - 1 && rankPmf(k, n, s) > tau) k++;
  return k;
}

/**
 * Share of all accesses taken by the `fraction` most popular rows, pooled over tables that each get
 * 1/T of the accesses. Finds the per-row probability threshold that selects that many rows; rows at
 * the threshold are counted fractionally so the curve is continuous.
 */
export function topShare(tables: readonly number[], s: number, fraction: number): number {
  const total = tables.reduce((a, b) => a + b, 0);
  const want = Math.max(0, Math.min(total, fraction * total));
  if (want <= 0) return 0;
  if (want >= total) return 1;
  const count = (tau: number) => tables.reduce((acc, n) => acc + ranksAbove(tau, n, s), 0);
  // Bisection on log tau between the largest and smallest row probability.
  let hiTau = Math.max(...tables.map((n) => rankPmf(0, n, s))); // count(hiTau) = 0
  let loTau = Math.min(...tables.map((n) => rankPmf(n - 1, n, s))) * 0.5; // count(loTau) = total
  for (let it = 0; it < 100 && hiTau / loTau > 1 + 1e-12; it++) {
    const mid = Math.sqrt(hiTau * loTau);
    if (count(mid) >= want) loTau = mid;
    else hiTau = mid;
  }
  let mass = 0;
  let taken = 0;
  for (const n of tables) {
    const k = ranksAbove(hiTau, n, s);
    taken += k;
    mass += rankCdf(k, n, s);
  }
  // The remaining rows sit at the threshold (probability ≈ hiTau within its table).
  mass += Math.max(0, want - taken) * hiTau;
  return Math.min(1, mass / tables.length);
}

const calibrationMemo = new Map<string, number>();
export const MAX_EXPONENT = 3;

/**
 * The exponent s (same for every table) at which the top `fraction` of rows take `share` of the
 * accesses. Returns null when no s ∈ [0, MAX_EXPONENT] reaches it; 0 when even uniform exceeds it.
 */
export function calibrateExponent(tables: readonly number[], fraction: number, share: number): number | null {
  const key = `${tables.join(',')}|${fraction}|${share}`;
  const hit = calibrationMemo.get(key);
  if (hit !== undefined) return hit;
  if (topShare(tables, 0, fraction) >= share) return 0;
  if (topShare(tables, MAX_EXPONENT, fraction) < share) return null;
  let lo = 0;
  let hi = MAX_EXPONENT;
  for (let it = 0; it < 40; it++) {
    const mid = (lo + hi) / 2;
    if (topShare(tables, mid, fraction) >= share) hi = mid;
    else lo = mid;
  }
  calibrationMemo.set(key, hi);
  return hi;
}

/**
 * Rows grouped for closed-form sums over millions of rows: the first HEAD ranks of every table one
 * by one, the rest in geometric rank buckets (ratio RATIO) carrying their exact total probability.
 * A bucket's rows all get the bucket's mean probability; the bucket is narrow enough that sums of
 * smooth functions of p stay within 1e-3 relative of the row-by-row sum (tested), with about
 * 5 000 groups for Criteo's 33.8 M rows.
 */
export interface RowGroups {
  /** Per-example probability of one row of the group within its table. */
  p: Float64Array;
  /** Rows in the group. */
  count: Float64Array;
  table: Int32Array;
  tables: number[];
  s: number;
}

const HEAD = 64;
const RATIO = 1.04;

export function rowGroups(tables: readonly number[], s: number): RowGroups {
  const p: number[] = [];
  const count: number[] = [];
  const table: number[] = [];
  tables.forEach((n, t) => {
    if (s === 0) {
      p.push(1 / n);
      count.push(n);
      table.push(t);
      return;
    }
    const head = Math.min(n, HEAD);
    for (let k = 0; k < head; k++) {
      p.push(rankPmf(k, n, s));
      count.push(1);
      table.push(t);
    }
    let a = head;
    while (a < n) {
      const b = Math.min(n, Math.max(a + 1, Math.ceil(a * RATIO)));
      p.push((rankCdf(b, n, s) - rankCdf(a, n, s)) / (b - a));
      count.push(b - a);
      table.push(t);
      a = b;
    }
  });
  return {
    p: Float64Array.from(p),
    count: Float64Array.from(count),
    table: Int32Array.from(table),
    tables: [...tables],
    s,
  };
}

/** The skew curve: share of accesses of the top fraction of rows, at log-spaced fractions. */
export function skewCurve(tables: readonly number[], s: number): { fraction: number; share: number }[] {
  const out: { fraction: number; share: number }[] = [];
  for (let e = -5; e <= 0; e += 0.25) {
    const fraction = 10 ** e;
    out.push({ fraction, share: topShare(tables, s, fraction) });
  }
  return out;
}
