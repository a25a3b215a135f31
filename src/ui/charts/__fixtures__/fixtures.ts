// Fixture tables and chart specs, one per chart kind plus edge cases (single-point series,
// non-positive values on a log axis, a spec naming a missing column).
import type { ChartSpec, Table } from '../../../experiments/types';

const roofRows = (name: string, peak: number, bw: number): [string, number, number][] =>
  [0.1, 1, 10, 100, 1000].map((i) => [name, i, Math.min(peak, bw * i)]);

export const rooflineTable: Table = {
  id: 'roofline',
  title: 'Rooflines',
  columns: [
    { key: 'gpu', label: 'GPU', type: 'string', provenance: 'modeled' },
    { key: 'intensity', label: 'Arithmetic intensity', unit: 'FLOP/B', type: 'number', provenance: 'modeled' },
    { key: 'gflops', label: 'Attainable', unit: 'GFLOP/s', type: 'number', provenance: 'modeled' },
  ],
  rows: [...roofRows('A100 80GB', 19_500, 2039), ...roofRows('H100 SXM', 67_000, 3350), ['Kernel', 10, 15_000]],
};

export const lineSpec: ChartSpec = {
  id: 'roof',
  title: 'Rooflines (f32)',
  kind: 'line',
  table: 'roofline',
  x: 'intensity',
  y: 'gflops',
  series: 'gpu',
  logX: true,
  logY: true,
  rules: [
    { axis: 'x', value: 10, label: 'kernel: 10 FLOP/B' },
    { axis: 'y', value: 19_500, label: 'A100 peak' },
  ],
};

export const kernelTimes: Table = {
  id: 'times',
  title: 'Kernel time',
  columns: [
    { key: 'size', label: 'Matrix size', type: 'number', provenance: 'measured' },
    { key: 'variant', label: 'Variant', type: 'string', provenance: 'measured' },
    { key: 'ms', label: 'Median time', unit: 'ms', type: 'number', provenance: 'measured' },
  ],
  rows: [
    [64, 'naive', 1.5],
    [64, 'tiled', 0.9],
    [128, 'naive', 9.8],
    [128, 'tiled', 4.1],
    [256, 'naive', 70.2],
    [256, 'tiled', 25.5],
  ],
};

export const barSpec: ChartSpec = {
  id: 'bar',
  title: 'Matmul time by variant',
  kind: 'bar',
  table: 'times',
  x: 'size',
  y: 'ms',
  series: 'variant',
  rules: [{ axis: 'y', value: 50, label: 'budget' }],
};

export const recallTable: Table = {
  id: 'recall',
  title: 'Recall vs throughput',
  columns: [
    { key: 'nprobe', label: 'nprobe', type: 'number', provenance: 'measured' },
    { key: 'recall', label: 'Recall@10', type: 'number', provenance: 'measured' },
    { key: 'qps', label: 'Throughput', unit: 'queries/s', type: 'number', provenance: 'modeled' },
  ],
  rows: [
    [1, 0.42, 9000],
    [4, 0.71, 4100],
    [16, 0.9, 1300],
    [64, 0.98, 350],
    [128, null, 200],
  ],
};

export const scatterSpec: ChartSpec = {
  id: 'scatter',
  title: 'Recall / throughput trade-off',
  kind: 'scatter',
  table: 'recall',
  x: 'recall',
  y: 'qps',
  logY: true,
  yLabel: 'Queries per second',
};

export const scheduleTable: Table = {
  id: 'schedule',
  title: 'Pipeline schedule',
  columns: [
    { key: 'stage', label: 'Stage', type: 'string', provenance: 'modeled' },
    { key: 'start', label: 'Start', unit: 'ms', type: 'number', provenance: 'modeled' },
    { key: 'end', label: 'End', unit: 'ms', type: 'number', provenance: 'modeled' },
    { key: 'op', label: 'Op', type: 'string', provenance: 'modeled' },
  ],
  rows: [
    ['GPU 0', 0, 1, 'forward'],
    ['GPU 0', 1, 2, 'forward'],
    ['GPU 1', 1, 2, 'forward'],
    ['GPU 1', 2, 3, 'forward'],
    ['GPU 1', 3, 5, 'backward'],
    ['GPU 1', 5, 7, 'backward'],
    ['GPU 0', 5, 7, 'backward'],
    ['GPU 0', 7, 9, 'backward'],
  ],
};

export const ganttSpec: ChartSpec = {
  id: 'gantt',
  title: 'GPipe schedule, 2 stages × 2 micro-batches',
  kind: 'gantt',
  table: 'schedule',
  x: 'start',
  x2: 'end',
  y: 'stage',
  series: 'op',
};

export const tileTable: Table = {
  id: 'tiles',
  title: 'Tile utilisation',
  columns: [
    { key: 'tm', label: 'Tile M', type: 'number', provenance: 'measured' },
    { key: 'tn', label: 'Tile N', type: 'number', provenance: 'measured' },
    { key: 'gflops', label: 'Throughput', unit: 'GFLOP/s', type: 'number', provenance: 'measured' },
  ],
  rows: [
    [8, 8, 0.11],
    [8, 16, 0.14],
    [16, 8, 0.13],
    [16, 16, 0.19],
    [32, 8, 0.12],
    [32, 16, null],
  ],
};

export const heatmapSpec: ChartSpec = {
  id: 'heat',
  title: 'Throughput by tile shape',
  kind: 'heatmap',
  table: 'tiles',
  x: 'tm',
  y: 'tn',
  value: 'gflops',
};
