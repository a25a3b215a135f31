// Heat map: a cell per (x, y) category pair coloured by `value` on a sequential scale (viridis:
// perceptually uniform, readable in greyscale), with a colour bar giving the value range.
import { interpolateViridis, scaleSequential } from 'd3';
import type { ChartSpec, Table } from '../../../experiments/types';
import { drawAxes, type AnyAxisScale } from '../axes';
import { axisTitle, categories, findColumn, numberCell, textCell } from '../chartData';
import type { Frame } from '../frame';
import { formatValue } from '../format';
import { bandScale } from '../scales';
import { chartTheme } from '../theme';
import { describeCell } from '../tooltip';
import type { MarkResult } from './types';

export const COLOR_BAR_WIDTH = 90;

export function drawHeatmap(frame: Frame, spec: ChartSpec, table: Table): MarkResult {
  const xc = findColumn(table, spec.x, 'x');
  const yc = findColumn(table, spec.y, 'y');
  const vc = findColumn(table, spec.value, 'value');
  const { innerWidth: w, innerHeight: h } = frame;
  const cells: { x: string; y: string; v: number }[] = [];
  let dropped = 0;
  for (const row of table.rows) {
    const v = numberCell(row[vc.index]);
    const x = textCell(row[xc.index]);
    const y = textCell(row[yc.index]);
    if (v === null || x === '' || y === '') dropped++;
    else cells.push({ x, y, v });
  }
  const xScale = bandScale(categories(table, xc.index), [0, w], 0.04);
  const yScale = bandScale(categories(table, yc.index), [0, h], 0.04);
  const values = cells.map((c) => c.v);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) hi = lo + 1;
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  const color = scaleSequential(interpolateViridis).domain([lo, hi]);
  const x: AnyAxisScale = { kind: 'category', scale: xScale };
  const y: AnyAxisScale = { kind: 'category', scale: yScale };
  drawAxes(frame, x, y, axisTitle(spec.xLabel, xc.column), axisTitle(spec.yLabel, yc.column));
  const g = frame.plot.append('g');
  for (const c of cells) {
    g.append('rect')
      .attr('x', xScale(c.x) ?? 0)
      .attr('y', yScale(c.y) ?? 0)
      .attr('width', xScale.bandwidth())
      .attr('height', yScale.bandwidth())
      .attr('fill', color(c.v))
      .append('title')
      .text([describeCell(xc.column, c.x), describeCell(yc.column, c.y), describeCell(vc.column, c.v)].join('\n'));
  }
  drawColorBar(frame, lo, hi, vc.column.label, vc.column.unit);
  return { dropped, empty: cells.length === 0 };
}

function drawColorBar(frame: Frame, lo: number, hi: number, title: string, unit: string | undefined): void {
  const barH = Math.min(200, frame.innerHeight);
  const g = frame.svg
    .append('g')
    .attr('transform', `translate(${frame.width - COLOR_BAR_WIDTH + 14},${frame.margins.top})`);
  const steps = 10;
  for (let i = 0; i < steps; i++) {
    g.append('rect')
      .attr('y', (barH * i) / steps)
      .attr('width', 14)
      .attr('height', barH / steps + 0.5)
      .attr('fill', interpolateViridis(1 - i / (steps - 1)));
  }
  const label = (y: number, text: string) =>
    g
      .append('text')
      .attr('x', 20)
      .attr('y', y)
      .attr('fill', chartTheme.text)
      .attr('font-size', chartTheme.tickSize)
      .text(text);
  label(10, formatValue(hi));
  label(barH, formatValue(lo));
  // Label and unit on separate lines: the right margin is too narrow for "Throughput (GFLOP/s)".
  g.append('text')
    .attr('y', barH + 22)
    .attr('fill', chartTheme.mutedText)
    .attr('font-size', 11)
    .text(title);
  if (unit)
    g.append('text')
      .attr('y', barH + 36)
      .attr('fill', chartTheme.mutedText)
      .attr('font-size', 11)
      .text(unit);
}
