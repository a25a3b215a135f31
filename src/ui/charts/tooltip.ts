// Hover text for marks, as SVG <title> children: works without scripts, in exported SVGs, and
// is read by screen readers.
import type { Column } from '../../experiments/types';
import { formatValue } from './format';

export function describeCell(column: Column, value: number | string): string {
  const v = typeof value === 'number' ? formatValue(value) : value;
  return `${column.label}: ${v}${column.unit ? ` ${column.unit}` : ''}`;
}

export function tooltip(series: string, parts: string[]): string {
  return [series, ...parts].filter(Boolean).join('\n');
}
