// File parameter: the bytes are read here, in the browser, and never leave it; the store keeps
// them for the next run and the parameter's value becomes the file's name.
import { useId, useState } from 'react';
import type { FileParam, LoadedFile } from '../../experiments/types';

/** Guard against reading something huge into memory by accident. */
const MAX_BYTES = 512 * 2 ** 20;

interface Props {
  spec: FileParam;
  value: string;
  onFile(file: LoadedFile | null): void;
}

export function FileControl({ spec, value, onFile }: Props) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const choose = async (list: FileList | null) => {
    const f = list?.[0];
    if (!f) return;
    if (f.size > MAX_BYTES) {
      setError(`${f.name} is ${(f.size / 2 ** 20).toFixed(0)} MiB; the limit is ${MAX_BYTES / 2 ** 20} MiB`);
      return;
    }
    try {
      onFile({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
      setError(null);
    } catch (e) {
      setError(`cannot read ${f.name}: ${(e as Error).message}`);
    }
  };
  return (
    <div className="param param-file">
      <label htmlFor={id}>{spec.label}</label>
      <input
        id={id}
        type="file"
        accept={spec.accept.join(',')}
        onChange={(e) => void choose(e.currentTarget.files)}
        aria-describedby={`${id}-help`}
      />
      <p id={`${id}-help`} className="param-help">
        {value ? (
          <>
            Using <strong>{value}</strong> ·{' '}
            <button type="button" className="link-button" onClick={() => onFile(null)}>
              use built-in data
            </button>
          </>
        ) : (
          'No file: built-in data.'
        )}
        {spec.help ? ` ${spec.help}` : ''}
      </p>
      {error && (
        <p role="alert" className="param-error">
          {error}
        </p>
      )}
    </div>
  );
}
