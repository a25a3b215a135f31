// Renders a ChartSpec + Table to a standalone SVG element with d3 on any DOM Document (the page
// in the app, jsdom in tests). Pure apart from building the element: no globals, no timers, same
// input → same SVG, so snapshot tests can pin the output.
import type { ChartSpec, Table } from '../../experiments/types';
import { MAX_SLANTED_LABEL } from './axes';
import { categories, ChartDataError } from './chartData';
import { createFrame, drawFootnote, drawMessage, type Margins } from './frame';
import { LEGEND_WIDTH, drawLegend } from './legend';
import { drawBar } from './marks/bar';
import { drawGantt } from './marks/gantt';
import { COLOR_BAR_WIDTH, drawHeatmap } from './marks/heatmap';
import type { MarkResult } from './marks/types';
import { drawXY } from './marks/xyChart';

export interface RenderOptions {
  width: number;
  height: number;
  document: Document;
}

/** Rough label width in px for 12px system fonts; good enough to decide layout, not to measure. */
const CHAR_PX = 7;

/** Category labels of the x axis when it is categorical (bars, heat maps, string x). */
function xCategoryLabels(spec: ChartSpec, table: Table): string[] {
  const col = table.columns.findIndex((c) => c.key === spec.x);
  if (col < 0 || spec.kind === 'gantt') return [];
  if ((spec.kind === 'line' || spec.kind === 'scatter') && table.columns[col]!.type !== 'string') return [];
  return categories(table, col);
}

/** Lane / row labels of a categorical y axis (gantt lanes, heat-map rows). */
function yCategoryLabels(spec: ChartSpec, table: Table): string[] {
  if (spec.kind !== 'gantt' && spec.kind !== 'heatmap') return [];
  const col = table.columns.findIndex((c) => c.key === spec.y);
  return col < 0 ? [] : categories(table, col);
}

function layoutFor(spec: ChartSpec, table: Table, width: number): { margins: Margins; rotate: boolean } {
  const right = spec.kind === 'heatmap' ? COLOR_BAR_WIDTH + 10 : spec.series ? LEGEND_WIDTH : 24;
  // Room for the longest lane label plus the rotated axis title, within a third of the width.
  const longestY = Math.max(0, ...yCategoryLabels(spec, table).map((l) => l.length));
  const left = Math.round(Math.min(width / 3, Math.max(72, longestY * CHAR_PX + 40)));
  const labels = xCategoryLabels(spec, table);
  const longest = Math.min(MAX_SLANTED_LABEL, Math.max(0, ...labels.map((l) => l.length)));
  const rotate = labels.length * (longest * CHAR_PX + 10) > width - left - right;
  // A label slanted at 35° needs about sin(35°) ≈ 0.57 of its length below the axis.
  const bottom = rotate ? 60 + Math.round(longest * CHAR_PX * 0.57) : 60;
  return { margins: { top: 44, right, bottom, left }, rotate };
}

function drawMarks(frame: ReturnType<typeof createFrame>, spec: ChartSpec, table: Table): MarkResult {
  switch (spec.kind) {
    case 'line':
      return drawXY(frame, spec, table, true);
    case 'scatter':
      return drawXY(frame, spec, table, false);
    case 'bar':
      return drawBar(frame, spec, table);
    case 'gantt':
      return drawGantt(frame, spec, table);
    case 'heatmap':
      return drawHeatmap(frame, spec, table);
    default:
      throw new ChartDataError(`unknown chart kind "${String((spec as { kind: unknown }).kind)}"`);
  }
}

export function renderChartSvg(spec: ChartSpec, table: Table, opts: RenderOptions): SVGSVGElement {
  const layout = layoutFor(spec, table, opts.width);
  const frame = createFrame(opts.document, opts.width, opts.height, spec.title, layout.margins, layout.rotate);
  try {
    const result = drawMarks(frame, spec, table);
    if (result.empty) drawMessage(frame, 'No data to plot');
    if (result.legend) {
      const title = table.columns.find((c) => c.key === spec.series)?.label ?? spec.series ?? '';
      drawLegend(frame, result.legend, title);
    }
    if (result.dropped > 0) {
      const why = spec.logX || spec.logY ? 'missing or ≤ 0 on a log axis' : 'missing values';
      drawFootnote(frame, `${result.dropped} row${result.dropped === 1 ? '' : 's'} not shown (${why})`);
    }
  } catch (e) {
    if (!(e instanceof ChartDataError)) throw e;
    frame.plot.selectAll('*').remove();
    drawMessage(frame, `Cannot draw chart: ${e.message}`);
  }
  return frame.svg.node()!;
}
