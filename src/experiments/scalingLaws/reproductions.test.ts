// The scaling-laws reproduction records: present for every paper preset, judged by the one rule
// in core, fits within their stated tolerances on the paper's own data, latency records only on
// the paper's setup, and every 'off' record carrying its cause.
import { describe, expect, it } from 'vitest';
import { describeReproduction, judgeReproduction, type ParamValues } from '../../core';
import { scalingLaws } from './index';
import { PAPER_FIT_STATS } from './paperClaims';

const defaults = (): ParamValues => Object.fromEntries(scalingLaws.params.map((p) => [p.key, p.default]));

describe('scaling-laws reproductions', () => {
  const presets = scalingLaws.presets!.filter((p) => p.id !== 'smallest');

  it('every paper preset reports the fit statistics and the Morph-1B latency records', () => {
    for (const preset of presets) {
      const r = scalingLaws.model!({ ...defaults(), ...preset.values });
      const keys = (r.reproductions ?? []).map((x) => x.key);
      expect(keys, preset.id).toEqual(
        expect.arrayContaining([
          'inferenceAwareMain-mse',
          'inferenceAwareMain-r2',
          'chinchillaMain-mse',
          'latency-ratio',
        ]),
      );
      for (const x of r.reproductions!) {
        expect(['computed', 'modeled']).toContain(x.oursProvenance);
        if (judgeReproduction(x).status === 'off') expect(x.cause, x.key).toBeTruthy();
      }
    }
  });

  it('the main fits land on the published MSE and R² within the stated tolerance', () => {
    const r = scalingLaws.model!(defaults());
    const byKey = new Map(r.reproductions!.map((x) => [x.key, x]));
    for (const k of ['inferenceAwareMain', 'chinchillaMain'] as const) {
      const mse = byKey.get(`${k}-mse`)!;
      const r2 = byKey.get(`${k}-r2`)!;
      expect(mse.paper).toBe(PAPER_FIT_STATS[k].mse);
      expect(r2.paper).toBe(PAPER_FIT_STATS[k].r2);
      expect(judgeReproduction(mse).status, describeReproduction(mse)).toBe('within');
      expect(judgeReproduction(r2).status, describeReproduction(r2)).toBe('within');
    }
    // The inference-aware law beats Chinchilla on both statistics, as the paper reports.
    expect(byKey.get('inferenceAwareMain-mse')!.ours).toBeLessThan(byKey.get('chinchillaMain-mse')!.ours);
  });

  it('latency records follow the per-layer cost and appear only for A100 at 256 tokens', () => {
    const base = { ...defaults(), targetGpu: 'a100-40gb', outputTokens: 256, perLayerSource: 'stated' };
    const ratio = (ms: number) =>
      scalingLaws.model!({ ...base, perLayerMs: ms }).reproductions!.find((x) => x.key === 'latency-ratio')!;
    // No per-layer cost: the ratio is the weight-byte ratio (Morph-1B reads more bytes: < 1).
    expect(ratio(0).ours).toBeLessThan(1);
    expect(ratio(0.8).ours).toBeGreaterThan(ratio(0.4).ours);
    expect(ratio(0.4).cause).toMatch(/per-layer cost of 0.4 ms/);
    const other = scalingLaws.model!({ ...base, outputTokens: 128 }).reproductions!;
    expect(other.some((x) => x.key.startsWith('latency'))).toBe(false);
  });
});
