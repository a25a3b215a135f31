// The real run of GraphSnapShot as the user sees it: per-sampler tables, the accuracy and timing
// metrics and the run's charts, from the SamplerRuns that kernelRun.ts measured. Kept apart from
// kernelRun.ts (which drives the GPU) as modelView.ts is kept apart from model.ts.
import type { ChartSpec, Metric, Table } from '../types';
import type { SamplerRun } from './kernelRun';

/** Test accuracy per sampler (labelled graphs only) and FBL's median sampling (and, unlabelled, aggregation) time. */
export function runMetrics(runs: SamplerRun[], labelled: boolean): Metric[] {
  const fbl = runs[0]!;
  const accuracy: Metric[] = labelled
    ? runs.map((r) => ({
        key: `runAcc-${r.stats.kind}`,
        label: `Real run test accuracy, ${r.stats.kind}`,
        value: r.testAcc!,
        provenance: 'measured' as const,
        note: r.stats.kind === 'FBL' ? undefined : `${(100 * (r.testAcc! - fbl.testAcc!)).toFixed(1)} points vs FBL`,
      }))
    : [];
  return [
    ...accuracy,
    {
      key: 'runSamplingMs',
      label: 'Real run: sampling per batch, FBL (median)',
      value: fbl.samplingMs,
      unit: 'ms',
      provenance: 'measured',
    },
    ...(labelled
      ? []
      : [
          {
            key: 'runAggregationMs',
            label: 'Real run: aggregation per batch, FBL (median)',
            value: fbl.trainMs,
            unit: 'ms',
            provenance: 'measured' as const,
          },
        ]),
  ];
}

export function runCharts(labelled: boolean): ChartSpec[] {
  return [
    ...(labelled
      ? [
          {
            id: 'run-accuracy',
            title: 'Real run: test accuracy per epoch',
            kind: 'line' as const,
            table: 'run-curves',
            x: 'epoch',
            y: 'testAcc',
            series: 'sampler',
          },
        ]
      : []),
    {
      id: 'run-time',
      title: 'Real run: sampling time per batch',
      kind: 'bar',
      table: 'run-samplers',
      x: 'sampler',
      y: 'samplingMs',
    },
  ];
}

export function runTables(runs: SamplerRun[], curves: (string | number)[][], labelled: boolean): Table[] {
  const m = 'measured' as const;
  const num = (key: string, label: string, unit?: string) => ({
    key,
    label,
    unit,
    type: 'number' as const,
    provenance: m,
  });
  const fbl = runs[0]!;
  const accuracy = labelled ? [num('testAcc', 'Test accuracy'), num('accVsFbl', 'Accuracy − FBL')] : [];
  const samplers: Table = {
    id: 'run-samplers',
    title: 'Real run per sampler (this device)',
    rows: runs.map((r) => [
      r.stats.kind,
      ...(labelled ? [r.testAcc, r.testAcc! - fbl.testAcc!] : []),
      r.samplingMs,
      r.trainMs,
      r.refreshMs,
      r.stats.blockEdges,
      r.stats.slowTouches,
      r.stats.fastTouches,
      r.stats.staleness,
      r.stats.storedEdges,
    ]),
    columns: [
      { key: 'sampler', label: 'Sampler', type: 'string', provenance: m },
      ...accuracy,
      num('samplingMs', 'Sampling / batch (median)', 'ms'),
      labelled
        ? num('trainMs', 'Aggregation + training step / batch (median)', 'ms')
        : num('trainMs', 'Aggregation (GraphSAGE forward) / batch (median)', 'ms'),
      num('refreshMs', 'Cache build + refresh, incl. DENSE plan rebuilds (total)', 'ms'),
      num('blockEdges', 'Sampled edges / batch'),
      num('slowTouches', 'Full-row entries touched / batch'),
      num('fastTouches', 'Cache-row entries touched / batch'),
      num('staleness', 'Cache staleness', 'batches'),
      num('storedEdges', 'Resident edges (stored)'),
    ],
  };
  if (!labelled) return [samplers];
  return [
    samplers,
    {
      id: 'run-curves',
      title: 'Real run: test accuracy per epoch',
      rows: curves,
      columns: [
        { key: 'sampler', label: 'Sampler', type: 'string', provenance: m },
        num('epoch', 'Epoch'),
        num('loss', 'Last batch loss'),
        num('testAcc', 'Test accuracy'),
      ],
    },
  ];
}
