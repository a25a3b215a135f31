// Independent f64 CPU reference of next-token sampling, written from the definitions (sorting
// where the GPU bisects):
//   greedy       token = argmax_j z_j, the lowest id among equal maxima; the distribution is
//                one-hot at that token.
//   temperature  w_j = exp((z_j − max z) / T); every id is kept.
//   topP         with the same w, sort ids by descending w and take the shortest prefix whose
//                mass reaches topP·Σw; τ = the w of its last id, and the kept set is
//                K = {j : w_j ≥ τ} (ids tied with the last one are kept as well). topP = 1 keeps all.
//   Then M = Σ_{j∈K} w_j, u = samplingUniform(seed, step, row), and the token is the lowest kept id
//   j with w_j > 0 and u·M < Σ_{i∈K, i≤j} w_i (the last kept id with w > 0 if none: only possible
//   through rounding). The distribution is w_j / M on K, 0 elsewhere.
import { hashFloat, pcgHash } from '../../data/pcg32';

export interface SamplingReferenceSettings {
  mode: 'greedy' | 'temperature' | 'topP';
  temperature: number;
  topP: number;
  seed: number;
  step: number;
}

export interface SamplingReference {
  /** [B] sampled ids. */
  tokens: Int32Array;
  /** [B, V] the distribution each row was sampled from. */
  probs: Float64Array;
  /** [B] the uniform draw of each row (unused by greedy). */
  u: Float64Array;
}

/** The row's uniform in [0, 1), keyed by (seed, step, row) through the shared PCG hash. */
export function samplingUniform(seed: number, step: number, row: number): number {
  return hashFloat(pcgHash((seed ^ pcgHash(step)) >>> 0), row);
}

/** The distribution one row [V] is sampled from (greedy: one-hot at the argmax). */
export function samplingDistribution(z: ArrayLike<number>, s: SamplingReferenceSettings): Float64Array {
  const V = z.length;
  const out = new Float64Array(V);
  let arg = 0;
  for (let j = 1; j < V; j++) if (z[j]! > z[arg]!) arg = j;
  if (s.mode === 'greedy') {
    out[arg] = 1;
    return out;
  }
  const zMax = z[arg]!;
  const w = Float64Array.from({ length: V }, (_, j) => Math.exp((z[j]! - zMax) / s.temperature));
  let tau = 0;
  if (s.mode === 'topP' && s.topP < 1) {
    const total = w.reduce((a, b) => a + b, 0);
    const order = [...w.keys()].sort((a, b) => w[b]! - w[a]!);
    let cum = 0;
    for (const j of order) {
      cum += w[j]!;
      if (cum >= s.topP * total) {
        tau = w[j]!;
        break;
      }
    }
  }
  let kept = 0;
  for (let j = 0; j < V; j++) if (w[j]! >= tau) kept += w[j]!;
  for (let j = 0; j < V; j++) out[j] = w[j]! >= tau ? w[j]! / kept : 0;
  return out;
}

/** Tokens [B] and distributions [B, V] for logits [B, V]. */
export function samplingReference(
  logits: ArrayLike<number>,
  B: number,
  V: number,
  s: SamplingReferenceSettings,
): SamplingReference {
  const tokens = new Int32Array(B);
  const probs = new Float64Array(B * V);
  const u = new Float64Array(B);
  for (let r = 0; r < B; r++) {
    const q = samplingDistribution(Array.prototype.slice.call(logits, r * V, (r + 1) * V) as number[], s);
    probs.set(q, r * V);
    u[r] = samplingUniform(s.seed, s.step, r);
    if (s.mode === 'greedy') {
      tokens[r] = q.indexOf(1);
      continue;
    }
    // Inverse CDF in index order over q = w / M: u·M < Σ w  ⇔  u < Σ q.
    let cum = 0;
    let token = -1;
    let last = -1;
    for (let j = 0; j < V; j++) {
      if (q[j]! <= 0) continue;
      cum += q[j]!;
      last = j;
      if (u[r]! < cum) {
        token = j;
        break;
      }
    }
    tokens[r] = token >= 0 ? token : last;
  }
  return { tokens, probs, u };
}
