// The one number format of the app (tables, metric cards, chart tooltips, exports' captions):
// thousands separators, 4 significant digits (timings on emulated devices vary more than that),
// integers kept whole, no SI prefixes that could clash with units (units go in the header or
// after the number). Very large and very small magnitudes use exponent notation.
import { format } from 'd3';

const sig4 = format(',.4~g');
const grouped = format(',');

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e15) return format('.4~e')(v);
  // Counts are exact: keep every digit. From 10,000 up, whole units are precise enough.
  if (Number.isInteger(v) || a >= 1e4) return grouped(Math.round(v));
  if (a !== 0 && a < 1e-4) return format('.3~e')(v);
  return sig4(v);
}

export function formatCell(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? formatNumber(v) : v;
}
