// The same constrained Bayesian optimiser tuning knobs this GPU really has, measured: the batch
// size, the main GEMMs' kernel path ('auto': the decode GEMV for ≤ 4 rows, the register-blocked
// GEMM for larger f32 calls, the tiled GEMM for the rest; or 'tiled' always) and the weight storage (f32, or f16 halving the bytes a decode step
// streams) of the LLM engine's tiny Llama serving generation requests. Objective: time per query
// (wall time of a batch / its size), constraint: the batch's latency under an SLO, both measured.
// The whole grid is measured once, and BO and random search replay over that measured table for
// many seeds (so they compare on identical numbers); then one live BO run measures only what it asks for.
import type { Gpu } from '../../gpu/gpu';
import type { Rng } from '../../data/pcg32';
import { initLlamaTensors, LlamaInference, type WeightFormat } from '../../kernels/llm';
import { throwIfAborted } from '../runner';
import { UserInputError, type RunContext } from '../types';
import {
  constrainedBo,
  constrainedBoAsync,
  incumbents,
  randomSearch,
  type Measurement,
  type SearchSpace,
  type SearchTrace,
} from './bo';
import { REAL_MODEL } from './kernelRun';
import { TARGET_GAP } from './problem';

/** Prompt tokens per request of the knob tuning. */
export const KNOB_PROMPT = 8;
export const KNOB_PATHS = ['auto', 'tiled'] as const;
export const KNOB_WEIGHTS: readonly WeightFormat[] = ['f32', 'f16'];
export type KnobPath = (typeof KNOB_PATHS)[number];

export interface KnobConfig {
  batch: number;
  path: KnobPath;
  weights: WeightFormat;
}

export interface KnobSettings {
  /** Batch sizes 1, 2, 4, … up to this. */
  maxBatch: number;
  /** Prompt tokens and generated tokens per request. */
  prompt: number;
  newTokens: number;
  /** Timed repetitions per measurement (the median is kept). */
  reps: number;
  /** SLO = this × the measured latency of the reference (batch 1, 'auto', f32). */
  sloFactor: number;
  seeds: number;
}

export interface KnobMeasurement {
  /** Wall seconds of one batch (prefill + decode + the read-back of the tokens). */
  latencyS: number;
  /** latencyS / batch. */
  perQueryS: number;
}

export interface KnobStudy {
  configs: KnobConfig[];
  /** The grid, measured once. */
  grid: KnobMeasurement[];
  referenceS: number;
  sloS: number;
  /** Index of the fastest configuration per query that meets the SLO in the measured grid. */
  optimum: number;
  seeds: { bo: SearchTrace; random: SearchTrace; boHit: number; randomHit: number }[];
  /** A BO run that measured only what it sampled (fresh measurements, not the table). */
  live: { trace: SearchTrace; chosen: number; hit: number };
}

export function knobBatches(maxBatch: number): number[] {
  if (!Number.isInteger(maxBatch) || maxBatch < 1)
    throw new UserInputError(`the largest batch must be ≥ 1, got ${maxBatch}`);
  const out: number[] = [];
  for (let b = 1; b <= maxBatch; b *= 2) out.push(b);
  if (out[out.length - 1] !== maxBatch) out.push(maxBatch);
  return out;
}

export function knobGrid(maxBatch: number): KnobConfig[] {
  return knobBatches(maxBatch).flatMap((batch) =>
    KNOB_PATHS.flatMap((path) => KNOB_WEIGHTS.map((weights) => ({ batch, path, weights }))),
  );
}

/** Batch as log2 scaled to [0, 1]; the two switches as 0 / 1. */
export function knobSpace(configs: KnobConfig[]): SearchSpace {
  const top = Math.log2(Math.max(...configs.map((c) => c.batch))) || 1;
  const coords = new Float64Array(configs.length * 3);
  configs.forEach((c, i) => {
    coords[i * 3] = Math.log2(c.batch) / top;
    coords[i * 3 + 1] = c.path === 'tiled' ? 1 : 0;
    coords[i * 3 + 2] = c.weights === 'f16' ? 1 : 0;
  });
  return { size: configs.length, dims: 3, coords };
}

/** The feasible configuration of least time per query in a measured table (−1 if none). */
export function tableOptimum(grid: KnobMeasurement[], sloS: number): number {
  let best = -1;
  grid.forEach((m, i) => {
    if (m.latencyS <= sloS && (best < 0 || m.perQueryS < grid[best]!.perQueryS)) best = i;
  });
  return best;
}

/** Samples until the reported configuration is within 5 % of the table optimum and meets the SLO there (−1: never). */
export function samplesToTarget(trace: SearchTrace, grid: KnobMeasurement[], sloS: number, optimum: number): number {
  const inc = incumbents(trace, sloS);
  const limit = (1 + TARGET_GAP) * grid[optimum]!.perQueryS;
  const k = inc.findIndex((i) => i >= 0 && grid[i]!.latencyS <= sloS && grid[i]!.perQueryS <= limit);
  return k < 0 ? -1 : k + 1;
}

const asMeasurement = (m: KnobMeasurement): Measurement => ({ energy: m.perQueryS, latency: m.latencyS });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const nextFrame = () => new Promise((r) => setTimeout(r, 0));

