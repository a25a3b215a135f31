// Line and scatter charts share scales, axes and tooltips; they differ in whether points of a
// series are joined. Lines get markers only when sparse (or a single point), so dense curves stay
// clean; a line that would hide under an earlier one (same values) is dashed and drawn on top.
import { line as d3line } from 'd3';
import type { ChartSpec, Table } from '../../../experiments/types';
import { drawAxes, type AnyAxisScale } from '../axes';
import { axisTitle } from '../chartData';
import { colorOf } from '../colors';
import { addTitle, type Frame } from '../frame';
import { formatValue } from '../format';
import type { HoverItem } from '../hoverModel';
import type { LegendItem } from '../legend';
import { drawRules, ruleValues, type Box } from '../rules';
import { numericScale, pointScale } from '../scales';
import { DASHES } from '../theme';
import { describeCell, tooltip } from '../tooltip';
import type { MarkResult } from './types';
import { xyPoints, type XYPoint } from './xyPoints';

/** Pixel points of one series, sorted by x. */
type Path = { x: number; y: number }[];

/** y of a polyline at pixel x (linear between its points), or null outside its x range. */
function yAt(path: Path, x: number): number | null {
  if (path.length === 0 || x < path[0]!.x - 0.5 || x > path[path.length - 1]!.x + 0.5) return null;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    if (x <= b.x + 0.5) return b.x === a.x ? b.y : a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
  }
  return path[0]!.y;
}

/** True when most of `path` runs within 2.5 px of `under` (the later line would hide it). */
function hides(path: Path, under: Path): boolean {
  if (path.length < 2) return false;
  let close = 0;
  for (const p of path) {
    const y = yAt(under, p.x);
    if (y !== null && Math.abs(y - p.y) < 2.5) close++;
  }
  return close / path.length >= 0.5;
}

/** Points along a polyline every ~8 px, as small boxes for rule-label placement. */
function sampleBoxes(path: Path): Box[] {
  const out: Box[] = [];
  const box = (x: number, y: number) => out.push({ x0: x - 2, y0: y - 2, x1: x + 2, y1: y + 2 });
  path.forEach((p, i) => {
    box(p.x, p.y);
    const q = path[i + 1];
    if (!q) return;
    const n = Math.floor(Math.hypot(q.x - p.x, q.y - p.y) / 8);
    for (let k = 1; k < n; k++) box(p.x + ((q.x - p.x) * k) / n, p.y + ((q.y - p.y) * k) / n);
  });
  return out;
}

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

  const highlight = new Set(spec.highlight ?? []);
  const dimOthers = data.seriesNames.some((n) => highlight.has(n));
  const series = data.seriesNames.map((name) => {
    const pts = data.points.filter((p) => p.series === name);
    if (joined && x.kind === 'numeric') pts.sort((a, b) => (a.x as number) - (b.x as number));
    const path = pts.map((p) => ({ x: px(p), y: py(p) }));
    return { name, pts, path, color: colorOf(frame.colors, name), dash: '', strong: highlight.has(name) };
  });
  // Dash a line that an earlier one would hide, each with its own pattern.
  let dashed = 0;
  if (joined) {
    series.forEach((s, i) => {
      if (series.slice(0, i).some((t) => hides(s.path, t.path))) s.dash = DASHES[1 + (dashed++ % (DASHES.length - 1))]!;
    });
  }
  // Draw order: plain lines, then dashed ones (so the gaps show what is underneath), then the
  // highlighted series on top of everything.
  const order = [...series].sort((a, b) => Number(a.strong) - Number(b.strong) || Number(!!a.dash) - Number(!!b.dash));

  const marks = frame.plot.append('g');
  const obstacles: Box[] = [];
  const hover: (HoverItem & { series: string })[] = [];
  for (const s of order) {
    const g = marks
      .append('g')
      .attr('fill', s.color)
      .attr('stroke', s.color)
      .attr('opacity', dimOthers && !s.strong ? 0.5 : null);
    if (joined && s.pts.length > 1) {
      g.append('path')
        .attr('fill', 'none')
        .attr('stroke-width', s.strong ? 4 : 2.5)
        .attr('stroke-dasharray', s.dash || null)
        .attr('stroke-linejoin', 'round')
        .attr('d', d3line<XYPoint>(px, py)(s.pts));
      obstacles.push(...sampleBoxes(s.path));
    }
    // Markers where they carry information: scatter points, single points, sparse lines.
    const spacing = s.path.length > 1 ? Math.abs(s.path[s.path.length - 1]!.x - s.path[0]!.x) / (s.path.length - 1) : 0;
    const markers = !joined || s.pts.length === 1 || s.pts.length <= 12 || spacing >= 24;
    // Markers grow with the type (slides), so a lone point is visible from the back of a room.
    const r = (joined ? (s.strong ? 5 : 4) : 4.5) * Math.max(1, frame.theme.tickSize / 14);
    s.pts.forEach((p, i) => {
      const at = s.path[i]!;
      const yText = `${formatValue(p.y)}${data.yColumn.unit ? ` ${data.yColumn.unit}` : ''}`;
      hover.push({
        series: s.name,
        x: at.x,
        y: at.y,
        key: String(p.x),
        header: joined ? describeCell(data.xColumn, p.x) : s.name || describeCell(data.xColumn, p.x),
        color: s.color,
        lines: joined
          ? [`${s.name ? `${s.name}: ` : `${data.yColumn.label}: `}${yText}`]
          : [describeCell(data.xColumn, p.x), describeCell(data.yColumn, p.y)],
      });
      if (!markers) return;
      obstacles.push({ x0: at.x - r, y0: at.y - r, x1: at.x + r, y1: at.y + r });
      const c = g
        .append('circle')
        .attr('cx', at.x)
        .attr('cy', at.y)
        .attr('r', r)
        .attr('fill-opacity', joined ? 1 : 0.85)
        .attr('stroke', 'none');
      addTitle(frame, c, tooltip(s.name, [describeCell(data.xColumn, p.x), describeCell(data.yColumn, p.y)]));
    });
  }
  drawRules(frame, spec, x, y, obstacles);
  const legend: LegendItem[] = series.map((s) => ({
    name: s.name,
    color: s.color,
    swatch: joined && s.pts.length > 1 ? 'line' : 'dot',
    dash: s.dash || undefined,
    strong: s.strong,
  }));
  // Tooltips list series in legend order, not drawing order.
  const rank = new Map(data.seriesNames.map((n, i) => [n, i]));
  hover.sort((a, b) => rank.get(a.series)! - rank.get(b.series)!);
  return {
    dropped: data.dropped,
    empty: data.points.length === 0,
    legend,
    hover: { mode: joined ? 'x' : 'nearest', items: hover },
  };
}
