// The experiment contract: everything the UI, the CLI and CSV export need to know about an
// experiment, with no React and no DOM. An experiment is data (meta, params, presets) plus one
// async `run` that may use the GPU.
import type { Gpu } from '../gpu/gpu';
import type { Rng } from '../data/pcg32';

export type Provenance = 'measured' | 'modeled' | 'paper';

export interface Claim {
  text: string;
  value?: number;
  unit?: string;
  /** Where the claim appears in the paper, e.g. "Table 3" or "§5.2, Fig. 7". */
  where: string;
}

export interface PaperRef {
  title: string;
  authors: string;
  venue: string;
  year: number;
  url: string;
  claims: Claim[];
}

interface ParamBase {
  key: string;
  label: string;
  help?: string;
  /** Groups sliders in the panel ("Workload", "Cluster", ...). */
  group?: string;
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

export interface Column {
  key: string;
  label: string;
  unit?: string;
  provenance: Provenance;
  type: 'number' | 'string';
}
export type Cell = number | string | null;
export interface Table {
  id: string;
  title: string;
  columns: Column[];
  rows: Cell[][];
  note?: string;
}

export interface Metric {
  key: string;
  label: string;
  value: number | string;
  unit?: string;
  provenance: Provenance;
  /** The one metric presenter mode shows in big type. */
  primary?: boolean;
  note?: string;
}

/** A correctness check of a GPU result against an independent CPU reference. */
export interface Check {
  name: string;
  maxAbsError: number;
  maxRelError: number;
  tolerance: number;
  passed: boolean;
  detail?: string;
}

export type ChartKind = 'line' | 'bar' | 'scatter' | 'gantt' | 'heatmap';
export interface ChartSpec {
  id: string;
  title: string;
  kind: ChartKind;
  /** Id of the table the chart reads. */
  table: string;
  /** Column keys. For gantt: x = start, x2 = end, y = lane. For heatmap: x, y, value. */
  x: string;
  y: string;
  x2?: string;
  value?: string;
  /** Column whose values split the rows into series (colour + legend). */
  series?: string;
  logX?: boolean;
  logY?: boolean;
  xLabel?: string;
  yLabel?: string;
  /** Extra straight lines drawn over the data (rooflines, paper values, break-even). */
  rules?: { axis: 'x' | 'y'; value: number; label: string }[];
}

export interface RunResult {
  tables: Table[];
  metrics: Metric[];
  checks: Check[];
  charts: ChartSpec[];
  /** Human-readable caveats, e.g. "timings are CPU emulation (SwiftShader)". */
  notices: string[];
  /**
   * Values measured by a run that the modeled part can be calibrated with (e.g. this device's
   * attention efficiency). Passed back to `model` on later slider moves.
   */
  calibration?: Calibration;
}

export type Calibration = Record<string, number>;

export interface LoadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface RunContext {
  /** Bytes of the files chosen for 'file' parameters, by parameter key. */
  files: Record<string, LoadedFile>;
  /** Absent when the environment has no WebGPU; experiments that need it must say so. */
  gpu?: Gpu;
  rng: Rng;
  seed: number;
  signal: AbortSignal;
  progress(fraction: number, message?: string): void;
}

export type Topic =
  | 'Device'
  | 'Attention & LLM inference'
  | 'Vector search'
  | 'Graph learning'
  | 'Recommendation'
  | 'Energy'
  | 'Model parallelism';

export interface Experiment {
  id: string;
  title: string;
  topic: Topic;
  summary: string;
  /** Absent for workbench tools that reproduce no paper (the device probe). */
  paper?: PaperRef;
  params: ParamSpec[];
  presets: Preset[];
  /** 'required': cannot run without WebGPU; 'optional': runs modeled parts without it. */
  gpu: 'required' | 'optional' | 'none';
  /**
   * The full run: measured kernels (when a GPU is present) plus the modeled part. Shown when
   * the user presses Run, and by the CLI.
   */
  run(params: ParamValues, ctx: RunContext): Promise<RunResult>;
  /**
   * Optional pure, synchronous, fast (<100 ms) modeled view, recomputed live as sliders move,
   * with the calibration of the last run if there was one. No GPU, no randomness.
   */
  model?(params: ParamValues, calibration?: Calibration): RunResult;
}

/** Thrown for problems caused by the user's input; the CLI prints the message with exit code 2. */
export class UserInputError extends Error {
  override name = 'UserInputError';
}
