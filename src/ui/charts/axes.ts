// Axes, grid lines and axis titles. Numeric axes get horizontal/vertical grid lines at their
// ticks; categorical axes do not (the bands already separate the data).
import { axisBottom, axisLeft, type AxisDomain, type AxisScale } from 'd3';
import type { Frame } from './frame';
import { tickFormatter } from './format';
import type { NumericScale } from './scales';
import { charWidth } from './theme';

export type AnyAxisScale =
  { kind: 'numeric'; scale: NumericScale; log: boolean } | { kind: 'category'; scale: AxisScale<string> };

/**
 * Ticks every `spacing` px or so: x labels sit side by side and need their width, y labels are
 * stacked and need only their height. Spacing grows with the type so slide labels never collide.
 */
function numericTicks(
  axis: { kind: 'numeric'; scale: NumericScale; log: boolean },
  length: number,
  spacing: number,
): number[] {
  const ticks = axis.scale.ticks(Math.max(2, Math.round(length / spacing)));
  // Log scales return every minor tick (1..9 per decade); keep decades when there are many.
  if (axis.log && ticks.length > 8) {
    const decades = ticks.filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
    if (decades.length >= 2) {
      // Many decades on a short axis: every other one, or the labels touch.
      const room = Math.max(2, Math.floor(length / (spacing * 0.5)));
      return decades.length > room ? decades.filter((_, i) => i % 2 === 0) : decades;
    }
  }
  return ticks;
}

function styleAxis(frame: Frame, g: Frame['plot']): void {
  const { theme } = frame;
  g.attr('font-size', theme.tickSize).attr('font-family', theme.fontFamily);
  g.selectAll('text').attr('fill', theme.text);
  g.selectAll('line,path').attr('stroke', theme.axis);
}

/** Vertical space under the plot for tick labels and the x-axis title. */
export function bottomAxisSpace(tickSize: number, labelSize: number): number {
  return Math.round(Math.max(60, 14 + tickSize * 1.5 + labelSize * 1.4 + 14));
}

export function drawAxes(frame: Frame, x: AnyAxisScale, y: AnyAxisScale, xTitle: string, yTitle: string): void {
  const { plot, innerWidth: w, innerHeight: h, theme } = frame;
  const grid = plot.append('g').attr('stroke', theme.grid).attr('stroke-width', 1);
  const xg = plot.append('g').attr('transform', `translate(0,${h})`);
  const yg = plot.append('g');

  if (x.kind === 'numeric') {
    const ticks = numericTicks(x, w, Math.max(80, theme.tickSize * 7));
    for (const t of ticks)
      grid.append('line').attr('x1', x.scale(t)).attr('x2', x.scale(t)).attr('y1', 0).attr('y2', h);
    const fmt = tickFormatter(ticks);
    xg.call(
      axisBottom(x.scale as AxisScale<AxisDomain>)
        .tickValues(ticks)
        .tickFormat((d) => fmt(Number(d))),
    );
  } else {
    xg.call(axisBottom(x.scale));
  }
  if (y.kind === 'numeric') {
    const ticks = numericTicks(y, h, Math.max(50, theme.tickSize * 3.2));
    for (const t of ticks)
      grid.append('line').attr('x1', 0).attr('x2', w).attr('y1', y.scale(t)).attr('y2', y.scale(t));
    const fmt = tickFormatter(ticks);
    yg.call(
      axisLeft(y.scale as AxisScale<AxisDomain>)
        .tickValues(ticks)
        .tickFormat((d) => fmt(Number(d))),
    );
  } else {
    yg.call(axisLeft(y.scale));
  }
  styleAxis(frame, xg);
  styleAxis(frame, yg);
  if (y.kind === 'category') {
    // Lane labels longer than the margin allows are shortened; the full text stays as a tooltip.
    const maxChars = Math.max(
      4,
      Math.floor((frame.margins.left - theme.labelSize * 1.4 - 16) / charWidth(theme.tickSize)),
    );
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
    .attr('y', h + frame.xAxisSpace - 10)
    .attr('text-anchor', 'middle')
    .attr('fill', theme.text)
    .attr('font-size', theme.labelSize)
    .text(xTitle);
  plot
    .append('text')
    .attr('transform', `translate(${-frame.margins.left + Math.round(theme.labelSize * 1.2)},${h / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('fill', theme.text)
    .attr('font-size', theme.labelSize)
    .text(yTitle);
}

export const MAX_SLANTED_LABEL = 22;

function truncateLabel(s: string): string {
  return s.length > MAX_SLANTED_LABEL ? `${s.slice(0, MAX_SLANTED_LABEL - 1)}…` : s;
}
