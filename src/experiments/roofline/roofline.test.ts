// Roofline explorer: memory-bound below the ridge, the datasheet peak above it, and every preset valid.
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../runner';
import { roofline } from './index';
import { GPU_CATALOG } from '../../sim/hardware';

describe('roofline experiment', () => {
  it('reports memory-bound below the ridge and datasheet peak above it', async () => {
    const low = await runExperiment(roofline, { intensity: 1, gpuModel: 'a100-80gb', precision: 'fp32' });
    expect(low.metrics.find((m) => m.key === 'attainable')!.value).toBeCloseTo(2.039, 6); // 1 FLOP/B × 2039 GB/s
    expect(low.metrics.find((m) => m.key === 'bound')!.value).toBe('memory');
    const high = await runExperiment(roofline, {
      intensity: 5000,
      gpuModel: 'h100-sxm',
      precision: 'fp16-tensor',
      efficiency: 0.5,
    });
    expect(high.metrics.find((m) => m.key === 'attainable')!.value).toBeCloseTo(989 * 0.5, 6);
    expect(high.tables.find((t) => t.id === 'operating-point')!.rows).toHaveLength(GPU_CATALOG.length);
  });
  it('highlights the Target GPU in both charts, following the select', async () => {
    for (const gpuModel of ['a100-80gb', 'h100-sxm']) {
      const r = await runExperiment(roofline, { intensity: 10, gpuModel, precision: 'fp32' });
      const name = GPU_CATALOG.find((g) => g.id === gpuModel)!.name;
      expect(r.charts.map((c) => c.highlight)).toEqual([[name], [name]]);
      expect(r.charts[0]!.title).toContain(name);
      // The highlighted name is one of the roofline's series and one of the bars.
      expect(r.tables.find((t) => t.id === 'roofline')!.rows.some((row) => row[0] === name)).toBe(true);
    }
  });
  it('every preset is valid for the schema', async () => {
    for (const p of roofline.presets) await expect(runExperiment(roofline, p.values)).resolves.toBeTruthy();
  });
});
