// The acceptance rule of speculative decoding (Leviathan et al. 2023; Chen et al. 2023), in f64 on
// the CPU. Given the target's distributions p_0..p_γ at the γ + 1 verified positions, the draft's
// q_1..q_γ and its tokens d_1..d_γ: accept d_j with probability min(1, p_{j-1}(d_j) / q_j(d_j));
// at the first rejection emit a token from norm(max(0, p_{j-1} − q_j)) and stop; if all γ are
// accepted emit a bonus token from p_γ. The emitted tokens are then distributed exactly as the
// target's own samples. Greedy decoding is the same rule on one-hot distributions (accept while
// the draft's token is the target's argmax, then emit the target's argmax).
import { UserInputError } from '../../core';

export type DecodingMode = 'greedy' | 'temperature' | 'topP';

export interface DecodingSettings {
  mode: DecodingMode;
  /** Softmax temperature for 'temperature' and 'topP' (default 1). */
  temperature?: number;
  /** Nucleus mass for 'topP' (default 1). */
  topP?: number;
}

/**
 * The distribution a sampler draws from, for one row of logits: one-hot on the argmax (lowest id
 * on ties) for greedy; softmax(logits / T) otherwise; for top-p, the smallest set of ids by
 * descending probability whose mass reaches topP (ids tied at the threshold all kept), renormalised
 * — the same definition as the GPU sampling kernel.
 */
export function decodingDistribution(
  logits: ArrayLike<number>,
  offset: number,
  V: number,
  s: DecodingSettings,
): Float64Array {
  const out = new Float64Array(V);
  let max = -Infinity;
  let arg = 0;
  for (let i = 0; i < V; i++) {
    const x = logits[offset + i]!;
    if (x > max) {
      max = x;
      arg = i;
    }
  }
  if (s.mode === 'greedy') {
    out[arg] = 1;
    return out;
  }
  const temperature = s.temperature ?? 1;
  if (!(temperature > 0)) throw new UserInputError(`temperature must be > 0, got ${temperature}`);
  let sum = 0;
  for (let i = 0; i < V; i++) {
    out[i] = Math.exp((logits[offset + i]! - max) / temperature);
    sum += out[i]!;
  }
  for (let i = 0; i < V; i++) out[i]! /= sum;
  const topP = s.mode === 'topP' ? (s.topP ?? 1) : 1;
  if (!(topP > 0 && topP <= 1)) throw new UserInputError(`topP must be in (0, 1], got ${topP}`);
  if (topP < 1) {
    const sorted = Array.from(out).sort((a, b) => b - a);
    let mass = 0;
    let threshold = sorted[0]!;
    for (const w of sorted) {
      mass += w;
      threshold = w;
      if (mass >= topP) break;
    }
    let kept = 0;
    for (let i = 0; i < V; i++) {
      if (out[i]! < threshold) out[i] = 0;
      kept += out[i]!;
    }
    for (let i = 0; i < V; i++) out[i]! /= kept;
  }
  return out;
}

/** Inverse CDF in id order: the lowest id whose running mass exceeds u · (total mass). */
export function sampleIndex(dist: ArrayLike<number>, u: number): number {
  let total = 0;
  for (let i = 0; i < dist.length; i++) total += dist[i]!;
  const target = u * total;
  let run = 0;
  let last = -1;
  for (let i = 0; i < dist.length; i++) {
    if (dist[i]! <= 0) continue;
    run += dist[i]!;
    last = i;
    if (run > target) return i;
  }
  if (last < 0) throw new Error('sampleIndex: empty distribution');
  return last; // u·total at the very top (rounding): the last id with mass
}

export interface AcceptanceResult {
  /** Draft tokens accepted (0..γ). */
  accepted: number;
  /** The token emitted after them: the correction (on a rejection) or the bonus (all accepted). */
  next: number;
}

/**
 * Runs the rule for one sequence. `p` has γ + 1 rows, `q` and `drafted` γ; `uniform(j)` gives the
 * j-th uniform draw in [0, 1) of this iteration (acceptance tests use j = 0..γ−1, the final draw
 * uses j = γ), so results are reproducible from a seed.
 */
export function acceptDraft(
  p: Float64Array[],
  q: Float64Array[],
  drafted: ArrayLike<number>,
  uniform: (j: number) => number,
): AcceptanceResult {
  const gamma = drafted.length;
  if (p.length !== gamma + 1 || q.length !== gamma) {
    throw new Error(`acceptDraft: ${p.length} target rows and ${q.length} draft rows for γ = ${gamma}`);
  }
  for (let j = 0; j < gamma; j++) {
    const d = drafted[j]!;
    const pd = p[j]![d]!;
    const qd = q[j]![d]!;
    // q(d) > 0 always holds for a token the draft sampled; guard anyway (accept iff p(d) > 0).
    const ratio = qd > 0 ? pd / qd : pd > 0 ? 1 : 0;
    if (uniform(j) < Math.min(1, ratio)) continue;
    const residual = p[j]!.map((pv, i) => Math.max(0, pv - q[j]![i]!));
    // p = q exactly would leave no residual mass; the rejection then had probability 0.
    const next = residual.some((x) => x > 0)
      ? sampleIndex(residual, uniform(gamma))
      : sampleIndex(p[j]!, uniform(gamma));
    return { accepted: j, next };
  }
  return { accepted: gamma, next: sampleIndex(p[gamma]!, uniform(gamma)) };
}
