import { useId } from 'react';
import type { BoolParam } from '../../experiments/types';

interface Props {
  spec: BoolParam;
  value: boolean;
  onChange(value: boolean): void;
}

export function BoolControl({ spec, value, onChange }: Props) {
  const id = useId();
  return (
    <div className="param param-bool">
      <input
        id={id}
        type="checkbox"
        checked={value}
        onChange={(e) => onChange(e.currentTarget.checked)}
        aria-describedby={spec.help ? `${id}-help` : undefined}
      />
      <label htmlFor={id}>{spec.label}</label>
      {spec.help && (
        <p id={`${id}-help`} className="param-help">
          {spec.help}
        </p>
      )}
    </div>
  );
}
