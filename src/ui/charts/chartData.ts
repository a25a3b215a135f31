// Reading chart inputs out of a Table: column lookup with clear errors, numeric cells, series
// membership. Kept apart from drawing so every mark reads data the same way.
import type { Cell, ChartSpec, Column, Table } from '../../experiments/types';

/** A ChartSpec that does not fit its table; rendered as a message instead of a chart. */
export class ChartDataError extends Error {
  override name = 'ChartDataError';
}

export function findColumn(table: Table, key: string | undefined, role: string): { index: number; column: Column } {
  if (!key) throw new ChartDataError(`chart needs a ${role} column`);
  const index = table.columns.findIndex((c) => c.key === key);
  if (index < 0) {
    throw new ChartDataError(
      `${role} column "${key}" is not in table "${table.id}" (has ${table.columns.map((c) => c.key).join(', ')})`,
    );
  }
  return { index, column: table.columns[index]! };
}

export function numberCell(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell === 'string' && cell.trim() !== '') {
    const v = Number(cell);
    return Number.isFinite(v) ? v : null;
  }
  return null;
}

export function textCell(cell: Cell | undefined): string {
  return cell === null || cell === undefined ? '' : String(cell);
}

/** Series name per row ('' when the spec has no series) and the names in first-seen order. */
export function seriesOf(table: Table, spec: ChartSpec): { names: string[]; byRow: string[] } {
  if (!spec.series) return { names: [''], byRow: table.rows.map(() => '') };
  const { index } = findColumn(table, spec.series, 'series');
  const byRow = table.rows.map((r) => textCell(r[index]));
  return { names: [...new Set(byRow)], byRow };
}

/** Distinct category labels in first-seen order, or numeric order when they are all numbers. */
export function categories(table: Table, index: number): string[] {
  const seen = [...new Set(table.rows.map((r) => textCell(r[index])))].filter((c) => c !== '');
  const allNumeric = seen.every((c) => Number.isFinite(Number(c)));
  return allNumeric ? seen.sort((a, b) => Number(a) - Number(b)) : seen;
}

/** "Label (unit)", unless the label already names the unit. */
export function axisTitle(explicit: string | undefined, column: Column): string {
  const base = explicit ?? column.label;
  if (!column.unit || base.includes(column.unit)) return base;
  return `${base} (${column.unit})`;
}
