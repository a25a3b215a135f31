// Scale construction shared by the marks. Numeric axes are linear or log; categorical axes are
// bands (bars, lanes, heat-map cells). Degenerate domains (one value) are widened so a single
// point still lands mid-plot instead of on an edge or at NaN.
import {
  scaleBand,
  scaleLinear,
  scaleLog,
  scalePoint,
  type ScaleBand,
  type ScaleContinuousNumeric,
  type ScalePoint,
} from 'd3';

export type NumericScale = ScaleContinuousNumeric<number, number>;

export interface NumericScaleOptions {
  log?: boolean;
  /** Bars grow from zero on linear axes. */
  includeZero?: boolean;
}

export function numericScale(values: number[], range: [number, number], opts: NumericScaleOptions = {}): NumericScale {
  const usable = opts.log ? values.filter((v) => v > 0) : values;
  let lo = Math.min(...usable);
  let hi = Math.max(...usable);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = opts.log ? 1 : 0;
    hi = opts.log ? 10 : 1;
  }
  if (opts.log) {
    if (lo === hi) {
      lo /= 2;
      hi *= 2;
    }
    return scaleLog().domain([lo, hi]).range(range).nice();
  }
  if (opts.includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.5 || 1;
    lo -= pad;
    hi += pad;
  }
  return scaleLinear().domain([lo, hi]).range(range).nice();
}

export function bandScale(domain: string[], range: [number, number], padding = 0.15): ScaleBand<string> {
  return scaleBand<string>()
    .domain(domain)
    .range(range)
    .paddingInner(padding)
    .paddingOuter(padding / 2);
}

export function pointScale(domain: string[], range: [number, number]): ScalePoint<string> {
  return scalePoint<string>().domain(domain).range(range).padding(0.5);
}

/** True when v can be drawn on this axis (log axes cannot show v <= 0). */
export function plottable(v: number | null, log: boolean | undefined): v is number {
  return v !== null && (!log || v > 0);
}
