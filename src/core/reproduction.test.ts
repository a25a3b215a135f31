import { describe, expect, it } from 'vitest';
import { describeReproduction, judgeReproduction, verdictLabel, type Reproduction } from './reproduction';

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
