// Seeded clustered vectors for the IVF case: a Gaussian mixture, so inverted lists have the
// structure IVF relies on (uniform random vectors would make every list equally likely and
// recall a matter of luck). Queries are drawn from the same mixture.
import type { Rng } from '../../../data/pcg32';

export interface MixtureOptions {
  n: number;
  queries: number;
  d: number;
  clusters: number;
  /** Per-coordinate noise around each centre (centres are uniform in [-1, 1]^d). */
  sigma: number;
}

export function gaussianMixture(rng: Rng, o: MixtureOptions): { base: Float32Array; queries: Float32Array } {
  const centres = new Float32Array(o.clusters * o.d);
  for (let i = 0; i < centres.length; i++) centres[i] = rng.uniform(-1, 1);
  const sample = (count: number) => {
    const out = new Float32Array(count * o.d);
    for (let r = 0; r < count; r++) {
      const c = rng.int(o.clusters) * o.d;
      for (let j = 0; j < o.d; j++) out[r * o.d + j] = centres[c + j]! + o.sigma * rng.normal();
    }
    return out;
  };
  return { base: sample(o.n), queries: sample(o.queries) };
}

/** Fraction of the exact top-k ids (per query row) that the approximate result found. */
export function recallAtK(approx: ArrayLike<number>, exact: ArrayLike<number>, k: number): number {
  const rows = exact.length / k;
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    const truth = new Set<number>();
    for (let j = 0; j < k; j++) truth.add(exact[r * k + j]!);
    for (let j = 0; j < k; j++) if (approx[r * k + j] !== -1 && truth.has(approx[r * k + j]!)) hits++;
  }
  return rows > 0 ? hits / (rows * k) : 0;
}
