// Each paper preset states its energy-saving headline against the paper's table row; a row the
// model was calibrated on must not pass for an independent reproduction.
import { describe, expect, it } from 'vitest';
import { applyPreset } from '../../core/params';
import { judgeReproduction, verdictLabel } from '../../core/reproduction';
import { modelExperiment } from '../runner';
import { polythrottle } from './index';
import { PAPER } from './paperClaims';
import { VIOLATION_TOLERANCE } from './reproductions';

const run = (id: string) =>
  modelExperiment(
    polythrottle,
    applyPreset(
      polythrottle.params,
      polythrottle.presets.find((p) => p.id === id)!,
    ),
  )!;

describe('PolyThrottle reproductions', () => {
  it('each Table 2/3 preset carries exactly its row, with the paper value the table prints', () => {
    const cases = [
      ['orin-b0', PAPER.table3.b0.savedPct, 'Table 3'],
      ['orin-b7', PAPER.table3.b7.savedPct, 'Table 3'],
      ['tx2-b4', PAPER.table2.b4.savedPct, 'Table 2'],
      ['tx2-bert', PAPER.table2.bert.savedPct, 'Table 2'],
    ] as const;
    for (const [id, paper, where] of cases) {
      const reps = run(id).reproductions!;
      const saving = reps.filter((r) => r.key.startsWith('saving-'));
      expect(saving, id).toHaveLength(1);
      expect(saving[0]!.paper, id).toBe(paper);
      expect(saving[0]!.where, id).toBe(where);
      expect(saving[0]!.cause?.length, id).toBeGreaterThan(40);
    }
  });

  it('the calibrated B0 row lands within tolerance and says it is by construction', () => {
    const r = run('orin-b0').reproductions!.find((x) => x.key.startsWith('saving-'))!;
    expect(judgeReproduction(r).status).toBe('within');
    expect(r.cause).toMatch(/by construction/);
    expect(r.basis).toBe('calibrated');
    expect(verdictLabel(r)).not.toBe('Reproduced');
  });

  it('the predicted Orin B7 row is off and says it was predicted, not fitted', () => {
    const r = run('orin-b7').reproductions!.find((x) => x.key.startsWith('saving-'))!;
    expect(judgeReproduction(r).status).toBe('off');
    expect(r.cause).toMatch(/Predicted, not fitted/);
  });
});

describe('PolyThrottle scheduler reproductions (Tables 5–6)', () => {
  it('each fine-tuning preset carries the adaptive violation rate of every paper trace, with the printed value', () => {
    for (const [id, where] of [
      ['orin-b7', 'Table 5'],
      ['tx2-b4', 'Table 6'],
    ] as const) {
      const reps = run(id).reproductions!.filter((r) => r.key.startsWith('violations-adaptive-'));
      expect(
        reps.map((r) => r.key.split('-').pop()),
        id,
      ).toEqual(['uniform', 'poisson', 'bursty']);
      const printed = PAPER.violations[id];
      for (const r of reps) {
        const trace = r.key.split('-').pop() as keyof typeof printed;
        expect(r.paper, r.key).toBe(printed[trace][1]); // column order: greedy, adaptive, inference-only
        expect(r.where.startsWith(where), r.key).toBe(true);
        expect(r.oursProvenance).toBe('modeled');
        expect(r.tolerance).toBe(VIOLATION_TOLERANCE);
        if (judgeReproduction(r).status === 'off') expect(r.cause?.length, r.key).toBeGreaterThan(80);
      }
    }
  });

  it('the rate shown equals the adaptive row of the violations table', () => {
    const res = run('orin-b7');
    const t = res.tables.find((x) => x.id === 'slo-violations')!;
    for (const r of res.reproductions!.filter((x) => x.key.startsWith('violations-adaptive-'))) {
      const trace = r.key.split('-').pop();
      const row = t.rows.find((x) => x[0] === trace && x[2] === 'adaptive')!;
      expect(r.ours).toBe(row[3]);
    }
  });

  it('the causes name the model’s own load: Orin B7 saturated, TX2 B4 far from it', () => {
    const orin = run('orin-b7').reproductions!.find((r) => r.key === 'violations-adaptive-orin-b7-poisson')!;
    expect(judgeReproduction(orin).status).toBe('off');
    expect(orin.cause).toMatch(/busy with inference alone/);
    const tx2 = run('tx2-b4').reproductions!.find((r) => r.key === 'violations-adaptive-tx2-b4-poisson')!;
    expect(tx2.ours).toBe(0);
    expect(tx2.cause).toMatch(/no scheduler misses/);
  });

  it('moving the SLO away from the paper’s setting drops the records', () => {
    const p = applyPreset(
      polythrottle.params,
      polythrottle.presets.find((x) => x.id === 'orin-b7')!,
    );
    const reps = modelExperiment(polythrottle, { ...p, sloS: 0.9 })!.reproductions ?? [];
    expect(reps.some((r) => r.key.startsWith('violations-adaptive-'))).toBe(false);
  });
});
