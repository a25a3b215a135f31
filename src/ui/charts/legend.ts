// Series legend in the right margin: a swatch and a name per series, long lists truncated with
// a count so the legend never runs off the chart.
import type { Frame } from './frame';
import { chartTheme, seriesColor } from './theme';

export const LEGEND_WIDTH = 150;
const ROW = 20;

export function drawLegend(frame: Frame, names: string[], title: string): void {
  if (names.length <= 1 && names[0] === '') return;
  const maxRows = Math.max(1, Math.floor((frame.innerHeight - ROW) / ROW));
  const shown = names.length > maxRows ? names.slice(0, maxRows - 1) : names;
  const g = frame.svg
    .append('g')
    .attr('transform', `translate(${frame.width - LEGEND_WIDTH + 12},${frame.margins.top})`)
    .attr('font-size', chartTheme.tickSize);
  g.append('text').attr('y', 0).attr('fill', chartTheme.mutedText).text(title);
  shown.forEach((name, i) => {
    const row = g.append('g').attr('transform', `translate(0,${(i + 1) * ROW})`);
    row
      .append('rect')
      .attr('y', -10)
      .attr('width', 12)
      .attr('height', 12)
      .attr('rx', 2)
      .attr('fill', seriesColor(names.indexOf(name)));
    row
      .append('text')
      .attr('x', 18)
      .attr('fill', chartTheme.text)
      .text(truncate(name || '(none)', 18));
  });
  if (shown.length < names.length) {
    g.append('text')
      .attr('y', (shown.length + 1) * ROW)
      .attr('fill', chartTheme.mutedText)
      .text(`+${names.length - shown.length} more`);
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
