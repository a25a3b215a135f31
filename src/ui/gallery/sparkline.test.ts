// Card miniatures: every registered experiment's first modeled chart gives marks inside the box,
// and the shapes stay few however large the table.
import { describe, expect, it } from 'vitest';
import { defaultValues } from '../../core/params';
import type { ChartSpec, Table } from '../../experiments/types';
import { experiments } from '../../experiments/registry';
import { presetValues } from '../../state/presets';
import { SPARK_H, SPARK_W, sparkline } from './sparkline';

const num = (key: string) => ({ key, label: key, type: 'number' as const, provenance: 'modeled' as const });
const str = (key: string) => ({ key, label: key, type: 'string' as const, provenance: 'modeled' as const });

function inBox(s: NonNullable<ReturnType<typeof sparkline>>): boolean {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const l of s.lines)
    for (const p of l.points.split(' ')) {
      const [x, y] = p.split(',').map(Number);
      xs.push(x!);
      ys.push(y!);
    }
  for (const d of s.dots) {
    xs.push(d.cx);
    ys.push(d.cy);
  }
  for (const r of s.rects) {
    xs.push(r.x, r.x + r.w);
    ys.push(r.y, r.y + r.h);
  }
  return xs.every((x) => x >= -0.1 && x <= SPARK_W + 0.1) && ys.every((y) => y >= -0.1 && y <= SPARK_H + 0.1);
}

describe('sparkline', () => {
  it.each(experiments.filter((e) => e.model).map((e) => [e.id, e] as const))('draws %s’s first chart', (_, exp) => {
    const preset = exp.presets[0];
    const result = exp.model!(preset ? presetValues(exp, preset) : defaultValues(exp.params));
    const spec = result.charts[0];
    if (!spec) return;
    const s = sparkline(
      spec,
      result.tables.find((t) => t.id === spec.table),
    );
    expect(s, spec.id).toBeDefined();
    expect(inBox(s!)).toBe(true);
  });

  it('maps a line’s extremes to the box edges, lowest value at the bottom', () => {
    const table: Table = {
      id: 't',
      title: 't',
      columns: [num('x'), num('y')],
      rows: [
        [1, 10],
        [2, 30],
        [3, 20],
      ],
    };
    const spec: ChartSpec = { id: 'c', title: 'c', kind: 'line', table: 't', x: 'x', y: 'y' };
    expect(sparkline(spec, table)!.lines[0]!.points).toBe(`2,${SPARK_H - 2} 60,2 118,${SPARK_H / 2}`);
  });

  it('keeps at most 60 points per line', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [i, Math.sin(i / 50)]);
    const table: Table = { id: 't', title: 't', columns: [num('x'), num('y')], rows };
    const spec: ChartSpec = { id: 'c', title: 'c', kind: 'line', table: 't', x: 'x', y: 'y' };
    const pts = sparkline(spec, table)!.lines[0]!.points.split(' ');
    expect(pts.length).toBeLessThanOrEqual(61);
    expect(pts.at(-1)!.startsWith('118,')).toBe(true);
  });

  it('draws bars from zero, one per category and series', () => {
    const table: Table = {
      id: 't',
      title: 't',
      columns: [str('c'), num('v'), str('s')],
      rows: [
        ['a', 1, 'p'],
        ['a', 2, 'q'],
        ['b', 4, 'p'],
      ],
    };
    const spec: ChartSpec = { id: 'c', title: 'c', kind: 'bar', table: 't', x: 'c', y: 'v', series: 's' };
    const { rects } = sparkline(spec, table)!;
    expect(rects).toHaveLength(3);
    expect(rects.every((r) => Math.abs(r.y + r.h - (SPARK_H - 2)) < 0.2)).toBe(true);
    expect(rects[2]!.h).toBeCloseTo(SPARK_H - 4, 0);
  });

  it('gives nothing for an empty table or one that does not fit the chart', () => {
    const spec: ChartSpec = { id: 'c', title: 'c', kind: 'line', table: 't', x: 'x', y: 'nope' };
    expect(sparkline(spec, { id: 't', title: 't', columns: [num('x')], rows: [] })).toBeUndefined();
    expect(sparkline(spec, { id: 't', title: 't', columns: [num('x')], rows: [[1]] })).toBeUndefined();
    expect(sparkline(spec, undefined)).toBeUndefined();
  });
});
