import { describe, expect, it } from 'vitest';
import type { NumberParam } from '../../experiments/types';
import {
  fieldWidthCh,
  LOG_STEPS,
  positionToValue,
  sliderAttrs,
  sliderMove,
  sliderValueText,
  typedNumberError,
  valueToPosition,
} from './sliderScale';

const logSpec: NumberParam = {
  key: 'i',
  label: 'Intensity',
  kind: 'number',
  min: 0.01,
  max: 10000,
  step: 0.01,
  default: 10,
  log: true,
  unit: 'FLOP/B',
};
const intSpec: NumberParam = { key: 'n', label: 'Layers', kind: 'int', min: 1, max: 96, default: 12 };

describe('slider scale', () => {
  it('maps log positions evenly per decade', () => {
    expect(valueToPosition(logSpec, 0.01)).toBe(0);
    expect(valueToPosition(logSpec, 10000)).toBe(LOG_STEPS);
    expect(valueToPosition(logSpec, 10)).toBe(500); // 3 of 6 decades
    expect(positionToValue(logSpec, 500)).toBe(10);
    expect(positionToValue(logSpec, 0)).toBe(0.01);
    expect(positionToValue(logSpec, LOG_STEPS)).toBe(10000);
  });

  it('round-trips positions within one step', () => {
    for (const p of [1, 137, 499, 501, 999]) {
      expect(Math.abs(valueToPosition(logSpec, positionToValue(logSpec, p)) - p)).toBeLessThanOrEqual(1);
    }
  });

  it('never gets stuck when an arrow key moves one position', () => {
    const logInt: NumberParam = { key: 'm', label: 'MiB', kind: 'int', min: 1, max: 2048, default: 256, log: true };
    let v = 1;
    for (let i = 0; i < 5; i++) v = sliderMove(logInt, v, valueToPosition(logInt, v) + 1);
    expect(v).toBe(6);
    let x = 0.01;
    x = sliderMove(logSpec, x, valueToPosition(logSpec, x) + 1);
    expect(x).toBeGreaterThan(0.01);
    expect(sliderMove(logSpec, 10000, LOG_STEPS)).toBe(10000);
    expect(sliderMove(logInt, 5, valueToPosition(logInt, 5) - 1)).toBeLessThan(5);
  });

  it('snaps linear integer sliders', () => {
    expect(sliderAttrs(intSpec)).toEqual({ min: 1, max: 96, step: 1 });
    expect(positionToValue(intSpec, 3.4)).toBe(3);
    expect(positionToValue(intSpec, 1000)).toBe(96);
  });

  it('explains rejected typed values', () => {
    expect(typedNumberError(logSpec, '5')).toBeNull();
    expect(typedNumberError(logSpec, 'banana')).toBe('Intensity: "banana" is not a number');
    expect(typedNumberError(logSpec, '20000')).toBe('Intensity: 20000 is out of range; allowed 0.01 to 10000 FLOP/B');
    expect(typedNumberError(intSpec, '2.5')).toBe('Layers: 2.5 is not an integer');
    expect(typedNumberError(intSpec, '  ')).toMatch(/not a number/);
  });

  it('announces the real value and unit, not the log position', () => {
    expect(valueToPosition(logSpec, 123)).not.toBe(123);
    expect(sliderValueText(logSpec, 123)).toBe('123 FLOP/B');
    expect(sliderValueText(intSpec, 12)).toBe('12');
  });

  it('sizes the typed field for the longest value in range', () => {
    expect(fieldWidthCh(logSpec)).toBe(7); // "10000" + 2
    expect(fieldWidthCh({ ...intSpec, max: 999_999_999 })).toBe(11);
    expect(fieldWidthCh(intSpec)).toBe(5);
  });
});
