// Reference lines over the data (rooflines, paper values, break-even points): dashed, labelled,
// drawn only on numeric axes and only when inside the visible domain.
import type { Selection } from 'd3';
import type { ChartSpec } from '../../experiments/types';
import type { Frame } from './frame';
import type { AnyAxisScale } from './axes';
import { chartTheme } from './theme';

/** A background-coloured outline under the label keeps it readable where it crosses data lines. */
function halo(text: Selection<SVGTextElement, unknown, null, undefined>): void {
  text
    .attr('stroke', chartTheme.background)
    .attr('stroke-width', 4)
    .attr('stroke-linejoin', 'round')
    .attr('paint-order', 'stroke');
}

export function ruleValues(spec: ChartSpec, axis: 'x' | 'y'): number[] {
  return (spec.rules ?? []).filter((r) => r.axis === axis && Number.isFinite(r.value)).map((r) => r.value);
}

export function drawRules(frame: Frame, spec: ChartSpec, x: AnyAxisScale, y: AnyAxisScale): void {
  const { plot, innerWidth: w, innerHeight: h } = frame;
  for (const rule of spec.rules ?? []) {
    const axis = rule.axis === 'x' ? x : y;
    if (axis.kind !== 'numeric' || !Number.isFinite(rule.value)) continue;
    if (axis.log && rule.value <= 0) continue;
    const [d0, d1] = axis.scale.domain() as [number, number];
    if (rule.value < Math.min(d0, d1) || rule.value > Math.max(d0, d1)) continue;
    const p = axis.scale(rule.value);
    const g = plot.append('g').attr('stroke', chartTheme.rule).attr('fill', chartTheme.rule);
    g.append('title').text(`${rule.label}: ${rule.value}`);
    if (rule.axis === 'y') {
      g.append('line')
        .attr('x1', 0)
        .attr('x2', w)
        .attr('y1', p)
        .attr('y2', p)
        .attr('stroke-dasharray', '6 4')
        .attr('stroke-width', 1.5);
      g.append('text')
        .attr('x', w - 4)
        .attr('y', p - 5)
        .attr('text-anchor', 'end')
        .call(halo)
        .attr('font-size', chartTheme.tickSize)
        .text(rule.label);
    } else {
      g.append('line')
        .attr('x1', p)
        .attr('x2', p)
        .attr('y1', 0)
        .attr('y2', h)
        .attr('stroke-dasharray', '6 4')
        .attr('stroke-width', 1.5);
      g.append('text')
        .attr('x', p + 4)
        .attr('y', 12)
        .call(halo)
        .attr('font-size', chartTheme.tickSize)
        .text(rule.label);
    }
  }
}
