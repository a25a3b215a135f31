// Reads a results file written by `npm run experiment -- <id> --json` (or by the GPU kit, which
// runs the same command) back into a run the app can show. The file comes from outside, so every
// field is checked before use: a wrong file gives one clear UserInputError, never a half-drawn page.
import { UserInputError } from '../core/errors';
import { describeDevice } from '../experiments/csv';
import { findExperimentIn } from '../experiments/lookup';
import type { ChartKind, Experiment, ParamValues, Provenance, RunResult } from '../experiments/types';
import type { GpuInfo } from '../gpu/types';
import type { RunOutcome } from './types';

/** A run read from a results file: shown like a kept run, labelled with its file. */
export interface LoadedRun {
  /** Unique per load, so the same file loaded twice can be told apart and removed. */
  key: string;
  fileName: string;
  /** Where the date in `outcome.finishedAt` comes from: the file itself, or its modification time. */
  dateFrom: 'file' | 'file-modified';
  outcome: RunOutcome;
}

/** What the app needs of a picked or dropped file. */
export interface ResultsFileInput {
  name: string;
  text: string;
  /** The file's modification time (ms since 1970), used as the run's date when the file has none. */
  lastModified: number;
}

const PROVENANCES: readonly Provenance[] = ['measured', 'computed', 'modeled', 'paper', 'datasheet'];
const CHART_KINDS: readonly ChartKind[] = ['line', 'bar', 'scatter', 'gantt', 'heatmap'];
/** The device of a file written without a GPU (the CLI's modeled-only fallback, or no-GPU experiments). */
export const NO_GPU_DEVICE = 'no GPU (modeled parts only)';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Walks the document with a path for messages; any mismatch throws a UserInputError naming it. */
class Reader {
  constructor(private readonly fileName: string) {}

  fail(path: string, expected: string): never {
    throw new UserInputError(
      `“${this.fileName}” is not a results file of this workbench: ${path} should be ${expected}. ` +
        'Load the .json file written by the experiment command with --json (or one step file of the GPU kit).',
    );
  }
  obj(v: unknown, path: string): Obj {
    return isObj(v) ? v : this.fail(path, 'an object');
  }
  arr(v: unknown, path: string): unknown[] {
    return Array.isArray(v) ? v : this.fail(path, 'a list');
  }
  str(v: unknown, path: string): string {
    return typeof v === 'string' ? v : this.fail(path, 'text');
  }
  num(v: unknown, path: string): number {
    // JSON has no NaN/Infinity: JSON.stringify writes them as null, so null reads back as NaN.
    if (v === null) return NaN;
    return typeof v === 'number' ? v : this.fail(path, 'a number');
  }
  optStr(v: unknown, path: string): string | undefined {
    return v === undefined ? undefined : this.str(v, path);
  }
  oneOf<T extends string>(v: unknown, options: readonly T[], path: string): T {
    return options.includes(v as T) ? (v as T) : this.fail(path, `one of ${options.join(', ')}`);
  }
}

function readTable(r: Reader, v: unknown, path: string): RunResult['tables'][number] {
  const t = r.obj(v, path);
  const columns = r.arr(t.columns, `${path}.columns`).map((c, i) => {
    const p = `${path}.columns[${i}]`;
    const col = r.obj(c, p);
    return {
      key: r.str(col.key, `${p}.key`),
      label: r.str(col.label, `${p}.label`),
      unit: r.optStr(col.unit, `${p}.unit`),
      provenance: r.oneOf(col.provenance, PROVENANCES, `${p}.provenance`),
      type: r.oneOf(col.type, ['number', 'string'] as const, `${p}.type`),
    };
  });
  const rows = r.arr(t.rows, `${path}.rows`).map((row, i) => {
    const cells = r.arr(row, `${path}.rows[${i}]`);
    if (cells.length !== columns.length) r.fail(`${path}.rows[${i}]`, `${columns.length} cells`);
    return cells.map((c, j) => {
      if (c === null || typeof c === 'number' || typeof c === 'string') return c;
      return r.fail(`${path}.rows[${i}][${j}]`, 'a number, text or null');
    });
  });
  return {
    id: r.str(t.id, `${path}.id`),
    title: r.str(t.title, `${path}.title`),
    columns,
    rows,
    note: r.optStr(t.note, `${path}.note`),
  };
}

