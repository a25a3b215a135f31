// Speculative decoding is exact: greedy output equals the target's own greedy output token for
// token (for every γ and for drafts of other shapes), and sampled output follows the target's
// distribution (chi-square tests with fixed seeds, each shown able to fail on a broken rule).
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import type { LlamaConfig } from '../../data/llamaConfig';
import { UserInputError } from '../../core';
import { initLlamaTensors } from './llamaCheckpoint';
import { LlamaGpuWeights } from './llamaWeights';
import { LlamaInference } from './llamaInference';
import { acceptDraft, decodingDistribution, sampleIndex } from './speculativeAcceptance';
import { speculativeGenerate } from './speculativeDecoding';

/**
 * Pearson's statistic of observed counts against probabilities. Cells expected to hold fewer than
 * 5 draws are pooled into one (the chi-square approximation needs that); a draw in a cell of
 * probability 0 is infinitely unlikely.
 */
function chiSquare(counts: number[], probs: ArrayLike<number>): number {
  const n = counts.reduce((a, b) => a + b, 0);
  let stat = 0;
  let pooledObserved = 0;
  let pooledExpected = 0;
  counts.forEach((c, i) => {
    const e = n * probs[i]!;
    if (e === 0) stat += c > 0 ? Infinity : 0;
    else if (e < 5) {
      pooledObserved += c;
      pooledExpected += e;
    } else stat += (c - e) ** 2 / e;
  });
  if (pooledExpected > 0) stat += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
  return stat;
}
// Upper 0.1 % points of chi-square: a correct sampler fails a test with probability 0.001.
const CHI2_999 = { 3: 16.27, 4: 18.47, 8: 26.12 } as const;

describe('the acceptance rule (CPU)', () => {
  const p = [Float64Array.of(0.5, 0.3, 0.15, 0.05), Float64Array.of(0.1, 0.6, 0.2, 0.1)];
  const q = [Float64Array.of(0.1, 0.2, 0.3, 0.4)];

  /** 8000 iterations with γ = 1: the joint law of the first two emitted tokens must be p0 ⊗ p1. */
  function firstTwo(rule: typeof acceptDraft): number[] {
    const rng = createRng(42);
    const counts = new Array(16).fill(0);
    let n = 0;
    while (n < 8000) {
      const d = sampleIndex(q[0]!, rng.nextFloat());
      const u = [rng.nextFloat(), rng.nextFloat()];
      const r = rule(p, q, [d], (j) => u[j]!);
      if (r.accepted === 1) {
        counts[d * 4 + r.next]++; // accepted draft, then the bonus token from p1
        n++;
      } else {
        // The second token would come from the next iteration: draw it from p1 directly.
        counts[r.next * 4 + sampleIndex(p[1]!, rng.nextFloat())]++;
        n++;
      }
    }
    return counts;
  }
  const joint = Array.from({ length: 16 }, (_, k) => p[0]![Math.floor(k / 4)]! * p[1]![k % 4]!);

  it('emits tokens distributed as the target: first token ~ p0 and, after an acceptance, the bonus ~ p1', () => {
    const counts = firstTwo(acceptDraft);
    const first = [0, 1, 2, 3].map((a) => counts.slice(a * 4, a * 4 + 4).reduce((x, y) => x + y, 0));
    expect(chiSquare(first, p[0]!)).toBeLessThan(CHI2_999[3]);
    // 16 cells, 15 degrees of freedom: 0.1 % point 37.70.
    expect(chiSquare(counts, joint)).toBeLessThan(37.7);
  });

  it('has the power to see a broken rule (always accepting the draft gives q, not p)', () => {
    const broken: typeof acceptDraft = (pp, _q, d, u) => ({
      accepted: d.length,
      next: sampleIndex(pp[d.length]!, u(d.length)),
    });
    const counts = firstTwo(broken);
    const first = [0, 1, 2, 3].map((a) => counts.slice(a * 4, a * 4 + 4).reduce((x, y) => x + y, 0));
    expect(chiSquare(first, p[0]!)).toBeGreaterThan(100 * CHI2_999[3]);
  });

  it('greedy is the rule on one-hot rows: accept while the draft matches the target argmax, then the argmax', () => {
    const oneHot = (i: number) => Float64Array.from({ length: 4 }, (_, k) => (k === i ? 1 : 0));
    const u = () => 0.999;
    expect(acceptDraft([oneHot(2), oneHot(1), oneHot(3)], [oneHot(2), oneHot(0)], [2, 0], u)).toEqual({
      accepted: 1,
      next: 1,
    });
    expect(acceptDraft([oneHot(2), oneHot(1), oneHot(3)], [oneHot(2), oneHot(1)], [2, 1], u)).toEqual({
      accepted: 2,
      next: 3,
    });
  });

  it('builds sampling distributions: greedy argmax (lowest id on ties), temperature, top-p keeping ties', () => {
    expect(Array.from(decodingDistribution([1, 3, 3, 0], 0, 4, { mode: 'greedy' }))).toEqual([0, 1, 0, 0]);
    const t = decodingDistribution([0, Math.log(3)], 0, 2, { mode: 'temperature', temperature: 1 });
    expect(t[1]).toBeCloseTo(0.75, 12);
    const top = decodingDistribution([Math.log(4), Math.log(2), Math.log(2), 0], 0, 4, { mode: 'topP', topP: 0.6 });
    expect(Array.from(top).map((x) => +x.toFixed(6))).toEqual([0.5, 0.25, 0.25, 0]);
  });
});

