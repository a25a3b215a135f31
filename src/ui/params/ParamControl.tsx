// Picks the control for a parameter kind. A value of the wrong type (which validation should
// have prevented) falls back to the default rather than crashing the panel.
import type { LoadedFile, ParamSpec, ParamValue } from '../../experiments/types';
import { BoolControl } from './BoolControl';
import { EnumControl } from './EnumControl';
import { FileControl } from './FileControl';
import { NumberControl } from './NumberControl';

interface Props {
  spec: ParamSpec;
  value: ParamValue | undefined;
  onChange(value: ParamValue): void;
  onFile(file: LoadedFile | null): void;
}

export function ParamControl({ spec, value, onChange, onFile }: Props) {
  switch (spec.kind) {
    case 'number':
    case 'int':
      return <NumberControl spec={spec} value={typeof value === 'number' ? value : spec.default} onChange={onChange} />;
    case 'enum':
      return <EnumControl spec={spec} value={typeof value === 'string' ? value : spec.default} onChange={onChange} />;
    case 'bool':
      return <BoolControl spec={spec} value={typeof value === 'boolean' ? value : spec.default} onChange={onChange} />;
    case 'file':
      return <FileControl spec={spec} value={typeof value === 'string' ? value : ''} onFile={onFile} />;
  }
}
