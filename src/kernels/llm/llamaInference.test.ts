// The GPU Llama engine end to end against the independent f64 reference model: prefill of
// sequences of different lengths in one call, decode, multi-row verification, greedy generation,
// tied and untied LM heads, GQA, and refusals of bad input.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { UserInputError } from '../../core';
import type { LlamaConfig } from '../../data/llamaConfig';
import { compareArrays } from '../compare';
import { initLlamaWeights, type LlamaWeights } from './llama.reference';
import { createLlamaKvCache, llamaDecode, llamaForward } from './llamaForward.reference';
import { LlamaGpuWeights } from './llamaWeights';
import { LlamaInference } from './llamaInference';
import { referenceShapeOf } from './fixtures';

function tinyConfig(tied: boolean, kvHeads = 2): LlamaConfig {
  return {
    vocabSize: 19,
    hiddenSize: 16,
    intermediateSize: 24,
    numHiddenLayers: 2,
    numAttentionHeads: 4,
    numKeyValueHeads: kvHeads,
    headDim: 6, // not hidden / heads: q_proj is [24, 16]
    maxPositionEmbeddings: 64,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    tieWordEmbeddings: tied,
    ropeScaling: null,
  };
}

const shapeOf = referenceShapeOf;

const toF32 = (w: LlamaWeights): Record<string, Float32Array> =>
  Object.fromEntries(Object.entries(w).map(([k, v]) => [k, Float32Array.from(v)]));

/** f64 weights rounded to f32 (what the GPU holds), so both sides compute from the same numbers. */
function weightsFor(c: LlamaConfig, seed: number): LlamaWeights {
  const w = initLlamaWeights(shapeOf(c), seed, 0.4);
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, Float64Array.from(Float32Array.from(v))]));
}

const TOL = { atol: 2e-5, rtol: 2e-5 };

