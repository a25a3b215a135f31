// The experiment through the runner: a small Run (study, progress, cancel), the live view for every
// preset, chart specs that point at real columns, and clear refusals of bad input.
import { describe, expect, it } from 'vitest';
import { defaultValues } from '../../core/params';
import { modelExperiment, runExperiment } from '../runner';
import { UserInputError, type ParamValues, type RunResult } from '../types';
import { polythrottle } from './index';

const small = { device: 'orin', workload: 'b0', seeds: 3, budget: 8, durationS: 10 };
const metric = (r: RunResult, k: string) => r.metrics.find((m) => m.key === k)!.value as number;

function chartsPointAtColumns(r: RunResult): void {
  for (const c of r.charts) {
    const t = r.tables.find((x) => x.id === c.table);
    expect(t, c.id).toBeDefined();
    const keys = t!.columns.map((k) => k.key);
    for (const k of [c.x, c.y, c.x2, c.value, c.series].filter((v): v is string => !!v))
      expect(keys, `${c.id}.${k}`).toContain(k);
    expect(t!.rows.length, c.id).toBeGreaterThan(0);
  }
}

describe('PolyThrottle experiment', () => {
  it('a small Run returns the study, the device model and fine-tuning, reporting progress', async () => {
    const fractions: number[] = [];
    const r = await runExperiment(polythrottle, small, { onProgress: (f) => fractions.push(f) });
    for (const id of [
      'paper-vs-model',
      'search-cost',
      'search-vs-paper',
      'best-so-far',
      'trajectory',
      'slo-violations',
      'predictor',
    ])
      expect(r.tables.map((t) => t.id)).toContain(id);
    expect(metric(r, 'boMedian')).toBeGreaterThanOrEqual(1);
    expect(r.tables.find((t) => t.id === 'trajectory')!.rows).toHaveLength(8);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.length).toBeGreaterThanOrEqual(4);
    expect(r.metrics.filter((m) => m.primary)).toHaveLength(1);
    chartsPointAtColumns(r);
    // After the Run, the live view shows the cached search trajectory for the same problem.
    const live = modelExperiment(polythrottle, small)!;
    expect(live.tables.map((t) => t.id)).toContain('trajectory');
  });
  it('every preset gives a live view with finite metrics and one primary metric', () => {
    for (const p of polythrottle.presets) {
      const r = modelExperiment(polythrottle, p.values)!;
      expect(
        r.metrics.filter((m) => m.primary),
        p.id,
      ).toHaveLength(1);
      for (const m of r.metrics) expect(Number.isFinite(m.value as number), `${p.id} ${m.key}`).toBe(true);
      chartsPointAtColumns(r);
    }
  });
  it('paper columns carry paper provenance and hold numbers the paper prints (Table 5 for Orin B7)', () => {
    const r = modelExperiment(polythrottle, polythrottle.presets.find((p) => p.id === 'orin-b7')!.values)!;
    const t = r.tables.find((x) => x.id === 'slo-violations')!;
    const col = t.columns.findIndex((c) => c.key === 'paper');
    expect(t.columns[col]!.provenance).toBe('paper');
    expect(t.rows.map((row) => row[col])).toEqual([37.91, 2.08, 0.4, 60.41, 5.42, 1.67, 22.0, 5.8, 3.8]);
    // Outside the paper's two settings the paper column stays empty rather than borrowing numbers.
    const other = modelExperiment(polythrottle, { device: 'orin', workload: 'b0' })!.tables.find(
      (x) => x.id === 'slo-violations',
    )!;
    expect(other.rows.every((row) => row[col] === null)).toBe(true);
  });
  it('replays a trace file beside the generated traces, and refuses an empty one', async () => {
    const bytes = new TextEncoder().encode('arrival_s\n0.1\n0.4\n1.5\n2.0\n');
    const r = await runExperiment(
      polythrottle,
      { ...small, traceFile: 'mine.csv' },
      { files: { traceFile: { name: 'mine.csv', bytes } } },
    );
    expect(r.tables.find((t) => t.id === 'slo-violations')!.rows.some((row) => row[0] === 'your file')).toBe(true);
    await expect(
      runExperiment(
        polythrottle,
        { ...small, traceFile: 'e.csv' },
        { files: { traceFile: { name: 'e.csv', bytes: new Uint8Array() } } },
      ),
    ).rejects.toThrow(/arrival trace is empty/);
  });
  it('refuses an SLO ≤ 0, an unknown device and an unknown model with UserInputError', async () => {
    const bads: ParamValues[] = [
      { sloS: 0 },
      { sloS: -1 },
      { device: 'nano' },
      { workload: 'resnet50' },
      { sloFactor: 0 },
    ];
    for (const bad of bads)
      await expect(runExperiment(polythrottle, { ...small, ...bad }), JSON.stringify(bad)).rejects.toThrow(
        UserInputError,
      );
    expect(() => modelExperiment(polythrottle, { sloS: 0 })).toThrow(/Inference SLO/);
  });
  it('stops when cancelled', async () => {
    const ac = new AbortController();
    const run = runExperiment(
      polythrottle,
      { ...small, seeds: 50 },
      { signal: ac.signal, onProgress: (f) => f > 0.05 && ac.abort() },
    );
    await expect(run).rejects.toThrow(/abort/i);
  });
  it('defaults: Orin, B7, FP16, 50 seeds', () => {
    expect(defaultValues(polythrottle.params)).toMatchObject({
      device: 'orin',
      workload: 'b7',
      precision: 'fp16',
      seeds: 50,
    });
    expect(polythrottle.topic).toBe('Energy');
  });
});
