// Tables and charts of the simulated device for the live view, for the chosen device, model and
// SLO: the grid optimum against the default clocks, the latency–energy frontier per batch size
// (Fig. 2), the energy over the frequency grid (Fig. 3) and the CPU clock sweep (Table 7); the
// reference tables (paper vs model, ladders, workloads) come from referenceTables.ts.
import type { ChartSpec, Metric, RunResult, Table } from '../types';
import { cpuOptimum, cpuSweep } from './cpuModel';
import { defaultConfig } from './model';
import type { Problem } from './problem';
import { calibrationTable, col, devicesTable, workloadsTable } from './referenceTables';

export function deviceResult(p: Problem): RunResult {
  const m = p.model;
  const d = m.device;
  const opt = p.configs[p.optimum]!;
  const optEval = m.evaluate(opt);
  const def = m.evaluate(defaultConfig(d));
  // Fig. 2: per batch size, the configurations no other configuration beats on both latency and energy.
  const pareto: (string | number)[][] = [];
  d.batchSizes.forEach((b, bi) => {
    const pts = p.configs.map((c, i) => ({ c, i })).filter(({ c }) => c.batch === bi);
    pts.sort((a, z) => p.latency[a.i]! - p.latency[z.i]!);
    let bestE = Infinity;
    for (const { i } of pts)
      if (p.energy[i]! < bestE) {
        bestE = p.energy[i]!;
        pareto.push([`batch ${b}`, p.latency[i]!, p.energy[i]!]);
      }
  });
  const map = p.configs
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.batch === opt.batch && c.gpuMin === Math.min(opt.gpuMin, c.gpuMax))
    .map(({ c, i }) => [
      String(d.gpuMHz[c.gpuMax]),
      String(d.memMHz[c.mem]),
      p.energy[i]!,
      p.latency[i]! <= p.sloMs ? 'yes' : 'no',
    ]);
  const cpu = cpuSweep(d, m.workload);
  const cpuOpt = cpuOptimum(cpu);
  const saved = 100 * (1 - optEval.energyJ / def.energyJ);
  const tables: Table[] = [
    calibrationTable(),
    {
      id: 'optimum',
      title: `${d.name} · ${m.workload.name} · ${m.precision.toUpperCase()}: grid optimum under the SLO`,
      columns: [
        col('config', 'Configuration', undefined, 'modeled', true),
        col('minGpu', 'Min GPU', 'MHz', 'modeled'),
        col('maxGpu', 'Max GPU', 'MHz', 'modeled'),
        col('clock', 'Clock the governor runs', 'MHz', 'modeled'),
        col('mem', 'Memory', 'MHz', 'modeled'),
        col('batch', 'Batch', undefined, 'modeled'),
        col('latency', 'Latency', 'ms', 'modeled'),
        col('energy', 'Energy per query', 'J', 'modeled'),
        col('power', 'Power', 'W', 'modeled'),
      ],
      rows: [
        ['default (governor over the full range, top memory clock, batch 1)', defaultConfig(d), def] as const,
        ['grid optimum', opt, optEval] as const,
      ].map(([name, c, e]) => [
        name,
        d.gpuMHz[c.gpuMin]!,
        d.gpuMHz[c.gpuMax]!,
        e.gpuMHz,
        d.memMHz[c.mem]!,
        d.batchSizes[c.batch]!,
        e.latencyMs,
        e.energyJ,
        e.powerW,
      ]),
      note: `SLO ${p.sloMs.toFixed(1)} ms = ${p.spec.sloFactor}× the fastest batch-1 latency. Noise-free model.`,
    },
    {
      id: 'pareto',
      title: 'Latency–energy frontier per batch size (Fig. 2)',
      columns: [
        col('batch', 'Batch', undefined, 'modeled', true),
        col('latency', 'Latency', 'ms', 'modeled'),
        col('energy', 'Energy per query', 'J', 'modeled'),
      ],
      rows: pareto,
    },
    {
      id: 'energy-map',
      title: `Energy per query over max GPU × memory clock (batch ${d.batchSizes[opt.batch]}, min GPU as the optimum)`,
      columns: [
        col('maxGpu', 'Max GPU clock', 'MHz', 'modeled', true),
        col('mem', 'Memory clock', 'MHz', 'modeled', true),
        col('energy', 'Energy per query', 'J', 'modeled'),
        col('meetsSlo', 'Meets the SLO', undefined, 'modeled', true),
      ],
      rows: map,
    },
    {
      id: 'cpu',
      title: 'Preprocessing energy vs CPU clock (Table 7), tuned first and alone',
      columns: [
        col('cpu', 'CPU clock', 'MHz', 'modeled'),
        col('energy', 'Energy per input', 'mJ', 'modeled'),
        col('time', 'Time per input', 'ms', 'modeled'),
      ],
      rows: cpu.map((c) => [c.mhz, c.energyJ * 1000, c.timeMs]),
      note: `Best ${cpuOpt.best.mhz} MHz saves ${cpuOpt.savedPct.toFixed(1)} % of the preprocessing energy at the top clock; that is ${((100 * cpuOpt.best.energyJ) / (cpuOpt.best.energyJ + optEval.energyJ)).toFixed(1)} % of the energy per query (paper: at most 6 %).`,
    },
    devicesTable(),
    workloadsTable(),
  ];
  const metrics: Metric[] = [
    {
      key: 'savedVsDefault',
      label: 'Energy saved vs default clocks',
      value: saved,
      unit: '%',
      provenance: 'modeled',
      primary: true,
    },
    {
      key: 'optimumEnergy',
      label: 'Energy per query at the optimum',
      value: optEval.energyJ,
      unit: 'J',
      provenance: 'modeled',
    },
    { key: 'gridSize', label: 'Configurations in the grid', value: p.configs.length, provenance: 'computed' },
    {
      key: 'goodConfigs',
      label: 'Configurations within 5 % of the optimum',
      value: p.goodCount,
      provenance: 'modeled',
    },
  ];
  const charts: ChartSpec[] = [
    {
      id: 'pareto',
      title: 'Latency–energy frontier (Fig. 2)',
      kind: 'line',
      table: 'pareto',
      x: 'latency',
      y: 'energy',
      series: 'batch',
      logX: true,
    },
    {
      id: 'energy-map',
      title: 'Energy per query over the frequency grid (Fig. 3)',
      kind: 'heatmap',
      table: 'energy-map',
      x: 'maxGpu',
      y: 'mem',
      value: 'energy',
    },
    {
      id: 'cpu',
      title: 'Preprocessing energy vs CPU clock (Table 7)',
      kind: 'line',
      table: 'cpu',
      x: 'cpu',
      y: 'energy',
      rules: [{ axis: 'x', value: cpuOpt.best.mhz, label: 'optimum' }],
    },
  ];
  return { tables, metrics, checks: [], charts, notices: [] };
}
