import { describe, expect, it, vi } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import type { Gpu } from '../../gpu/gpu';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { compareArrays } from '../compare';
import { planSampling, sampling, type SamplingSettings, type SamplingShape } from './sampling';
import { samplingDistribution, samplingReference, type SamplingReferenceSettings } from './sampling.reference';

type LogitKind = 'random' | 'ties' | 'extreme';

/** Logits [B, V]: uniform in [−4, 4], small integers (many ties), or ±1e4 mixed with small values. */
function makeLogits(seed: number, B: number, V: number, kind: LogitKind): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: B * V }, () => {
    if (kind === 'ties') return rng.int(3);
    if (kind === 'extreme') return [1e4, -1e4, rng.uniform(-1, 1), -1e4][rng.int(4)]!;
    return rng.uniform(-4, 4);
  });
}

function full(s: SamplingSettings): SamplingReferenceSettings {
  return { temperature: 1, topP: 1, seed: 0, step: 0, ...s };
}

/** Tokens of each step in `steps` from one plan (the step uniform rewritten in between). */
async function tokensPerStep(
  g: Gpu,
  logits: Float32Array,
  shape: SamplingShape,
  settings: SamplingSettings,
  steps: number[],
): Promise<Int32Array[]> {
  const logitsBuf = g.upload(logits, 'test.logits');
  const tokens = g.createBuffer(shape.B * 4, 'test.tokens');
  const plan = await planSampling(g, { logits: logitsBuf, tokens }, shape, settings);
  try {
    const out: Int32Array[] = [];
    for (const step of steps) {
      plan.update({ step });
      await g.run(plan.encode);
      out.push(await g.readI32(tokens, shape.B));
    }
    return out;
  } finally {
    plan.destroy();
    logitsBuf.destroy();
    tokens.destroy();
  }
}

const PROB_TOL = { atol: 1e-6, rtol: 1e-5 };

/** Pearson's χ² of observed counts against expected probabilities (only ids with p > 0). */
function chiSquare(counts: number[], p: ArrayLike<number>, n: number): { stat: number; dof: number } {
  let stat = 0;
  let cells = 0;
  counts.forEach((c, j) => {
    if (p[j]! <= 0) return;
    const e = n * p[j]!;
    stat += (c - e) ** 2 / e;
    cells++;
  });
  return { stat, dof: cells - 1 };
}

/** Upper 0.1% points of χ² (significance α = 0.001) for 1, 2, 3 degrees of freedom. */
const CHI2_CRITICAL_001: Record<number, number> = { 1: 10.828, 2: 13.816, 3: 16.266 };

