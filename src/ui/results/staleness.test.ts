import { describe, expect, it } from 'vitest';
import { modeledFake } from '../../state/testExperiments';
import { changedParams } from './staleness';

describe('changed parameters', () => {
  const values = { intensity: 10, layers: 12, model: 'a', fused: false };
  it('is empty when nothing moved', () => {
    expect(changedParams(modeledFake, { values, seed: 1 }, { ...values }, 1)).toEqual([]);
  });
  it('names each moved parameter with its unit, and the seed', () => {
    expect(changedParams(modeledFake, { values, seed: 1 }, { ...values, intensity: 2.5, fused: true }, 7)).toEqual([
      { label: 'Intensity', was: '10 FLOP/B', now: '2.5 FLOP/B' },
      { label: 'Fused', was: 'false', now: 'true' },
      { label: 'Seed', was: '1', now: '7' },
    ]);
  });
});
