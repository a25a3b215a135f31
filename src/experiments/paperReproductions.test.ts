// Every registered experiment with a paper: each preset's modeled view returns reproductions whose
// verdicts are well formed, every claim that is off says why (the cause the app shows), and so does
// every agreement that is not an independent reproduction (calibrated, assumed workload, mechanism
// idle). An experiment whose presets claim nothing yet is listed as skipped, not failed.
import { describe, expect, it } from 'vitest';
import { judgeReproduction, type Reproduction } from '../core/reproduction';
import { experiments } from './registry';
import { modelExperiment } from './runner';

const withPaper = experiments.filter((e) => e.paper && e.model);

describe('paper reproductions of every experiment', () => {
  for (const exp of withPaper) {
    // Collected once per experiment: the reproductions of each preset (null: the model threw).
    const perPreset = exp.presets.map((preset) => {
      try {
        return { preset, reps: modelExperiment(exp, preset.values)?.reproductions ?? [], error: null };
      } catch (e) {
        return { preset, reps: [] as Reproduction[], error: e as Error };
      }
    });
    const claims = perPreset.reduce((n, p) => n + p.reps.length, 0);
    // An experiment whose presets claim nothing yet (and whose models all ran) is listed as skipped.
    const nothingYet = claims === 0 && perPreset.every((p) => !p.error);
    const title = nothingYet
      ? `${exp.id}: no preset reproduces a paper claim yet`
      : `${exp.id}: ${claims} claims over ${exp.presets.length} presets; each off or qualified claim names its cause`;
    it.skipIf(nothingYet)(title, () => {
      for (const { preset, reps, error } of perPreset) {
        expect(error, `${exp.id} · ${preset.id}`).toBeNull();
        expect(new Set(reps.map((r) => r.key)).size, `${preset.id}: keys unique`).toBe(reps.length);
        for (const r of reps) {
          const where = `${exp.id} · ${preset.id} · ${r.key}`;
          const { status } = judgeReproduction(r); // throws on a zero or non-finite paper value
          expect(Number.isFinite(r.ours), where).toBe(true);
          expect(r.where.length, where).toBeGreaterThan(0);
          expect(['measured', 'computed', 'modeled'], where).toContain(r.oursProvenance);
          // A stated band, not a blanket pass: a ±100 % tolerance would call any positive number within.
          expect(r.tolerance, `${where}: tolerance`).toBeLessThan(1);
          if (status === 'off')
            expect(r.cause?.trim().length ?? 0, `${where}: off without a cause`).toBeGreaterThan(20);
          else if ((r.basis ?? 'independent') !== 'independent')
            expect(r.cause?.trim().length ?? 0, `${where}: ${r.basis} agreement without a cause`).toBeGreaterThan(20);
        }
      }
    });
  }
});
