// The run's pure parts, without a GPU: emulation caps and their notice, family shapes scaled to
// valid kernels, the training grid's shapes and budgets, timing weights, the device-limit refusal,
// and both laws refitted to grid-like data (leave-one-out picks the law that generated it).
import { describe, expect, it } from 'vitest';
import { defaultValues } from '../../core/params';
import { llamaParameterCounts } from '../../data/llamaConfig';
import { createRng } from '../../data/pcg32';
import { findLatencyFamily, LATENCY_FAMILIES, pickShapes, scaleShape } from './families';
import { fitGrid, MIN_POINTS_LOO } from './gridFit';
import { scalingLaws } from './index';
import { EMULATION_CAPS, fitWidthScale, planRun } from './kernelRun';
import { predictLoss } from './lawFit';
import { timingWeights } from './latencyRun';
import { paramCount } from './paperData';
import { weightBandwidthFraction } from './latencyRunView';
import { budgetSteps, gridShapes } from './trainingRun';

const defaults = defaultValues(scalingLaws.params);

describe('run plan', () => {
  it('on a GPU keeps the parameters; on CPU emulation caps them and lists the cuts in a notice', () => {
    const gpu = planRun(defaults, false);
    expect(gpu.notices).toEqual([]);
    expect(gpu.latency!.shapes).toHaveLength(7); // the 1B family, all shapes
    expect(gpu.latency!.vocab).toBe(50_432);
    expect(gpu.grid!.steps).toBe(400);
    const emu = planRun(defaults, true);
    expect(emu.latency!.widthScale).toBe(EMULATION_CAPS.widthScale);
    expect(emu.latency!.vocab).toBe(256);
    expect(emu.latency!.shapes).toHaveLength(EMULATION_CAPS.latencyShapes);
    expect(emu.grid!.steps).toBe(EMULATION_CAPS.trainSteps);
    expect(emu.notices[0]).toMatch(/CPU emulation.*width scale 1\/64.*training steps 24/);
    expect(planRun({ ...defaults, runParts: 'latency' }, false).grid).toBeUndefined();
    expect(planRun({ ...defaults, runParts: 'training' }, false).latency).toBeUndefined();
  });

  it('carries the context length and weight storage of the latency run; f16 fits wider shapes', () => {
    const f32 = planRun({ ...defaults, decodeContext: 300 }, false).latency!;
    expect([f32.context, f32.weights]).toEqual([300, 'f32']);
    expect(planRun({ ...defaults, decodeContext: 300 }, true).latency!.context).toBe(EMULATION_CAPS.decodeContext);
    const f16 = planRun({ ...defaults, widthScale: 1, latencyWeights: 'f16' }, false).latency!;
    expect(f16.weights).toBe('f16');
    const limit = { info: { limits: { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 2 ** 30 } } };
    const at32 = fitWidthScale(limit as never, { ...f16, weights: 'f32' }, []);
    const at16 = fitWidthScale(limit as never, f16, []);
    expect(at16).toBeGreaterThan(at32); // half the bytes per weight: a wider model fits the same limit
  });

  it('decode weight-bandwidth fraction: weight bytes per token / step time ÷ copy bandwidth', () => {
    // 1 GB per token in 2 ms is 500 GB/s; against a 1000 GB/s copy probe, one half.
    expect(weightBandwidthFraction(1e9, 2, 1000)).toBeCloseTo(0.5, 12);
    expect(weightBandwidthFraction(3e6, 1, 1.5)).toBeCloseTo(2, 12); // above 1: served from cache
  });

  it('lowers the width scale where a weight would exceed the binding limit, and says so', () => {
    const plan = planRun({ ...defaults, widthScale: 1 }, false).latency!;
    const small = { info: { limits: { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 2 ** 30 } } };
    const notices: string[] = [];
    const scale = fitWidthScale(small as never, plan, notices);
    expect(scale).toBeLessThan(1);
    for (const [d, l] of plan.shapes) {
      const c = scaleShape(plan.family, d, l, scale, plan.vocab).config;
      expect(4 * c.vocabSize * c.hiddenSize).toBeLessThanOrEqual(128 * 2 ** 20);
    }
    expect(notices[0]).toMatch(/binds at most 128 MiB, so its shapes were built at width scale 0\.\d+/);
    expect(fitWidthScale(small as never, { ...plan, widthScale: 0.05 }, [])).toBe(0.05);
  });
});

