// A drifting Gaussian mixture, the synthetic source of the Ada-IVF workloads (paper §5.1.2 uses
// Gaussian-mixture workloads with cluster sampling; the drift model here is ours [assump]):
// C components in d dimensions with means μ_c ~ N(0, separation² I) and isotropic spread σ.
// Each component also has a random unit direction u_c; at stream time τ ∈ [0, 1] its mean is
// μ_c + τ · drift · separation · u_c, so late inserts land away from where early partitions were
// trained. drift = 0 gives a stationary mixture.
import type { Rng } from './pcg32';

export interface MixtureSpec {
  components: number;
  dim: number;
  /** Standard deviation of the component means (per dimension). */
  separation: number;
  /** Within-component standard deviation (per dimension). */
  sigma: number;
  /** Mean displacement over the whole stream, in units of `separation`. */
  drift: number;
}

export interface DriftingMixture {
  spec: MixtureSpec;
  /** Writes one sample of component c at time tau into out[offset .. offset + d). */
  sample(c: number, tau: number, rng: Rng, out: Float32Array, offset: number): void;
  /** Mean of component c at time tau. */
  meanAt(c: number, tau: number): Float64Array;
}

export function createDriftingMixture(spec: MixtureSpec, rng: Rng): DriftingMixture {
  const { components: C, dim: d } = spec;
  const means = new Float64Array(C * d);
  const dirs = new Float64Array(C * d);
  for (let c = 0; c < C; c++) {
    let norm = 0;
    for (let t = 0; t < d; t++) {
      means[c * d + t] = spec.separation * rng.normal();
      const u = rng.normal();
      dirs[c * d + t] = u;
      norm += u * u;
    }
    norm = Math.sqrt(norm) || 1;
    for (let t = 0; t < d; t++) dirs[c * d + t]! /= norm;
  }
  // Displacement per unit τ: drift·separation along u_c, scaled by √d so that the shift is
  // comparable to the spread of the means (whose norm grows like separation·√d).
  const shift = spec.drift * spec.separation * Math.sqrt(d);
  const meanAt = (c: number, tau: number): Float64Array => {
    const m = new Float64Array(d);
    for (let t = 0; t < d; t++) m[t] = means[c * d + t]! + tau * shift * dirs[c * d + t]!;
    return m;
  };
  return {
    spec,
    meanAt,
    sample(c, tau, r, out, offset) {
      for (let t = 0; t < d; t++)
        out[offset + t] = means[c * d + t]! + tau * shift * dirs[c * d + t]! + spec.sigma * r.normal();
    },
  };
}
