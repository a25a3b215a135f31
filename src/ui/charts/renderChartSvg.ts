// Renders a ChartSpec + Table to a standalone SVG element with d3 on any DOM Document (the page
// in the app, jsdom in tests). Pure apart from building the element: no globals, no timers, same
// input → same SVG, so snapshot tests can pin the output. `renderChart` also returns what the
// hover layer needs (see hoverModel.ts); the SVG itself carries no interaction.
import type { ChartSpec, Table } from '../../experiments/types';
import { bottomAxisSpace, MAX_SLANTED_LABEL } from './axes';
import { categories, ChartDataError, seriesOf } from './chartData';
import { seriesColorMap, type SeriesColors } from './colors';
import { createFrame, drawFootnote, drawMessage, wrapTitle, type Margins } from './frame';
import type { ChartHover } from './hoverModel';
import { drawLegend, legendLayout, type LegendLayout } from './legend';
import { drawBar } from './marks/bar';
import { drawGantt } from './marks/gantt';
import { colorBarWidth, drawHeatmap } from './marks/heatmap';
import type { MarkResult } from './marks/types';
import { drawXY } from './marks/xyChart';
import { charWidth, screenTheme, type ChartTheme } from './theme';

export interface RenderOptions {
  width: number;
  height: number;
  document: Document;
  /** Colours and type sizes; the screen theme (CSS variables, normal type) by default. */
  theme?: ChartTheme;
  /** Series name → colour, shared by every chart of a result; this chart's own names by default. */
  colors?: SeriesColors;
  /** Native <title> tooltips on marks; off when the app's hover layer shows them instead. */
  titles?: boolean;
}

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

/** Legend names (series in first-seen order) when the spec has a series column that exists. */
function legendNames(spec: ChartSpec, table: Table): string[] {
  if (!spec.series || spec.kind === 'heatmap') return [];
  try {
    return seriesOf(table, spec).names;
  } catch {
    return [];
  }
}

interface Layout {
  margins: Margins;
  rotate: boolean;
  xAxisSpace: number;
  legend: LegendLayout;
  legendTitle: string;
  titleLines: string[];
}

function layoutFor(spec: ChartSpec, table: Table, width: number, height: number, theme: ChartTheme): Layout {
  const cw = charWidth(theme.tickSize);
  // Room for the longest lane label (or a numeric tick) plus the rotated axis title.
  const longestY = Math.max(6, ...yCategoryLabels(spec, table).map((l) => l.length));
  const left = Math.round(Math.min(width / 3, Math.max(72, longestY * cw + theme.labelSize * 1.4 + 22)));
  // Bold title glyphs are a little wider than body text.
  const titleLines = wrapTitle(spec.title, Math.floor((width - left - 12) / (charWidth(theme.titleSize) * 1.08)));
  const top = Math.round(Math.max(44, theme.titleSize * (1.4 + 1.2 * (titleLines.length - 1)) + theme.tickSize + 8));
  const labels = xCategoryLabels(spec, table);
  const longest = Math.min(MAX_SLANTED_LABEL, Math.max(0, ...labels.map((l) => l.length)));
  const names = legendNames(spec, table);
  const legendTitle = table.columns.find((c) => c.key === spec.series)?.label ?? spec.series ?? '';
  const baseAxis = bottomAxisSpace(theme.tickSize, theme.labelSize);
  // Decide the legend first: a right-hand legend narrows the plot the x labels must fit in.
  let legend = legendLayout(names, legendTitle, theme, width, height - top - baseAxis);
  const heatColumn = table.columns.find((c) => c.key === spec.value);
  const rightFor = (l: LegendLayout) =>
    spec.kind === 'heatmap' ? colorBarWidth(heatColumn, theme, width) : l.placement === 'right' ? l.width : 24;
  const rotate = labels.length * (longest * cw + 10) > width - left - rightFor(legend);
  // A label slanted at 35° needs about sin(35°) ≈ 0.57 of its length below the axis.
  const xAxisSpace = rotate ? baseAxis + Math.round(longest * cw * 0.57) : baseAxis;
  if (rotate) legend = legendLayout(names, legendTitle, theme, width, height - top - xAxisSpace);
  const bottom = xAxisSpace + (legend.placement === 'bottom' ? legend.height : 0);
  return {
    margins: { top, right: rightFor(legend), bottom, left },
    rotate,
    xAxisSpace,
    legend,
    legendTitle,
    titleLines,
  };
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

export function renderChart(
  spec: ChartSpec,
  table: Table,
  opts: RenderOptions,
): { svg: SVGSVGElement; hover: ChartHover | null } {
  const theme = opts.theme ?? screenTheme();
  const layout = layoutFor(spec, table, opts.width, opts.height, theme);
  const frame = createFrame(opts.document, opts.width, opts.height, {
    title: spec.title,
    titleLines: layout.titleLines,
    margins: layout.margins,
    rotateXLabels: layout.rotate,
    xAxisSpace: layout.xAxisSpace,
    theme,
    colors: opts.colors ?? seriesColorMap(legendNames(spec, table)),
    titles: opts.titles ?? true,
  });
  let hover: ChartHover | null = null;
  try {
    const result = drawMarks(frame, spec, table);
    if (result.empty) drawMessage(frame, 'No data to plot');
    if (result.legend) drawLegend(frame, result.legend, layout.legendTitle, layout.legend);
    if (result.dropped > 0) {
      const why = spec.logX || spec.logY ? 'missing or ≤ 0 on a log axis' : 'missing values';
      drawFootnote(frame, `${result.dropped} row${result.dropped === 1 ? '' : 's'} not shown (${why})`);
    }
    if (result.hover && !result.empty) {
      const { left, top } = layout.margins;
      hover = { ...result.hover, left, top, width: frame.innerWidth, height: frame.innerHeight };
    }
  } catch (e) {
    if (!(e instanceof ChartDataError)) throw e;
    frame.plot.selectAll('*').remove();
    drawMessage(frame, `Cannot draw chart: ${e.message}`);
  }
  return { svg: frame.svg.node()!, hover };
}

export function renderChartSvg(spec: ChartSpec, table: Table, opts: RenderOptions): SVGSVGElement {
  return renderChart(spec, table, opts).svg;
}