describe('latency families', () => {
  it('same-size shapes: within a family N varies by under 20% (Morph-1B is the largest 1B shape)', () => {
    for (const f of LATENCY_FAMILIES) {
      const ns = f.shapes.map(([d, l]) => paramCount(d, l));
      expect(Math.max(...ns) / Math.min(...ns), f.id).toBeLessThan(1.2);
    }
  });

  it('picks the shallowest and deepest first (Morph-1B leads the 1B family)', () => {
    const fam = findLatencyFamily('1b')!;
    expect(pickShapes(fam, 2)).toEqual([
      [3072, 12],
      [2048, 24],
    ]);
    expect(pickShapes(fam, 99)).toHaveLength(fam.shapes.length);
  });

  it('scaled shapes are valid for the kernels: d a multiple of 8, even head widths ≤ 128, depth kept', () => {
    for (const f of LATENCY_FAMILIES)
      for (const scale of [0.01, 1 / 64, 1 / 16, 0.25, 1])
        for (const [d, l] of f.shapes) {
          const c = scaleShape(f, d, l, scale).config;
          expect(c.hiddenSize % 8).toBe(0);
          expect(c.headDim * c.numAttentionHeads).toBe(c.hiddenSize);
          expect(c.headDim % 2 === 0 && c.headDim <= 128).toBe(true);
          expect(c.numHiddenLayers).toBe(l);
        }
    const morph = scaleShape(findLatencyFamily('1b')!, 3072, 12, 1).config;
    expect([morph.hiddenSize, morph.intermediateSize, morph.numAttentionHeads]).toEqual([3072, 8192, 32]);
    expect(scaleShape(findLatencyFamily('1b')!, 3072, 12, 0.25).config.numAttentionHeads).toBe(16);
  });

  it('timing weights: one shared array per tensor size, ones for norms', () => {
    const c = scaleShape(findLatencyFamily('80m')!, 512, 8, 1 / 16, 256).config;
    const w = timingWeights(c, createRng(1));
    expect(w['model.layers.0.self_attn.q_proj.weight']).toBe(w['model.layers.3.self_attn.o_proj.weight']);
    expect(w['model.norm.weight']!.every((x) => x === 1)).toBe(true);
    const q = w['model.layers.0.mlp.up_proj.weight']!;
    const rms = Math.sqrt(q.reduce((s, x) => s + x * x, 0) / q.length);
    expect(rms).toBeGreaterThan(0.015);
    expect(rms).toBeLessThan(0.025);
  });
});

describe('training grid', () => {
  it('each size has one shape per depth with N near the target; sizes step by 4×', () => {
    const shapes = gridShapes({ targetParams: 100_000, sizes: 2, shapes: 4, seqLen: 64 });
    expect(shapes.map((s) => s.config.numHiddenLayers)).toEqual([1, 2, 4, 8, 1, 2, 4, 8]);
    for (const s of shapes) {
      expect(s.params).toBe(llamaParameterCounts(s.config).total);
      expect(Math.abs(Math.log(s.params / s.targetParams))).toBeLessThan(0.35);
    }
    expect(shapes[4]!.targetParams).toBe(400_000);
  });

  it('budgets end at 1/8, 1/4, 1 of the steps (20N : 40N : 160N), or 1/2, 1', () => {
    expect(budgetSteps(400, 3)).toEqual([50, 100, 400]);
    expect(budgetSteps(8, 2)).toEqual([4, 8]);
    expect(budgetSteps(4, 3)).toEqual([1, 4]); // 1/8 and 1/4 of 4 steps coincide
  });
});

describe('both laws refitted to grid data', () => {
  const law = { A: 50, B: 400, E: 1.2, alpha: 0.4, epsilon: 0.05 };
  const grid = [1, 2, 4, 8].flatMap((l) =>
    [2e3, 4e3, 1.6e4].flatMap((tokens) => [1e4, 4e4].map((params) => ({ params, tokens, ratio: 64 / l, loss: 0 }))),
  );
  const obs = grid.map((g) => ({ ...g, loss: predictLoss('inferenceAware', law, g) }));

  it('leave-one-out prefers the law that generated the data', () => {
    const r = fitGrid(obs);
    expect(r.points).toBe(24);
    expect(r.inferenceAware.looMse!).toBeLessThan(r.chinchilla.looMse!);
    expect(r.better).toBe('inferenceAware');
    expect(r.verdict).toMatch(/inference-aware law predicts held-out points better/);
    expect(r.inferenceAware.mse!).toBeLessThan(1e-8);
  });

  it('too few points: says so instead of judging', () => {
    const few = fitGrid(obs.slice(0, 4));
    expect(few.better).toBeNull();
    expect(few.inferenceAware.fit).toBeUndefined();
    expect(few.verdict).toMatch(/4 points: too few/);
    const some = fitGrid(obs.slice(0, MIN_POINTS_LOO - 1));
    expect(some.inferenceAware.fit).toBeDefined();
    expect(some.inferenceAware.looMse).toBeNull();
    expect(some.verdict).toMatch(/needs at least 7 points/);
  });
});
