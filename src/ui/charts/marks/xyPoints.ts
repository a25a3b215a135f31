// Points for line and scatter charts: numeric y, numeric or categorical x, a series per row.
// Rows a log axis cannot show (values <= 0) or with missing cells are counted, not drawn.
import type { ChartSpec, Column, Table } from '../../../experiments/types';
import { categories, findColumn, numberCell, seriesOf, textCell } from '../chartData';
import { plottable } from '../scales';

export interface XYPoint {
  x: number | string;
  y: number;
  series: string;
}

export interface XYData {
  points: XYPoint[];
  seriesNames: string[];
  xColumn: Column;
  yColumn: Column;
  /** Categories in order when x is a string column; null when x is numeric. */
  xCategories: string[] | null;
  dropped: number;
}

export function xyPoints(spec: ChartSpec, table: Table): XYData {
  const x = findColumn(table, spec.x, 'x');
  const y = findColumn(table, spec.y, 'y');
  const series = seriesOf(table, spec);
  const xCategories = x.column.type === 'string' ? categories(table, x.index) : null;
  const points: XYPoint[] = [];
  let dropped = 0;
  table.rows.forEach((row, i) => {
    const yv = numberCell(row[y.index]);
    const xv = xCategories ? textCell(row[x.index]) : numberCell(row[x.index]);
    const xOk = xCategories ? xv !== '' : plottable(xv as number | null, spec.logX);
    if (!xOk || !plottable(yv, spec.logY)) {
      dropped++;
      return;
    }
    points.push({ x: xv as number | string, y: yv, series: series.byRow[i]! });
  });
  return { points, seriesNames: series.names, xColumn: x.column, yColumn: y.column, xCategories, dropped };
}
