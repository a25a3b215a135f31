// The paper-scale model of speculative decoding. Decode time of a model is a sum over its layers
// of the larger of (weight + KV bytes) / memory bandwidth and FLOPs / tensor peak, plus a fixed
// cost per layer (kernel launches, synchronisation) and, under tensor parallelism, two ring
// all-reduces per layer; then the LM head and a fixed cost per call. Expected tokens per
// iteration with per-position acceptance α_1..α_γ: 1 + Σ_k Π_{i≤k} α_i (= (1 − α^{γ+1}) / (1 − α)
// for i.i.d. α, Leviathan et al. 2023); throughput = tokens / (γ·T_draft + T_verify(γ + 1)).
import type { GpuModel } from '../../sim/hardware';
import type { Link } from '../../sim/links';
import { transferMs } from '../../sim/links';
import { createRng } from '../../data/pcg32';
import { layerParams, type DecoderShape } from './models';

export interface LatencySetup {
  gpu: GpuModel;
  /** Memory bandwidth reached by decode, as a fraction of the datasheet peak. */
  bandwidthFraction: number;
  /** Fixed cost of each layer in each forward pass (µs): launches and synchronisation. */
  fixedPerLayerUs: number;
  /** Fixed cost of each forward pass (µs): sampling, host work. */
  fixedPerCallUs: number;
  /** Tokens already in the KV cache (prompt + generated so far). */
  context: number;
  /** Link between the target's tensor-parallel GPUs. */
  link: Link;
}

export interface ForwardCost {
  totalMs: number;
  /** Parts of totalMs. */
  memoryMs: number;
  computeMs: number;
  fixedMs: number;
  allReduceMs: number;
}

/** One forward pass of `tokens` new tokens for each of `batch` sequences on `tp` GPUs (fp16). */
export function forwardCost(m: DecoderShape, batch: number, tokens: number, tp: number, s: LatencySetup): ForwardCost {
  const bw = s.gpu.memBandwidthGBs * 1e6 * s.bandwidthFraction; // bytes per ms
  const peak = s.gpu.fp16TensorTflops * 1e9; // FLOP per ms
  const lp = layerParams(m);
  const kvBytes = 2 * 2 * s.context * m.dModel * m.kvFraction * batch; // K and V, fp16
  const layerBytes = (2 * lp + kvBytes) / tp;
  const layerFlops = (2 * lp * batch * tokens + 4 * batch * tokens * s.context * m.dModel) / tp;
  let memoryMs = 0;
  let computeMs = 0;
  const perLayer = Math.max(layerBytes / bw, layerFlops / peak);
  if (layerBytes / bw >= layerFlops / peak) memoryMs += m.layers * perLayer;
  else computeMs += m.layers * perLayer;
  // Two all-reduces of the activations per layer (after attention and after the MLP), ring.
  const arBytes = batch * tokens * m.dModel * 2;
  const ring = tp > 1 ? 2 * (tp - 1) * transferMs(s.link, arBytes / tp) : 0;
  const allReduceMs = m.layers * 2 * ring;
  const headBytes = (2 * m.vocab * m.dModel) / tp;
  memoryMs += headBytes / bw;
  const fixedMs = (m.layers * s.fixedPerLayerUs + s.fixedPerCallUs) / 1000;
  return { totalMs: memoryMs + computeMs + fixedMs + allReduceMs, memoryMs, computeMs, fixedMs, allReduceMs };
}

/** Acceptance probability at each of the γ draft positions. */
export function acceptanceProfile(alpha: number, gamma: number, decayPerPosition = 1): number[] {
  return Array.from({ length: gamma }, (_, i) => Math.min(1, Math.max(0, alpha * decayPerPosition ** i)));
}

/**
 * The i.i.d. acceptance α whose expected tokens per iteration (1 − α^{γ+1})/(1 − α) equal `tokens`
 * — the inverse of the closed form, by bisection (it increases from 1 at α = 0 to γ + 1 at α = 1).
 * Used to carry tokens per iteration measured on the real loop into the paper-scale model.
 */
export function alphaFromTokens(tokens: number, gamma: number): number {
  if (!(tokens > 1)) return 0;
  if (tokens >= gamma + 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (expectedTokens(acceptanceProfile(mid, gamma)) < tokens) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Expected tokens emitted per iteration: accepted drafts plus the correction or bonus token. */
export function expectedTokens(profile: number[]): number {
  let run = 1;
  let sum = 1;
  for (const a of profile) {
    run *= a;
    sum += run;
  }
  return sum;
}

/** Monte-Carlo mean of tokens per iteration under `profile` (a check on expectedTokens). */
export function simulateTokens(profile: number[], iterations: number, seed: number): number {
  const rng = createRng(seed);
  let total = 0;
  for (let it = 0; it < iterations; it++) {
    let k = 0;
    while (k < profile.length && rng.nextFloat() < profile[k]!) k++;
    total += k + 1;
  }
  return total / iterations;
}

export interface SpecPoint {
  draft: DecoderShape;
  alpha: number;
  tokensPerIteration: number;
  draftMs: number;
  verifyMs: number;
  /** Tokens per second over the batch. */
  throughput: number;
  /** Over the target decoding alone. */
  speedup: number;
}

export interface SpecSetup {
  target: DecoderShape;
  tp: number;
  gamma: number;
  batch: number;
  latency: LatencySetup;
  /** Position decay of acceptance (1 = i.i.d.). */
  decay: number;
}

/** Throughput of one draft with acceptance α at this setup. */
export function specPoint(draft: DecoderShape, alpha: number, s: SpecSetup): SpecPoint {
  const profile = acceptanceProfile(alpha, s.gamma, s.decay);
  const tokensPerIteration = expectedTokens(profile);
  const draftMs = forwardCost(draft, s.batch, 1, 1, s.latency).totalMs;
  const verifyMs = forwardCost(s.target, s.batch, s.gamma + 1, s.tp, s.latency).totalMs;
  const iterationMs = s.gamma * draftMs + verifyMs;
  const throughput = (1000 * s.batch * tokensPerIteration) / iterationMs;
  const baseline = (1000 * s.batch) / forwardCost(s.target, s.batch, 1, s.tp, s.latency).totalMs;
  return { draft, alpha, tokensPerIteration, draftMs, verifyMs, throughput, speedup: throughput / baseline };
}

/** Target decoding alone, tokens/s over the batch. */
export function baselineThroughput(s: SpecSetup): number {
  return (1000 * s.batch) / forwardCost(s.target, s.batch, 1, s.tp, s.latency).totalMs;
}
