// Preset select. "Custom" appears only when the current values match no preset. A select cannot
// wrap its text, so a label too long for the panel is also written out in full below it.
import { useId } from 'react';
import type { Experiment, ParamValues } from '../../experiments/types';
import { matchingPreset } from '../../state/presets';

/** About what the panel's select shows without cutting the text off. */
const LABEL_FITS = 30;

interface Props {
  experiment: Experiment;
  values: ParamValues;
  onApply(presetId: string): void;
}

export function PresetPicker({ experiment, values, onApply }: Props) {
  const id = useId();
  if (experiment.presets.length === 0) return null;
  const current = matchingPreset(experiment, values);
  return (
    <div className="param preset-picker">
      <label className="param-label" htmlFor={id}>
        Preset
      </label>
      <select
        id={id}
        value={current?.id ?? 'custom'}
        title={current?.label}
        onChange={(e) => onApply(e.currentTarget.value)}
      >
        {!current && <option value="custom">custom</option>}
        {experiment.presets.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      {current && current.label.length > LABEL_FITS && <p className="preset-full">{current.label}</p>}
      {current?.note && <p className="param-help">{current.note}</p>}
    </div>
  );
}
