// Tables and charts of the optimiser tuning this GPU's real knobs: the measured grid, best-so-far
// vs samples (BO and random search replayed over the measured grid for many seeds, and the live
// BO run), samples to come within 5 % of the grid optimum, and the configuration each picks.
import type { Metric, RunResult, Table } from '../types';
import { incumbents } from './bo';
import type { KnobConfig, KnobStudy } from './knobTuning';
import { col } from './referenceTables';

const ms = (s: number) => 1000 * s;
const label = (c: KnobConfig) => `batch ${c.batch}, ${c.path} kernels, ${c.weights} weights`;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** Best time per query reported after each sample, relative to the grid optimum (null while nothing feasible). */
function bestCurve(
  k: KnobStudy,
  order: number[],
  measuredPerQuery: (step: number) => number,
  slo: number,
  lat: (step: number) => number,
) {
  const out: (number | null)[] = [];
  let best = Infinity;
  order.forEach((_, step) => {
    if (lat(step) <= slo) best = Math.min(best, measuredPerQuery(step));
    out.push(Number.isFinite(best) ? best / k.grid[k.optimum]!.perQueryS : null);
  });
  return out;
}

export function knobResult(k: KnobStudy, device: string, emulated: boolean): RunResult {
  const n = k.configs.length;
  const opt = k.grid[k.optimum]!;
  const grid: Table = {
    id: 'knob-grid',
    title: `Measured on ${device}: every knob setting of the tiny Llama (SLO ${ms(k.sloS).toFixed(1)} ms)`,
    columns: [
      col('config', 'Configuration', undefined, 'measured', true),
      col('batch', 'Batch', undefined, 'measured'),
      col('path', 'GEMM kernels', undefined, 'measured', true),
      col('weights', 'Weights', undefined, 'measured', true),
      col('latency', 'Batch latency', 'ms', 'measured'),
      col('perQuery', 'Time per query', 'ms', 'measured'),
      col('meets', 'Meets the SLO', undefined, 'measured', true),
    ],
    rows: k.configs.map((c, i) => [
      label(c) + (i === k.optimum ? ' (grid optimum)' : ''),
      c.batch,
      c.path,
      c.weights,
      ms(k.grid[i]!.latencyS),
      ms(k.grid[i]!.perQueryS),
      k.grid[i]!.latencyS <= k.sloS ? 'yes' : 'no',
    ]),
    note:
      `Each configuration: its first run compiles and is not timed, then the median wall time of a batch of generation requests (prefill, decode, tokens read back). ` +
      `'auto' runs the decode GEMV for calls of at most 4 rows, the register-blocked GEMM for larger f32 calls and the tiled GEMM for the rest; 'tiled' always the tiled GEMM. ` +
      `SLO = the chosen factor × the measured batch-1 latency of the reference (auto, f32): ${ms(k.referenceS).toFixed(2)} ms.`,
  };
  // Best so far: median over seeds (replayed over the measured grid) and the live run.
  const curves = (pick: (s: KnobStudy['seeds'][number]) => KnobStudy['seeds'][number]['bo']) =>
    k.seeds.map((s) => {
      const t = pick(s);
      return bestCurve(
        k,
        t.order,
        (j) => t.measured[j]!.energy,
        k.sloS,
        (j) => t.measured[j]!.latency,
      );
    });
  const boCurves = curves((s) => s.bo);
  const rndCurves = curves((s) => s.random);
  const live = k.live.trace;
  const liveCurve = bestCurve(
    k,
    live.order,
    (j) => live.measured[j]!.energy,
    k.sloS,
    (j) => live.measured[j]!.latency,
  );
  const medianAt = (cs: (number | null)[][], j: number) => {
    const xs = cs.map((c) => c[j] ?? Infinity);
    const m = quantile(xs, 0.5);
    return Number.isFinite(m) ? m : null;
  };
  const best: Table = {
    id: 'knob-best-so-far',
    title: `Best time per query so far ÷ grid optimum, ${device}`,
    columns: [
      col('samples', 'Samples', undefined, 'computed'),
      col('method', 'Method', undefined, 'computed', true),
      col('ratio', 'Best so far ÷ optimum', undefined, 'measured'),
    ],
    rows: [
      ...Array.from({ length: n }, (_, j) => [
        j + 1,
        `Bayesian optimisation (median of ${k.seeds.length} seeds over the measured grid)`,
        medianAt(boCurves, j),
      ]),
      ...Array.from({ length: n }, (_, j) => [
        j + 1,
        `random search (median of ${k.seeds.length} seeds over the measured grid)`,
        medianAt(rndCurves, j),
      ]),
      ...liveCurve.map((v, j) => [j + 1, 'Bayesian optimisation, live (fresh measurements)', v]),
    ],
    note: 'The seeded runs replay the measured grid (each sample returns that configuration’s measured numbers), so BO and random search see identical data; the live run measured each sample afresh.',
  };
  const hits = (xs: number[]) => xs.filter((x) => x > 0);
  const boHits = hits(k.seeds.map((s) => s.boHit));
  const rndHits = hits(k.seeds.map((s) => s.randomHit));
  const row = (name: string, xs: number[], prov: string) => [
    name,
    xs.length ? quantile(xs, 0.5) : null,
    xs.length ? quantile(xs, 0.1) : null,
    xs.length ? quantile(xs, 0.9) : null,
    k.seeds.length - xs.length,
    prov,
  ];
  const samples: Table = {
    id: 'knob-samples',
    title: `Samples to come within 5 % of the grid optimum (${n} configurations), ${device}`,
    columns: [
      col('method', 'Method', undefined, 'computed', true),
      col('median', 'Median samples', undefined, 'computed'),
      col('p10', '10th percentile', undefined, 'computed'),
      col('p90', '90th percentile', undefined, 'computed'),
      col('never', 'Seeds that never got there', undefined, 'computed'),
      col('data', 'Data', undefined, 'computed', true),
    ],
    rows: [
      row('Bayesian optimisation', boHits, `measured grid, ${k.seeds.length} seeds`),
      row('random search', rndHits, `measured grid, ${k.seeds.length} seeds`),
      [
        'Bayesian optimisation, live',
        k.live.hit > 0 ? k.live.hit : null,
        null,
        null,
        k.live.hit > 0 ? 0 : 1,
        'measured live, one run',
      ],
      ['exhaustive grid', n, null, null, 0, 'measured grid'],
    ],
    note: 'A sample counts when the configuration the optimiser would report (its fastest measured per query among those that met the SLO) is within 5 % of the grid optimum and meets the SLO, both on the measured grid’s numbers.',
  };
  const liveInc = incumbents(live, k.sloS);
  const chosenRows = [
    [
      'reference (batch 1, auto, f32)',
      k.configs.findIndex((c) => c.batch === 1 && c.path === 'auto' && c.weights === 'f32'),
    ],
    ['grid optimum (exhaustive)', k.optimum],
    ['live Bayesian optimisation', k.live.chosen],
  ] as const;
  const chosen: Table = {
    id: 'knob-chosen',
    title: `Chosen configuration on ${device}`,
    columns: [
      col('who', 'Chosen by', undefined, 'measured', true),
      col('config', 'Configuration', undefined, 'measured', true),
      col('latency', 'Batch latency (grid)', 'ms', 'measured'),
      col('perQuery', 'Time per query (grid)', 'ms', 'measured'),
      col('samples', 'Configurations measured', undefined, 'measured'),
    ],
    rows: chosenRows.map(([who, i]) => [
      who,
      i >= 0 ? label(k.configs[i]!) : 'none met the SLO',
      i >= 0 ? ms(k.grid[i]!.latencyS) : null,
      i >= 0 ? ms(k.grid[i]!.perQueryS) : null,
      who.startsWith('live') ? liveInc.length : who.startsWith('grid') ? n : 1,
    ]),
  };
  const metrics: Metric[] = [
    {
      key: 'knobLiveSamples',
      label: `Samples to within 5 % on ${device}, live BO`,
      value: k.live.hit > 0 ? k.live.hit : 'never',
      provenance: 'measured',
    },
    {
      key: 'knobBoSamples',
      label: `Samples to within 5 % on ${device}, BO (median over the measured grid)`,
      value: boHits.length ? quantile(boHits, 0.5) : 'never',
      provenance: 'computed',
    },
    {
      key: 'knobRandomSamples',
      label: `Samples to within 5 % on ${device}, random search (median over the measured grid)`,
      value: rndHits.length ? quantile(rndHits, 0.5) : 'never',
      provenance: 'computed',
    },
    {
      key: 'knobOptimumPerQuery',
      label: `Grid optimum time per query on ${device}`,
      value: ms(opt.perQueryS),
      unit: 'ms',
      provenance: 'measured',
    },
  ];
  return {
    tables: [chosen, samples, best, grid],
    metrics,
    checks: [],
    charts: [
      {
        id: 'knob-best-so-far',
        title: `Tuning this GPU's knobs: best time per query so far vs samples (${device})`,
        kind: 'line',
        table: 'knob-best-so-far',
        x: 'samples',
        y: 'ratio',
        series: 'method',
        rules: [{ axis: 'y', value: 1 + 0.05, label: 'within 5 %' }],
      },
      {
        id: 'knob-grid',
        title: `Measured time per query of every knob setting (${device})`,
        kind: 'bar',
        table: 'knob-grid',
        x: 'config',
        y: 'perQuery',
      },
    ],
    notices: emulated
      ? [
          'The knob tuning ran on CPU emulation (SwiftShader): its timings and the optimum it finds say nothing about a real GPU.',
        ]
      : [],
  };
}
