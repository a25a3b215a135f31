// Numbers in tables and metric cards: 4 significant digits (timings on emulated devices vary
// more than that), integers kept whole, no SI prefixes that could clash with units.
import { format } from 'd3';

const sig4 = format('.4~g');
const grouped = format(',');

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  // From 10,000 up, whole units are precise enough and easier to read than 1.166e+4.
  if (Math.abs(v) >= 1e4 && Math.abs(v) < 1e15) return grouped(Math.round(v));
  if (Number.isInteger(v) && Math.abs(v) < 1e4) return String(v);
  return sig4(v);
}

export function formatCell(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? formatNumber(v) : v;
}
