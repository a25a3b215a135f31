// Tests for predict–rank–select: constraints hold, the ranking is by the law's predicted loss,
// the latency limit changes the choice as the paper argues, and a realistic grid ranks fast.
import { describe, expect, it } from 'vitest';
import { PAPER_COEFFICIENTS, predictLoss } from './lawFit';
import { ffnHidden, ONE_B_POINTS, paramCount } from './paperData';
import { selectShapes } from './selection';
import type { CandidateGrid, SelectionBudget } from './selection';

const law = PAPER_COEFFICIENTS.inferenceAwareMain;

/**
 * Toy latency model for these tests only: per-layer cost a + b·(d/2048)² seconds, with a, b set so
 * that 2048×24 → 3.61 s and 3072×12 → 1.96 s (the Morph-1B README's A100 latencies; it then
 * gives 2560×16 → 2.50 s against the README's 2.57 s).
 */
const latency = (d: number, l: number) => l * (0.1401 + 0.01033 * (d / 2048) ** 2);

const grid: CandidateGrid = { dModelMin: 256, dModelMax: 8192, nLayersMin: 1, nLayersMax: 128 };
const budget = (maxLatency: number, maxParams = 1.67e9): SelectionBudget => ({
  maxParams,
  tokens: 28_991_029_248,
  maxLatency,
  latency,
});

describe('selectShapes', () => {
  it('keeps only shapes within N_C and T_C, with consistent shape fields, ranked by predicted loss', () => {
    const res = selectShapes(law, budget(2.6), grid);
    expect(res.ranked.length).toBeGreaterThan(100);
    expect(res.ranked.length + res.rejectedByParams + res.rejectedByLatency).toBe(res.enumerated);
    expect(res.rejectedByParams).toBeGreaterThan(0);
    expect(res.rejectedByLatency).toBeGreaterThan(0);
    const bad = res.ranked.filter((c, i) => {
      const want = predictLoss('inferenceAware', law, { params: c.params, tokens: 28_991_029_248, ratio: c.ratio });
      return !(
        c.rank === i + 1 &&
        c.params <= 1.67e9 &&
        c.params === paramCount(c.dModel, c.nLayers) &&
        c.latency <= 2.6 &&
        c.latency === latency(c.dModel, c.nLayers) &&
        c.dModel % 64 === 0 &&
        c.headDim === (c.dModel >= 2048 ? 128 : 64) &&
        c.nHeads * c.headDim === c.dModel &&
        c.ffn === ffnHidden(c.dModel) &&
        c.ratio === c.dModel / c.nLayers &&
        c.predictedLoss === want &&
        (i === 0 || c.predictedLoss >= res.ranked[i - 1]!.predictedLoss)
      );
    });
    expect(bad).toEqual([]);
  });

  it('the top shape is the brute-force argmin over the feasible grid', () => {
    let best = { loss: Infinity, d: 0, l: 0 };
    for (let d = 256; d <= 8192; d += 64) {
      if (d >= 2048 && d % 128 !== 0) continue;
      for (let l = 1; l <= 128; l++) {
        const n = paramCount(d, l);
        if (n > 1.67e9 || latency(d, l) > 2.6) continue;
        const loss = predictLoss('inferenceAware', law, { params: n, tokens: 28_991_029_248, ratio: d / l });
        if (loss < best.loss) best = { loss, d, l };
      }
    }
    const top = selectShapes(law, budget(2.6), grid).ranked[0]!;
    expect([top.dModel, top.nLayers]).toEqual([best.d, best.l]);
  });

  it('a latency limit trades depth for width: tighter T_C → fewer layers, higher predicted loss', () => {
    // Without a latency limit the law prefers deep, narrow shapes (small R).
    const free = selectShapes(law, budget(Infinity), grid).ranked[0]!;
    let prev = free;
    for (const t of [3.61, 2.6, 2.0, 1.0]) {
      const top = selectShapes(law, budget(t), grid).ranked[0]!;
      expect(top.nLayers).toBeLessThan(prev.nLayers);
      expect(top.predictedLoss).toBeGreaterThan(prev.predictedLoss);
      prev = top;
    }
    // With N_C just above Morph-1B's N and T_C = 2 s under the toy latency model above (fitted to
    // Morph-1B's own latency, so this is a consistency check, not an independent result), the
    // selection lands on the Morph-1B shape, 3072×12.
    const morph = selectShapes(law, budget(2.0), grid).ranked[0]!;
    expect([morph.dModel, morph.nLayers, morph.nHeads, morph.ffn]).toEqual([3072, 12, 24, 8192]);
  });

  it('ranks the paper’s four 1B shapes in the order of their measured losses', () => {
    const res = selectShapes(law, budget(Infinity, 1.7e9), { ...grid, dModelMin: 2048, dModelMax: 3072 });
    const order = res.ranked
      .filter((c) => ONE_B_POINTS.some((p) => p.dModel === c.dModel && p.nLayers === c.nLayers))
      .map((c) => `${c.dModel}x${c.nLayers}`);
    const measured = [...ONE_B_POINTS].sort((a, b) => a.loss - b.loss).map((p) => `${p.dModel}x${p.nLayers}`);
    expect(order).toEqual(measured); // 2048×24, 2560×16, 3072×12, 2816×12
  });

  it('minParams and a custom head width narrow the candidates', () => {
    const res = selectShapes(
      law,
      { ...budget(Infinity), minParams: 1.4e9 },
      { ...grid, dModelStep: 128, headDim: () => 128 },
    );
    expect(res.ranked.every((c) => c.params >= 1.4e9 && c.params <= 1.67e9 && c.headDim === 128)).toBe(true);
  });

  it('ranks a realistic grid (~10⁴ shapes) in under 100 ms', () => {
    selectShapes(law, budget(2.0), grid); // warm-up
    const t0 = performance.now();
    const res = selectShapes(law, budget(2.0), grid);
    const ms = performance.now() - t0;
    expect(res.enumerated).toBeGreaterThan(9000);
    expect(ms).toBeLessThan(100);
  });
});
