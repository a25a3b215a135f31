// Mapping between a range input's position and a parameter value. Log parameters use an integer
// position 0..LOG_STEPS so every decade gets the same slider travel.
import { formatParamValue, snapValue } from '../../core/params';
import type { NumberParam } from '../../experiments/types';

export const LOG_STEPS = 1000;

export interface SliderAttrs {
  min: number;
  max: number;
  step: number | 'any';
}

export function sliderAttrs(spec: NumberParam): SliderAttrs {
  if (spec.log) return { min: 0, max: LOG_STEPS, step: 1 };
  return { min: spec.min, max: spec.max, step: spec.step ?? (spec.kind === 'int' ? 1 : 'any') };
}

export function valueToPosition(spec: NumberParam, value: number): number {
  if (!spec.log) return value;
  const lo = Math.log(spec.min);
  const hi = Math.log(spec.max);
  const v = Math.min(spec.max, Math.max(spec.min, value));
  return Math.round(((Math.log(v) - lo) / (hi - lo)) * LOG_STEPS);
}

export function positionToValue(spec: NumberParam, position: number): number {
  if (!spec.log) return snapValue(spec, position);
  const lo = Math.log(spec.min);
  const hi = Math.log(spec.max);
  const raw = Math.exp(lo + (position / LOG_STEPS) * (hi - lo));
  // Keep 3 significant digits so log sliders give readable values (12.3, not 12.3456789). The
  // linear `step` is not applied: on a log scale it would collapse the low end onto one value.
  return clampRound(spec, Number(raw.toPrecision(3)));
}

function clampRound(spec: NumberParam, v: number): number {
  const x = Math.min(spec.max, Math.max(spec.min, v));
  return spec.kind === 'int' ? Math.round(x) : x;
}

/**
 * The value for a slider move from `current` to `position`. Rounding can map a one-step move back
 * onto the current value (log int sliders near 1, coarse steps); then the value moves by one unit
 * of its last digit in the direction of travel, so keyboard arrows never get stuck.
 */
export function sliderMove(spec: NumberParam, current: number, position: number): number {
  const next = positionToValue(spec, position);
  const from = valueToPosition(spec, current);
  if (next !== current || position === from) return next;
  const dir = Math.sign(position - from);
  const unit =
    spec.kind === 'int' ? 1 : spec.log ? 10 ** (Math.floor(Math.log10(Math.abs(current))) - 2) : (spec.step ?? 0);
  return clampRound(spec, Number((current + dir * unit).toPrecision(12)));
}

/** Problems with a typed value, phrased for the inline message; null when acceptable. */
export function typedNumberError(spec: NumberParam, text: string): string | null {
  const t = text.trim();
  const v = Number(t);
  if (t === '' || !Number.isFinite(v)) return `${spec.label}: "${text}" is not a number`;
  if (spec.kind === 'int' && !Number.isInteger(v)) return `${spec.label}: ${t} is not an integer`;
  if (v < spec.min || v > spec.max) {
    return `${spec.label}: ${t} is out of range; allowed ${spec.min} to ${spec.max}${spec.unit ? ` ${spec.unit}` : ''}`;
  }
  return null;
}

/** What a slider announces: the parameter's real value and unit, never the slider position. */
export function sliderValueText(spec: NumberParam, value: number): string {
  return `${formatParamValue(value)}${spec.unit ? ` ${spec.unit}` : ''}`;
}

/** A typed field wide enough for the longest value in range (in ch, with room for the caret). */
export function fieldWidthCh(spec: NumberParam): number {
  const longest = Math.max(
    formatParamValue(spec.min).length,
    formatParamValue(spec.max).length,
    formatParamValue(spec.default).length,
  );
  return Math.min(16, Math.max(5, longest + 2));
}
