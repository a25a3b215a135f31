// GPU training of the Llama engine against the independent f64 reference: the gradient of every
// weight (untied and tied LM head, GQA 2:1 and 4:1), AdamW steps end to end, and a loss that falls.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import type { LlamaConfig } from '../../data/llamaConfig';
import { compareArrays } from '../compare';
import { adamWStep, createAdamWState, initLlamaWeights, type LlamaWeights } from './llama.reference';
import { llamaBackward } from './llamaBackward.reference';
import { LlamaGpuWeights } from './llamaWeights';
import { LlamaTrainer } from './llamaTraining';
import { referenceShapeOf } from './fixtures';

function config(tied: boolean, kvHeads: number): LlamaConfig {
  return {
    vocabSize: 13,
    hiddenSize: 12,
    intermediateSize: 20,
    numHiddenLayers: 2,
    numAttentionHeads: 4,
    numKeyValueHeads: kvHeads,
    headDim: 4,
    maxPositionEmbeddings: 32,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    tieWordEmbeddings: tied,
    ropeScaling: null,
  };
}

const shapeOf = referenceShapeOf;

/** f64 weights holding f32-representable values, and their f32 copies for the GPU. */
function weightsFor(c: LlamaConfig, seed: number): { w64: LlamaWeights; w32: Record<string, Float32Array> } {
  const w = initLlamaWeights(shapeOf(c), seed, 0.3);
  const w32 = Object.fromEntries(Object.entries(w).map(([k, v]) => [k, Float32Array.from(v)]));
  const w64 = Object.fromEntries(Object.entries(w32).map(([k, v]) => [k, Float64Array.from(v)]));
  return { w64, w32 };
}

/** A batch [B, S + 1] and the reference's view of it (inputs [B, S], next-token targets). */
function batchOf(B: number, S: number, V: number, seed: number) {
  const rng = createRng(seed);
  const tokens = Int32Array.from({ length: B * (S + 1) }, () => rng.int(V));
  const inputs = new Int32Array(B * S);
  const targets = new Int32Array(B * S);
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < S; s++) {
      inputs[b * S + s] = tokens[b * (S + 1) + s]!;
      targets[b * S + s] = tokens[b * (S + 1) + s + 1]!;
    }
  }
  return { tokens, input: { tokens: inputs, batch: B, seqLen: S }, targets };
}

describe('Llama training on the GPU vs the f64 reference', () => {
  const gpu = useNodeGpu();

  for (const [tied, kv] of [
    [false, 2],
    [true, 1],
  ] as const) {
    it(`the gradient of every weight matches (${tied ? 'tied' : 'untied'}, GQA ${4 / kv}:1)`, async () => {
      const c = config(tied, kv);
      const { w64, w32 } = weightsFor(c, kv);
      const { tokens, input, targets } = batchOf(2, 5, c.vocabSize, 7);
      const weights = LlamaGpuWeights.upload(gpu(), c, w32);
      const trainer = await LlamaTrainer.create(gpu(), weights, { batch: 2, seqLen: 5 });
      try {
        const got = await trainer.gradients(tokens);
        const want = llamaBackward(shapeOf(c), w64, input, targets);
        expect(got.loss).toBeCloseTo(want.loss, 5);
        expect(Object.keys(got.grads).sort()).toEqual(Object.keys(want.grads).sort());
        for (const name of Object.keys(want.grads)) {
          const check = compareArrays(name, got.grads[name]!, want.grads[name]!, { atol: 1e-6, rtol: 1e-4 });
          expect(check.passed, `${name}: ${check.detail} (max abs ${check.maxAbsError}, tol ${check.tolerance})`).toBe(
            true,
          );
        }
      } finally {
        trainer.destroy();
        weights.destroy();
      }
    });
  }

  it('two AdamW steps (decay on matrices only, no clipping) give the reference weights', async () => {
    const c = config(false, 2);
    const { w64, w32 } = weightsFor(c, 3);
    const weights = LlamaGpuWeights.upload(gpu(), c, w32);
    const hyper = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };
    const trainer = await LlamaTrainer.create(gpu(), weights, { batch: 1, seqLen: 6, adam: hyper, maxGradNorm: 0 });
    try {
      const state = createAdamWState();
      for (let i = 0; i < 2; i++) {
        const { tokens, input, targets } = batchOf(1, 6, c.vocabSize, 20 + i);
        await trainer.step(tokens, 1e-2);
        const { grads } = llamaBackward(shapeOf(c), w64, input, targets);
        adamWStep(w64, grads, state, { lr: 1e-2, ...hyper, decay: (n) => !n.endsWith('norm.weight') });
      }
      const got = await weights.download(gpu());
      for (const name of Object.keys(w64)) {
        const check = compareArrays(name, got[name]!, w64[name]!, { atol: 2e-5, rtol: 2e-5 });
        expect(check.passed, `${name}: ${check.detail}`).toBe(true);
      }
    } finally {
      trainer.destroy();
      weights.destroy();
    }
  });

  it('learns: the loss on a repeated batch falls well below its start, and evaluate() leaves weights alone', async () => {
    const c = config(true, 2);
    const { w32 } = weightsFor(c, 9);
    const weights = LlamaGpuWeights.upload(gpu(), c, w32);
    const trainer = await LlamaTrainer.create(gpu(), weights, { batch: 2, seqLen: 6 });
    try {
      const { tokens } = batchOf(2, 6, c.vocabSize, 11);
      const before = await trainer.evaluate(tokens);
      expect(await trainer.evaluate(tokens)).toBe(before);
      let last = { loss: before, gradNorm: 0 };
      for (let i = 0; i < 40; i++) last = await trainer.step(tokens, 3e-2);
      expect(last.gradNorm).toBeGreaterThan(0);
      expect(await trainer.evaluate(tokens)).toBeLessThan(0.3 * before);
    } finally {
      trainer.destroy();
      weights.destroy();
    }
  });

  it('refuses a batch of the wrong size and out-of-range ids', async () => {
    const c = config(false, 2);
    const weights = LlamaGpuWeights.upload(gpu(), c, weightsFor(c, 1).w32);
    const trainer = await LlamaTrainer.create(gpu(), weights, { batch: 1, seqLen: 3 });
    try {
      await expect(trainer.step(new Int32Array(3), 1e-3)).rejects.toThrow(/3 tokens; a batch is \[1, 3 \+ 1\] = 4/);
      await expect(trainer.step(Int32Array.of(0, 13, 1, 2), 1e-3)).rejects.toThrow(
        /13 \(sequence 0, position 1\) is outside/,
      );
    } finally {
      trainer.destroy();
      weights.destroy();
    }
  });
});
