// Reference tables that do not depend on the sliders: paper vs this model row by row, the
// devices' ladders and grid sizes, and the workloads' work built from their architectures.
import type { Column, Provenance, Table } from '../types';
import { calibrationRows } from './calibration';
import { enumerateGrid } from './model';
import { DEVICE_IDS, DEVICES, memBandwidthGBs, topOf } from './devices';
import { totals, WORKLOAD_IDS, findWorkload } from './workloads';

export const col = (
  key: string,
  label: string,
  unit: string | undefined,
  provenance: Provenance,
  text = false,
): Column => ({
  key,
  label,
  unit,
  provenance,
  type: text ? 'string' : 'number',
});

export function calibrationTable(): Table {
  return {
    id: 'paper-vs-model',
    title: 'Paper vs this device model',
    columns: [
      col('result', 'Result', undefined, 'paper', true),
      col('where', 'Where', undefined, 'paper', true),
      col('unit', 'Unit', undefined, 'paper', true),
      col('paper', 'Paper', undefined, 'paper'),
      col('ours', 'This model', undefined, 'modeled'),
      col('gap', 'Gap (ours − paper)', undefined, 'modeled'),
      col('role', 'Role', undefined, 'modeled', true),
    ],
    rows: calibrationRows().map((r) => [r.result, r.where, r.unit, r.paper, r.ours, r.ours - r.paper, r.role]),
    note:
      'FP16, batch 1 for the single-knob tables. "calibrated": a model constant was chosen from this row (README, Calibration); ' +
      '"predicted": nothing was fitted to it. The paper reads Fig. 2 and Fig. 3 for TX2 B4 about 20× apart, so at most one can match.',
  };
}

export function devicesTable(): Table {
  return {
    id: 'devices',
    title: 'Simulated devices: DVFS ladders and search grid',
    columns: [
      col('device', 'Device', undefined, 'datasheet', true),
      col('gpuSteps', 'GPU clock steps', undefined, 'datasheet'),
      col('memSteps', 'Memory clock steps', undefined, 'datasheet'),
      col('cpuSteps', 'CPU clock steps', undefined, 'datasheet'),
      col('pairs', 'min ≤ max GPU pairs', undefined, 'computed'),
      col('grid', 'Grid with 5 batch sizes', 'configs', 'computed'),
      col('peak', 'Peak memory bandwidth', 'GB/s', 'computed'),
    ],
    rows: DEVICE_IDS.map((id) => {
      const d = DEVICES[id];
      const n = d.gpuMHz.length;
      return [
        d.name,
        n,
        d.memMHz.length,
        d.cpuMHz.length,
        (n * (n + 1)) / 2,
        enumerateGrid(d).length,
        memBandwidthGBs(d, topOf(d.memMHz)),
      ];
    }),
    note: '13 GPU steps give 13·14/2 = 91 = 7·13 (min, max) pairs: the unexplained factor 7 in 5005 = 5·13·11·7 and 1820 = 5·13·4·7.',
  };
}

export function workloadsTable(): Table {
  const paperParams: Record<string, number> = { b0: 5.3, b4: 19, b7: 66, bert: 110 };
  return {
    id: 'workloads',
    title: 'Workloads, built layer by layer from their architectures',
    columns: [
      col('model', 'Model', undefined, 'computed', true),
      col('input', 'Input', undefined, 'paper', true),
      col('gmacs', 'Multiply-adds', 'G', 'computed'),
      col('params', 'Parameters', 'M', 'computed'),
      col('paperParams', 'Parameters (paper)', 'M', 'paper'),
      col('kernels', 'GPU kernels', undefined, 'computed'),
      col('activations', 'Activation traffic', 'M values', 'computed'),
      col('intensity', 'Arithmetic intensity', 'MAC/value', 'computed'),
    ],
    rows: WORKLOAD_IDS.map((id) => {
      const w = findWorkload(id);
      const t = totals(w);
      return [
        w.name,
        w.inputDescription,
        t.macs / 1e9,
        w.params / 1e6,
        paperParams[id]!,
        t.kernels,
        t.activations / 1e6,
        t.intensity,
      ];
    }),
    note: 'EfficientNet multiply-adds per Tan & Le: 0.39 G (B0), 4.2 G (B4), 37 G (B7). Parameters (paper): Table 3.',
  };
}
