// A number/int parameter: range slider (log-scaled when the spec says so) plus a typed field.
// Typed values commit as soon as they are valid; invalid text stays in the field with an inline
// message and never reaches the store. One tab stop per parameter: the typed field takes focus
// and its ↑/↓ keys move the value like the slider's arrows; the slider is for pointers and
// announces the real value and unit (not its 0–1000 log position) to assistive technology.
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { formatParamValue } from '../../core/params';
import type { NumberParam } from '../../experiments/types';
import {
  fieldWidthCh,
  sliderAttrs,
  sliderMove,
  sliderValueText,
  typedNumberError,
  valueToPosition,
} from './sliderScale';

interface Props {
  spec: NumberParam;
  value: number;
  onChange(value: number): void;
}

export function NumberControl({ spec, value, onChange }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A change from elsewhere (slider, preset, presenter keys) replaces whatever was typed.
  useEffect(() => {
    // oxlint-disable-next-line react/set-state-in-effect -- resetting local draft state on an outside change is the intent
    setDraft((d) => (d !== null && Number(d) === value ? d : null));
    setError(null);
  }, [value]);

  const onType = (text: string) => {
    setDraft(text);
    const problem = typedNumberError(spec, text);
    setError(problem);
    if (!problem) onChange(Number(text.trim()));
  };
  const attrs = sliderAttrs(spec);
  const position = valueToPosition(spec, value);
  const stepKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const dir = e.key === 'ArrowUp' ? 1 : e.key === 'ArrowDown' ? -1 : 0;
    if (dir === 0) return;
    e.preventDefault();
    const unit = attrs.step === 'any' ? (spec.max - spec.min) / 100 : attrs.step;
    onChange(sliderMove(spec, value, position + dir * unit));
  };
  const describedBy =
    [spec.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <div className="param">
      <label className="param-label" htmlFor={`${id}-input`}>
        {spec.label}
      </label>
      <div className="param-row">
        <input
          type="range"
          tabIndex={-1}
          aria-label={`${spec.label} slider`}
          aria-valuetext={sliderValueText(spec, value)}
          min={attrs.min}
          max={attrs.max}
          step={attrs.step}
          value={position}
          onChange={(e) => onChange(sliderMove(spec, value, Number(e.currentTarget.value)))}
        />
        <input
          id={`${id}-input`}
          className="param-number"
          type="text"
          inputMode="decimal"
          spellCheck={false}
          style={{ width: `${fieldWidthCh(spec)}ch` }}
          value={draft ?? formatParamValue(value)}
          onKeyDown={stepKey}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onType(e.currentTarget.value)}
        />
        {spec.unit && <span className="param-unit">{spec.unit}</span>}
      </div>
      {error && (
        <p id={`${id}-error`} className="param-error" role="alert">
          {error}
        </p>
      )}
      {spec.help && (
        <p id={`${id}-help`} className="param-help">
          {spec.help}
        </p>
      )}
    </div>
  );
}
