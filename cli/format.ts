// Plain-text rendering of results for the terminal: aligned tables, metrics, checks.
import { formatParamValue } from '../src/core/params';
import type { Cell, Check, Metric, ParamValues, Table } from '../src/core';

/** Rows shown before a table is cut short; the CSV (--out) always has every row. */
export const MAX_TABLE_ROWS = 20;
/** Longer text cells are cut so one long value (a feature list) cannot widen a whole column. */
export const MAX_CELL_CHARS = 60;

/** Compact but exact enough to read: integers as-is, others to 4 significant digits. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

function cellText(c: Cell): string {
  if (c === null) return '–';
  if (typeof c === 'number') return formatNumber(c);
  return c.length > MAX_CELL_CHARS ? c.slice(0, MAX_CELL_CHARS - 1) + '…' : c;
}

/**
 * Header row with `label (unit)`, a second row with each column's provenance (measured /
 * modeled / paper), then the rows; numeric columns right-aligned.
 */
export function formatTable(table: Table, maxRows = MAX_TABLE_ROWS): string {
  const header = table.columns.map((c) => (c.unit ? `${c.label} (${c.unit})` : c.label));
  const provenance = table.columns.map((c) => `[${c.provenance}]`);
  const shown = table.rows.slice(0, maxRows).map((r) => table.columns.map((_, k) => cellText(r[k] ?? null)));
  const widths = table.columns.map((_, k) =>
    Math.max(header[k]!.length, provenance[k]!.length, ...shown.map((r) => r[k]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((t, k) => (table.columns[k]!.type === 'number' ? t.padStart(widths[k]!) : t.padEnd(widths[k]!)))
      .join('  ')
      .trimEnd();
  const out = [`== ${table.title} (${table.id}) ==`];
  if (table.note) out.push(table.note);
  out.push(line(header), line(provenance), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of shown) out.push(line(r));
  if (table.rows.length > maxRows) {
    out.push(`… ${table.rows.length - maxRows} more rows (${table.rows.length} in all; --out writes them all)`);
  }
  if (table.rows.length === 0) out.push('(no rows)');
  return out.join('\n');
}

export function formatMetrics(metrics: Metric[]): string {
  const rows = metrics.map((m) => {
    const value = typeof m.value === 'number' ? formatNumber(m.value) : m.value;
    return [m.label, `${value}${m.unit ? ` ${m.unit}` : ''}`, `[${m.provenance}]${m.note ? `  ${m.note}` : ''}`];
  });
  const w0 = Math.max(0, ...rows.map((r) => r[0]!.length));
  const w1 = Math.max(0, ...rows.map((r) => r[1]!.length));
  return rows.map(([a, b, c]) => `  ${a!.padEnd(w0)}  ${b!.padStart(w1)}  ${c}`).join('\n');
}

export function formatCheck(c: Check): string {
  const verdict = c.passed ? 'PASS' : 'FAIL';
  const nums = `max abs err ${formatNumber(c.maxAbsError)}, max rel err ${formatNumber(c.maxRelError)}, tolerance ${formatNumber(c.tolerance)}`;
  return `  ${verdict}  ${c.name}: ${nums}${c.detail ? ` (${c.detail})` : ''}`;
}

/** Progress on stderr, one line per change of whole percent or message, so logs stay short. */
export function progressPrinter(write: (line: string) => void): (fraction: number, message?: string) => void {
  let last = '';
  return (fraction, message) => {
    const pct = Math.round(fraction * 100);
    const line = `[${String(pct).padStart(3)}%]${message ? ` ${message}` : ''}`;
    if (line !== last) write(line);
    last = line;
  };
}

/** `k=v, k=v` in schema order, as also written into CSV headers. */
export function formatParamValueList(params: ParamValues): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${formatParamValue(v)}`)
    .join(', ');
}
