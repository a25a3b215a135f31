import { describe, expect, it } from 'vitest';
import type { ChartSpec, Table } from '../../experiments/types';
import { resultSeriesColors, seriesColorMap } from './colors';
import { SERIES_PALETTE } from './theme';

const table = (id: string, names: string[]): Table => ({
  id,
  title: id,
  columns: [
    { key: 'name', label: 'Name', type: 'string', provenance: 'modeled' },
    { key: 'v', label: 'V', type: 'number', provenance: 'modeled' },
  ],
  rows: names.map((n, i) => [n, i]),
});
const chart = (id: string, tableId: string, series?: string): ChartSpec => ({
  id,
  title: id,
  kind: 'line',
  table: tableId,
  x: 'v',
  y: 'v',
  series,
});

describe('series colours', () => {
  it('one colour per name across all charts of a result, in first-seen order', () => {
    const colors = resultSeriesColors({
      charts: [chart('a', 't1', 'name'), chart('b', 't2', 'name'), chart('c', 't3')],
      tables: [table('t1', ['Update', 'Frozen']), table('t2', ['Frozen', 'LIRE', 'Update']), table('t3', ['x'])],
    });
    expect([...colors.keys()]).toEqual(['Update', 'Frozen', 'LIRE']);
    expect(colors.get('Frozen')).toBe(SERIES_PALETTE[1]);
    // A chart without a series column adds nothing.
    expect(colors.has('x')).toBe(false);
  });

  it('extends a base map without changing its colours', () => {
    const base = seriesColorMap(['a', 'b']);
    const more = seriesColorMap(['c', 'a'], base);
    expect(more.get('a')).toBe(base.get('a'));
    expect(more.get('c')).toBe(SERIES_PALETTE[2]);
  });
});
