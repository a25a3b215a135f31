// Line and scatter charts share scales, axes and tooltips; they differ in whether points of a
// series are joined. Line charts always draw markers too, so a one-point series is visible.
import { line as d3line } from 'd3';
import type { ChartSpec, Table } from '../../../experiments/types';
import { drawAxes, type AnyAxisScale } from '../axes';
import { axisTitle } from '../chartData';
import type { Frame } from '../frame';
import { drawRules, ruleValues } from '../rules';
import { numericScale, pointScale } from '../scales';
import { seriesColor } from '../theme';
import { describeCell, tooltip } from '../tooltip';
import type { MarkResult } from './types';
import { xyPoints, type XYPoint } from './xyPoints';

export function drawXY(frame: Frame, spec: ChartSpec, table: Table, joined: boolean): MarkResult {
  const data = xyPoints(spec, table);
  const { innerWidth: w, innerHeight: h } = frame;
  const x: AnyAxisScale = data.xCategories
    ? { kind: 'category', scale: pointScale(data.xCategories, [0, w]) }
    : {
        kind: 'numeric',
        log: Boolean(spec.logX),
        scale: numericScale([...data.points.map((p) => p.x as number), ...ruleValues(spec, 'x')], [0, w], {
          log: spec.logX,
        }),
      };
  const y: AnyAxisScale = {
    kind: 'numeric',
    log: Boolean(spec.logY),
    scale: numericScale([...data.points.map((p) => p.y), ...ruleValues(spec, 'y')], [h, 0], { log: spec.logY }),
  };
  drawAxes(frame, x, y, axisTitle(spec.xLabel, data.xColumn), axisTitle(spec.yLabel, data.yColumn));
  const px = (p: XYPoint): number => (x.kind === 'numeric' ? x.scale(p.x as number) : (x.scale(p.x as string) ?? 0));
  const py = (p: XYPoint): number => y.scale(p.y);

  const marks = frame.plot.append('g');
  data.seriesNames.forEach((name, si) => {
    const color = seriesColor(si);
    const pts = data.points.filter((p) => p.series === name);
    if (joined && x.kind === 'numeric') pts.sort((a, b) => (a.x as number) - (b.x as number));
    const g = marks.append('g').attr('fill', color).attr('stroke', color);
    if (joined && pts.length > 1) {
      g.append('path').attr('fill', 'none').attr('stroke-width', 2.5).attr('d', d3line<XYPoint>(px, py)(pts));
    }
    // Dense series get smaller markers so the line stays readable; sparse ones stay easy to hover.
    const r = joined ? (pts.length > 24 ? 2.5 : 3.5) : 4.5;
    for (const p of pts) {
      g.append('circle')
        .attr('cx', px(p))
        .attr('cy', py(p))
        .attr('r', r)
        .attr('fill-opacity', joined ? 1 : 0.85)
        .attr('stroke', 'none')
        .append('title')
        .text(tooltip(name, [describeCell(data.xColumn, p.x), describeCell(data.yColumn, p.y)]));
    }
  });
  drawRules(frame, spec, x, y);
  return {
    dropped: data.dropped,
    empty: data.points.length === 0,
    legend: data.seriesNames,
  };
}
