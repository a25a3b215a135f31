// Bar chart: categorical x (numbers in x are treated as category labels, e.g. batch sizes),
// numeric y; with a series column the bars are grouped side by side within each category.
// Without one, a bar takes its category's series colour when it has one (a GPU named in the
// roofline beside it). On a log axis bars grow from the axis floor, a decade under the smallest
// bar, so a bar at 1 is as visible as any other.
import type { ChartSpec, Table } from '../../../experiments/types';
import { drawAxes, type AnyAxisScale } from '../axes';
import { axisTitle, categories, findColumn, numberCell, seriesOf, textCell } from '../chartData';
import { colorOf } from '../colors';
import { addTitle, type Frame } from '../frame';
import { formatValue } from '../format';
import type { HoverItem } from '../hoverModel';
import { drawRules, ruleValues, type Box } from '../rules';
import { bandScale, numericScale, plottable } from '../scales';
import { SERIES_PALETTE } from '../theme';
import { describeCell, tooltip } from '../tooltip';
import type { MarkResult } from './types';

/** The power of ten strictly below the smallest positive value. */
function logFloor(values: number[]): number[] {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return [];
  const min = Math.min(...positive);
  const floor = 10 ** Math.floor(Math.log10(min));
  return [floor < min * 0.999 ? floor : floor / 10];
}

export function drawBar(frame: Frame, spec: ChartSpec, table: Table): MarkResult {
  const xc = findColumn(table, spec.x, 'x');
  const yc = findColumn(table, spec.y, 'y');
  const series = seriesOf(table, spec);
  const { innerWidth: w, innerHeight: h } = frame;
  const bars: { cat: string; y: number; series: string }[] = [];
  let dropped = 0;
  table.rows.forEach((row, i) => {
    const y = numberCell(row[yc.index]);
    const cat = textCell(row[xc.index]);
    if (cat === '' || !plottable(y, spec.logY)) dropped++;
    else bars.push({ cat, y, series: series.byRow[i]! });
  });
  const outer = bandScale(categories(table, xc.index), [0, w], 0.2);
  const inner = bandScale(series.names, [0, outer.bandwidth()], 0.08);
  const values = [...bars.map((b) => b.y), ...ruleValues(spec, 'y')];
  const yScale = numericScale(spec.logY ? [...values, ...logFloor(values)] : values, [h, 0], {
    log: spec.logY,
    includeZero: !spec.logY,
  });
  const x: AnyAxisScale = { kind: 'category', scale: outer };
  const y: AnyAxisScale = { kind: 'numeric', scale: yScale, log: Boolean(spec.logY) };
  drawAxes(frame, x, y, axisTitle(spec.xLabel, xc.column), axisTitle(spec.yLabel, yc.column));

  const highlight = new Set(spec.highlight ?? []);
  const isStrong = (b: { cat: string; series: string }) => highlight.has(b.series) || highlight.has(b.cat);
  const dimOthers = bars.some(isStrong);
  const colorFor = (b: { cat: string; series: string }) =>
    spec.series ? colorOf(frame.colors, b.series) : (frame.colors.get(b.cat) ?? SERIES_PALETTE[0]);
  const base = spec.logY ? h : yScale(0);
  const g = frame.plot.append('g');
  const obstacles: Box[] = [];
  const hover: HoverItem[] = [];
  const unit = yc.column.unit ? ` ${yc.column.unit}` : '';
  for (const b of bars) {
    const top = yScale(b.y);
    const x0 = (outer(b.cat) ?? 0) + (inner(b.series) ?? 0);
    const box = { x0, y0: Math.min(top, base), x1: x0 + inner.bandwidth(), y1: Math.max(top, base) };
    obstacles.push(box);
    const strong = isStrong(b);
    const rect = g
      .append('rect')
      .attr('x', box.x0)
      .attr('y', box.y0)
      .attr('width', inner.bandwidth())
      .attr('height', box.y1 - box.y0)
      .attr('fill', colorFor(b))
      .attr('opacity', dimOthers && !strong ? 0.45 : null)
      .attr('stroke', strong ? frame.theme.text : null)
      .attr('stroke-width', strong ? 2 : null);
    addTitle(frame, rect, tooltip(b.series, [describeCell(xc.column, b.cat), describeCell(yc.column, b.y)]));
    hover.push({
      x: (outer(b.cat) ?? 0) + outer.bandwidth() / 2,
      y: box.y0,
      key: b.cat,
      header: describeCell(xc.column, b.cat),
      color: colorFor(b),
      lines: [`${b.series ? `${b.series}: ` : `${yc.column.label}: `}${formatValue(b.y)}${unit}`],
    });
  }
  drawRules(frame, spec, x, y, obstacles);
  return {
    dropped,
    empty: bars.length === 0,
    legend: spec.series
      ? series.names.map((name) => ({
          name,
          color: colorOf(frame.colors, name),
          swatch: 'box' as const,
          strong: highlight.has(name),
        }))
      : undefined,
    hover: { mode: 'x', items: hover },
  };
}
