// The measured half of the scaling-laws experiment: decode latency of a same-size family on this
// GPU (with the copy bandwidth it is compared against) and the training grid whose losses both
// laws are fitted to. On CPU emulation (SwiftShader) every size is cut down first, and a notice
// lists what was cut: the run then checks the method end to end, not GPU performance.
import type { Gpu } from '../../gpu/gpu';
import { BYTE_VOCAB_SIZE } from '../../data/byteTokenizer';
import { loadTextCorpus, splitCorpus } from '../../data/textCorpus';
import { measureCopy } from '../../kernels/probe';
import { mergeResults } from '../mergeResults';
import { throwIfAborted } from '../runner';
import type { ParamValues, RunContext, RunResult } from '../types';
import { UserInputError } from '../types';
import { findLatencyFamily, pickShapes, scaleShape } from './families';
import { fitGrid } from './gridFit';
import { measureFamily, type LatencySettings } from './latencyRun';
import { latencyRunResult } from './latencyRunView';
import { VOCAB_SIZE } from './paperData';
import { trainGrid, type GridSettings } from './trainingRun';
import { trainingRunResult } from './trainingRunView';

/** Caps on CPU emulation: SwiftShader runs these kernels at well under a GFLOP/s. */
export const EMULATION_CAPS = {
  widthScale: 1 / 64,
  vocab: BYTE_VOCAB_SIZE,
  latencyShapes: 3,
  decodeContext: 8,
  decodeSteps: 2,
  reps: 2,
  trainParams: 20_000,
  trainSizes: 1,
  trainShapes: 3,
  trainSteps: 24,
  trainBatch: 2,
  trainSeqLen: 16,
  evalBatches: 1,
} as const;

export interface RunPlan {
  latency?: LatencySettings;
  grid?: GridSettings;
  notices: string[];
}

/** What the run will do, after the emulation caps; pure (tested without a GPU). */
export function planRun(p: ParamValues, emulated: boolean): RunPlan {
  const cut: string[] = [];
  const cap = (what: string, value: number, max: number, show = String(max)) => {
    if (!emulated || value <= max) return value;
    cut.push(`${what} ${show}`);
    return max;
  };
  const n = (k: string) => p[k] as number;
  const plan: RunPlan = { notices: [] };
  if (p.runParts !== 'training') {
    const family = findLatencyFamily(String(p.latencyFamily));
    if (!family) throw new UserInputError(`Unknown model family "${String(p.latencyFamily)}"`);
    const reps = cap('timing repetitions', n('latencyReps'), EMULATION_CAPS.reps);
    plan.latency = {
      family,
      shapes: pickShapes(family, cap('shapes', n('latencyShapes'), EMULATION_CAPS.latencyShapes)),
      widthScale: cap('width scale', n('widthScale'), EMULATION_CAPS.widthScale, '1/64'),
      vocab: emulated ? EMULATION_CAPS.vocab : VOCAB_SIZE,
      context: cap('prompt', n('decodeContext'), EMULATION_CAPS.decodeContext),
      steps: cap('end-to-end steps', n('decodeSteps'), EMULATION_CAPS.decodeSteps),
      reps,
      weights: p.latencyWeights === 'f16' ? 'f16' : 'f32',
    };
    if (emulated) cut.push(`vocabulary ${EMULATION_CAPS.vocab} (paper: ${VOCAB_SIZE})`);
  }
  if (p.runParts !== 'latency') {
    plan.grid = {
      targetParams: cap('grid N', n('trainParamsK') * 1e3, EMULATION_CAPS.trainParams, '20K'),
      sizes: cap('sizes', n('trainSizes'), EMULATION_CAPS.trainSizes),
      shapes: cap('aspect ratios', n('trainShapes'), EMULATION_CAPS.trainShapes),
      budgets: n('trainBudgets'),
      steps: cap('training steps', n('trainSteps'), EMULATION_CAPS.trainSteps),
      batch: cap('batch', n('trainBatch'), EMULATION_CAPS.trainBatch),
      seqLen: cap('sequence length', n('trainSeqLen'), EMULATION_CAPS.trainSeqLen),
      learningRate: n('learningRate'),
      evalBatches: cap('validation batches', n('evalBatches'), EMULATION_CAPS.evalBatches),
      timingReps: emulated ? EMULATION_CAPS.reps : n('latencyReps'),
    };
  }
  if (emulated)
    plan.notices.push(
      'CPU emulation (SwiftShader): every time here is CPU emulation, not GPU performance, and the run was cut to stay quick' +
        (cut.length ? ` (${cut.join(', ')})` : '') +
        '. It checks the method end to end; the latency and law results need a GPU.',
    );
  return plan;
}

