// The chart's outer SVG: size, background (so exported PNGs keep the dark theme), title, and
// the inner plot group offset by the margins. Everything is styled with attributes rather than
// CSS classes so the serialised SVG looks the same outside the app.
import { select, type Selection } from 'd3';
import { chartTheme } from './theme';

export const SVG_NS = 'http://www.w3.org/2000/svg';

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Frame {
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  plot: Selection<SVGGElement, unknown, null, undefined>;
  width: number;
  height: number;
  innerWidth: number;
  innerHeight: number;
  margins: Margins;
  /** Category labels on the x axis are too long to sit side by side: draw them slanted. */
  rotateXLabels: boolean;
}

export function createFrame(
  doc: Document,
  width: number,
  height: number,
  title: string,
  margins: Margins,
  rotateXLabels = false,
): Frame {
  const svg = select(doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement)
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', title)
    .attr('font-family', chartTheme.fontFamily)
    .attr('color', chartTheme.axis);
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', chartTheme.background);
  svg
    .append('text')
    .attr('x', margins.left)
    .attr('y', 24)
    .attr('fill', chartTheme.text)
    .attr('font-size', chartTheme.titleSize)
    .attr('font-weight', 600)
    .text(title);
  const innerWidth = Math.max(10, width - margins.left - margins.right);
  const innerHeight = Math.max(10, height - margins.top - margins.bottom);
  const plot = svg.append('g').attr('transform', `translate(${margins.left},${margins.top})`);
  return { svg, plot, width, height, innerWidth, innerHeight, margins, rotateXLabels };
}

/** A centred message in place of the plot (no data, or a spec that does not fit its table). */
export function drawMessage(frame: Frame, message: string): void {
  frame.plot
    .append('text')
    .attr('x', frame.innerWidth / 2)
    .attr('y', frame.innerHeight / 2)
    .attr('text-anchor', 'middle')
    .attr('fill', chartTheme.mutedText)
    .attr('font-size', chartTheme.labelSize)
    .text(message);
}

/** Small print under the plot, e.g. how many points a log axis could not show. */
export function drawFootnote(frame: Frame, text: string): void {
  frame.svg
    .append('text')
    .attr('x', frame.width - 8)
    .attr('y', frame.height - 6)
    .attr('text-anchor', 'end')
    .attr('fill', chartTheme.mutedText)
    .attr('font-size', 11)
    .text(text);
}
