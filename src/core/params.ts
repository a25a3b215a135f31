// The parameter schema (number, int, enum, bool and file parameters; presets) and its handling,
// shared by the UI panel, URL state and the CLI flags: defaults,
// parsing from strings, and validation with messages that name the allowed range.
import { UserInputError } from './errors';

interface ParamBase {
  key: string;
  label: string;
  help?: string;
  /** Groups sliders in the panel ("Workload", "Cluster", ...). */
  group?: string;
  /**
   * Shown first, outside "Advanced": the few parameters a reader moves to see the paper's point.
   * When an experiment marks none, the panel shows its first four.
   */
  essential?: boolean;
}
export interface NumberParam extends ParamBase {
  kind: 'number' | 'int';
  min: number;
  max: number;
  step?: number;
  default: number;
  unit?: string;
  /** Slider moves on a log scale (min must be > 0). */
  log?: boolean;
}
export interface EnumParam extends ParamBase {
  kind: 'enum';
  options: { value: string; label?: string }[];
  default: string;
}
export interface BoolParam extends ParamBase {
  kind: 'bool';
  default: boolean;
}
/**
 * A user-supplied file (data set, edge list). The value is the file's name (the CLI: its path);
 * the bytes reach `run` through ctx.files. Links cannot carry file contents, so URL state skips it.
 */
export interface FileParam extends ParamBase {
  kind: 'file';
  /** Accepted extensions, e.g. ['.npy', '.fvecs', '.csv']. */
  accept: string[];
  /** Always '' (no file): experiments fall back to their built-in data. */
  default: '';
}
export type ParamSpec = NumberParam | EnumParam | BoolParam | FileParam;
export type ParamValue = number | string | boolean;
export type ParamValues = Record<string, ParamValue>;

export interface Preset {
  id: string;
  label: string;
  values: ParamValues;
  note?: string;
}

export interface LoadedFile {
  name: string;
  bytes: Uint8Array;
}

export function defaultValues(specs: ParamSpec[]): ParamValues {
  const out: ParamValues = {};
  for (const s of specs) out[s.key] = s.default;
  return out;
}

export function describeRange(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'number':
    case 'int':
      return `${spec.kind === 'int' ? 'an integer' : 'a number'} in [${spec.min}, ${spec.max}]${spec.unit ? ' ' + spec.unit : ''}`;
    case 'enum':
      return `one of ${spec.options.map((o) => o.value).join(', ')}`;
    case 'bool':
      return 'true or false';
    case 'file':
      return `a file (${spec.accept.join(', ')})`;
  }
}

/** Returns the parsed value, or an error message naming the allowed range. */
export function parseParam(spec: ParamSpec, raw: string): { value: ParamValue } | { error: string } {
  const bad = (): { error: string } => ({
    error: `${spec.key}=${JSON.stringify(raw)} is not valid: expected ${describeRange(spec)}`,
  });
  const text = raw.trim();
  switch (spec.kind) {
    case 'number':
    case 'int': {
      if (text === '') return bad();
      const v = Number(text);
      if (!Number.isFinite(v)) return bad();
      if (spec.kind === 'int' && !Number.isInteger(v)) return bad();
      if (v < spec.min || v > spec.max) return bad();
      return { value: v };
    }
    case 'enum':
      return spec.options.some((o) => o.value === text) ? { value: text } : bad();
    case 'bool':
      if (text === 'true' || text === '1') return { value: true };
      if (text === 'false' || text === '0') return { value: false };
      return bad();
    case 'file':
      return { value: text };
  }
}

/** Checks an already-typed value (from a preset or the UI); returns an error message or null. */
export function validateValue(spec: ParamSpec, v: unknown): string | null {
  switch (spec.kind) {
    case 'number':
    case 'int':
      if (
        typeof v !== 'number' ||
        !Number.isFinite(v) ||
        v < spec.min ||
        v > spec.max ||
        (spec.kind === 'int' && !Number.isInteger(v))
      ) {
        return `${spec.label}: ${String(v)} is out of range; expected ${describeRange(spec)}`;
      }
      return null;
    case 'enum':
      return typeof v === 'string' && spec.options.some((o) => o.value === v)
        ? null
        : `${spec.label}: ${String(v)} is not ${describeRange(spec)}`;
    case 'bool':
      return typeof v === 'boolean' ? null : `${spec.label}: expected true or false`;
    case 'file':
      return typeof v === 'string' ? null : `${spec.label}: expected a file name`;
  }
}

/** Full validation of a parameter set before a run; throws UserInputError on the first problem. */
export function assertValidParams(specs: ParamSpec[], values: ParamValues): ParamValues {
  const out = defaultValues(specs);
  for (const key of Object.keys(values)) {
    const spec = specs.find((s) => s.key === key);
    if (!spec) throw new UserInputError(`unknown parameter "${key}"; known: ${specs.map((s) => s.key).join(', ')}`);
    const err = validateValue(spec, values[key]);
    if (err) throw new UserInputError(err);
    out[key] = values[key]!;
  }
  return out;
}

/**
 * Reads string values (URL query or CLI --set) leniently: every bad entry falls back to the
 * default and is reported, so a garbled link still opens a working view.
 */
export function parseParamStrings(
  specs: ParamSpec[],
  raw: Record<string, string>,
): { values: ParamValues; problems: string[] } {
  const values = defaultValues(specs);
  const problems: string[] = [];
  for (const [key, text] of Object.entries(raw)) {
    const spec = specs.find((s) => s.key === key);
    if (!spec) {
      problems.push(`unknown parameter "${key}" ignored`);
      continue;
    }
    const r = parseParam(spec, text);
    if ('error' in r) problems.push(`${r.error}; using default ${String(spec.default)}`);
    else values[key] = r.value;
  }
  return { values, problems };
}

export function applyPreset(specs: ParamSpec[], preset: Preset): ParamValues {
  return assertValidParams(specs, preset.values);
}

/** Snap a slider value to the spec's grid (int rounding, step) and clamp into range. */
export function snapValue(spec: ParamSpec & { kind: 'number' | 'int' }, v: number): number {
  let x = Math.min(spec.max, Math.max(spec.min, v));
  if (spec.kind === 'int') x = Math.round(x);
  else if (spec.step) x = Math.round((x - spec.min) / spec.step) * spec.step + spec.min;
  return Number(x.toPrecision(12));
}

export function formatParamValue(v: ParamValue): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(12))) : String(v);
}