export async function runKnobStudy(gpu: Gpu, s: KnobSettings, ctx: RunContext, rng: Rng): Promise<KnobStudy> {
  if (!(s.sloFactor > 0)) throw new UserInputError(`the SLO factor must be positive, got ${s.sloFactor}`);
  if (!Number.isInteger(s.reps) || s.reps < 1) throw new UserInputError(`repetitions must be ≥ 1, got ${s.reps}`);
  const configs = knobGrid(s.maxBatch);
  const maxBatch = Math.max(...configs.map((c) => c.batch));
  const tensors = initLlamaTensors(REAL_MODEL, ctx.seed);
  const maxSeq = s.prompt + s.newTokens;
  if (maxSeq > REAL_MODEL.maxPositionEmbeddings)
    throw new UserInputError(
      `prompt + new tokens (${maxSeq}) exceed the model's ${REAL_MODEL.maxPositionEmbeddings} positions`,
    );
  // One engine per (kernel path, weight format), each holding the largest batch.
  const engines = new Map<string, LlamaInference>();
  const engineFor = (c: KnobConfig) => {
    const key = `${c.path}/${c.weights}`;
    let e = engines.get(key);
    if (!e) {
      e = LlamaInference.fromTensors(gpu, REAL_MODEL, tensors, {
        batch: maxBatch,
        maxSeq,
        linearPath: c.path,
        weights: c.weights,
      });
      engines.set(key, e);
    }
    return e;
  };
  const prompts = (b: number) =>
    Array.from({ length: b }, () => Int32Array.from({ length: s.prompt }, () => rng.int(REAL_MODEL.vocabSize)));
  const warmed = new Set<number>();
  const measure = async (i: number): Promise<KnobMeasurement> => {
    throwIfAborted(ctx.signal);
    const c = configs[i]!;
    const e = engineFor(c);
    const run = () => e.generate(prompts(c.batch), s.newTokens, { mode: 'greedy' });
    // The first run of a configuration compiles its pipelines: never timed.
    if (!warmed.has(i)) {
      await run();
      warmed.add(i);
    }
    const times: number[] = [];
    for (let r = 0; r < s.reps; r++) {
      throwIfAborted(ctx.signal);
      const t = performance.now();
      await run();
      times.push((performance.now() - t) / 1000);
    }
    const latencyS = median(times);
    return { latencyS, perQueryS: latencyS / c.batch };
  };
  try {
    const ref = configs.findIndex((c) => c.batch === 1 && c.path === 'auto' && c.weights === 'f32');
    ctx.progress(0.02, 'measuring the reference configuration (batch 1, f32)');
    const referenceS = (await measure(ref)).latencyS;
    const sloS = s.sloFactor * referenceS;
    const grid: KnobMeasurement[] = [];
    for (let i = 0; i < configs.length; i++) {
      throwIfAborted(ctx.signal);
      const c = configs[i]!;
      ctx.progress(
        0.05 + (0.6 * i) / configs.length,
        `measuring the grid on this GPU: batch ${c.batch}, ${c.path} kernels, ${c.weights} weights (${i + 1} of ${configs.length})`,
      );
      grid.push(await measure(i));
    }
    const optimum = tableOptimum(grid, sloS);
    if (optimum < 0) throw new UserInputError(`no configuration met an SLO of ${(1000 * sloS).toFixed(1)} ms`);
    const space = knobSpace(configs);
    const fromTable = (i: number) => asMeasurement(grid[i]!);
    const seeds: KnobStudy['seeds'] = [];
    for (let k = 0; k < s.seeds; k++) {
      throwIfAborted(ctx.signal);
      if (k % 5 === 0) {
        ctx.progress(
          0.65 + (0.2 * k) / s.seeds,
          `BO and random search over the measured grid: seed ${k + 1} of ${s.seeds}`,
        );
        await nextFrame(); // let progress and Cancel through between seeds
      }
      const seedRng = rng.fork(1000 + k);
      const bo = constrainedBo(space, fromTable, seedRng.fork(1), { slo: sloS, budget: configs.length });
      const random = randomSearch(space, fromTable, configs.length, seedRng.fork(2), sloS);
      seeds.push({
        bo,
        random,
        boHit: samplesToTarget(bo, grid, sloS, optimum),
        randomHit: samplesToTarget(random, grid, sloS, optimum),
      });
    }
    // Live: fresh measurements of only what BO asks for, until it reports a configuration within
    // 5 % of the grid optimum (judged on the grid's numbers) or has sampled every configuration.
    let sampled = 0;
    const trace = await constrainedBoAsync(
      space,
      async (i) => {
        throwIfAborted(ctx.signal);
        ctx.progress(
          0.85 + (0.14 * sampled++) / configs.length,
          `live Bayesian optimisation on this GPU: sample ${sampled}`,
        );
        return asMeasurement(await measure(i));
      },
      rng.fork(999),
      {
        slo: sloS,
        budget: configs.length,
        onStep: (t) => samplesToTarget(t, grid, sloS, optimum) < 0,
      },
    );
    const inc = incumbents(trace, sloS);
    return {
      configs,
      grid,
      referenceS,
      sloS,
      optimum,
      seeds,
      live: { trace, chosen: inc[inc.length - 1]!, hit: samplesToTarget(trace, grid, sloS, optimum) },
    };
  } finally {
    for (const e of engines.values()) e.destroy();
  }
}