describe('sampling kernel vs f64 reference', () => {
  const gpu = useNodeGpu();

  const greedyCases: [number, number, LogitKind][] = [
    [1, 1, 'random'],
    [5, 7, 'ties'],
    [5, 257, 'random'],
    [5, 257, 'ties'],
    [1, 1000, 'extreme'],
    [5, 1000, 'ties'],
  ];
  for (const [B, V, kind] of greedyCases) {
    it(`greedy = argmax, ties to the lower id: B=${B} V=${V} (${kind})`, async () => {
      const logits = makeLogits(B * 7 + V, B, V, kind);
      const got = await sampling(gpu(), logits, { B, V }, { mode: 'greedy', seed: 5 }, { probs: true });
      for (let r = 0; r < B; r++) {
        const row = logits.subarray(r * V, (r + 1) * V);
        const max = Math.max(...row);
        expect(got.tokens[r]).toBe(row.indexOf(max));
        expect(got.probs!.subarray(r * V, (r + 1) * V).reduce((a, b) => a + b, 0)).toBe(1);
        expect(got.probs![r * V + got.tokens[r]!]).toBe(1);
      }
    });
  }

  it('temperature 0.7 and top-p 0.9: GPU tokens equal the CPU reference for 32 (seed, step) pairs, B=5 V=257', async () => {
    const shape = { B: 5, V: 257 };
    const logits = makeLogits(42, shape.B, shape.V, 'random');
    const steps = [...Array(16).keys()].map((k) => k * 7919 + 3);
    for (const seed of [1, 0xdeadbeef]) {
      const settings: SamplingSettings = { mode: 'topP', temperature: 0.7, topP: 0.9, seed };
      const got = await tokensPerStep(gpu(), logits, shape, settings, steps);
      steps.forEach((step, k) => {
        const want = samplingReference(logits, shape.B, shape.V, full({ ...settings, step }));
        expect([...got[k]!], `seed ${seed} step ${step}`).toEqual([...want.tokens]);
      });
    }
  });

  const exactCases: [number, number, LogitKind, SamplingSettings][] = [
    [5, 7, 'random', { mode: 'topP', temperature: 0.7, topP: 0.9, seed: 7 }],
    [1, 1000, 'random', { mode: 'topP', temperature: 0.7, topP: 0.9, seed: 8 }],
    [5, 257, 'random', { mode: 'temperature', temperature: 0.7, seed: 9 }],
    [5, 1000, 'extreme', { mode: 'topP', temperature: 0.7, topP: 0.9, seed: 10 }],
    [5, 257, 'ties', { mode: 'topP', temperature: 0.7, topP: 0.9, seed: 11 }],
    [5, 7, 'ties', { mode: 'topP', temperature: 1.3, topP: 0.5, seed: 12 }],
    [5, 1, 'random', { mode: 'topP', temperature: 0.7, topP: 0.9, seed: 13 }],
  ];
  for (const [B, V, kind, settings] of exactCases) {
    it(`${settings.mode} B=${B} V=${V} (${kind}): tokens over 6 steps and the distributions match`, async () => {
      const logits = makeLogits(B * 13 + V, B, V, kind);
      const steps = [0, 1, 2, 1000, 65537, 0xffffffff];
      const got = await tokensPerStep(gpu(), logits, { B, V }, settings, steps);
      steps.forEach((step, k) => {
        const want = samplingReference(logits, B, V, full({ ...settings, step }));
        expect([...got[k]!], `step ${step}`).toEqual([...want.tokens]);
      });
      const one = await sampling(gpu(), logits, { B, V }, { ...settings, step: 3 }, { probs: true });
      const want = samplingReference(logits, B, V, full({ ...settings, step: 3 }));
      expect([...one.tokens]).toEqual([...want.tokens]);
      const c = compareArrays('probs', one.probs!, want.probs, PROB_TOL);
      expect(c.passed, c.detail).toBe(true);
      // The reported distribution is the one sampled from: the token has positive probability.
      for (let r = 0; r < B; r++) expect(one.probs![r * V + one.tokens[r]!]).toBeGreaterThan(0);
    });
  }

  it('top-p keeps whole tie groups: equal logits keep every id; a tie at the threshold is not split', () => {
    const s = full({ mode: 'topP', topP: 0.6 });
    expect([...samplingDistribution(new Float64Array(7).fill(3), s)]).toEqual(new Array(7).fill(1 / 7));
    // Weights [e, 1, 1, 1/e] (mass 5.09): the shortest prefix reaching 0.6 · 5.09 = 3.05 is
    // {0, 1} (3.72), which ends inside the tie {1, 2}: both stay, id 3 goes.
    const q = samplingDistribution([1, 0, 0, -1], s);
    expect(q[0]! > 0 && q[1]! > 0 && q[2]! > 0 && q[3] === 0).toBe(true);
    expect(q[1]).toBe(q[2]);
  });

  it('top-p ties on the GPU: kept sets and distributions match the reference', async () => {
    const logits = Float32Array.of(1, 0, 0, -1, 5, 5, 5, 5, 2, 2, 0, 2);
    // Rows: [e, 1, 1, 1/e] keeps {0, 1, 2}; four equal ids keep all; [1, 1, e⁻², 1] keeps the three
    // tied ids although two of them already reach 0.6 of the mass.
    const settings: SamplingSettings = { mode: 'topP', topP: 0.6, temperature: 1, seed: 3 };
    const got = await sampling(gpu(), logits, { B: 3, V: 4 }, settings, { probs: true });
    const want = samplingReference(logits, 3, 4, full(settings));
    expect([...got.tokens]).toEqual([...want.tokens]);
    const c = compareArrays('probs', got.probs!, want.probs, PROB_TOL);
    expect(c.passed, c.detail).toBe(true);
    expect([...got.probs!.subarray(4, 8)]).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect([...got.probs!.subarray(8, 12)].map((x) => x > 0)).toEqual([true, true, false, true]);
    expect(got.probs![3]).toBe(0);
  });

  // A fixed seed makes this deterministic: the statistic below is the same number on every run.
  // 2000 draws (500 rows of the same logits × 4 steps); Pearson's χ² at significance α = 0.001.
  for (const settings of [
    { mode: 'temperature', temperature: 0.7, seed: 2024 },
    { mode: 'topP', temperature: 0.7, topP: 0.8, seed: 2025 },
  ] satisfies SamplingSettings[]) {
    it(`V=4 empirical frequencies match the reference distribution (${settings.mode}, χ², α = 0.001)`, async () => {
      const B = 500;
      const V = 4;
      const row = [1.2, 0.4, -0.3, 0];
      const logits = Float32Array.from({ length: B * V }, (_, i) => row[i % V]!);
      const steps = [0, 1, 2, 3];
      const got = await tokensPerStep(gpu(), logits, { B, V }, settings, steps);
      const counts = [0, 0, 0, 0];
      got.forEach((tokens, k) => {
        tokens.forEach((t) => counts[t]!++);
        const want = samplingReference(logits, B, V, full({ ...settings, step: steps[k]! }));
        expect([...tokens]).toEqual([...want.tokens]);
      });
      const p = samplingDistribution(row, full(settings));
      const { stat, dof } = chiSquare(counts, p, B * steps.length);
      expect(dof).toBe(settings.mode === 'topP' ? 1 : 3); // top-p 0.8 keeps ids 0 and 1 (mass 0.816)
      expect(stat, `χ² = ${stat.toFixed(3)} with ${dof} dof, counts ${counts}`).toBeLessThan(CHI2_CRITICAL_001[dof]!);
      p.forEach((pj, j) => {
        if (pj === 0) expect(counts[j]).toBe(0);
      });
      // The test has power: the same counts reject the distribution at temperature 1.
      const wrong = chiSquare(
        counts,
        samplingDistribution(row, full({ ...settings, temperature: 1 })),
        B * steps.length,
      );
      expect(wrong.stat).toBeGreaterThan(CHI2_CRITICAL_001[wrong.dof]!);
    });
  }

  it('update() changes step and settings without new bind groups', async () => {
    const g = gpu();
    const logits = makeLogits(5, 2, 7, 'random');
    const logitsBuf = g.upload(logits, 'l');
    const tokens = g.createBuffer(8, 't');
    const plan = await planSampling(g, { logits: logitsBuf, tokens }, { B: 2, V: 7 }, { mode: 'greedy' });
    const spy = vi.spyOn(g.device, 'createBindGroup');
    try {
      for (const settings of [
        { step: 4 },
        { mode: 'temperature', temperature: 0.5, seed: 77 },
        { mode: 'topP', topP: 0.6 },
      ] satisfies Partial<SamplingSettings>[]) {
        plan.update(settings);
        await g.run(plan.encode);
        const want = samplingReference(logits, 2, 7, plan.settings);
        expect([...(await g.readI32(tokens, 2))]).toEqual([...want.tokens]);
      }
      expect(plan.settings).toEqual({ mode: 'topP', temperature: 0.5, topP: 0.6, seed: 77, step: 4 });
      expect(spy).not.toHaveBeenCalled();
      expect(() => plan.update({ topP: 0 })).toThrow(UserInputError);
    } finally {
      spy.mockRestore();
      plan.destroy();
      logitsBuf.destroy();
      tokens.destroy();
    }
  });

  it('rejects bad settings and shapes', async () => {
    const logits = new Float32Array(14);
    const shape = { B: 2, V: 7 };
    await expect(sampling(gpu(), logits, shape, { mode: 'temperature', temperature: 0 })).rejects.toThrow(
      /temperature=0/,
    );
    await expect(sampling(gpu(), logits, shape, { mode: 'topP', topP: 1.5 })).rejects.toThrow(/topP=1.5/);
    await expect(sampling(gpu(), logits, shape, { mode: 'topP', seed: -1 })).rejects.toThrow(/seed=-1/);
    await expect(sampling(gpu(), logits, shape, { mode: 'nucleus' as 'topP' })).rejects.toThrow(UserInputError);
    await expect(sampling(gpu(), logits, { B: 3, V: 7 }, { mode: 'greedy' })).rejects.toThrow(/expected B·V = 21/);
  });
});
