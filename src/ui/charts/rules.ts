// Reference lines over the data (rooflines, paper values, break-even points): dashed, labelled,
// drawn only on numeric axes and only when inside the visible domain. Each label takes the
// candidate position (either end, either side of its line, stacked away from earlier labels)
// that covers the fewest data marks, so labels neither sit on the line nor hide the data.
import type { Selection } from 'd3';
import type { ChartSpec } from '../../experiments/types';
import type { Frame } from './frame';
import type { AnyAxisScale } from './axes';
import { formatValue } from './format';
import { charWidth } from './theme';

/** A data mark's extent in plot coordinates (points are tiny boxes). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function halo(frame: Frame, text: Selection<SVGTextElement, unknown, null, undefined>): void {
  text
    .attr('stroke', frame.theme.background)
    .attr('stroke-width', 4)
    .attr('stroke-linejoin', 'round')
    .attr('paint-order', 'stroke');
}

export function ruleValues(spec: ChartSpec, axis: 'x' | 'y'): number[] {
  return (spec.rules ?? []).filter((r) => r.axis === axis && Number.isFinite(r.value)).map((r) => r.value);
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

interface Candidate {
  x: number;
  y: number;
  anchor: 'start' | 'end';
}

function labelBox(c: Candidate, width: number, size: number): Box {
  const x0 = c.anchor === 'start' ? c.x : c.x - width;
  return { x0, y0: c.y - size, x1: x0 + width, y1: c.y + 3 };
}

function candidates(axis: 'x' | 'y', p: number, w: number, h: number, size: number): Candidate[] {
  const out: Candidate[] = [];
  if (axis === 'y') {
    for (const y of [p - 6, p + size + 4])
      for (const [x, anchor] of [
        [w - 4, 'end'],
        [4, 'start'],
        [w / 2, 'start'],
      ] as const)
        out.push({ x, y, anchor });
  } else {
    for (let k = 0; k < 4; k++)
      for (const y of [size + 4 + k * (size + 6), h - 8 - k * (size + 6)])
        for (const [x, anchor] of [
          [p + 6, 'start'],
          [p - 6, 'end'],
        ] as const)
          out.push({ x, y, anchor });
  }
  return out;
}

export function drawRules(
  frame: Frame,
  spec: ChartSpec,
  x: AnyAxisScale,
  y: AnyAxisScale,
  obstacles: Box[] = [],
): void {
  const { plot, innerWidth: w, innerHeight: h, theme } = frame;
  const size = theme.tickSize;
  const placed: Box[] = [];
  for (const rule of spec.rules ?? []) {
    const axis = rule.axis === 'x' ? x : y;
    if (axis.kind !== 'numeric' || !Number.isFinite(rule.value)) continue;
    if (axis.log && rule.value <= 0) continue;
    const [d0, d1] = axis.scale.domain() as [number, number];
    if (rule.value < Math.min(d0, d1) || rule.value > Math.max(d0, d1)) continue;
    const p = axis.scale(rule.value);
    const g = plot.append('g').attr('class', 'chart-rule').attr('stroke', theme.rule).attr('fill', theme.rule);
    if (frame.titles) g.append('title').text(`${rule.label}: ${formatValue(rule.value)}`);
    g.append('line')
      .attr('x1', rule.axis === 'y' ? 0 : p)
      .attr('x2', rule.axis === 'y' ? w : p)
      .attr('y1', rule.axis === 'y' ? p : 0)
      .attr('y2', rule.axis === 'y' ? p : h)
      .attr('stroke-dasharray', '6 4')
      .attr('stroke-width', 1.5);

    const width = rule.label.length * charWidth(size) + 4;
    let best: { c: Candidate; score: number } | null = null;
    for (const c of candidates(rule.axis, p, w, h, size)) {
      const box = labelBox(c, width, size);
      const outside = box.x0 < 0 || box.x1 > w || box.y0 < 0 || box.y1 > h ? 1000 : 0;
      const onLabels = placed.filter((b) => overlaps(b, box)).length * 500;
      const onData = obstacles.filter((b) => overlaps(b, box)).length;
      const score = outside + onLabels + onData;
      if (!best || score < best.score) best = { c, score };
      if (score === 0) break;
    }
    const c = best!.c;
    placed.push(labelBox(c, width, size));
    g.append('text')
      .attr('x', c.x)
      .attr('y', c.y)
      .attr('text-anchor', c.anchor)
      .call((t) => halo(frame, t))
      .attr('font-size', size)
      .text(rule.label);
  }
}
