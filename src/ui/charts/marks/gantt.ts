// Gantt chart for schedules (pipeline stages, overlapped transfers): one lane per distinct `y`,
// a bar from `x` (start) to `x2` (end), coloured by series (e.g. forward / backward / idle).
import type { ChartSpec, Table } from '../../../experiments/types';
import { drawAxes, type AnyAxisScale } from '../axes';
import { axisTitle, categories, findColumn, numberCell, seriesOf, textCell } from '../chartData';
import { colorOf } from '../colors';
import { addTitle, type Frame } from '../frame';
import type { HoverItem } from '../hoverModel';
import { drawRules, ruleValues, type Box } from '../rules';
import { bandScale, numericScale } from '../scales';
import { describeCell, tooltip } from '../tooltip';
import type { MarkResult } from './types';

export function drawGantt(frame: Frame, spec: ChartSpec, table: Table): MarkResult {
  const start = findColumn(table, spec.x, 'x (start)');
  const end = findColumn(table, spec.x2, 'x2 (end)');
  const lane = findColumn(table, spec.y, 'y (lane)');
  const series = seriesOf(table, spec);
  const { innerWidth: w, innerHeight: h } = frame;
  const spans: { s: number; e: number; lane: string; series: string }[] = [];
  let dropped = 0;
  table.rows.forEach((row, i) => {
    const s = numberCell(row[start.index]);
    const e = numberCell(row[end.index]);
    const l = textCell(row[lane.index]);
    if (s === null || e === null || l === '' || e < s) dropped++;
    else spans.push({ s, e, lane: l, series: series.byRow[i]! });
  });
  const xScale = numericScale([...spans.flatMap((p) => [p.s, p.e]), ...ruleValues(spec, 'x')], [0, w], {
    includeZero: true,
  });
  const yScale = bandScale(categories(table, lane.index), [0, h], 0.25);
  const x: AnyAxisScale = { kind: 'numeric', scale: xScale, log: false };
  const y: AnyAxisScale = { kind: 'category', scale: yScale };
  drawAxes(frame, x, y, axisTitle(spec.xLabel ?? 'Time', start.column), axisTitle(spec.yLabel, lane.column));
  const g = frame.plot.append('g');
  const obstacles: Box[] = [];
  const hover: HoverItem[] = [];
  for (const p of spans) {
    const width = Math.max(1, xScale(p.e) - xScale(p.s));
    const box = { x0: xScale(p.s), y0: yScale(p.lane) ?? 0, x1: xScale(p.s) + width, y1: 0 };
    box.y1 = box.y0 + yScale.bandwidth();
    obstacles.push(box);
    const color = colorOf(frame.colors, p.series);
    const rect = g
      .append('rect')
      .attr('x', box.x0)
      .attr('y', box.y0)
      .attr('width', width)
      .attr('height', yScale.bandwidth())
      .attr('rx', 2)
      // A background-coloured outline separates back-to-back spans of the same series; spans
      // only a few pixels wide skip it, or the outline would hide them.
      .attr('stroke', width > 4 ? frame.theme.background : 'none')
      .attr('fill', color);
    const lines = [describeCell(lane.column, p.lane), describeCell(start.column, p.s), describeCell(end.column, p.e)];
    addTitle(frame, rect, tooltip(p.series, lines));
    hover.push({
      x: (box.x0 + box.x1) / 2,
      y: box.y0,
      key: `${p.lane}|${p.s}`,
      header: p.series || p.lane,
      color,
      lines,
      box,
    });
  }
  drawRules(frame, spec, x, y, obstacles);
  return {
    dropped,
    empty: spans.length === 0,
    legend: spec.series
      ? series.names.map((name) => ({ name, color: colorOf(frame.colors, name), swatch: 'box' as const }))
      : undefined,
    hover: { mode: 'box', items: hover },
  };
}