function config(layers: number, hidden: number, vocab: number): LlamaConfig {
  return {
    vocabSize: vocab,
    hiddenSize: hidden,
    intermediateSize: hidden * 2,
    numHiddenLayers: layers,
    numAttentionHeads: 2,
    numKeyValueHeads: 1,
    headDim: hidden / 2,
    maxPositionEmbeddings: 64,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    tieWordEmbeddings: false,
    ropeScaling: null,
  };
}

describe('speculative decoding on the GPU engine', () => {
  const gpu = useNodeGpu();

  async function engines(batch: number, vocab: number, draftShape: [number, number], seeds: [number, number]) {
    const tc = config(2, 16, vocab);
    const dc = config(draftShape[0], draftShape[1], vocab);
    // std 0.5: logits far apart, so the models have clear preferences and drafts often disagree.
    const tw = LlamaGpuWeights.upload(gpu(), tc, initLlamaTensors(tc, seeds[0], 0.5));
    const dw = LlamaGpuWeights.upload(gpu(), dc, initLlamaTensors(dc, seeds[1], 0.5));
    const opts = { batch, maxSeq: 40, linearPath: 'tiled' as const };
    const target = new LlamaInference(gpu(), tw, opts);
    const draft = new LlamaInference(gpu(), dw, opts);
    return {
      target,
      draft,
      destroy: () => [target, draft, tw, dw].forEach((x) => x.destroy()),
    };
  }

  it('greedy output equals the target greedy output for γ = 1, 3, 5, a wide and a deep draft, batch 2', async () => {
    for (const draftShape of [
      [1, 24],
      [3, 8],
    ] as [number, number][]) {
      const e = await engines(2, 23, draftShape, [1, 2]);
      try {
        const prompts = [Int32Array.of(3, 1, 4, 1, 5), Int32Array.of(9)];
        const want = await e.target.generate(prompts, 12, { mode: 'greedy' });
        for (const gamma of [1, 3, 5]) {
          const got = await speculativeGenerate(e.target, e.draft, prompts, { mode: 'greedy', gamma, maxNew: 12 });
          expect(
            got.tokens.map((t) => Array.from(t)),
            `draft ${draftShape}, γ = ${gamma}`,
          ).toEqual(want.map((t) => Array.from(t)));
          expect(got.draftMs.length).toBe(got.targetMs.length);
          for (const em of got.emitted) for (const k of em) expect(k).toBeGreaterThanOrEqual(1);
        }
      } finally {
        e.destroy();
      }
    }
  });

  it('a draft identical to the target has every draft accepted (γ + 1 tokens per iteration)', async () => {
    const e = await engines(1, 23, [2, 16], [5, 5]);
    try {
      const got = await speculativeGenerate(e.target, e.draft, [Int32Array.of(1, 2)], {
        mode: 'greedy',
        gamma: 3,
        maxNew: 12,
      });
      expect(got.emitted[0]).toEqual([4, 4, 4]);
    } finally {
      e.destroy();
    }
  });

  it('sampling: the first new token follows the target distribution (temperature 1, γ = 2, 480 draws)', async () => {
    const V = 5;
    const e = await engines(48, V, [1, 8], [7, 8]);
    try {
      const prompt = Int32Array.of(1, 3, 2);
      const want = decodingDistribution(await e.target.logits(prompt, [0, 0, 0]), 2 * V, V, { mode: 'temperature' });
      const counts = new Array(V).fill(0);
      const run = (seed: number) =>
        speculativeGenerate(
          e.target,
          e.draft,
          Array.from({ length: 48 }, () => prompt),
          {
            mode: 'temperature',
            gamma: 2,
            maxNew: 1,
            seed,
          },
        );
      const firsts: number[][] = [];
      for (let seed = 0; seed < 10; seed++) {
        const got = await run(seed);
        firsts.push(got.tokens.map((t) => t[0]!));
        for (const t of got.tokens) counts[t[0]!]++;
      }
      // Every draw is keyed by the seed: a rerun repeats exactly.
      expect((await run(3)).tokens.map((t) => t[0]!)).toEqual(firsts[3]);
      expect(chiSquare(counts, want), `counts ${counts}, p ${Array.from(want).map((x) => x.toFixed(3))}`).toBeLessThan(
        CHI2_999[4],
      );
      // The draft's own distribution differs: the same counts would not pass as its samples.
      e.draft.reset(); // the runs left the draft's cache filled
      const draftDist = decodingDistribution(await e.draft.logits(prompt, [0, 0, 0]), 2 * V, V, {
        mode: 'temperature',
      });
      expect(chiSquare(counts, draftDist)).toBeGreaterThan(CHI2_999[4]);
    } finally {
      e.destroy();
    }
  });

  it('refuses mismatched vocabularies, γ < 1 and prompts longer than the context', async () => {
    const e = await engines(1, 23, [1, 8], [1, 2]);
    const other = config(1, 8, 29);
    const ow = LlamaGpuWeights.upload(gpu(), other, initLlamaTensors(other, 3));
    const odd = new LlamaInference(gpu(), ow, { batch: 1, maxSeq: 40 });
    try {
      const s = { mode: 'greedy' as const, gamma: 2, maxNew: 4 };
      await expect(speculativeGenerate(e.target, odd, [Int32Array.of(1)], s)).rejects.toThrow(
        /draft's vocabulary \(29\) differs from the target's \(23\)/,
      );
      await expect(speculativeGenerate(e.target, e.draft, [Int32Array.of(1)], { ...s, gamma: 0 })).rejects.toThrow(
        UserInputError,
      );
      await expect(speculativeGenerate(e.target, e.draft, [new Int32Array(36)], s)).rejects.toThrow(
        /exceed the context of 40 positions/,
      );
    } finally {
      odd.destroy();
      ow.destroy();
      e.destroy();
    }
  });
});
