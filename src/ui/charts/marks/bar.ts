// Bar chart: categorical x (numbers in x are treated as category labels, e.g. batch sizes),
// numeric y; with a series column the bars are grouped side by side within each category.
import type { ChartSpec, Table } from '../../../experiments/types';
import { drawAxes, type AnyAxisScale } from '../axes';
import { axisTitle, categories, findColumn, numberCell, seriesOf, textCell } from '../chartData';
import type { Frame } from '../frame';
import { drawRules, ruleValues } from '../rules';
import { bandScale, numericScale, plottable } from '../scales';
import { seriesColor } from '../theme';
import { describeCell, tooltip } from '../tooltip';
import type { MarkResult } from './types';

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
  const yScale = numericScale([...bars.map((b) => b.y), ...ruleValues(spec, 'y')], [h, 0], {
    log: spec.logY,
    includeZero: !spec.logY,
  });
  const x: AnyAxisScale = { kind: 'category', scale: outer };
  const y: AnyAxisScale = { kind: 'numeric', scale: yScale, log: Boolean(spec.logY) };
  drawAxes(frame, x, y, axisTitle(spec.xLabel, xc.column), axisTitle(spec.yLabel, yc.column));

  // Bars start at zero on linear axes and at the bottom of the domain on log axes.
  const base = spec.logY ? h : yScale(0);
  const g = frame.plot.append('g');
  for (const b of bars) {
    const top = yScale(b.y);
    g.append('rect')
      .attr('x', (outer(b.cat) ?? 0) + (inner(b.series) ?? 0))
      .attr('y', Math.min(top, base))
      .attr('width', inner.bandwidth())
      .attr('height', Math.abs(base - top))
      .attr('fill', seriesColor(series.names.indexOf(b.series)))
      .append('title')
      .text(tooltip(b.series, [describeCell(xc.column, b.cat), describeCell(yc.column, b.y)]));
  }
  drawRules(frame, spec, x, y);
  return { dropped, empty: bars.length === 0, legend: series.names };
}
