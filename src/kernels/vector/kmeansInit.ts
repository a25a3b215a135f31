// CPU-side k-means initialisation and the balanced variant's λ. k-means++ (Arthur & Vassilvitskii
// 2007) runs on a deterministic subsample of at most `maxSample` rows so that its O(sample·k·d)
// cost stays small next to the GPU iterations; 'random' picks k distinct rows. Both draw from the
// seeded PCG stream, so a seed reproduces the same centroids.
import type { Rng } from '../../data/pcg32';
import { UserInputError } from '../../core';

export type KmeansInit = 'kmeans++' | 'random';

export function assertKmeansSize(what: string, n: number, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new UserInputError(`${what}: k=${k} must be a positive integer`);
  if (n < k)
    throw new UserInputError(
      `${what}: cannot form k=${k} clusters from n=${n} vectors (need n ≥ k); lower k / nlist or add vectors`,
    );
}

function sqDist(x: ArrayLike<number>, i: number, c: ArrayLike<number>, j: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const u = x[i * d + t]! - c[j * d + t]!;
    s += u * u;
  }
  return s;
}

/** k distinct rows chosen uniformly (partial Fisher–Yates over row indices). */
function distinctRows(n: number, m: number, rng: Rng): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, m);
}

export function initCentroids(
  x: Float32Array,
  n: number,
  d: number,
  k: number,
  rng: Rng,
  method: KmeansInit = 'kmeans++',
  maxSample = 4096,
): Float32Array {
  assertKmeansSize('k-means init', n, k);
  const out = new Float32Array(k * d);
  if (method === 'random') {
    distinctRows(n, k, rng).forEach((r, j) => out.set(x.subarray(r * d, (r + 1) * d), j * d));
    return out;
  }
  const rows =
    n <= maxSample
      ? Array.from({ length: n }, (_, i) => i)
      : distinctRows(n, Math.max(maxSample, k), rng).sort((a, b) => a - b);
  const m = rows.length;
  const minD = new Float64Array(m).fill(Infinity);
  let chosen = rows[rng.int(m)]!;
  for (let j = 0; j < k; j++) {
    out.set(x.subarray(chosen * d, (chosen + 1) * d), j * d);
    let total = 0;
    for (let s = 0; s < m; s++) {
      const v = sqDist(x, rows[s]!, out, j, d);
      if (v < minD[s]!) minD[s] = v;
      total += minD[s]!;
    }
    if (j === k - 1) break;
    // D² sampling; when every sample coincides with a centroid (total 0) fall back to uniform.
    let pick = rng.nextFloat() * total;
    let s = 0;
    if (total > 0) {
      for (; s < m - 1; s++) {
        pick -= minD[s]!;
        if (pick < 0) break;
      }
    } else {
      s = rng.int(m);
    }
    chosen = rows[s]!;
  }
  return out;
}

/** Rows (evenly spaced, at most 256) over which balanceLambda averages. */
export function balanceSampleRows(n: number): number[] {
  const step = Math.max(1, Math.floor(n / 256));
  const rows: number[] = [];
  for (let i = 0; i < n && rows.length < 256; i += step) rows.push(i);
  return rows;
}

/**
 * λ of the balanced cost d² + λ·|cluster|: `balance` × (mean squared distance of the sampled rows
 * to their nearest initial centroid) / (n / k), i.e. at balance = 1 an average cluster's worth of
 * members costs as much as the average squared distance. `sample` holds the rows named by
 * balanceSampleRows(n), gathered by the caller [m, d].
 */
export function balanceLambda(
  sample: Float32Array,
  d: number,
  init: Float32Array,
  k: number,
  n: number,
  balance: number,
): number {
  if (!(balance > 0)) return 0;
  const m = sample.length / d;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    let best = Infinity;
    for (let j = 0; j < k; j++) best = Math.min(best, sqDist(sample, i, init, j, d));
    sum += best;
  }
  return (balance * (sum / m)) / (n / k);
}

/** Gathers rows [ids] of x [*, d] into a new array. */
export function gatherRowsCpu(x: ArrayLike<number>, ids: ArrayLike<number>, d: number): Float32Array {
  const out = new Float32Array(ids.length * d);
  for (let i = 0; i < ids.length; i++) for (let t = 0; t < d; t++) out[i * d + t] = x[ids[i]! * d + t]!;
  return out;
}