function readResult(r: Reader, v: unknown): RunResult {
  const res = r.obj(v, 'result');
  const tables = r.arr(res.tables, 'result.tables').map((t, i) => readTable(r, t, `result.tables[${i}]`));
  const metrics = r.arr(res.metrics, 'result.metrics').map((m, i) => {
    const p = `result.metrics[${i}]`;
    const o = r.obj(m, p);
    const value = typeof o.value === 'string' ? o.value : r.num(o.value, `${p}.value`);
    return {
      key: r.str(o.key, `${p}.key`),
      label: r.str(o.label, `${p}.label`),
      value,
      unit: r.optStr(o.unit, `${p}.unit`),
      provenance: r.oneOf(o.provenance, PROVENANCES, `${p}.provenance`),
      primary: o.primary === true ? true : undefined,
      note: r.optStr(o.note, `${p}.note`),
    };
  });
  const checks = r.arr(res.checks, 'result.checks').map((c, i) => {
    const p = `result.checks[${i}]`;
    const o = r.obj(c, p);
    if (typeof o.passed !== 'boolean') r.fail(`${p}.passed`, 'true or false');
    return {
      name: r.str(o.name, `${p}.name`),
      maxAbsError: r.num(o.maxAbsError, `${p}.maxAbsError`),
      maxRelError: r.num(o.maxRelError, `${p}.maxRelError`),
      tolerance: r.num(o.tolerance, `${p}.tolerance`),
      passed: o.passed,
      detail: r.optStr(o.detail, `${p}.detail`),
    };
  });
  const tableIds = new Set(tables.map((t) => t.id));
  const charts = r.arr(res.charts, 'result.charts').map((c, i) => {
    const p = `result.charts[${i}]`;
    const o = r.obj(c, p);
    const table = r.str(o.table, `${p}.table`);
    if (!tableIds.has(table)) r.fail(`${p}.table`, 'the id of one of the file’s tables');
    // The rest of a chart spec is plain data the chart renderer checks itself.
    return {
      ...(o as object),
      id: r.str(o.id, `${p}.id`),
      title: r.str(o.title, `${p}.title`),
      kind: r.oneOf(o.kind, CHART_KINDS, `${p}.kind`),
      table,
      x: r.str(o.x, `${p}.x`),
      y: r.str(o.y, `${p}.y`),
    } as RunResult['charts'][number];
  });
  const notices = r.arr(res.notices, 'result.notices').map((n, i) => r.str(n, `result.notices[${i}]`));
  const reproductions =
    res.reproductions === undefined
      ? undefined
      : r.arr(res.reproductions, 'result.reproductions').map((x, i) => {
          const p = `result.reproductions[${i}]`;
          const o = r.obj(x, p);
          return {
            ...(o as object),
            key: r.str(o.key, `${p}.key`),
            claim: r.str(o.claim, `${p}.claim`),
            where: r.str(o.where, `${p}.where`),
            paper: r.num(o.paper, `${p}.paper`),
            ours: r.num(o.ours, `${p}.ours`),
            tolerance: r.num(o.tolerance, `${p}.tolerance`),
            oursProvenance: r.oneOf(
              o.oursProvenance,
              ['measured', 'computed', 'modeled'] as const,
              `${p}.oursProvenance`,
            ),
          } as NonNullable<RunResult['reproductions']>[number];
        });
  return { tables, metrics, checks, charts, notices, ...(reproductions ? { reproductions } : {}) };
}

function readParams(r: Reader, v: unknown): ParamValues {
  const o = r.obj(v, 'params');
  const out: ParamValues = {};
  for (const [k, val] of Object.entries(o)) {
    if (typeof val !== 'number' && typeof val !== 'string' && typeof val !== 'boolean') {
      r.fail(`params.${k}`, 'a number, text or true/false');
    }
    out[k] = val;
  }
  return out;
}

function readDevice(r: Reader, v: unknown): string {
  if (v === null || v === undefined) return NO_GPU_DEVICE;
  const d = r.obj(v, 'device');
  const text = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  const info = {
    vendor: text('vendor'),
    architecture: text('architecture'),
    device: text('device'),
    description: text('description'),
    isFallbackAdapter: d.isFallbackAdapter === true || d.isCpuEmulation === true,
  } as GpuInfo;
  return describeDevice(info);
}

/** A date the file states itself (later CLI versions or hand-merged files), else undefined. */
function statedDate(doc: Obj): string | undefined {
  for (const k of ['finishedAt', 'date']) {
    const v = doc[k];
    if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  }
  return undefined;
}

let loads = 0;

/**
 * Parses and checks one results file. Throws UserInputError for text that is not JSON, a JSON
 * document of another shape (the kit's summary.json included), or an experiment this app does
 * not know. Which experiment the file belongs to is the caller's business (see `experimentOf`).
 */
export function parseResultsFile(input: ResultsFileInput, experiments: readonly Experiment[]): LoadedRun {
  let doc: unknown;
  try {
    doc = JSON.parse(input.text);
  } catch (e) {
    throw new UserInputError(`“${input.name}” is not valid JSON (${(e as Error).message}).`);
  }
  const r = new Reader(input.name);
  if (isObj(doc) && Array.isArray(doc.steps) && doc.experiment === undefined) {
    throw new UserInputError(
      `“${input.name}” is the GPU kit’s summary of a whole session. Load one of its step files instead ` +
        '(for example roofline.json or benchmarks.json from the same folder).',
    );
  }
  const top = r.obj(doc, 'the file');
  const expRef = r.obj(top.experiment, 'experiment');
  const id = r.str(expRef.id, 'experiment.id');
  const experiment = findExperimentIn(experiments, id);
  if (!experiment) {
    throw new UserInputError(
      `“${input.name}” holds results of an experiment this workbench does not know (“${id}”). ` +
        'It may come from a different version of the workbench.',
    );
  }
  const seed = r.num(top.seed, 'seed');
  if (!Number.isInteger(seed) || seed < 0) r.fail('seed', 'a whole number ≥ 0');
  const values = readParams(r, top.params);
  const device = readDevice(r, top.device);
  const result = readResult(r, top.result);
  const stated = statedDate(top);
  const modified = Number.isFinite(input.lastModified) ? new Date(input.lastModified).toISOString() : undefined;
  return {
    key: `${input.name}#${++loads}`,
    fileName: input.name,
    dateFrom: stated ? 'file' : 'file-modified',
    outcome: {
      kind: 'run',
      experimentId: experiment.id,
      values,
      seed,
      device,
      result,
      finishedAt: stated ?? modified ?? new Date(0).toISOString(),
    },
  };
}
