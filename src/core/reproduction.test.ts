import { describe, expect, it } from 'vitest';
import {
  describeReproduction,
  deviationText,
  judgeReproduction,
  percentText,
  verdictLabel,
  type Reproduction,
} from './reproduction';

const base: Reproduction = {
  key: 'k',
  claim: 'Speedup',
  where: 'Table 3',
  paper: 45.85,
  ours: 40,
  unit: '×',
  oursProvenance: 'modeled',
  tolerance: 0.15,
};

describe('judgeReproduction', () => {
  it('is within when the relative deviation is at most the tolerance', () => {
    const v = judgeReproduction(base);
    expect(v.status).toBe('within');
    expect(v.deviation).toBeCloseTo((40 - 45.85) / 45.85, 12);
  });
  it('is off just past the tolerance, on either side', () => {
    expect(judgeReproduction({ ...base, ours: 45.85 * 0.84 }).status).toBe('off');
    expect(judgeReproduction({ ...base, ours: 45.85 * 1.16 }).status).toBe('off');
    expect(judgeReproduction({ ...base, ours: 45.85 * 1.14 }).status).toBe('within');
  });
  it('treats a non-finite value of ours as off', () => {
    expect(judgeReproduction({ ...base, ours: Number.NaN }).status).toBe('off');
  });
  it('refuses a zero paper value and a negative tolerance', () => {
    expect(() => judgeReproduction({ ...base, paper: 0 })).toThrow(/non-zero/);
    expect(() => judgeReproduction({ ...base, tolerance: -1 })).toThrow(/tolerance/);
  });
  it('describes the verdict with the cause only when off', () => {
    expect(describeReproduction(base)).toMatch(/within ±15 %/);
    const off = describeReproduction({ ...base, ours: 20, cause: 'smaller links' });
    expect(off).toMatch(/off by -56 % — smaller links/);
  });
});

describe('verdictLabel', () => {
  it('calls only independent agreement reproduced', () => {
    expect(verdictLabel(base)).toBe('Reproduced');
    expect(verdictLabel({ ...base, basis: 'calibrated' })).toMatch(/by construction/);
    expect(verdictLabel({ ...base, basis: 'degenerate' })).toMatch(/did not act/);
    expect(verdictLabel({ ...base, basis: 'assumed-workload' })).toMatch(/assumed workload/);
    expect(verdictLabel({ ...base, ours: 10, basis: 'calibrated' })).toBe('Not reproduced');
  });
  it('prints the cause of a non-independent agreement in the one-line description', () => {
    expect(describeReproduction({ ...base, basis: 'calibrated', cause: 'fitted here' })).toMatch(
      /within ±15 % \(agrees by construction.*— fitted here/,
    );
  });
});

describe('percent texts', () => {
  it('keep small bands visible and put an off deviation visibly beyond its band', () => {
    expect(percentText(0.15)).toBe('15 %');
    expect(percentText(0.004)).toBe('0.4 %');
    expect(percentText(0.0005)).toBe('0.05 %');
    expect(percentText(0.0125)).toBe('1.3 %');
    expect(deviationText(0.155, 0.15)).toBe('+16 %');
    expect(deviationText(0.1504, 0.15)).toBe('+15.04 %');
    expect(deviationText(-0.1504, 0.15)).toBe('-15.04 %');
    expect(deviationText(0.22, 0.15)).toBe('+22 %');
    expect(deviationText(Number.NaN, 0.15)).toBe('n/a');
  });
  it('in the one-line description: an R² band is not "±0 %", and +15.04 % is not "+15 %"', () => {
    expect(describeReproduction({ ...base, paper: 0.98, ours: 0.979, tolerance: 0.004 })).toMatch(/within ±0\.4 %$/);
    expect(describeReproduction({ ...base, paper: 100, ours: 115.04, cause: 'slower disk' })).toMatch(
      /off by \+15\.04 % — slower disk$/,
    );
  });
  it('describes a malformed record instead of throwing', () => {
    expect(describeReproduction({ ...base, paper: 0 })).toMatch(/: not comparable: .*non-zero paper value/);
  });
});
