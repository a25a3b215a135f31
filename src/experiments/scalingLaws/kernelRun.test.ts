// The real run on dawn.node with the smallest settings: decode latency of two shapes of a family,
// a grid of two tiny models trained on the corpus (loss falls), both laws fitted, the calibration
// handed to the live view; and Cancel stopping training between steps. No timings are asserted.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { runExperiment } from '../runner';
import type { RunResult } from '../types';
import { scalingLaws } from './index';

const smallest = scalingLaws.presets.find((p) => p.id === 'smallest')!.values;
const table = (r: RunResult, id: string) => r.tables.find((t) => t.id === id);

describe('scaling laws: real run (dawn.node)', () => {
  const gpu = useNodeGpu();

  it('smallest settings: latency tables, a training grid whose loss falls, fits, calibration', async () => {
    const messages: string[] = [];
    const r = await runExperiment(scalingLaws, smallest, { gpu: gpu(), onProgress: (_f, m) => m && messages.push(m) });
    for (const id of [
      'measured-latency',
      'measured-breakdown',
      'grid-points',
      'grid-fits',
      'grid-curves',
      'law-fits',
      'selection',
    ])
      expect(table(r, id), id).toBeDefined();
    const latency = table(r, 'measured-latency')!;
    expect(latency.rows).toHaveLength(2);
    expect(latency.columns.find((c) => c.key === 'stepMs')!.provenance).toBe('measured');
    for (const row of latency.rows) expect(row[6] as number).toBeGreaterThan(0);
    expect(table(r, 'measured-breakdown')!.rows).toHaveLength(2 * 6);

    const curves = table(r, 'grid-curves')!;
    const byShape = new Map<string, number[]>();
    for (const [shape, , loss] of curves.rows)
      byShape.set(String(shape), [...(byShape.get(String(shape)) ?? []), loss as number]);
    expect(byShape.size).toBe(2);
    for (const [shape, losses] of byShape) {
      expect(losses, shape).toHaveLength(6);
      expect(losses.at(-1)!, shape).toBeLessThan(losses[0]!);
    }
    const points = table(r, 'grid-points')!;
    expect(points.rows).toHaveLength(4); // 2 shapes × 2 budgets
    expect(points.columns.find((c) => c.key === 'valLoss')!.provenance).toBe('measured');
    expect(points.columns.find((c) => c.key === 'chinchilla')!.provenance).toBe('computed');
    const fraction = r.metrics.find((m) => m.key === 'decodeBandwidthFraction')!;
    expect(fraction.provenance).toBe('measured');
    expect(fraction.note).toMatch(/weight bytes read per token ÷ measured decode step time\) ÷ probed copy bandwidth/);
    expect(fraction.note).toMatch(/context length 4, f32 weights/); // the smallest preset's context
    if (gpu().isCpuEmulation) expect(fraction.label).toMatch(/CPU emulation/);
    for (const key of ['gridFirstLoss', 'gridLastLoss', 'gridBetterLaw', 'copyGBs', 'sameNLatencyRatio'])
      expect(
        r.metrics.some((m) => m.key === key),
        key,
      ).toBe(true);
    expect(r.notices.some((n) => /too few/.test(n))).toBe(true); // 4 points for 5 parameters

    expect(r.checks.length).toBeGreaterThan(0);
    for (const c of r.checks) expect(c.passed, c.name).toBe(true);
    expect(r.calibration?.copyGBs).toBeGreaterThan(0);
    if (gpu().isCpuEmulation) {
      expect(r.notices[0]).toMatch(/CPU emulation/);
      expect(r.calibration?.latencyCpuEmulation).toBe(1);
      expect(r.metrics.find((m) => m.key === 'perLayerMs')!.provenance).toBe('modeled');
    }
    expect(messages.some((m) => m.startsWith('training'))).toBe(true);
  }, 180_000); // ~25 s on SwiftShader with 2 idle cores, most of it compiling the training pipelines

  it('Cancel stops training before the next step', async () => {
    const controller = new AbortController();
    const after: string[] = [];
    const run = runExperiment(
      scalingLaws,
      { ...smallest, runParts: 'training' },
      {
        gpu: gpu(),
        signal: controller.signal,
        onProgress: (_f, m) => {
          if (controller.signal.aborted) after.push(m ?? '');
          else if (m?.includes('step 1/')) controller.abort();
        },
      },
    );
    await expect(run).rejects.toThrow(/abort/i);
    expect(after).toEqual([]);
  }, 120_000);
});
