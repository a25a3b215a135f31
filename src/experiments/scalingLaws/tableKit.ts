// Small helpers the scaling-law views share: typed column builders and the y = x marks of a
// predicted-vs-true scatter (the chart spec has no diagonal rule, so the diagonal is a series).
import type { Column, Provenance } from '../types';

export const num = (key: string, label: string, unit: string | undefined, provenance: Provenance): Column => ({
  key,
  label,
  unit,
  provenance,
  type: 'number',
});

export const str = (key: string, label: string, provenance: Provenance): Column => ({
  key,
  label,
  provenance,
  type: 'string',
});

export const DIAGONAL_SERIES = 'y = x (perfect prediction)';

/**
 * Up to `n` of the observed values, evenly spread over their sorted order: the x (and y) of the
 * diagonal's marks. Taking observed values keeps the x column purely observed data.
 */
export function diagonalValues(observed: readonly number[], n = 24): number[] {
  const sorted = [...new Set(observed)].sort((a, b) => a - b);
  if (sorted.length <= n) return sorted;
  return Array.from({ length: n }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (n - 1))]!);
}

/** Formats a shape as d×L. */
export const shapeLabel = (dModel: number, nLayers: number) => `${dModel}×${nLayers}`;
