// Comparing runs from several devices: measured metrics side by side, and the first measured chart
// redrawn with one series per device.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { experiments } from '../../experiments/registry';
import { parseResultsFile } from '../../state/resultsFile';
import { compareRuns, runLabels } from './compareRuns';

const text = readFileSync(
  new URL('../../state/__fixtures__/benchmarks.swiftshader.results.json', import.meta.url),
  'utf8',
);

/** The same real run as if from a second device, every time doubled. */
function secondDevice() {
  const doc = JSON.parse(text);
  doc.device.description = 'Other GPU';
  doc.device.vendor = 'nvidia';
  doc.device.architecture = 'hopper';
  doc.device.isFallbackAdapter = false;
  doc.device.isCpuEmulation = false;
  for (const m of doc.result.metrics) if (m.provenance === 'measured' && typeof m.value === 'number') m.value *= 2;
  return parseResultsFile({ name: 'other.json', text: JSON.stringify(doc), lastModified: 0 }, experiments);
}

describe('compareRuns', () => {
  const a = parseResultsFile({ name: 'a.json', text, lastModified: 0 }, experiments);
  const b = secondDevice();
  const runs = [
    { label: a.outcome.device, outcome: a.outcome },
    { label: b.outcome.device, outcome: b.outcome },
  ];

  it('puts each device in one row, a column per measured metric', () => {
    const { metrics } = compareRuns(runs);
    const measured = a.outcome.result.metrics.filter((m) => m.provenance === 'measured' && typeof m.value === 'number');
    expect(measured.length).toBeGreaterThan(0);
    expect(metrics!.columns.map((c) => c.key)).toEqual(['device', ...measured.map((m) => m.key)]);
    expect(metrics!.columns.every((c) => c.provenance === 'measured')).toBe(true);
    expect(metrics!.rows.map((r) => r[0])).toEqual([a.outcome.device, 'Other GPU (nvidia/hopper)']);
    measured.forEach((m, i) => {
      expect(metrics!.rows[0]![i + 1]).toBe(m.value);
      expect(metrics!.rows[1]![i + 1]).toBe((m.value as number) * 2);
    });
  });

  it('redraws the first measured chart with one series per device', () => {
    const { chart } = compareRuns(runs);
    expect(chart!.spec.series).toBe('run');
    const series = new Set(chart!.table.rows.map((r) => r[2]));
    expect([...series]).toEqual([a.outcome.device, 'Other GPU (nvidia/hopper)']);
    const roof = a.outcome.result.charts.find((c) => c.id === 'roof')!;
    expect(chart!.spec.title).toBe(`${roof.title}, by device`);
    const source = a.outcome.result.tables.find((t) => t.id === roof.table)!;
    // Bars fold the original series (implementation) into the category.
    expect(chart!.table.rows[0]![0]).toBe(`${source.rows[0]![0]} · ${source.rows[0]![2]}`);
    const y = source.columns.findIndex((c) => c.key === roof.y);
    const withValues = source.rows.filter((r) => typeof r[y] === 'number').length;
    expect(withValues).toBeGreaterThan(0);
    expect(chart!.table.rows.length).toBe(2 * withValues);
  });

  it('has nothing to compare in modeled-only runs', () => {
    const modeled = parseResultsFile(
      {
        name: 'r.json',
        text: readFileSync(new URL('../../state/__fixtures__/roofline.results.json', import.meta.url), 'utf8'),
        lastModified: 0,
      },
      experiments,
    );
    expect(
      compareRuns([
        { label: 'x', outcome: modeled.outcome },
        { label: 'y', outcome: modeled.outcome },
      ]),
    ).toEqual({
      metrics: undefined,
      chart: undefined,
    });
  });

  it('labels runs by device, adding the file only when devices repeat', () => {
    expect(
      runLabels([
        { device: 'A', source: 'a1.json' },
        { device: 'B', source: 'b.json' },
        { device: 'A', source: 'a2.json' },
      ]),
    ).toEqual(['A (a1.json)', 'B', 'A (a2.json)']);
  });
});
