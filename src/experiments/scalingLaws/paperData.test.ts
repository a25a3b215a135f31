// Checks the transcription of the paper's 76-point training-loss set (TABLES.md section 2, from
// the authors' fit_scaling_laws_shape.py): counts, fit sets, token budgets and the N formula.
import { describe, expect, it } from 'vitest';
import {
  ffnHidden,
  FIT_20N_POINTS,
  MAIN_FIT_POINTS,
  ONE_B_POINTS,
  PAPER_POINTS,
  PAPER_SHAPES,
  paramCount,
  TOKENS_20N,
  VOCAB_SIZE,
} from './paperData';

describe('paper data set', () => {
  it('has 35 shapes and 76 points: 35 at 20N (four 1B), 23 at 40N, 18 at 160N', () => {
    expect(PAPER_SHAPES).toHaveLength(35);
    expect(PAPER_POINTS).toHaveLength(76);
    const count = (b: string) => PAPER_POINTS.filter((p) => p.budget === b).length;
    expect([count('20N'), count('40N'), count('160N')]).toEqual([35, 23, 18]);
    expect(ONE_B_POINTS.map((p) => p.id)).toEqual(['1B_v1@20N', '1B_v3@20N', '1B_v6@20N', '1B_v8@20N']);
    expect(new Set(PAPER_POINTS.map((p) => p.id)).size).toBe(76);
  });

  it('main fit = 24 points at 20N (80M–313M families) + the three 80M points at 160N', () => {
    expect(MAIN_FIT_POINTS).toHaveLength(27);
    const at20 = MAIN_FIT_POINTS.filter((p) => p.budget === '20N');
    expect(at20).toHaveLength(24);
    expect(new Set(at20.map((p) => p.family))).toEqual(new Set(['80M', '116M', '164M', '237M', '313M']));
    expect(MAIN_FIT_POINTS.filter((p) => p.budget === '160N').map((p) => p.id)).toEqual([
      '80M_v1@160N',
      '80M_v4@160N',
      '80M_v5@160N',
    ]);
    expect(MAIN_FIT_POINTS.some((p) => p.budget === '40N')).toBe(false);
    expect(FIT_20N_POINTS.map((p) => p.id)).toEqual(at20.map((p) => p.id));
  });

  it('N formula reproduces every N of the script, and 512×8 → 78.9M', () => {
    for (const sh of PAPER_SHAPES) expect(paramCount(sh.dModel, sh.nLayers), sh.name).toBe(sh.params);
    expect(paramCount(512, 8)).toBe(78_914_048);
    expect((paramCount(512, 8) / 1e6).toFixed(1)).toBe('78.9');
    // Without the norm gains (2Ld + d) the count is 8,704 short of the script's.
    expect(8 * (4 * 512 ** 2 + 3 * 512 * 1536) + 2 * VOCAB_SIZE * 512).toBe(78_914_048 - 8_704);
    expect([ffnHidden(512), ffnHidden(2048), ffnHidden(3072)]).toEqual([1536, 5632, 8192]); // Morph-1B FFN 8192
  });

  it('token budgets: 40N and 160N are 2× and 8× the 20N count; 1B uses 28.991B', () => {
    for (const p of PAPER_POINTS) {
      const mult = { '20N': 1, '40N': 2, '160N': 8 }[p.budget];
      expect(p.tokens).toBe(TOKENS_20N[p.family] * mult);
      expect(p.ratio).toBe(p.dModel / p.nLayers);
    }
    expect(ONE_B_POINTS.every((p) => p.tokens === 28_991_029_248)).toBe(true);
    const byId = new Map(PAPER_POINTS.map((p) => [p.id, p]));
    expect(byId.get('80M_v1@160N')!.tokens).toBe(12_884_901_888);
    expect(byId.get('313M_v1@40N')!.tokens).toBe(12_348_030_976);
  });

  it('spot values and a checksum of all 76 losses match TABLES.md', () => {
    const byId = new Map(PAPER_POINTS.map((p) => [p.id, p.loss]));
    expect(byId.get('1B_v8@20N')).toBe(2.9198);
    expect(byId.get('126M_v1@160N')).toBe(3.4816);
    expect(byId.get('80M_v6@40N')).toBe(4.353);
    expect(byId.get('339M_v1@160N')).toBe(3.0522);
    const sum = PAPER_POINTS.reduce((s, p) => s + p.loss, 0);
    expect(sum).toBeCloseTo(295.8013, 9); // exact decimal sum of the script's 76 losses
  });
});
