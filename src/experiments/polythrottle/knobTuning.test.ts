// The optimiser tuning this GPU's real knobs, on dawn.node (SwiftShader in CI: CPU emulation, so
// the grid is tiny and nothing asserts on timings): every configuration is measured once, BO and
// random search replay that table over seeds and find its optimum, the live run stops once it
// reports a configuration within 5 % of it, and Cancel stops the run. Pure helpers are checked on
// hand-made tables.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { useNodeGpu } from '../../gpu/testing';
import { UserInputError, type RunContext } from '../types';
import { incumbents, type SearchTrace } from './bo';
import {
  knobBatches,
  knobGrid,
  knobSpace,
  runKnobStudy,
  samplesToTarget,
  tableOptimum,
  type KnobMeasurement,
  type KnobSettings,
} from './knobTuning';
import { knobResult } from './knobView';

// One generated token and 5-token prompts: only the prefill (5 or 10 rows) is planned. Its
// projections take the register-blocked GEMM on the 'auto' path with f32 weights and the tiled
// kernels otherwise (the 'tiled' path; f16 weights on either path); on 'auto' the LM head's 1–2
// rows take the decode GEMV. So only a few linear pipelines compile (SwiftShader spends most of
// the test compiling).
const tiny: KnobSettings = { maxBatch: 2, prompt: 5, newTokens: 1, reps: 1, sloFactor: 50, seeds: 3 };

function context(gpu: RunContext['gpu'], signal = new AbortController().signal): RunContext & { messages: string[] } {
  const messages: string[] = [];
  return {
    files: {},
    gpu,
    rng: createRng(5),
    seed: 5,
    signal,
    progress: (_f, m) => void (m && messages.push(m)),
    messages,
  };
}

describe('tuning knobs of this GPU: pure parts', () => {
  it('the grid is batch (powers of two up to the largest) × kernel path × weight format', () => {
    expect(knobBatches(1)).toEqual([1]);
    expect(knobBatches(6)).toEqual([1, 2, 4, 6]);
    expect(knobGrid(4)).toHaveLength(3 * 2 * 2);
    const space = knobSpace(knobGrid(4));
    expect(space.dims).toBe(3);
    expect(Math.max(...space.coords)).toBe(1);
    expect(() => knobBatches(0)).toThrow(UserInputError);
  });

  it('optimum and samples to target follow the table and the SLO', () => {
    const grid: KnobMeasurement[] = [
      { latencyS: 1, perQueryS: 1 },
      { latencyS: 3, perQueryS: 0.5 }, // fastest per query but misses an SLO of 2
      { latencyS: 1.9, perQueryS: 0.6 },
      { latencyS: 1.5, perQueryS: 0.62 }, // within 5 % of 0.6
    ];
    expect(tableOptimum(grid, 2)).toBe(2);
    expect(tableOptimum(grid, 0.5)).toBe(-1);
    const trace = (order: number[]): SearchTrace => ({
      order,
      measured: order.map((i) => ({ energy: grid[i]!.perQueryS, latency: grid[i]!.latencyS })),
    });
    expect(samplesToTarget(trace([0, 1, 3, 2]), grid, 2, 2)).toBe(3);
    expect(samplesToTarget(trace([1, 0]), grid, 2, 2)).toBe(-1);
    expect(incumbents(trace([1, 0]), 2)).toEqual([-1, 0]);
  });
});

describe('tuning knobs of this GPU (dawn.node)', () => {
  const gpu = useNodeGpu();
  it('measures the grid, replays BO and random search over it, and runs BO live', async () => {
    const ctx = context(gpu());
    const k = await runKnobStudy(gpu(), tiny, ctx, createRng(9));
    expect(k.configs).toHaveLength(8);
    expect(k.grid.every((m) => m.latencyS > 0 && m.perQueryS > 0)).toBe(true);
    k.configs.forEach((c, i) => expect(k.grid[i]!.perQueryS).toBeCloseTo(k.grid[i]!.latencyS / c.batch, 12));
    expect(k.sloS).toBeCloseTo(tiny.sloFactor * k.referenceS, 12);
    expect(k.optimum).toBe(tableOptimum(k.grid, k.sloS));
    expect(k.seeds).toHaveLength(3);
    for (const s of k.seeds) {
      // Over the whole table both must get there at the latest when everything has been measured.
      expect(s.boHit).toBeGreaterThanOrEqual(1);
      expect(s.boHit).toBeLessThanOrEqual(8);
      expect(s.randomHit).toBeGreaterThanOrEqual(1);
      expect(new Set(s.bo.order).size).toBe(s.bo.order.length); // never measures a configuration twice
    }
    // The live run stops as soon as it reports a good configuration, or after the whole grid.
    expect(k.live.trace.order.length).toBeLessThanOrEqual(8);
    if (k.live.hit > 0) expect(k.live.trace.order.length).toBe(k.live.hit);
    expect(ctx.messages.some((m) => m.startsWith('measuring the grid'))).toBe(true);
    expect(ctx.messages.some((m) => m.startsWith('live Bayesian optimisation'))).toBe(true);

    const r = knobResult(k, 'SwiftShader (CPU emulation)', true);
    const grid = r.tables.find((t) => t.id === 'knob-grid')!;
    expect(grid.rows).toHaveLength(8);
    expect(grid.columns.find((c) => c.key === 'perQuery')!.provenance).toBe('measured');
    expect(grid.title).toMatch(/SwiftShader/);
    expect(r.tables.find((t) => t.id === 'knob-samples')!.rows.map((row) => row[0])).toEqual([
      'Bayesian optimisation',
      'random search',
      'Bayesian optimisation, live',
      'exhaustive grid',
    ]);
    expect(r.notices.join(' ')).toMatch(/CPU emulation/);
  }, 120_000);

  it('Cancel stops it', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(runKnobStudy(gpu(), tiny, context(gpu(), ac.signal), createRng(1))).rejects.toThrow(/abort/i);
  });
});
