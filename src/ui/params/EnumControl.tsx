import { useId } from 'react';
import type { EnumParam } from '../../experiments/types';

interface Props {
  spec: EnumParam;
  value: string;
  onChange(value: string): void;
}

export function EnumControl({ spec, value, onChange }: Props) {
  const id = useId();
  return (
    <div className="param">
      <label className="param-label" htmlFor={id}>
        {spec.label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-describedby={spec.help ? `${id}-help` : undefined}
      >
        {spec.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label ?? o.value}
          </option>
        ))}
      </select>
      {spec.help && (
        <p id={`${id}-help`} className="param-help">
          {spec.help}
        </p>
      )}
    </div>
  );
}
