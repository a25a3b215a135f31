// Axes, grid lines and axis titles. Numeric axes get horizontal/vertical grid lines at their
// ticks; categorical axes do not (the bands already separate the data).
import { axisBottom, axisLeft, type AxisDomain, type AxisScale } from 'd3';
import type { Frame } from './frame';
import { formatTick } from './format';
import type { NumericScale } from './scales';
import { chartTheme } from './theme';

export type AnyAxisScale =
  { kind: 'numeric'; scale: NumericScale; log: boolean } | { kind: 'category'; scale: AxisScale<string> };

function tickCount(length: number): number {
  return Math.max(2, Math.round(length / 80));
}

function styleAxis(g: Frame['plot']): void {
  g.attr('font-size', chartTheme.tickSize).attr('font-family', chartTheme.fontFamily);
  g.selectAll('text').attr('fill', chartTheme.text);
  g.selectAll('line,path').attr('stroke', chartTheme.axis);
}

function numericTicks(axis: { kind: 'numeric'; scale: NumericScale; log: boolean }, length: number): number[] {
  const ticks = axis.scale.ticks(tickCount(length));
  // Log scales return every minor tick (1..9 per decade); keep decades when there are many.
  if (axis.log && ticks.length > 8) {
    const decades = ticks.filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
    if (decades.length >= 2) return decades;
  }
  return ticks;
}

export function drawAxes(frame: Frame, x: AnyAxisScale, y: AnyAxisScale, xTitle: string, yTitle: string): void {
  const { plot, innerWidth: w, innerHeight: h } = frame;
  const grid = plot.append('g').attr('stroke', chartTheme.grid).attr('stroke-width', 1);
  const xg = plot.append('g').attr('transform', `translate(0,${h})`);
  const yg = plot.append('g');

  if (x.kind === 'numeric') {
    const ticks = numericTicks(x, w);
    for (const t of ticks)
      grid.append('line').attr('x1', x.scale(t)).attr('x2', x.scale(t)).attr('y1', 0).attr('y2', h);
    xg.call(
      axisBottom(x.scale as AxisScale<AxisDomain>)
        .tickValues(ticks)
        .tickFormat((d) => formatTick(Number(d))),
    );
  } else {
    xg.call(axisBottom(x.scale));
  }
  if (y.kind === 'numeric') {
    const ticks = numericTicks(y, h);
    for (const t of ticks)
      grid.append('line').attr('x1', 0).attr('x2', w).attr('y1', y.scale(t)).attr('y2', y.scale(t));
    yg.call(
      axisLeft(y.scale as AxisScale<AxisDomain>)
        .tickValues(ticks)
        .tickFormat((d) => formatTick(Number(d))),
    );
  } else {
    yg.call(axisLeft(y.scale));
  }
  styleAxis(xg);
  styleAxis(yg);
  if (y.kind === 'category') {
    // Lane labels longer than the margin allows are shortened; the full text stays as a tooltip.
    const maxChars = Math.max(4, Math.floor((frame.margins.left - 40) / 7));
    yg.selectAll<SVGTextElement, string>('text').each(function (d) {
      const full = String(d);
      if (full.length <= maxChars) return;
      this.textContent = `${full.slice(0, maxChars - 1)}…`;
      const title = this.ownerDocument.createElementNS(this.namespaceURI, 'title');
      title.textContent = full;
      this.appendChild(title);
    });
  }
  if (frame.rotateXLabels && x.kind === 'category') {
    xg.selectAll('text')
      .attr('text-anchor', 'end')
      .attr('transform', 'rotate(-35)')
      .attr('dx', '-0.4em')
      .attr('dy', '0.6em')
      .text((d) => truncateLabel(String(d)));
  }

  plot
    .append('text')
    .attr('x', w / 2)
    .attr('y', h + frame.margins.bottom - 16)
    .attr('text-anchor', 'middle')
    .attr('fill', chartTheme.text)
    .attr('font-size', chartTheme.labelSize)
    .text(xTitle);
  plot
    .append('text')
    .attr('transform', `translate(${-frame.margins.left + 16},${h / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('fill', chartTheme.text)
    .attr('font-size', chartTheme.labelSize)
    .text(yTitle);
}

export const MAX_SLANTED_LABEL = 22;

function truncateLabel(s: string): string {
  return s.length > MAX_SLANTED_LABEL ? `${s.slice(0, MAX_SLANTED_LABEL - 1)}…` : s;
}
