// One colour per series name across every chart of a result: "H100" is the same blue in the
// roofline and in the bar chart beside it. Names get colours in first-seen order over the
// result's charts, so the mapping is stable for a given result.
import type { ChartSpec, Table } from '../../experiments/types';
import { SERIES_PALETTE } from './theme';

export type SeriesColors = ReadonlyMap<string, string>;

/** Colours for `names`, in order, continuing the palette after `base` (when given). */
export function seriesColorMap(names: Iterable<string>, base?: SeriesColors): Map<string, string> {
  const map = new Map(base ?? []);
  for (const name of names) {
    if (!map.has(name)) map.set(name, SERIES_PALETTE[map.size % SERIES_PALETTE.length]!);
  }
  return map;
}

/**
 * Every series name of every chart, in chart order, then row order. Bars without a series take
 * their category's colour when that category is a series elsewhere (a GPU in the roofline).
 */
export function resultSeriesColors(result: { charts: ChartSpec[]; tables: Table[] }): Map<string, string> {
  const names: string[] = [];
  for (const spec of result.charts) {
    const table = result.tables.find((t) => t.id === spec.table);
    const col = table && spec.series ? table.columns.findIndex((c) => c.key === spec.series) : -1;
    if (col < 0) continue;
    for (const row of table!.rows) {
      const v = row[col];
      if (v !== null && v !== undefined && v !== '') names.push(String(v));
    }
  }
  return seriesColorMap(names);
}

export function colorOf(colors: SeriesColors, name: string): string {
  return colors.get(name) ?? SERIES_PALETTE[0];
}
