// Heat map: a cell per (x, y) category pair coloured by `value` on a sequential scale (viridis:
// perceptually uniform, readable in greyscale), with a colour bar giving the value range. The
// colour bar's caption wraps at word breaks and the margin widens for its longest word, so the
// caption is never cut.
import { interpolateViridis, scaleSequential } from 'd3';
import type { ChartSpec, Column, Table } from '../../../experiments/types';
import { drawAxes, type AnyAxisScale } from '../axes';
import { axisTitle, categories, findColumn, numberCell, textCell } from '../chartData';
import { addTitle, type Frame } from '../frame';
import { formatValue } from '../format';
import type { HoverItem } from '../hoverModel';
import { bandScale } from '../scales';
import { charWidth, type ChartTheme } from '../theme';
import { describeCell } from '../tooltip';
import type { MarkResult } from './types';

const BAR = 14;

function captionWords(column: Column): string[] {
  return [...column.label.split(/\s+/), ...(column.unit ? [`(${column.unit})`] : [])].filter(Boolean);
}

/** Right margin for the colour bar: its tick labels and its longest caption word must fit. */
export function colorBarWidth(column: Column | undefined, theme: ChartTheme, chartWidth: number): number {
  const words = column ? captionWords(column) : [];
  const longest = Math.max(8, ...words.map((w) => w.length));
  const need = Math.max(BAR + 8 + 8 * charWidth(theme.tickSize), longest * charWidth(theme.noteSize)) + 24;
  return Math.round(Math.min(chartWidth * 0.3, Math.max(90, need)));
}

/** Greedy word wrap to lines of at most `maxChars` (a longer word gets a line of its own). */
function wrap(words: string[], maxChars: number): string[] {
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= maxChars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

export function drawHeatmap(frame: Frame, spec: ChartSpec, table: Table): MarkResult {
  const xc = findColumn(table, spec.x, 'x');
  const yc = findColumn(table, spec.y, 'y');
  const vc = findColumn(table, spec.value, 'value');
  const { innerWidth: w, innerHeight: h } = frame;
  const cells: { x: string; y: string; v: number }[] = [];
  let dropped = 0;
  for (const row of table.rows) {
    const v = numberCell(row[vc.index]);
    const x = textCell(row[xc.index]);
    const y = textCell(row[yc.index]);
    if (v === null || x === '' || y === '') dropped++;
    else cells.push({ x, y, v });
  }
  const xScale = bandScale(categories(table, xc.index), [0, w], 0.04);
  const yScale = bandScale(categories(table, yc.index), [0, h], 0.04);
  const values = cells.map((c) => c.v);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) hi = lo + 1;
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  const color = scaleSequential(interpolateViridis).domain([lo, hi]);
  const x: AnyAxisScale = { kind: 'category', scale: xScale };
  const y: AnyAxisScale = { kind: 'category', scale: yScale };
  drawAxes(frame, x, y, axisTitle(spec.xLabel, xc.column), axisTitle(spec.yLabel, yc.column));
  const g = frame.plot.append('g');
  const hover: HoverItem[] = [];
  for (const c of cells) {
    const box = { x0: xScale(c.x) ?? 0, y0: yScale(c.y) ?? 0, x1: 0, y1: 0 };
    box.x1 = box.x0 + xScale.bandwidth();
    box.y1 = box.y0 + yScale.bandwidth();
    const lines = [describeCell(xc.column, c.x), describeCell(yc.column, c.y), describeCell(vc.column, c.v)];
    const rect = g
      .append('rect')
      .attr('x', box.x0)
      .attr('y', box.y0)
      .attr('width', xScale.bandwidth())
      .attr('height', yScale.bandwidth())
      .attr('fill', color(c.v));
    addTitle(frame, rect, lines.join('\n'));
    hover.push({
      x: (box.x0 + box.x1) / 2,
      y: box.y0,
      key: `${c.x}|${c.y}`,
      header: describeCell(vc.column, c.v),
      color: color(c.v),
      lines: lines.slice(0, 2),
      box,
    });
  }
  drawColorBar(frame, lo, hi, vc.column);
  return { dropped, empty: cells.length === 0, hover: { mode: 'box', items: hover } };
}

function drawColorBar(frame: Frame, lo: number, hi: number, column: Column): void {
  const { theme } = frame;
  const width = colorBarWidth(column, theme, frame.width);
  const lineH = Math.round(theme.noteSize * 1.3);
  const caption = wrap(captionWords(column), Math.floor((width - 20) / charWidth(theme.noteSize)));
  const barH = Math.max(40, Math.min(200, frame.innerHeight - caption.length * lineH - 16));
  const g = frame.svg.append('g').attr('transform', `translate(${frame.width - width + 14},${frame.margins.top})`);
  const steps = 10;
  for (let i = 0; i < steps; i++) {
    g.append('rect')
      .attr('y', (barH * i) / steps)
      .attr('width', BAR)
      .attr('height', barH / steps + 0.5)
      .attr('fill', interpolateViridis(1 - i / (steps - 1)));
  }
  const label = (y: number, text: string) =>
    g
      .append('text')
      .attr('x', BAR + 6)
      .attr('y', y)
      .attr('fill', theme.text)
      .attr('font-size', theme.tickSize)
      .text(text);
  label(theme.tickSize * 0.8, formatValue(hi));
  label(barH, formatValue(lo));
  caption.forEach((line, i) => {
    g.append('text')
      .attr('y', barH + 10 + (i + 1) * lineH)
      .attr('fill', theme.mutedText)
      .attr('font-size', theme.noteSize)
      .text(line);
  });
}
