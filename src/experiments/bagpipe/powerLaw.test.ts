// The generator's power law: probabilities sum to one, the sampler follows them, the threshold
// counts and the pooled top-share agree with brute force, calibration hits its target, and the
// grouped rows used by the closed forms sum like the rows one by one.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { CRITEO_KAGGLE } from './datasets';
import { calibrateExponent, gTotalOf, rankCdf, rankPmf, ranksAbove, rowGroups, sampleRank, topShare } from './powerLaw';

describe('power-law table popularity', () => {
  it('the pmf sums to one and matches the cdf, for s below, at and above 1', () => {
    for (const s of [0, 0.5, 1, 1 + 1e-12, 1.7]) {
      const n = 1000;
      let sum = 0;
      for (let k = 0; k < n; k++) {
        sum += rankPmf(k, n, s);
        expect(sum).toBeCloseTo(rankCdf(k + 1, n, s), 12);
      }
      expect(sum).toBeCloseTo(1, 12);
      if (s > 0) expect(rankPmf(0, n, s)).toBeGreaterThan(rankPmf(1, n, s));
    }
  });

  it('the sampler draws ranks with the pmf (χ² on 20 000 draws)', () => {
    const n = 12;
    const s = 1.1;
    const rng = createRng(3);
    const counts = new Array(n).fill(0);
    const draws = 20_000;
    for (let i = 0; i < draws; i++) counts[sampleRank(rng.nextFloat(), n, s, gTotalOf(n, s))]++;
    let chi2 = 0;
    for (let k = 0; k < n; k++) {
      const e = draws * rankPmf(k, n, s);
      chi2 += (counts[k] - e) ** 2 / e;
    }
    expect(chi2).toBeLessThan(35); // 11 degrees of freedom: p ≈ 2e-4 at 35
  });

  it('ranksAbove counts the ranks above a threshold exactly', () => {
    for (const [n, s] of [
      [50, 0.8],
      [5000, 1.2],
      [777, 2],
    ] as const) {
      for (const tau of [1e-6, 1e-4, 1e-3, 0.01, 0.2]) {
        let brute = 0;
        for (let k = 0; k < n; k++) if (rankPmf(k, n, s) > tau) brute++;
        expect(ranksAbove(tau, n, s)).toBe(brute);
      }
    }
  });

  it('the pooled top share equals a brute-force sort of every row', () => {
    const tables = [3, 40, 250, 1000];
    for (const s of [0, 0.7, 1.3]) {
      const all: number[] = [];
      for (const n of tables) for (let k = 0; k < n; k++) all.push(rankPmf(k, n, s) / tables.length);
      all.sort((a, b) => b - a);
      for (const f of [0.01, 0.1, 0.5]) {
        const m = f * all.length;
        let share = 0;
        for (let i = 0; i < Math.floor(m); i++) share += all[i]!;
        share += (m - Math.floor(m)) * (all[Math.floor(m)] ?? 0);
        expect(topShare(tables, s, f)).toBeCloseTo(share, 3);
      }
    }
  });

  it("calibration solves the exponent for the paper's 92 % on Criteo; uniform gives 78 %", () => {
    expect(topShare(CRITEO_KAGGLE.tables, 0, 0.01)).toBeCloseTo(0.7766, 3);
    const s = calibrateExponent(CRITEO_KAGGLE.tables, 0.01, 0.92)!;
    expect(s).toBeGreaterThan(0.5);
    expect(topShare(CRITEO_KAGGLE.tables, s, 0.01)).toBeCloseTo(0.92, 6);
    expect(calibrateExponent(CRITEO_KAGGLE.tables, 0.01, 0.5)).toBe(0);
    expect(calibrateExponent([5, 5], 0.01, 0.999)).toBeNull();
  });

  it('grouped rows sum smooth functions of p like the rows one by one (within 1e-3)', () => {
    const tables = [100_000, 20_000, 7];
    const s = 0.99;
    const g = rowGroups(tables, s);
    expect(g.p.length).toBeLessThan(2000);
    const f = (p: number) => 1 - (1 - p) ** 3000; // presence in a batch of 3000 examples
    let exact = 0;
    for (const n of tables) for (let k = 0; k < n; k++) exact += f(rankPmf(k, n, s));
    let grouped = 0;
    let rows = 0;
    for (let i = 0; i < g.p.length; i++) {
      grouped += g.count[i]! * f(g.p[i]!);
      rows += g.count[i]!;
    }
    expect(rows).toBe(120_007);
    expect(Math.abs(grouped - exact) / exact).toBeLessThan(1e-3);
  });
});
