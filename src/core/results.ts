// What a run returns: tables of typed columns, metrics, correctness checks and declarative charts.
// Every column and metric carries its provenance, so no number is shown without where it came from.
import type { Reproduction } from './reproduction';

/**
 * Where a number comes from, one meaning per word: measured (timed or observed on this device),
 * computed (an exact calculation that is not a measurement: an f64 reference, a closed form, a
 * fit to given data), modeled (cost-model output), paper (printed in the paper, with table or
 * figure), datasheet (vendor specifications).
 */
export type Provenance = 'measured' | 'computed' | 'modeled' | 'paper' | 'datasheet';

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
  /**
   * Series names (or, for bars without series, category labels) to emphasise, e.g. the GPU the
   * user chose: drawn bolder and on top, the rest lighter.
   */
  highlight?: string[];
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
  /**
   * The paper's headline claims checked against this result (for paper presets): shown as the
   * reproduction panel, printed by the CLI, gathered into the README's reproduction table.
   */
  reproductions?: Reproduction[];
}

export type Calibration = Record<string, number>;
