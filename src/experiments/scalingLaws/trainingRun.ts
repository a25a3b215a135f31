// The paper's method at toy scale on this GPU: a grid of byte-level Llama models (one or more
// sizes N, several depths each with the width that gives about N) trained on the shipped corpus
// with LlamaTrainer. One run per shape: the loss at the smaller token budgets is read at that
// point of the same run (linear warm-up, then a constant learning rate; the paper instead trains
// each budget to its own end with a cooldown). At each budget the mean loss on fixed validation
// windows is measured, and after training the decode step is timed on the trained weights.
import type { Gpu } from '../../gpu/gpu';
import { BYTE_VOCAB_SIZE } from '../../data/byteTokenizer';
import { llamaParameterCounts, type LlamaConfig } from '../../data/llamaConfig';
import type { Rng } from '../../data/pcg32';
import { initLlamaTensors, LlamaGpuWeights, LlamaInference, LlamaTrainer } from '../../kernels/llm';
import { throwIfAborted } from '../runner';

export interface GridSettings {
  /** Smallest target N; size i targets N·4^i. */
  targetParams: number;
  sizes: number;
  shapes: number;
  budgets: number;
  steps: number;
  batch: number;
  seqLen: number;
  learningRate: number;
  evalBatches: number;
  timingReps: number;
}

/** Depths of the aspect-ratio sweep, the first k used. */
export const GRID_DEPTHS = [1, 2, 4, 8, 3, 6] as const;
/** Heads of width 8: d_model a multiple of 8. */
const HEAD_DIM = 8;

export function gridConfig(dModel: number, nLayers: number, seqLen: number): LlamaConfig {
  return {
    vocabSize: BYTE_VOCAB_SIZE,
    hiddenSize: dModel,
    // The paper's SwiGLU width rule ⌈(8d/3)/256⌉·256, rounded to 8 instead of 256 at these sizes.
    intermediateSize: 8 * Math.ceil(dModel / 3),
    numHiddenLayers: nLayers,
    numAttentionHeads: dModel / HEAD_DIM,
    numKeyValueHeads: dModel / HEAD_DIM,
    headDim: HEAD_DIM,
    maxPositionEmbeddings: seqLen,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    tieWordEmbeddings: false,
    ropeScaling: null,
  };
}

export interface GridShape {
  size: number;
  targetParams: number;
  config: LlamaConfig;
  params: number;
}

/** For each size and depth, the width (a multiple of 8) whose N is closest to the target in ratio. */
export function gridShapes(s: Pick<GridSettings, 'targetParams' | 'sizes' | 'shapes' | 'seqLen'>): GridShape[] {
  const out: GridShape[] = [];
  for (let size = 0; size < s.sizes; size++) {
    const target = s.targetParams * 4 ** size;
    for (const l of GRID_DEPTHS.slice(0, s.shapes)) {
      let best: GridShape | undefined;
      for (let d = HEAD_DIM; d <= 4096; d += HEAD_DIM) {
        const config = gridConfig(d, l, s.seqLen);
        const params = llamaParameterCounts(config).total;
        if (!best || Math.abs(Math.log(params / target)) < Math.abs(Math.log(best.params / target)))
          best = { size, targetParams: target, config, params };
      }
      const dup = out.some((o) => o.config.hiddenSize === best!.config.hiddenSize && o.config.numHiddenLayers === l);
      if (!dup) out.push(best!);
    }
  }
  return out;
}

/** Steps at which each budget ends: 3 budgets at 1/8, 1/4, 1 (20N : 40N : 160N); 2 at 1/2, 1. */
export function budgetSteps(steps: number, budgets: number): number[] {
  const fractions = budgets >= 3 ? [1 / 8, 1 / 4, 1] : [1 / 2, 1];
  return [...new Set(fractions.map((f) => Math.max(1, Math.round(steps * f))))];
}

export interface GridPoint {
  shape: GridShape;
  budget: number;
  steps: number;
  tokens: number;
  /** Mean training loss over the last tenth of the steps up to this budget. */
  trainLoss: number;
  valLoss: number;
}

export interface GridRun {
  points: GridPoint[];
  /** Training loss of every step, per shape. */
  curves: { shape: GridShape; losses: number[] }[];
  decodeMs: Map<GridShape, number>;
}

/** [count, S + 1] token windows: random starts from `rng`, or evenly spaced when rng is absent. */
function windows(text: Uint8Array, count: number, S: number, rng?: Rng): Int32Array {
  const out = new Int32Array(count * (S + 1));
  const span = text.length - (S + 1);
  for (let b = 0; b < count; b++) {
    const start = rng ? rng.int(span + 1) : Math.floor((b * span) / Math.max(1, count - 1));
    for (let i = 0; i <= S; i++) out[b * (S + 1) + i] = text[start + i]!;
  }
  return out;
}

export async function trainGrid(
  gpu: Gpu,
  s: GridSettings,
  corpus: { train: Uint8Array; validation: Uint8Array },
  ctx: { rng: Rng; seed: number; signal: AbortSignal },
  progress: (fraction: number, message: string) => void,
): Promise<GridRun> {
  const shapes = gridShapes(s);
  const ends = budgetSteps(s.steps, s.budgets);
  // Validation: evalBatches × batch windows spread evenly over the held-out text, the same for every shape.
  const val = windows(corpus.validation, s.evalBatches * s.batch, s.seqLen);
  const per = s.batch * (s.seqLen + 1);
  const valBatches = Array.from({ length: s.evalBatches }, (_, i) => val.subarray(i * per, (i + 1) * per));
  const warmup = Math.max(1, Math.round(s.steps / 10));
  const run: GridRun = { points: [], curves: [], decodeMs: new Map() };
  for (const [k, shape] of shapes.entries()) {
    const c = shape.config;
    const weights = LlamaGpuWeights.upload(gpu, c, initLlamaTensors(c, ctx.seed));
    try {
      const trainer = await LlamaTrainer.create(gpu, weights, {
        batch: s.batch,
        seqLen: s.seqLen,
        adam: { beta1: 0.9, beta2: 0.95, weightDecay: 0.033 },
      });
      const batches = ctx.rng.fork(1); // every shape sees the same batches
      const losses: number[] = [];
      try {
        for (let step = 1; step <= s.steps; step++) {
          throwIfAborted(ctx.signal);
          progress(
            (k + (step - 1) / s.steps) / shapes.length,
            `training ${c.hiddenSize}×${c.numHiddenLayers}: step ${step}/${s.steps}`,
          );
          const lr = s.learningRate * Math.min(1, step / warmup);
          losses.push((await trainer.step(windows(corpus.train, s.batch, s.seqLen, batches), lr)).loss);
          const budget = ends.indexOf(step);
          if (budget < 0) continue;
          let valSum = 0;
          for (const vb of valBatches) {
            throwIfAborted(ctx.signal);
            valSum += await trainer.evaluate(vb);
          }
          const tail = losses.slice(-Math.max(1, Math.round(step / 10)));
          run.points.push({
            shape,
            budget,
            steps: step,
            tokens: step * s.batch * s.seqLen,
            trainLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
            valLoss: valSum / valBatches.length,
          });
        }
      } finally {
        trainer.destroy();
      }
      run.curves.push({ shape, losses });
      throwIfAborted(ctx.signal);
      const inf = new LlamaInference(gpu, weights, { batch: 1, maxSeq: s.seqLen });
      try {
        run.decodeMs.set(shape, await inf.timeForward(1, s.timingReps));
      } finally {
        inf.destroy();
      }
    } finally {
      weights.destroy();
    }
  }
  return run;
}
