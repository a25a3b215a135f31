// Constrained BO on the simulated Orin and TX2 against random search, plus the bookkeeping the
// study relies on: incumbents, hitting times, the random-search formulas, and refusals.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../types';
import { constrainedBo, incumbents, randomSearch } from './bo';
import { buildProblem, isGood } from './problem';
import { hitStats, randomSearchExpectation, runSeed, runStudy } from './study';

const orinB7 = buildProblem({ device: 'orin', workload: 'b7', precision: 'fp16', sloFactor: 2, noise: 0.03 });

describe('constrained Bayesian optimisation vs random search', () => {
  it('on Orin B7 reaches 5 % of the grid optimum in the paper’s 5–15 samples and beats random search', () => {
    const seeds = Array.from({ length: 8 }, (_, s) => runSeed(orinB7, createRng(100 + s), 25));
    const bo = hitStats(
      seeds.map((x) => x.boHit),
      25,
    );
    const rnd = hitStats(
      seeds.map((x) => x.randomHit),
      orinB7.space.size,
    );
    expect(bo.reached).toBe(1);
    expect(bo.median).toBeGreaterThanOrEqual(5);
    expect(bo.median).toBeLessThanOrEqual(15);
    expect(rnd.median / bo.median).toBeGreaterThan(2);
  });
  it('on the TX2 grid (5005 configurations) it also finds the target within the budget for most seeds', () => {
    const p = buildProblem({ device: 'tx2', workload: 'bert', precision: 'fp16', sloFactor: 1.5, noise: 0.03 });
    const hits = Array.from({ length: 4 }, (_, s) => runSeed(p, createRng(s), 25).boHit);
    expect(hits.filter((h) => h !== null).length).toBeGreaterThanOrEqual(3);
  });
  it('never measures a configuration twice, starts with 5 random ones, and reports only feasible incumbents', () => {
    const t = constrainedBo(orinB7.space, orinB7.measurer(createRng(1)), createRng(2), {
      slo: orinB7.sloMs,
      budget: 12,
    });
    expect(new Set(t.order).size).toBe(t.order.length);
    expect(t.order).toHaveLength(12);
    const inc = incumbents(t, orinB7.sloMs);
    inc.forEach((i, k) => {
      if (i >= 0) expect(t.measured[t.order.slice(0, k + 1).indexOf(i)]!.latency).toBeLessThanOrEqual(orinB7.sloMs);
    });
  });
  it('with no noise the exhaustive optimum is "good" and a 10 %-worse configuration is not', () => {
    expect(isGood(orinB7, orinB7.optimum)).toBe(true);
    const worse = Array.from(orinB7.energy).findIndex(
      (e, i) => orinB7.latency[i]! <= orinB7.sloMs && e > 1.1 * orinB7.energy[orinB7.optimum]!,
    );
    expect(isGood(orinB7, worse)).toBe(false);
  });
  it('random search without replacement visits distinct configurations', () => {
    const t = randomSearch(orinB7.space, orinB7.measurer(createRng(3)), 100, createRng(4), orinB7.sloMs);
    expect(new Set(t.order).size).toBe(100);
  });
  it('the paper’s random-search example: 10 good of 200 → 20 trials, σ 19.49', () => {
    const e = randomSearchExpectation(200, 10);
    expect(e.mean).toBeCloseTo(20, 9);
    expect(e.sd).toBeCloseTo(19.49, 2);
    expect(e.withoutReplacement).toBeCloseTo(201 / 11, 9);
  });
  it('refuses a non-positive SLO or budget, and an SLO no configuration meets', () => {
    const m = orinB7.measurer(createRng(1));
    expect(() => constrainedBo(orinB7.space, m, createRng(1), { slo: 0, budget: 5 })).toThrow(UserInputError);
    expect(() => randomSearch(orinB7.space, m, 0, createRng(1), 1)).toThrow(/budget/);
    expect(() => buildProblem({ ...orinB7.spec, sloFactor: 0 })).toThrow(/SLO factor must be positive/);
    expect(() => buildProblem({ ...orinB7.spec, sloFactor: 0.5 })).toThrow(/no configuration meets/);
  });
  it('the study stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(runStudy(orinB7, createRng(1), { seeds: 3, budget: 6, signal: ac.signal })).rejects.toThrow(/abort/i);
  });
});
