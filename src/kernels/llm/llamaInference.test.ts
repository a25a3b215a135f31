// The GPU Llama engine end to end against the independent f64 reference model: prefill of
// sequences of different lengths in one call, decode, multi-row verification, greedy generation,
// tied and untied LM heads, GQA, and refusals of bad input.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { UserInputError } from '../../core';
import { llamaTensorNames, type LlamaConfig } from '../../data/llamaConfig';
import { compareArrays } from '../compare';
import { initLlamaWeights, type LlamaWeights } from './llama.reference';
import { createLlamaKvCache, llamaDecode, llamaForward } from './llamaForward.reference';
import { LlamaGpuWeights } from './llamaWeights';
import { LlamaInference, lastRowsOfSequences } from './llamaInference';
import { referenceShapeOf } from './fixtures';
import { decodePackedHalfRows } from './halfWeights.reference';

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

  it("logits for each sequence's last row only: interleaved prefill rows, then decode", async () => {
    const c = tinyConfig(false);
    const w = weightsFor(c, 6);
    const weights = LlamaGpuWeights.upload(gpu(), c, toF32(w));
    const engine = new LlamaInference(gpu(), weights, { batch: 3, maxSeq: 10 });
    try {
      const V = c.vocabSize;
      // Rows of sequences 0 and 2 interleaved (sequence 1 absent); sequence 2 ends first.
      const rowSeq = [0, 2, 0, 2, 0, 0, 0];
      const tokens = Int32Array.of(3, 9, 1, 2, 4, 1, 5);
      expect(lastRowsOfSequences(rowSeq)).toEqual([3, 6]);
      const got = await engine.logits(tokens, rowSeq, { logitRows: 'last' });
      expect(got.length).toBe(2 * V);
      const ref = (seq: number[]) =>
        llamaForward(shapeOf(c), w, { tokens: Int32Array.from(seq), batch: 1, seqLen: seq.length }).logits;
      const a = [3, 1, 4, 1, 5];
      const b = [9, 2];
      const want = [...ref(b).subarray(1 * V), ...ref(a).subarray(4 * V)]; // row order: 3 (seq 2), 6 (seq 0)
      const check = compareArrays('last rows', got, want, TOL);
      expect(check.passed, check.detail).toBe(true);
      // The residual the gather clobbered is rebuilt by the next call: decode stays exact.
      const step = await engine.logits(Int32Array.of(7, 8), [2, 0], { logitRows: 'last' });
      const next = [...ref([...b, 7]).subarray(2 * V), ...ref([...a, 8]).subarray(5 * V)];
      const decodeCheck = compareArrays('decode after last-row prefill', step, next, TOL);
      expect(decodeCheck.passed, decodeCheck.detail).toBe(true);
      // One sequence, one logits row of four; 'all' on the same engine still gives every row.
      engine.reset();
      const one = await engine.logits(Int32Array.of(1, 2, 3, 4), [1, 1, 1, 1], { logitRows: 'last' });
      const oneCheck = compareArrays('one sequence', one, ref([1, 2, 3, 4]).subarray(3 * V), TOL);
      expect(oneCheck.passed, oneCheck.detail).toBe(true);
      engine.reset();
      const all = await engine.logits(Int32Array.of(1, 2, 3, 4), [1, 1, 1, 1]);
      const allCheck = compareArrays('all rows', all, ref([1, 2, 3, 4]), TOL);
      expect(allCheck.passed, allCheck.detail).toBe(true);
      await expect(engine.forward(Int32Array.of(1), [0], { logitRows: 'first' as never })).rejects.toThrow(
        /logitRows must be 'all' or 'last'/,
      );
    } finally {
      engine.destroy();
      weights.destroy();
    }
  });

  // f16 storage: on the weights as stored (f16, decoded exactly in f64) the engine must match the
  // f64 reference to f32 accuracy — that checks every packed-f16 kernel (gather, tiled, decode).
  // Against the f32 model, each of the ≤ 5 matmuls in series (q/k/v·o, gate/up·down, per layer,
  // then the head) perturbs its output by at most 2⁻¹¹ relative of Σ|x||w|; the norms rescale
  // activations to O(1), so we allow 16 · 2⁻¹¹ of the logits' scale (5 in series, ×3 margin for
  // the softmax and SiLU gains).
  for (const tied of [false, true]) {
    it(`f16 weights: prefill with last-row logits, decode and generation (${tied ? 'tied' : 'untied'})`, async () => {
      const c = tinyConfig(tied, 1);
      const w = weightsFor(c, tied ? 8 : 7);
      const engine = LlamaInference.fromTensors(gpu(), c, toF32(w), { batch: 2, maxSeq: 10, weights: 'f16' });
      try {
        expect(engine.weights.format).toBe('f16');
        expect(engine.weights.notes.join(' ')).toMatch(/weight matrices stored as f16/);
        // The weights as stored, read raw and decoded by the independent f64 decoder (not by
        // unpackF16Rows, which the engine's download uses).
        const w16: LlamaWeights = {};
        for (const t of llamaTensorNames(c)) {
          const buf = engine.weights.stored(t.name);
          const n = t.shape.reduce((x, y) => x * y, 1);
          if (!engine.weights.isPacked(t.name)) {
            w16[t.name] = Float64Array.from(await gpu().readF32(buf, n));
            continue;
          }
          const [rows, cols] = t.shape as [number, number];
          const words = new Uint32Array(await gpu().read(buf, 4 * rows * Math.ceil(cols / 2)));
          w16[t.name] = decodePackedHalfRows(words, rows, cols);
        }
        const V = c.vocabSize;
        const a = [3, 1, 4, 1, 5];
        const b = [9, 2, 6];
        const ref = (ws: LlamaWeights, seq: number[]) =>
          llamaForward(shapeOf(c), ws, { tokens: Int32Array.from(seq), batch: 1, seqLen: seq.length }).logits;
        const got = await engine.logits(Int32Array.of(...a, ...b), [0, 0, 0, 0, 0, 1, 1, 1], { logitRows: 'last' });
        const want16 = [...ref(w16, a).subarray(4 * V), ...ref(w16, b).subarray(2 * V)];
        const exact = compareArrays('f16 prefill, stored weights', got, want16, TOL);
        expect(exact.passed, exact.detail).toBe(true);
        const want32 = [...ref(w, a).subarray(4 * V), ...ref(w, b).subarray(2 * V)];
        const scale = Math.max(...want32.map(Math.abs));
        const near = compareArrays('f16 prefill vs f32 model', got, want32, { atol: 16 * 2 ** -11 * scale, rtol: 0 });
        expect(near.passed, near.detail).toBe(true);
        const step = await engine.logits(Int32Array.of(7, 8), [0, 1]); // decode GEMV path
        const wantStep = [...ref(w16, [...a, 7]).subarray(5 * V), ...ref(w16, [...b, 8]).subarray(3 * V)];
        const decode = compareArrays('f16 decode, stored weights', step, wantStep, TOL);
        expect(decode.passed, decode.detail).toBe(true);
        // Greedy generation on the f16 engine follows the argmax of the stored-weights model.
        const gen = await engine.generate([Int32Array.from(a)], 3, { mode: 'greedy' });
        const seq = [...a];
        for (let i = 0; i < 3; i++) {
          const row = Array.from(ref(w16, seq).subarray((seq.length - 1) * V));
          seq.push(row.indexOf(Math.max(...row)));
        }
        expect(Array.from(gen[0]!)).toEqual(seq.slice(a.length));
        // f16 weights are for inference: their f32 accessors refuse, naming the tensor.
        expect(() => engine.weights.layer(0)).toThrow(/model.layers.0.self_attn.q_proj.weight is stored as f16/);
        expect(() => new LlamaInference(gpu(), engine.weights, { batch: 1, maxSeq: 4, weights: 'f32' })).toThrow(
          /asked for f32 weights but they were uploaded as f16/,
        );
      } finally {
        engine.destroy();
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
      // Timing at a KV position: the position must leave room in the cache.
      await expect(engine.timeForward(1, 1, { position: 3 })).rejects.toThrow(
        /timing 1 rows from position 3 needs positions up to 3; this session holds 0..2/,
      );
      // ... and must not overwrite a live sequence's cached keys (sequence 0 holds positions 0..2).
      await expect(engine.timeForward(1, 1, { position: 2 })).rejects.toThrow(
        /timing from position 2 would overwrite cached positions of live sequences \(up to 2\); reset\(\) first/,
      );
      engine.reset();
      expect(await engine.timeForward(1, 1, { position: 2 })).toBeGreaterThanOrEqual(0);
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
