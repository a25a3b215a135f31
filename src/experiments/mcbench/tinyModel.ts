// The small byte-level Llama this experiment trains on the shipped corpus: its config, batches of
// random windows, a training loop with progress and Cancel, and reading its weights back.
import type { Gpu } from '../../gpu/gpu';
import type { LlamaConfig } from '../../data/llamaConfig';
import { llamaTensorNames } from '../../data/llamaConfig';
import { BYTE_VOCAB_SIZE } from '../../data/byteTokenizer';
import type { Rng } from '../../data/pcg32';
import type { LlamaGpuWeights, LlamaTrainer } from '../../kernels/llm';
import { throwIfAborted } from '../runner';

export const HEAD_DIM = 16;

export function tinyConfig(width: number, layers: number, maxPositions: number): LlamaConfig {
  const heads = Math.max(1, Math.round(width / HEAD_DIM));
  return {
    vocabSize: BYTE_VOCAB_SIZE,
    hiddenSize: width,
    // SwiGLU's usual 8/3 · d, rounded to a multiple of 16 so 2, 4 and 8 partitions split it evenly.
    intermediateSize: Math.max(16, Math.round((8 * width) / 3 / 16) * 16),
    numHiddenLayers: layers,
    numAttentionHeads: heads,
    numKeyValueHeads: heads,
    headDim: HEAD_DIM,
    maxPositionEmbeddings: maxPositions,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    tieWordEmbeddings: true,
    ropeScaling: null,
  };
}

/** B random windows of S + 1 bytes from `text`. */
export function sampleBatch(text: Uint8Array, B: number, S: number, rng: Rng): Int32Array {
  const out = new Int32Array(B * (S + 1));
  for (let b = 0; b < B; b++) {
    const start = rng.int(text.length - S - 1);
    for (let i = 0; i <= S; i++) out[b * (S + 1) + i] = text[start + i]!;
  }
  return out;
}

export interface TrainLoop {
  steps: number;
  batch: number;
  seqLen: number;
  lr: number;
  train: Uint8Array;
  rng: Rng;
  signal: AbortSignal;
  onStep?: (step: number) => void;
}

/** Linear warm-up over the first 10 steps, then a constant rate. */
export async function trainSteps(trainer: LlamaTrainer, loop: TrainLoop): Promise<number[]> {
  const losses: number[] = [];
  for (let step = 0; step < loop.steps; step++) {
    throwIfAborted(loop.signal);
    const lr = loop.lr * Math.min(1, (step + 1) / 10);
    const r = await trainer.step(sampleBatch(loop.train, loop.batch, loop.seqLen, loop.rng), lr);
    losses.push(r.loss);
    loop.onStep?.(step + 1);
  }
  return losses;
}

/** Mean validation loss over `batches` fixed windows (the same windows for every model with the same rng). */
export async function validationLoss(
  trainer: LlamaTrainer,
  validation: Uint8Array,
  batch: number,
  seqLen: number,
  rng: Rng,
  batches = 4,
): Promise<number> {
  let loss = 0;
  for (let i = 0; i < batches; i++) loss += await trainer.evaluate(sampleBatch(validation, batch, seqLen, rng));
  return loss / batches;
}

export async function readWeights(gpu: Gpu, weights: LlamaGpuWeights): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const s of llamaTensorNames(weights.config)) {
    out[s.name] = await gpu.readF32(
      weights.get(s.name),
      s.shape.reduce((a, b) => a * b, 1),
    );
  }
  return out;
}
