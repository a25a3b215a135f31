import { describe, expect, it } from 'vitest';
import { lineSpec, rooflineTable } from '../charts/__fixtures__/fixtures';
import { captionLines, chartProvenance } from './caption';

describe('export caption', () => {
  it('names the experiment, chart, parameters, provenance, device and version, wrapped', () => {
    const lines = captionLines(
      lineSpec,
      rooflineTable,
      {
        experiment: 'Roofline explorer',
        params: { intensity: 10, gpuModel: 'a100-80gb', precision: 'fp32', efficiency: 1 },
        seed: 7,
        device: 'NVIDIA H100',
        appVersion: '0.1.0',
        finishedAt: '2026-12-02T18:00:00.000Z',
      },
      40,
    );
    expect(lines[0]).toBe('Roofline explorer — Rooflines (f32)');
    const text = lines.join(' ');
    expect(text).toContain('intensity=10');
    expect(text).toContain('seed 7');
    expect(text).toContain('Attainable: modeled');
    expect(text).toContain('device: NVIDIA H100');
    expect(lines.at(-1)).toBe('MLSys Workbench 0.1.0 · 2026-12-02');
    for (const l of lines.slice(1, -1)) expect(l.length).toBeLessThanOrEqual(40);
    expect(chartProvenance(lineSpec, rooflineTable)).toBe('Attainable: modeled');
  });
});
