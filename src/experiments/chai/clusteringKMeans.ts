// k-means with seeded (greedy) k-means++ initialisation, the elbow curve (inertia vs k summed over
// samples) and a knee finder: CHAI's offline step that picks the number of clusters per layer.
import type { Rng } from '../../data/pcg32';

export interface KMeansResult {
  labels: Int32Array;
  centroids: Float64Array[];
  /** Sum of squared distances of the points to their centroid. */
  inertia: number;
  iterations: number;
}

function sqDist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! - b[i]!;
    s += x * x;
  }
  return s;
}

/** One index drawn with probability ∝ weights (which sum to `total` > 0). */
function drawWeighted(weights: number[], total: number, rng: Rng): number {
  let r = rng.nextFloat() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0 && weights[i]! > 0) return i;
  }
  return weights.findIndex((x) => x > 0); // rounding left r ≥ 0 at the end of the walk
}

/**
 * Greedy k-means++ (as scikit-learn does): the first centre uniformly; for each next one,
 * 2 + ⌊ln k⌋ candidates drawn with probability ∝ squared distance to the nearest centre, keeping
 * the candidate that lowers the total most. Plain k-means++ (one candidate) falls into poor
 * local minima too easily on small, symmetric sets.
 */
function seedCentroids(points: ArrayLike<number>[], k: number, rng: Rng): Float64Array[] {
  const n = points.length;
  const chosen: number[] = [rng.int(n)];
  let nearest = points.map((p) => sqDist(p, points[chosen[0]!]!));
  const candidates = 2 + Math.floor(Math.log(k));
  while (chosen.length < k) {
    const total = nearest.reduce((a, b) => a + b, 0);
    if (total === 0) {
      chosen.push(points.findIndex((_, i) => !chosen.includes(i))); // only duplicates left
      continue;
    }
    let best: { index: number; nearest: number[]; total: number } | null = null;
    for (let c = 0; c < candidates; c++) {
      const index = drawWeighted(nearest, total, rng);
      const next = nearest.map((x, i) => Math.min(x, sqDist(points[i]!, points[index]!)));
      const nextTotal = next.reduce((a, b) => a + b, 0);
      if (!best || nextTotal < best.total) best = { index, nearest: next, total: nextTotal };
    }
    chosen.push(best!.index);
    nearest = best!.nearest;
  }
  return chosen.map((i) => Float64Array.from(points[i]!));
}

/** Lloyd's iterations from a k-means++ start; an emptied cluster takes the worst-fitted point. */
export function kMeans(points: ArrayLike<number>[], k: number, rng: Rng, maxIterations = 100): KMeansResult {
  const n = points.length;
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw new RangeError(`k-means: k=${k} must be an integer in [1, ${n}] (the number of points)`);
  const dim = points[0]!.length;
  const centroids = seedCentroids(points, k, rng);
  const labels = new Int32Array(n).fill(-1);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const dd = sqDist(points[i]!, centroids[c]!);
        if (dd < bestD) {
          bestD = dd;
          best = c;
        }
      }
      if (labels[i] !== best) {
        labels[i] = best;
        changed = true;
      }
    }
    if (!changed) break;
    const sums = Array.from({ length: k }, () => new Float64Array(dim));
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      counts[labels[i]!]!++;
      for (let j = 0; j < dim; j++) sums[labels[i]!]![j]! += points[i]![j]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c]! > 0) {
        for (let j = 0; j < dim; j++) centroids[c]![j] = sums[c]![j]! / counts[c]!;
        continue;
      }
      let worst = 0;
      for (let i = 1; i < n; i++) {
        if (sqDist(points[i]!, centroids[labels[i]!]!) > sqDist(points[worst]!, centroids[labels[worst]!]!)) worst = i;
      }
      centroids[c] = Float64Array.from(points[worst]!);
      labels[worst] = c;
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += sqDist(points[i]!, centroids[labels[i]!]!);
  return { labels, centroids, inertia, iterations };
}

/**
 * The elbow curve: for each k, k-means inertia summed over samples (each sample is one prompt's
 * points, e.g. one 25-d score vector per head). Every (sample, k) gets its own forked stream so
 * the curve does not depend on which ks are asked for.
 */
export function elbowCurve(samples: ArrayLike<number>[][], ks: number[], rng: Rng): number[] {
  return ks.map((k) => samples.reduce((sum, points, s) => sum + kMeans(points, k, rng.fork(1000 * s + k)).inertia, 0));
}

/**
 * The knee of a decreasing curve: the point farthest below the chord from its first to its last
 * point, with both axes scaled to [0, 1] (the "kneedle" idea). Ties go to the smallest x; a flat
 * curve returns the first x.
 */
export function kneeOf(xs: number[], ys: number[]): number {
  if (xs.length !== ys.length || xs.length === 0)
    throw new RangeError('knee: need the same, non-zero number of x and y values');
  const x0 = xs[0]!;
  const x1 = xs[xs.length - 1]!;
  const yMax = Math.max(...ys);
  const yMin = Math.min(...ys);
  if (!(yMax > yMin) || x1 === x0) return x0;
  const nx = (x: number) => (x - x0) / (x1 - x0);
  const ny = (y: number) => (y - yMin) / (yMax - yMin);
  const y0 = ny(ys[0]!);
  const yEnd = ny(ys[ys.length - 1]!);
  let best = x0;
  let bestGap = 0;
  for (let i = 0; i < xs.length; i++) {
    const chord = y0 + (yEnd - y0) * nx(xs[i]!);
    const gap = chord - ny(ys[i]!);
    if (gap > bestGap + 1e-12) {
      bestGap = gap;
      best = xs[i]!;
    }
  }
  return best;
}
