// The benchmark's tables and charts. Every number is measured on this device in this run.
import type { ProbeMeasurement } from '../../kernels/probe';
import type { Cell, ChartSpec, Column, Table } from '../types';
import type { BenchCase, BenchSize, CaseResult } from './types';
import { ratioRows, resultRows, type Ratio, type Roof } from './metrics';

const m = (key: string, label: string, type: Column['type'], unit?: string): Column => ({
  key,
  label,
  type,
  unit,
  provenance: 'measured',
});

export const RESULT_COLUMNS: Column[] = [
  m('case', 'Case', 'string'),
  m('shape', 'Shape', 'string'),
  m('impl', 'Implementation', 'string'),
  m('status', 'Status', 'string'),
  m('method', 'Timing method (median, min)', 'string'),
  m('firstRunMs', 'First run (compile + run + read)', 'number', 'ms'),
  m('medianMs', 'Median', 'number', 'ms'),
  m('minMs', 'Min', 'number', 'ms'),
  m('wallMedianMs', 'Wall median (submit → done)', 'number', 'ms'),
  m('wallMinMs', 'Wall min', 'number', 'ms'),
  m('reps', 'Timed reps', 'number'),
  m('gflops', 'Throughput', 'number', 'GFLOP/s'),
  m('gbs', 'Bandwidth', 'number', 'GB/s'),
  m('roofPct', 'Of the probed roof', 'number', '%'),
  m('bound', 'Roof that binds', 'string'),
  m('speedupWall', 'Ours × faster (wall)', 'number', '×'),
  m('speedupGpu', 'Ours × faster (GPU timestamps)', 'number', '×'),
  m('maxAbsError', 'Max abs error', 'number'),
  m('note', 'Note', 'string'),
];

export function resultsTable(cases: CaseResult[], roof: Roof, cpuEmulation: boolean): Table {
  return {
    id: 'results',
    title: cpuEmulation ? 'Kernel benchmarks (CPU emulation: compare ratios, not speeds)' : 'Kernel benchmarks',
    columns: RESULT_COLUMNS,
    rows: resultRows(cases, roof),
    note:
      'Median/min use GPU timestamps where the implementation has them (ours; tfjs kernelMs), else wall clock. ' +
      '"Ours × faster" compares like with like: wall with wall, timestamps with timestamps. Max abs error: ours vs the CPU ' +
      'reference (small shapes) on our rows, peer vs ours on the same inputs on peer rows. Roof = max(FLOPs / probed FMA, bytes / probed copy bandwidth).',
  };
}

export function ratiosTable(rs: Ratio[]): Table {
  return {
    id: 'ratios',
    title: 'Ours vs each peer (× faster; > 1 means ours wins)',
    columns: [
      m('case', 'Case', 'string'),
      m('versus', 'Versus', 'string'),
      m('speedupWall', 'Wall clock', 'number', '×'),
      m('speedupGpu', 'GPU timestamps', 'number', '×'),
      m('target', 'Target', 'string'),
      m('met', 'Target met', 'string'),
    ],
    rows: ratioRows(rs),
  };
}

export function roofTable(fma: ProbeMeasurement, copy: ProbeMeasurement): Table {
  const row = (k: string, p: ProbeMeasurement, unit: string): Cell[] => [
    k,
    p.size,
    p.timing.medianMs,
    p.timing.minMs,
    p.rate,
    unit,
    p.timing.method,
  ];
  return {
    id: 'roof',
    title: 'Device roof probed in this run (FMA and copy probes)',
    columns: [
      m('probe', 'Probe', 'string'),
      m('size', 'Problem size', 'string'),
      m('medianMs', 'Median', 'number', 'ms'),
      m('minMs', 'Min', 'number', 'ms'),
      m('rate', 'Rate (median)', 'number'),
      m('unit', 'Unit', 'string'),
      m('method', 'Timing method', 'string'),
    ],
    rows: [row('f32 FMA', fma, 'GFLOP/s'), row('copy', copy, 'GB/s')],
  };
}

export function peersTable(rows: Cell[][]): Table {
  return {
    id: 'peers',
    title: "Peer libraries (loaded lazily from the workbench's own files, never from another site)",
    columns: [
      m('peer', 'Peer', 'string'),
      m('version', 'Version', 'string'),
      m('status', 'Status', 'string'),
      m('loadMs', 'Load (import + WASM compile + device, once)', 'number', 'ms'),
    ],
    rows,
    note: "The one-off load is not in any case's first-run time; a case's first run is its own session / pipelines + one run + readback.",
  };
}

export function ivfTable(rows: Cell[][]): Table {
  return {
    id: 'ivf',
    title: 'IVF nprobe sweep (ours): recall vs queries/s',
    columns: [
      m('nprobe', 'nprobe', 'number'),
      m('recall', 'Recall@k vs exact', 'number'),
      m('medianMs', 'Median', 'number', 'ms'),
      m('minMs', 'Min', 'number', 'ms'),
      m('qps', 'Queries/s (median)', 'number', 'q/s'),
      m('method', 'Timing method', 'string'),
    ],
    rows,
  };
}

/** Every case with its shape at both sizes, whether it ran, and what it is compared with. */
export function casesTable(all: readonly BenchCase[], ran: Set<string>, size: BenchSize): Table {
  return {
    id: 'cases',
    title: 'Cases and shapes',
    columns: [
      m('case', 'Case', 'string'),
      m('title', 'What', 'string'),
      m('versus', 'Compared with', 'string'),
      m('small', 'Small shape (CPU emulation / CI)', 'string'),
      m('realistic', 'Realistic shape (GPUs)', 'string'),
      m('ran', 'In this run', 'string'),
    ],
    rows: all.map((c) => [
      c.id,
      c.title,
      c.peers.join(', '),
      c.describe('small'),
      c.describe('realistic'),
      ran.has(c.id) ? `yes (${size})` : 'no (switched off)',
    ]),
  };
}

export function benchCharts(hasIvf: boolean): ChartSpec[] {
  const charts: ChartSpec[] = [
    {
      id: 'ratios',
      title: 'Ours × faster than each peer (wall clock; log scale)',
      kind: 'bar',
      table: 'ratios',
      x: 'case',
      y: 'speedupWall',
      series: 'versus',
      logY: true,
      rules: [{ axis: 'y', value: 1, label: 'parity' }],
    },
    {
      id: 'roof',
      title: 'Share of the probed roof reached',
      kind: 'bar',
      table: 'results',
      x: 'case',
      y: 'roofPct',
      series: 'impl',
    },
  ];
  if (hasIvf)
    charts.push({
      id: 'ivf',
      title: 'IVF: queries/s vs recall',
      kind: 'line',
      table: 'ivf',
      x: 'recall',
      y: 'qps',
      logY: true,
    });
  return charts;
}
