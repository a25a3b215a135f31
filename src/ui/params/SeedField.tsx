// The RNG seed: runs are reproducible from (experiment, params, seed), so it is part of the link.
import { useEffect, useId, useState } from 'react';
import { parseSeed } from '../../state/urlState';

interface Props {
  seed: number;
  onChange(seed: number): void;
}

export function SeedField({ seed, onChange }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  // A seed set elsewhere (preset, URL, presenter keys) replaces a draft that no longer matches it.
  // oxlint-disable-next-line react/set-state-in-effect -- resetting local draft state on an outside change is the intent
  useEffect(() => setDraft((d) => (d !== null && parseSeed(d) === seed ? d : null)), [seed]);
  const invalid = draft !== null && parseSeed(draft) === null;
  return (
    <div className="param">
      <label className="param-label" htmlFor={id}>
        Seed
      </label>
      <input
        id={id}
        className="param-number"
        type="text"
        inputMode="numeric"
        value={draft ?? String(seed)}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onChange={(e) => {
          const text = e.currentTarget.value;
          setDraft(text);
          const v = parseSeed(text);
          if (v !== null) onChange(v);
        }}
      />
      {invalid && (
        <p id={`${id}-error`} className="param-error" role="alert">
          Seed must be an integer from 0 to 4294967295
        </p>
      )}
    </div>
  );
}
