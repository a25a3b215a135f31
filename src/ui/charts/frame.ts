// The chart's outer SVG: size, background (so exported files keep their theme), title, and the
// inner plot group offset by the margins. Everything is styled with attributes rather than CSS
// classes so the serialised SVG looks the same outside the app; on screen the attribute values
// are CSS variables (see theme.ts).
import { select, type Selection } from 'd3';
import type { SeriesColors } from './colors';
import type { ChartTheme } from './theme';

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
  /** Space under the plot for x tick labels and the axis title (a bottom legend goes below it). */
  xAxisSpace: number;
  theme: ChartTheme;
  colors: SeriesColors;
  /** Native <title> tooltips on marks (exports, screen readers without the hover layer). */
  titles: boolean;
}

export interface FrameOptions {
  /** The full title (the SVG's accessible name) and its lines as drawn. */
  title: string;
  titleLines: string[];
  margins: Margins;
  rotateXLabels: boolean;
  xAxisSpace: number;
  theme: ChartTheme;
  colors: SeriesColors;
  titles: boolean;
}

export function createFrame(doc: Document, width: number, height: number, o: FrameOptions): Frame {
  const { theme, margins } = o;
  const svg = select(doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement)
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', o.title)
    .attr('font-family', theme.fontFamily)
    .attr('color', theme.axis);
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', theme.background);
  // A title too long for one line wraps (slide-sized type keeps its size rather than shrinking).
  o.titleLines.forEach((line, i) => {
    svg
      .append('text')
      .attr('class', 'chart-title')
      .attr('x', margins.left)
      .attr('y', Math.round(theme.titleSize * (1.4 + 1.2 * i)))
      .attr('fill', theme.text)
      .attr('font-size', theme.titleSize)
      .attr('font-weight', 600)
      .text(line);
  });
  const innerWidth = Math.max(10, width - margins.left - margins.right);
  const innerHeight = Math.max(10, height - margins.top - margins.bottom);
  const plot = svg.append('g').attr('transform', `translate(${margins.left},${margins.top})`);
  return {
    svg,
    plot,
    width,
    height,
    innerWidth,
    innerHeight,
    margins,
    rotateXLabels: o.rotateXLabels,
    xAxisSpace: o.xAxisSpace,
    theme,
    colors: o.colors,
    titles: o.titles,
  };
}

/** A centred message in place of the plot (no data, or a spec that does not fit its table). */
export function drawMessage(frame: Frame, message: string): void {
  frame.plot
    .append('text')
    .attr('x', frame.innerWidth / 2)
    .attr('y', frame.innerHeight / 2)
    .attr('text-anchor', 'middle')
    .attr('fill', frame.theme.mutedText)
    .attr('font-size', frame.theme.labelSize)
    .text(message);
}

/** Small print under the plot, e.g. how many points a log axis could not show. */
export function drawFootnote(frame: Frame, text: string): void {
  frame.svg
    .append('text')
    .attr('x', frame.width - 8)
    .attr('y', frame.height - 6)
    .attr('text-anchor', 'end')
    .attr('fill', frame.theme.mutedText)
    .attr('font-size', frame.theme.noteSize)
    .text(text);
}

/** Greedy word wrap of a title to lines of at most `maxChars` (a longer word keeps its own line). */
export function wrapTitle(title: string, maxChars: number): string[] {
  const lines: string[] = [];
  for (const word of title.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= maxChars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length > 0 ? lines : [''];
}

/** Appends a native tooltip to a mark when the frame wants them. */
export function addTitle<E extends SVGElement>(
  frame: Frame,
  el: Selection<E, unknown, null, undefined>,
  text: string,
): void {
  if (frame.titles) el.append('title').text(text);
}