/** Bytes of the largest single weight (the LM head or embedding [V, d], or an FFN matrix) at a width scale. */
function largestTensorBytes(s: LatencySettings, widthScale: number): number {
  let most = 0;
  for (const [d, l] of s.shapes) {
    const c = scaleShape(s.family, d, l, widthScale, s.vocab).config;
    most = Math.max(most, (s.weights === 'f16' ? 2 : 4) * Math.max(c.vocabSize, c.intermediateSize) * c.hiddenSize);
  }
  return most;
}

/**
 * The width scale to run at: the one asked for, or, where one weight would exceed what this device
 * binds in a buffer, the largest scale (in steps of 5%) at which every weight fits, with a notice.
 */
export function fitWidthScale(gpu: Pick<Gpu, 'info'>, s: LatencySettings, notices: string[]): number {
  const limit = Math.min(
    gpu.info.limits.maxStorageBufferBindingSize ?? Infinity,
    gpu.info.limits.maxBufferSize ?? Infinity,
  );
  const asked = largestTensorBytes(s, s.widthScale);
  if (asked <= limit) return s.widthScale;
  let scale = s.widthScale;
  while (scale > 1e-3 && largestTensorBytes(s, scale) > limit) scale *= 0.95;
  if (largestTensorBytes(s, scale) > limit)
    throw new UserInputError(
      `The ${s.family.label} family does not fit this device's ${limit} B buffer limit at any width`,
    );
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  notices.push(
    `At width scale ${s.widthScale} the ${s.family.label} family needs a ${mib(asked)} weight buffer; this device binds at most ` +
      `${mib(limit)}, so its shapes were built at width scale ${scale.toPrecision(3)}.`,
  );
  return scale;
}

export async function runOnDevice(gpu: Gpu, p: ParamValues, ctx: RunContext): Promise<RunResult> {
  const emulated = gpu.info.isFallbackAdapter;
  const plan = planRun(p, emulated);
  const parts: Partial<RunResult>[] = [{ notices: plan.notices }];
  const split = plan.latency && plan.grid ? 0.4 : plan.latency ? 1 : 0;
  if (plan.latency) {
    plan.latency.widthScale = fitWidthScale(gpu, plan.latency, plan.notices);
    ctx.progress(0.01, 'copy bandwidth');
    const copy = await measureCopy(gpu, {
      targetMs: emulated ? 2 : 5,
      reps: 3,
      maxBytes: 256 * 2 ** 20,
      signal: ctx.signal,
    });
    throwIfAborted(ctx.signal);
    const rows = await measureFamily(gpu, plan.latency, ctx.rng.fork(2), ctx.signal, (f, m) =>
      ctx.progress(0.02 + (split - 0.02) * f, m),
    );
    const setup = { context: plan.latency.context, weights: plan.latency.weights ?? 'f32' };
    parts.push(latencyRunResult(plan.latency.family, rows, copy.rate, emulated, setup), { checks: [copy.check] });
  }
  if (plan.grid) {
    ctx.progress(split, 'loading the corpus');
    const corpus = splitCorpus(await loadTextCorpus());
    const run = await trainGrid(gpu, plan.grid, corpus, ctx, (f, m) => ctx.progress(split + (1 - split) * 0.98 * f, m));
    ctx.progress(0.99, 'fitting both laws to the grid');
    const obs = run.points.map((pt) => ({
      params: pt.shape.params,
      tokens: pt.tokens,
      ratio: pt.shape.config.hiddenSize / pt.shape.config.numHiddenLayers,
      loss: pt.valLoss,
    }));
    parts.push(trainingRunResult(run, fitGrid(obs), plan.grid.budgets, emulated));
  }
  return mergeResults(...parts);
}
