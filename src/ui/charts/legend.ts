// Series legend. Names are never shortened: the legend sits in the right margin when every name
// fits there, and otherwise moves under the plot and wraps into as many rows as it needs.
import type { Frame } from './frame';
import { charWidth, type ChartTheme } from './theme';

export interface LegendItem {
  name: string;
  color: string;
  /** Line charts show the line's dash pattern; bars and spans a filled box; scatter a dot. */
  swatch: 'line' | 'box' | 'dot';
  dash?: string;
  /** The series the chart highlights (e.g. the target GPU): bold in the legend. */
  strong?: boolean;
}

export type LegendLayout =
  | { placement: 'none' }
  | { placement: 'right'; width: number }
  | { placement: 'bottom'; rows: string[][]; height: number };

const SWATCH = 22;
const GAP = 18;

const rowHeight = (theme: ChartTheme) => Math.round(theme.tickSize * 1.6);
const textWidth = (s: string, theme: ChartTheme) => s.length * charWidth(theme.tickSize);
const itemWidth = (name: string, theme: ChartTheme) => SWATCH + textWidth(name || '(none)', theme) + GAP;

/** Where the legend goes for these names in a chart of this size. */
export function legendLayout(
  names: string[],
  title: string,
  theme: ChartTheme,
  width: number,
  plotHeight: number,
): LegendLayout {
  if (names.length === 0 || (names.length === 1 && names[0] === '')) return { placement: 'none' };
  const widest = Math.max(textWidth(title, theme), ...names.map((n) => itemWidth(n, theme) - GAP));
  const right = Math.ceil(widest + 24);
  const fitsHeight = (names.length + 1) * rowHeight(theme) <= plotHeight;
  if (right <= width * 0.3 && fitsHeight) return { placement: 'right', width: right };
  // Flow the items into rows as wide as the chart (title first, on the first row).
  const avail = width - 24;
  const rows: string[][] = [[]];
  let used = textWidth(`${title}:`, theme) + 10;
  for (const name of names) {
    const w = itemWidth(name, theme);
    if (used + w > avail && rows[rows.length - 1]!.length > 0) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1]!.push(name);
    used += w;
  }
  return { placement: 'bottom', rows, height: rows.length * rowHeight(theme) + 8 };
}

export function drawLegend(frame: Frame, items: LegendItem[], title: string, layout: LegendLayout): void {
  if (layout.placement === 'none') return;
  const { theme } = frame;
  const row = rowHeight(theme);
  const byName = new Map(items.map((i) => [i.name, i]));
  const g = frame.svg.append('g').attr('class', 'chart-legend').attr('font-size', theme.tickSize);
  const drawItem = (item: LegendItem, x: number, y: number) => {
    const it = g.append('g').attr('transform', `translate(${x},${y})`);
    const mid = -theme.tickSize * 0.35;
    if (item.swatch === 'line') {
      it.append('line')
        .attr('x1', 0)
        .attr('x2', SWATCH - 6)
        .attr('y1', mid)
        .attr('y2', mid)
        .attr('stroke', item.color)
        .attr('stroke-width', item.strong ? 4 : 3)
        .attr('stroke-dasharray', item.dash || null);
    } else if (item.swatch === 'dot') {
      it.append('circle')
        .attr('cx', (SWATCH - 6) / 2)
        .attr('cy', mid)
        .attr('r', 5)
        .attr('fill', item.color);
    } else {
      const s = Math.round(theme.tickSize * 0.9);
      it.append('rect')
        .attr('y', mid - s / 2)
        .attr('width', s)
        .attr('height', s)
        .attr('rx', 2)
        .attr('fill', item.color);
    }
    it.append('text')
      .attr('x', SWATCH)
      .attr('fill', theme.text)
      .attr('font-weight', item.strong ? 700 : null)
      .text(item.name || '(none)');
  };

  if (layout.placement === 'right') {
    const x0 = frame.width - layout.width + 12;
    const y0 = frame.margins.top + theme.tickSize;
    g.append('text').attr('x', x0).attr('y', y0).attr('fill', theme.mutedText).text(title);
    items.forEach((item, i) => drawItem(item, x0, y0 + (i + 1) * row));
    return;
  }
  let y = frame.margins.top + frame.innerHeight + frame.xAxisSpace + theme.tickSize + 2;
  layout.rows.forEach((names, r) => {
    let x = 12;
    if (r === 0) {
      g.append('text').attr('x', x).attr('y', y).attr('fill', theme.mutedText).text(`${title}:`);
      x += textWidth(`${title}:`, theme) + 10;
    }
    for (const name of names) {
      const item = byName.get(name);
      if (item) drawItem(item, x, y);
      x += itemWidth(name, theme);
    }
    y += row;
  });
}
