// Preset helpers for the panel, the URL and presenter mode. A preset holds only the values it
// changes; the rest come from the parameter defaults.
import { defaultValues } from '../core/params';
import type { Experiment, ParamValues, Preset } from '../experiments/types';

export function presetValues(exp: Experiment, preset: Preset): ParamValues {
  return { ...defaultValues(exp.params), ...preset.values };
}

/** The preset whose full values equal `values`, or undefined when the view is custom. */
export function matchingPreset(exp: Experiment, values: ParamValues): Preset | undefined {
  return exp.presets.find((p) => {
    const full = presetValues(exp, p);
    return exp.params.every((s) => full[s.key] === values[s.key]);
  });
}

/** The preset `step` places after (or before) the current one, wrapping around. */
export function steppedPreset(exp: Experiment, values: ParamValues, step: 1 | -1): Preset | undefined {
  const n = exp.presets.length;
  if (n === 0) return undefined;
  const current = matchingPreset(exp, values);
  const i = current ? exp.presets.indexOf(current) : step === 1 ? -1 : 0;
  return exp.presets[(((i + step) % n) + n) % n];
}
