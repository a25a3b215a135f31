// Fine-tuning beside inference: traces, NNLS against brute force and a known answer, the
// schedulers' invariants, and refusals of bad input.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../types';
import { buildDeviceModel } from './model';
import { DEVICES } from './devices';
import { runFinetune } from './finetune';
import { fitPredictor, inferenceLatency } from './interference';
import { nnls } from './nnls';
import { replay } from './scheduler';
import { generateTrace, parseTrace } from './traces';
import { findWorkload } from './workloads';

describe('arrival traces', () => {
  it('uniform is evenly spaced; Poisson and bursty keep the mean rate', () => {
    const u = generateTrace('uniform', 8, 30, createRng(1));
    expect(u).toHaveLength(240);
    expect(u[1]! - u[0]!).toBeCloseTo(1 / 8, 12);
    for (const kind of ['poisson', 'bursty'] as const) {
      const n = generateTrace(kind, 8, 2000, createRng(2)).length;
      expect(n / 2000, kind).toBeGreaterThan(7.2);
      expect(n / 2000, kind).toBeLessThan(8.8);
    }
  });
  it('bursty arrivals vary more than Poisson ones (per-second counts)', () => {
    const dispersion = (xs: number[]) => {
      const counts = new Array<number>(2000).fill(0);
      for (const x of xs) counts[Math.floor(x)]!++;
      const m = counts.reduce((a, b) => a + b, 0) / counts.length;
      return counts.reduce((a, b) => a + (b - m) ** 2, 0) / counts.length / m;
    };
    const p = dispersion(generateTrace('poisson', 8, 2000, createRng(3)));
    const b = dispersion(generateTrace('bursty', 8, 2000, createRng(3)));
    expect(p).toBeCloseTo(1, 0);
    expect(b).toBeGreaterThan(2 * p);
  });
  it('reads a trace file (header and extra columns skipped) and refuses empty traces', () => {
    expect(parseTrace('time_s,user\n0.5,a\n0.1,b\n\n2')).toEqual([0.1, 0.5, 2]);
    expect(() => parseTrace('time\n')).toThrow(UserInputError);
    expect(() => parseTrace('')).toThrow(/arrival trace is empty/);
    expect(() => parseTrace('-1')).toThrow(/≥ 0/);
    expect(() => generateTrace('uniform', 0.1, 1, createRng(1))).toThrow(/empty/);
    expect(() => generateTrace('poisson', 0, 10, createRng(1))).toThrow(/rate must be positive/);
  });
});

describe('non-negative least squares', () => {
  it('recovers non-negative coefficients exactly and clamps what least squares would make negative', () => {
    const A = [
      [1, 0, 1],
      [1, 1, 0],
      [1, 2, 1],
      [1, 3, 0],
    ];
    const x = [0.5, 2, 1];
    expect(
      nnls(
        A,
        A.map((r) => r.reduce((s, v, j) => s + v * x[j]!, 0)),
      ).map((v) => +v.toFixed(9)),
    ).toEqual(x);
    // b decreasing in column 2: unconstrained slope < 0, NNLS sets it to 0.
    const B = [
      [1, 0],
      [1, 1],
      [1, 2],
    ];
    const sol = nnls(B, [3, 2, 1]);
    expect(sol[1]).toBe(0);
    expect(sol[0]).toBeCloseTo(2, 9);
  });
  it('matches a brute-force search over active sets on a random problem', () => {
    const r = createRng(5);
    const A = Array.from({ length: 12 }, () => Array.from({ length: 4 }, () => r.uniform(-1, 1)));
    const b = Array.from({ length: 12 }, () => r.uniform(-1, 1));
    const resid = (x: number[]) =>
      b.reduce((s, bi, i) => s + (bi - A[i]!.reduce((t, a, j) => t + a * x[j]!, 0)) ** 2, 0);
    const x = nnls(A, b);
    expect(x.every((v) => v >= 0)).toBe(true);
    // Coordinate search from the solution finds nothing better.
    for (let j = 0; j < 4; j++)
      for (const d of [1e-3, -1e-3]) {
        const y = [...x];
        y[j] = Math.max(0, y[j]! + d);
        expect(resid(y)).toBeGreaterThanOrEqual(resid(x) - 1e-12);
      }
  });
});

describe('schedulers on the simulated Orin, EfficientNet-B7 (Table 5 setting)', () => {
  const m = buildDeviceModel(DEVICES.orin, findWorkload('b7'), 'fp16');
  const clocks = { gpu: 12, mem: 3 };
  const s = { sloS: 0.7, maxBatch: 8, ftBatch: 64, ftIterations: 10 };
  const predictor = fitPredictor(m, clocks, 0.03, createRng(1));
  const arrivals = generateTrace('poisson', 8, 30, createRng(9));
  const run = (p: 'greedy' | 'adaptive' | 'inference-only') => replay(m, clocks, arrivals, p, s, predictor);
  it('the predictor fits the profiled co-located latency within a few percent', () => {
    expect(predictor.mapePct).toBeLessThan(6);
    expect(predictor.theta.every((t) => t >= 0)).toBe(true);
    expect(predictor.predict(4, 64)).toBeCloseTo(inferenceLatency(m, clocks, 4, true), 1);
  });
  it('every request is served once; greedy and adaptive finish all fine-tuning; inference-only none', () => {
    for (const p of ['greedy', 'adaptive', 'inference-only'] as const) {
      const r = run(p);
      expect(r.latencies, p).toHaveLength(arrivals.length);
      expect(r.latencies.every((l) => l > 0)).toBe(true);
      expect(r.ftDone, p).toBe(p === 'inference-only' ? 0 : 10);
    }
  });
  it('adaptive violates the SLO no more often than greedy; inference-only least', () => {
    const g = run('greedy').violationPct;
    const a = run('adaptive').violationPct;
    const i = run('inference-only').violationPct;
    expect(a).toBeLessThanOrEqual(g);
    expect(i).toBeLessThanOrEqual(a);
    expect(g).toBeGreaterThan(20);
  });
  it("PolyThrottle's clocks do the same work for less energy than the default clocks", () => {
    const f = runFinetune(m, s, 8, 30, 0.03, createRng(4));
    for (const r of f.runs) {
      expect(r.byPolicy.adaptive.ftDone).toBe(r.adaptiveDefault.ftDone);
      expect(r.byPolicy.adaptive.energyJ).toBeLessThan(r.adaptiveDefault.energyJ);
    }
  });
  it('refuses an SLO ≤ 0, an empty trace, and adaptive scheduling without a predictor', () => {
    expect(() => replay(m, clocks, arrivals, 'greedy', { ...s, sloS: 0 })).toThrow(/SLO must be positive/);
    expect(() => replay(m, clocks, [], 'greedy', s)).toThrow(/empty/);
    expect(() => replay(m, clocks, arrivals, 'adaptive', s)).toThrow(UserInputError);
  });
});
