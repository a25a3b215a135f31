// Training with compressed activations, on this device: the same small Llama, from the same
// initial weights and on the same batches, trained once plainly and once per compression setting
// through the compression family's training hook — the row-parallel projections (o_proj,
// down_proj) computed as p partial sums, each compressed before the sum, forward and backward as
// MCBench's code does it (later layers only, or every layer), or one pipeline-stage boundary
// compressed in the middle of the model. Validation loss against the uncompressed run answers
// the paper's accuracy question at a size this device can train.
import type { Gpu } from '../../gpu/gpu';
import type { LlamaConfig } from '../../data/llamaConfig';
import type { Rng } from '../../data/pcg32';
import { createCompressionHook, type CompressionHookOptions, type CompressorSpec } from '../../kernels/compression';
import { LlamaGpuWeights, LlamaTrainer } from '../../kernels/llm';
import type { Method } from './collectives';
import { trainSteps, validationLoss } from './tinyModel';

export type TrainingWhere = 'none' | 'later' | 'all' | 'pipeline';

export interface TrainingSetting {
  method: Method;
  where: TrainingWhere;
}

export interface TrainingOutcome extends TrainingSetting {
  valLoss: number;
  /** Mean training loss over the last quarter of the steps. */
  trainLoss: number;
}

export interface TrainingPlan {
  config: LlamaConfig;
  initial: Record<string, Float32Array>;
  partitions: number;
  steps: number;
  batch: number;
  seqLen: number;
  lr: number;
  train: Uint8Array;
  validation: Uint8Array;
  /** Every run draws the same batches: a fork of this with the same stream. */
  rng: Rng;
  signal: AbortSignal;
}

export function compressorSpec(m: Method, seed: number): CompressorSpec {
  switch (m.kind) {
    case 'none':
      return { kind: 'none' };
    case 'ae':
      return { kind: 'ae', dim: m.aeDim!, seed };
    case 'quant':
      return { kind: 'quantize', bits: m.bits as 2 | 4 | 8 };
    case 'topk':
      return { kind: 'topk', k: m.k! };
    case 'randk':
      return { kind: 'randk', k: m.k!, seed };
  }
}

/** The first compressed layer (0-based) for "later layers": the second half, as 13–24 of 24. */
export const laterFrom = (layers: number) => Math.floor(layers / 2);

export function hookOptions(
  s: TrainingSetting,
  config: LlamaConfig,
  partitions: number,
): CompressionHookOptions | null {
  const compressor = compressorSpec(s.method, 7);
  const layers = config.numHiddenLayers;
  switch (s.where) {
    case 'none':
      return null;
    case 'later':
      return { tensorParallel: { partitions, compressor, fromLayer: laterFrom(layers) } };
    case 'all':
      return { tensorParallel: { partitions, compressor, fromLayer: 0 } };
    case 'pipeline':
      // Two stages: the boundary sits after the first half of the layers.
      return { pipeline: { afterLayer: laterFrom(layers) - 1, compressor } };
  }
}

/** Trains one setting from the plan's initial weights; `weightsOut` receives the trained weights' owner. */
export async function trainOne(
  gpu: Gpu,
  plan: TrainingPlan,
  setting: TrainingSetting,
  onStep: (step: number) => void,
  keep?: (weights: LlamaGpuWeights) => Promise<void>,
): Promise<TrainingOutcome> {
  const opts = hookOptions(setting, plan.config, plan.partitions);
  const hook = opts ? createCompressionHook(gpu, opts) : undefined;
  const weights = LlamaGpuWeights.upload(gpu, plan.config, plan.initial);
  try {
    const trainer = await LlamaTrainer.create(gpu, weights, {
      batch: plan.batch,
      seqLen: plan.seqLen,
      adam: { beta2: 0.95, weightDecay: 0.1 },
      hook,
    });
    try {
      const losses = await trainSteps(trainer, {
        steps: plan.steps,
        batch: plan.batch,
        seqLen: plan.seqLen,
        lr: plan.lr,
        train: plan.train,
        rng: plan.rng.fork(11),
        signal: plan.signal,
        onStep,
      });
      const tail = losses.slice(Math.floor((3 * losses.length) / 4));
      const valLoss = await validationLoss(trainer, plan.validation, plan.batch, plan.seqLen, plan.rng.fork(99));
      await keep?.(weights);
      return { ...setting, valLoss, trainLoss: tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length) };
    } finally {
      trainer.destroy();
    }
  } finally {
    weights.destroy();
    hook?.destroy();
  }
}
