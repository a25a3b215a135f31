// Each paper preset states its energy-saving headline against the paper's table row; a row the
// model was calibrated on must not pass for an independent reproduction.
import { describe, expect, it } from 'vitest';
import { applyPreset } from '../../core/params';
import { judgeReproduction } from '../../core/reproduction';
import { modelExperiment } from '../runner';
import { polythrottle } from './index';
import { PAPER } from './paperClaims';

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
      expect(reps, id).toHaveLength(1);
      expect(reps[0]!.paper, id).toBe(paper);
      expect(reps[0]!.where, id).toBe(where);
      expect(reps[0]!.cause?.length, id).toBeGreaterThan(40);
    }
  });

  it('the calibrated B0 row lands within tolerance and says it is by construction', () => {
    const r = run('orin-b0').reproductions![0]!;
    expect(judgeReproduction(r).status).toBe('within');
    expect(r.cause).toMatch(/by construction/);
  });

  it('the predicted Orin B7 row is off and says it was predicted, not fitted', () => {
    const r = run('orin-b7').reproductions![0]!;
    expect(judgeReproduction(r).status).toBe('off');
    expect(r.cause).toMatch(/Predicted, not fitted/);
  });
});
