// Number formatting for ticks and tooltips. Tooltips use the app's one number format (the same
// as tables and metric cards); ticks are compact: large ticks get k/M/G (10k, 100k), small ones
// stay plain decimals (0.01, not 10m, which would be misread next to a unit like "ms").
import { format } from 'd3';
import { formatNumber } from '../results/formatNumber';

const short = format('~g');
const si = format('~s');

/**
 * Formats one axis's ticks in one style: when the axis reaches 10,000 every tick from 1,000 up
 * gets k/M/G ("8k" beside "10k", never "8000" beside "10k").
 */
export function tickFormatter(ticks: number[]): (v: number) => string {
  const big = ticks.some((t) => Math.abs(t) >= 1e4);
  return (v) => (big && Math.abs(v) >= 1e3 ? si(v) : short(v));
}

export const formatValue = formatNumber;
