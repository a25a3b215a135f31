// The live view of the scaling-laws experiment: the fits to the paper's data reproduce its printed
// statistics, the latency model is the stated formula, selection honours N_C and T_C, the
// calibration is used only when it comes from a GPU, and every preset gives a finite view.
import { describe, expect, it } from 'vitest';
import { defaultValues } from '../../core/params';
import { findGpuModel } from '../../sim/hardware';
import { modelExperiment, runExperiment } from '../runner';
import type { RunResult, Table } from '../types';
import { scalingLaws } from './index';
import { decodeWeightBytes, modeledDecodeLatency, paperFits, perLayerCost, perLayerCostImplied } from './model';
import { PAPER_FIT_STATS, PAPER_LATENCY_S, SCRIPT_FIT_STATS } from './paperClaims';
import { paramCount, VOCAB_SIZE } from './paperData';

const defaults = defaultValues(scalingLaws.params);
const view = (values = {}, cal?: Record<string, number>) =>
  modelExperiment(scalingLaws, { ...defaults, ...values }, cal)!;
const table = (r: RunResult, id: string): Table => r.tables.find((t) => t.id === id)!;
const column = (t: Table, key: string) => t.rows.map((row) => row[t.columns.findIndex((c) => c.key === key)]);
const metric = (r: RunResult, key: string) => r.metrics.find((m) => m.key === key)!.value;
const a100 = findGpuModel('a100-40gb')!;

describe('law fits to the paper’s data (live)', () => {
  const fits = table(view(), 'law-fits');
  it('reproduce the printed test MSE and R² of all four fits, with paper columns beside them', () => {
    expect(column(fits, 'law')).toEqual(['Chinchilla', 'Inference-aware', 'Chinchilla', 'Inference-aware']);
    const keys = ['chinchillaMain', 'inferenceAwareMain', 'chinchilla20N', 'inferenceAware20N'] as const;
    const [mse, r2, paperMse, paperR2] = ['mse', 'r2', 'paperMse', 'paperR2'].map((k) => column(fits, k) as number[]);
    keys.forEach((k, i) => {
      // The authors' scripts print more digits than the paper: ours match those exactly…
      const dp = k.endsWith('Main') ? 6 : 4;
      expect(mse[i]!.toFixed(dp), k).toBe(SCRIPT_FIT_STATS[k].mse.toFixed(dp));
      expect(r2[i]!.toFixed(k.endsWith('Main') ? 5 : 4), k).toBe(
        SCRIPT_FIT_STATS[k].r2.toFixed(k.endsWith('Main') ? 5 : 4),
      );
      // …and the paper columns hold only what the paper prints (4 decimals).
      expect([paperMse[i], paperR2[i]]).toEqual([PAPER_FIT_STATS[k].mse, PAPER_FIT_STATS[k].r2]);
      if (k.endsWith('Main')) expect(mse[i]!.toFixed(4), k).toBe(PAPER_FIT_STATS[k].mse.toFixed(4));
    });
    expect(fits.columns.find((c) => c.key === 'mse')!.provenance).toBe('computed');
    expect(fits.columns.find((c) => c.key === 'paperMse')!.provenance).toBe('paper');
  });

  it('1B relative errors match the authors’ script and the paper’s printed ranges; Spearman −0.4 vs 1 within 1B', () => {
    const oneB = table(view(), 'law-1b');
    const round2 = (xs: unknown[]) => xs.map((x) => (x as number).toFixed(2));
    expect(round2(column(oneB, 'chErr'))).toEqual(round2(column(oneB, 'paperChErr')));
    expect(round2(column(oneB, 'iaErr'))).toEqual(round2(column(oneB, 'paperIaErr')));
    // The paper prints ranges only: Chinchilla 2.7–4.1 %, inference-aware below 1.2 %.
    for (const e of column(oneB, 'chErr') as number[]) expect(Math.round(e * 10) / 10).toBeGreaterThanOrEqual(2.7);
    expect(Math.max(...(column(oneB, 'chErr') as number[]))).toBeLessThan(4.15);
    expect(Math.max(...(column(oneB, 'iaErr') as number[]))).toBeLessThan(1.2);
    expect(oneB.columns.find((c) => c.key === 'paperIaErr')!.provenance).toBe('computed');
    const r = view();
    expect(metric(r, 'iaSpearman1B')).toBeCloseTo(1, 12);
    expect(metric(r, 'chSpearman1B')).toBeCloseTo(-0.4, 12);
    const rho = table(r, 'law-spearman');
    expect(column(rho, 'family')).toContain('1B');
    expect((column(rho, 'points') as number[]).every((n) => n >= 3)).toBe(true);
  });

  it('the scatter tables hold 76 points per law plus the y = x marks, and the fits are computed once', () => {
    const t = table(view(), 'law-predictions');
    const laws = column(t, 'law');
    expect(laws.filter((l) => l === 'Chinchilla')).toHaveLength(76);
    expect(laws.filter((l) => l === 'Inference-aware')).toHaveLength(76);
    const diag = t.rows.filter((row) => String(row[3]).startsWith('y = x'));
    expect(diag.length).toBeGreaterThan(5);
    for (const row of diag) expect(row[5]).toBe(row[6]);
    expect(paperFits()).toBe(paperFits());
    expect(view().tables[0]).toBe(view({ maxLatencyS: 3 }).tables[0]); // cached, not refitted per slider move
  });
});

