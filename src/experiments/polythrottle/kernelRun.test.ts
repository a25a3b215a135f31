// The real run on dawn.node (SwiftShader in CI: CPU emulation, so the replay is tiny and nothing
// asserts on timings): every request is served and timed, the schedulers keep their rules, the
// predictor is fitted to the measurements, the training loss is finite, and the knob tuning measures
// its grid. Compiling the LLM engine's training pipelines dominates (the engine's own first training
// test spends ~45 s on it on a slow CPU; the knob tuning adds the f16 inference pipelines), hence
// the long timeout.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { runExperiment } from '../runner';
import { polythrottle } from './index';
import { realFeatures } from './kernelRun';

describe('PolyThrottle real run on this GPU (dawn.node)', () => {
  const gpu = useNodeGpu();
  it('replays requests beside training steps and fits the predictor to measured latency', async () => {
    const r = await runExperiment(
      polythrottle,
      {
        device: 'orin',
        workload: 'b0',
        seeds: 2,
        budget: 6,
        durationS: 5,
        realRequests: 4,
        realFtBatch: 1,
        maxBatch: 1,
        ftIterations: 1,
        knobMaxBatch: 1,
        knobNewTokens: 1,
        knobReps: 1,
      },
      { gpu: gpu() },
    );
    const t = r.tables.find((x) => x.id === 'real-schedulers')!;
    expect(t.rows.map((row) => row[0])).toEqual(['greedy', 'adaptive', 'inference-only']);
    for (const row of t.rows) {
      expect(row[1]).toBe(4); // every request served once
      expect(row[3] as number).toBeGreaterThan(0);
    }
    const steps = (p: string) => t.rows.find((row) => row[0] === p)![5] as number;
    expect(steps('inference-only')).toBe(0);
    expect(steps('greedy')).toBe(1); // greedy starts at once, and the cap is one step
    expect(Number.isFinite(t.rows.find((row) => row[0] === 'greedy')![6] as number)).toBe(true);
    const fit = r.tables.find((x) => x.id === 'real-predictor-fit')!;
    expect(fit.rows).toHaveLength(1); // inference batch 1 × training batch 1
    expect(fit.columns.find((c) => c.key === 'measured')!.provenance).toBe('measured');
    expect(r.tables.find((x) => x.id === 'real-predictor')!.rows.every((row) => (row[1] as number) >= 0)).toBe(true);
    // The knob tuning ran too: batch 1 × two kernel paths × two weight formats, measured.
    expect(r.tables.find((x) => x.id === 'knob-grid')!.rows).toHaveLength(4);
    expect(r.charts.some((c) => c.id === 'knob-best-so-far')).toBe(true);
  }, 300_000);
  it('features grow with the work on each side', () => {
    expect(realFeatures(2, 1)[1]).toBeCloseTo(2 * realFeatures(1, 1)[1]!, 12);
    expect(realFeatures(1, 4)[3]).toBeCloseTo(4 * realFeatures(1, 1)[3]!, 12);
  });
});
