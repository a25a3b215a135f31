// Number formatting for ticks and tooltips: short, locale-independent, no SI prefixes (a "m"
// for milli next to a unit like "ms" would be misread).
import { format } from 'd3';

const short = format('~g');
const si = format('~s');
const precise = format('.4~g');

/** Large ticks get k/M/G (10k, 100k); small ones stay plain decimals (0.01, not 10m). */
export function formatTick(v: number): string {
  return Math.abs(v) >= 1e4 ? si(v) : short(v);
}

export function formatValue(v: number): string {
  return Math.abs(v) >= 1e4 && Math.abs(v) < 1e9 && Number.isInteger(v) ? String(v) : precise(v);
}