describe('modeled decode latency', () => {
  it('is weight bytes / datasheet bandwidth + n_layers × per-layer cost, per output token', () => {
    const bytes = 2 * (paramCount(3072, 12) - VOCAB_SIZE * 3072 + 3072);
    expect(decodeWeightBytes(3072, 12)).toBe(bytes);
    const lat = modeledDecodeLatency(3072, 12, a100, 0.4, 256);
    expect(lat.weightMs).toBeCloseTo((bytes / 1555e9) * 1e3, 12);
    expect(lat.totalS).toBeCloseTo((256 * (lat.weightMs + 12 * 0.4)) / 1e3, 12);
    // The per-layer cost the paper's latency implies gives that latency back.
    const c = perLayerCostImplied(3072, 12, a100, PAPER_LATENCY_S.morph1b);
    expect(modeledDecodeLatency(3072, 12, a100, c).totalS).toBeCloseTo(PAPER_LATENCY_S.morph1b, 12);
  });

  it('the paper table compares Morph-1B with Open-LM-1B; deeper is slower at the same N', () => {
    const r = view();
    const t = table(r, 'latency-paper');
    expect(column(t, 'paperS')).toEqual([PAPER_LATENCY_S.openLm1b, PAPER_LATENCY_S.morph1b]);
    expect(metric(r, 'latencyRatio')).toBeGreaterThan(1.2);
    const depth = column(table(r, 'latency-depth'), 'totalS') as number[];
    for (let i = 1; i < depth.length; i++) expect(depth[i]).toBeGreaterThan(depth[i - 1]!);
  });

  it("uses a run's per-layer overhead only when it was measured on a GPU", () => {
    const p = { ...defaults };
    expect(perLayerCost(p, { decodeLayerOverheadMs: 0.05, latencyCpuEmulation: 0 }, []).ms).toBe(0.05);
    const notices: string[] = [];
    expect(perLayerCost(p, { decodeLayerOverheadMs: 5, latencyCpuEmulation: 1 }, notices).ms).toBe(0.4);
    expect(notices[0]).toMatch(/CPU emulation/);
    expect(perLayerCost({ ...p, perLayerSource: 'stated' }, { decodeLayerOverheadMs: 0.05 }, []).ms).toBe(0.4);
    const calibrated = view({}, { decodeLayerOverheadMs: 0.05, latencyCpuEmulation: 0 });
    expect(calibrated.metrics.find((m) => m.key === 'perLayerMs')!.provenance).toBe('measured');
    expect(metric(calibrated, 'perLayerMs')).toBe(0.05);
  });
});

describe('predict–rank–select (live)', () => {
  it('keeps only shapes within N_C and T_C, ranked by predicted loss, and places Morph-1B', () => {
    const r = view({ maxParamsM: 1700, maxLatencyS: 1.96 });
    const t = table(r, 'selection');
    const ranked = t.rows.filter((row) => row[8] === 'meets N_C and T_C' && !String(row[1]).includes('-1B'));
    expect(ranked.length).toBe(10);
    ranked.forEach((row, i) => {
      expect(row[0]).toBe(i + 1);
      expect(row[4] as number).toBeLessThanOrEqual(1700);
      expect(row[6] as number).toBeLessThanOrEqual(1.96);
      if (i) expect(row[7] as number).toBeGreaterThanOrEqual(ranked[i - 1]![7] as number);
    });
    const morph = t.rows.find((row) => String(row[1]).startsWith('Morph-1B'))!;
    expect(morph[0]).toBe(metric(r, 'morphRank'));
    expect(t.rows.find((row) => String(row[1]).startsWith('Open-LM-1B'))![8]).toBe('over T_C');
  });

  it('a tighter latency limit picks a shallower shape at a higher loss; an impossible one says so', () => {
    const sweep = table(view(), 'selection-sweep');
    const layers = column(sweep, 'nLayers') as number[];
    const loss = column(sweep, 'loss') as number[];
    for (let i = 1; i < layers.length; i++) {
      expect(layers[i]).toBeGreaterThanOrEqual(layers[i - 1]!);
      expect(loss[i]).toBeLessThanOrEqual(loss[i - 1]!);
    }
    const none = view({ maxLatencyS: 0.01 });
    expect(none.notices.some((n) => /No shape within N_C meets T_C/.test(n))).toBe(true);
    expect(metric(none, 'bestShape')).toBe('none');
  });
});

describe('presets and the run without a GPU', () => {
  it('every preset is valid and gives finite metrics with one primary', () => {
    for (const p of scalingLaws.presets) {
      const r = modelExperiment(scalingLaws, p.values)!;
      for (const m of r.metrics.filter((x) => typeof x.value === 'number'))
        expect(Number.isFinite(m.value), `${p.id} ${m.key}`).toBe(true);
      expect(
        r.metrics.filter((m) => m.primary),
        p.id,
      ).toHaveLength(1);
    }
  });

  it('family presets put the family’s baseline shape within N_C and T_C', () => {
    for (const id of ['80m', '313m', '1b']) {
      const r = modelExperiment(scalingLaws, scalingLaws.presets.find((p) => p.id === id)!.values)!;
      expect(column(table(r, 'selection'), 'rank')[0], id).toBe(1);
    }
  });

  it('without WebGPU the run returns the live view and says so', async () => {
    const r = await runExperiment(scalingLaws, {}, {});
    expect(r.notices[0]).toMatch(/No WebGPU/);
    expect(r.tables.map((t) => t.id)).toEqual(expect.arrayContaining(['law-fits', 'latency-paper', 'selection']));
  });
});