describe('Llama engine on the GPU vs the f64 reference', () => {
  const gpu = useNodeGpu();

  for (const tied of [false, true]) {
    it(`prefill of two prompts (5 and 3 tokens) in one call, then decode and a 3-row verify (${tied ? 'tied' : 'untied'})`, async () => {
      const c = tinyConfig(tied);
      const w = weightsFor(c, tied ? 2 : 1);
      const weights = LlamaGpuWeights.upload(gpu(), c, toF32(w));
      const engine = new LlamaInference(gpu(), weights, { batch: 2, maxSeq: 12 });
      try {
        const a = Int32Array.of(3, 1, 4, 1, 5);
        const b = Int32Array.of(9, 2, 6);
        const got = await engine.logits(Int32Array.of(...a, ...b), [0, 0, 0, 0, 0, 1, 1, 1]);
        const wantA = llamaForward(shapeOf(c), w, { tokens: a, batch: 1, seqLen: 5 }).logits;
        const wantB = llamaForward(shapeOf(c), w, { tokens: b, batch: 1, seqLen: 3 }).logits;
        const check = compareArrays('prefill', got, [...wantA, ...wantB], TOL);
        expect(check.passed, check.detail).toBe(true);
        expect(Array.from(engine.lengths)).toEqual([5, 3]);

        // Decode one token per sequence, then verify 3 rows of sequence 0 at once.
        const step = await engine.logits(Int32Array.of(7, 8), [0, 1]);
        const fullA = llamaForward(shapeOf(c), w, { tokens: Int32Array.of(...a, 7), batch: 1, seqLen: 6 }).logits;
        const fullB = llamaForward(shapeOf(c), w, { tokens: Int32Array.of(...b, 8), batch: 1, seqLen: 4 }).logits;
        const V = c.vocabSize;
        const decodeCheck = compareArrays('decode', step, [...fullA.subarray(5 * V), ...fullB.subarray(3 * V)], TOL);
        expect(decodeCheck.passed, decodeCheck.detail).toBe(true);

        const verify = await engine.logits(Int32Array.of(10, 11, 12), [0, 0, 0]);
        const cache = createLlamaKvCache(shapeOf(c), 1, 12);
        llamaDecode(shapeOf(c), w, cache, Int32Array.of(...a, 7), 6);
        const want = llamaDecode(shapeOf(c), w, cache, Int32Array.of(10, 11, 12), 3);
        const verifyCheck = compareArrays('verify', verify, want, TOL);
        expect(verifyCheck.passed, verifyCheck.detail).toBe(true);
      } finally {
        engine.destroy();
        weights.destroy();
      }
    });
  }

  it('rolls back a sequence: rows after truncate overwrite the rejected positions', async () => {
    const c = tinyConfig(false, 1); // GQA 4:1
    const w = weightsFor(c, 3);
    const weights = LlamaGpuWeights.upload(gpu(), c, toF32(w));
    const engine = new LlamaInference(gpu(), weights, { batch: 1, maxSeq: 8 });
    try {
      await engine.forward(Int32Array.of(1, 2, 3, 4), [0, 0, 0, 0]);
      engine.truncate(0, 2); // reject tokens 3 and 4
      const got = await engine.logits(Int32Array.of(5, 6), [0, 0]);
      const want = llamaForward(shapeOf(c), w, { tokens: Int32Array.of(1, 2, 5, 6), batch: 1, seqLen: 4 }).logits;
      const check = compareArrays('after rollback', got, want.subarray(2 * c.vocabSize), TOL);
      expect(check.passed, check.detail).toBe(true);
    } finally {
      engine.destroy();
      weights.destroy();
    }
  });

  it('greedy generation equals step-by-step argmax of the reference model', async () => {
    const c = tinyConfig(false);
    const w = weightsFor(c, 4);
    const weights = LlamaGpuWeights.upload(gpu(), c, toF32(w));
    const engine = new LlamaInference(gpu(), weights, { batch: 2, maxSeq: 16 });
    try {
      const prompts = [Int32Array.of(1, 2, 3), Int32Array.of(4)];
      const got = await engine.generate(prompts, 5, { mode: 'greedy' });
      for (const [s, p] of prompts.entries()) {
        const seq = Array.from(p);
        for (let i = 0; i < 5; i++) {
          const logits = llamaForward(shapeOf(c), w, {
            tokens: Int32Array.from(seq),
            batch: 1,
            seqLen: seq.length,
          }).logits;
          const lastRow = Array.from(logits.subarray((seq.length - 1) * c.vocabSize));
          seq.push(lastRow.indexOf(Math.max(...lastRow)));
        }
        expect(Array.from(got[s]!), `sequence ${s}`).toEqual(seq.slice(p.length));
      }
    } finally {
      engine.destroy();
      weights.destroy();
    }
  });

  it('refuses bad token ids, unknown sequences, a full cache and mismatched weights', async () => {
    const c = tinyConfig(false);
    const w = toF32(weightsFor(c, 5));
    const weights = LlamaGpuWeights.upload(gpu(), c, w);
    const engine = new LlamaInference(gpu(), weights, { batch: 1, maxSeq: 3 });
    try {
      await expect(engine.forward(Int32Array.of(19), [0])).rejects.toThrow(/token id 19 at row 0 is outside \[0, 19\)/);
      await expect(engine.forward(Int32Array.of(1), [1])).rejects.toThrow(/row 0 names sequence 1/);
      await expect(engine.forward(Int32Array.of(1, 2, 3, 4), [0, 0, 0, 0])).rejects.toThrow(UserInputError);
      await engine.forward(Int32Array.of(1, 2, 3), [0, 0, 0]);
      await expect(engine.forward(Int32Array.of(1), [0])).rejects.toThrow(/sequence 0 is full/);
      const { 'model.norm.weight': _dropped, ...missing } = w;
      expect(() => LlamaGpuWeights.upload(gpu(), c, missing)).toThrow(/missing tensor\(s\) model.norm.weight/);
      expect(() => LlamaGpuWeights.upload(gpu(), c, { ...w, 'model.norm.weight': new Float32Array(3) })).toThrow(
        /model.norm.weight has 3 values, expected \[16\]/,
      );
    } finally {
      engine.destroy();
      weights.destroy();
    }
  });
});
