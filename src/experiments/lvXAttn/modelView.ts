// The modeled half of the LV-XAttn experiment: turns parameters (and an optional calibration
// from a real run) into tables and charts. Pure and fast: it runs on every slider move.
import { findGpuModel, type GpuModel } from '../../sim/hardware';
import { findLink } from '../../sim/links';
import { logSpace } from '../../sim/roofline';
import type { Cluster } from './topology';
import type { Calibration, ChartSpec, Metric, ParamValues, RunResult, Table } from '../types';
import { findMllm } from './mllms';
import { breakEven, iterationCost, type Workload } from './model';
import { maxFramesThatFit, memoryPerGpu, type MemoryVariant } from './memory';
import { THIS_DEVICE } from './params';
import { paperComparison } from './paperClaims';

/** Assumed memory of "this device" (WebGPU does not report it). */
const THIS_DEVICE_MEMORY_GB = 16;

function targetGpu(p: ParamValues, cal: Calibration | undefined, notices: string[]): GpuModel {
  if (p.gpuModel !== THIS_DEVICE) return findGpuModel(p.gpuModel as string)!;
  if (cal?.fmaGflops) {
    notices.push(
      `"This device": peak = measured f32 FMA ${cal.fmaGflops.toFixed(1)} GFLOP/s (no tensor cores in WebGPU); memory assumed ${THIS_DEVICE_MEMORY_GB} GB.`,
    );
    return {
      id: THIS_DEVICE,
      name: 'This device',
      fp32Tflops: cal.fmaGflops / 1000,
      fp16TensorTflops: cal.fmaGflops / 1000,
      memBandwidthGBs: cal.copyGBs ?? 100,
      memoryGB: THIS_DEVICE_MEMORY_GB,
      tdpW: 0,
    };
  }
  notices.push('"This device" needs a measurement: press Run. Using A100 80GB until then.');
  return findGpuModel('a100-80gb')!;
}

export function workloadFrom(
  p: ParamValues,
  cal: Calibration | undefined,
  notices: string[],
): { w: Workload; efficiencyNote: string } {
  let efficiency = p.efficiency as number;
  let efficiencyNote = `slider: ${efficiency.toFixed(2)} of peak`;
  if (p.efficiencySource === 'measured') {
    if (cal?.attentionEfficiency) {
      efficiency = cal.attentionEfficiency;
      efficiencyNote = `measured: this device's attention kernel reached ${(efficiency * 100).toFixed(1)}% of its measured FMA peak`;
    } else {
      notices.push('Efficiency "measured" needs a real run first (press Run); using the slider value.');
    }
  }
  const cluster: Cluster = {
    gpu: targetGpu(p, cal, notices),
    nodes: p.nodes as number,
    gpusPerNode: p.gpusPerNode as number,
    intraNode: findLink(p.intraLink as string)!,
    interNode: findLink(p.interLink as string)!,
  };
  return {
    w: {
      model: findMllm(p.model as string)!,
      cluster,
      frames: p.frames as number,
      textTokens: p.textTokens as number,
      efficiency,
      recompute: p.recompute as boolean,
      visionEncoder: p.visionEncoder as boolean,
    },
    efficiencyNote,
  };
}

const col = (
  key: string,
  label: string,
  unit?: string,
  type: 'number' | 'string' = 'number',
  provenance: 'modeled' | 'paper' = 'modeled',
) => ({ key, label, unit, type, provenance });

function sweepTable(
  id: string,
  title: string,
  xKey: string,
  xLabel: string,
  xUnit: string | undefined,
  xs: number[],
  at: (x: number) => Workload,
): Table {
  const rows: (string | number)[][] = [];
  for (const x of xs) {
    const c = iterationCost(at(x));
    rows.push(['cross-attention', x, c.crossAttnSpeedup], ['end-to-end', x, c.endToEndSpeedup]);
  }
  return {
    id,
    title,
    columns: [
      col('series', 'Speedup of', undefined, 'string'),
      col(xKey, xLabel, xUnit),
      col('speedup', 'LV-XAttn speedup over Ring', '×'),
    ],
    rows,
  };
}

export function buildModelResult(p: ParamValues, cal?: Calibration): RunResult {
  const notices: string[] = [];
  const { w, efficiencyNote } = workloadFrom(p, cal, notices);
  const c = iterationCost(w);
  const L = w.model.crossAttnLayers;
  const be = breakEven(w);

  const summary: Table = {
    id: 'summary',
    title: `One training iteration on ${c.n}× ${w.cluster.gpu.name} (ring bounded by ${c.link.name})`,
    columns: [
      col('algorithm', 'Algorithm', undefined, 'string'),
      col('fwdMs', 'Cross-attn forward / layer', 'ms'),
      col('bwdMs', 'Cross-attn backward / layer', 'ms'),
      col('exposedMs', 'Exposed communication / layer', 'ms'),
      col('fwdBytes', 'Bytes sent per forward step', 'B'),
      col('bwdBytes', 'Bytes sent per backward step', 'B'),
      col('recomputeMs', 'K/V recomputation / layer', 'ms'),
      col('crossAttnMs', `Cross-attention total (${L} layers)`, 'ms'),
      col('restMs', 'Rest of the model', 'ms'),
      col('iterMs', 'Iteration', 'ms'),
    ],
    rows: (
      [
        ['Ring Attention', c.ring, c.ringIterMs],
        ['LV-XAttn', c.lv, c.lvIterMs],
      ] as const
    ).map(([name, l, iter]) => [
      name,
      l.forward.totalMs,
      l.backward.totalMs,
      l.forward.exposedCommMs + l.backward.exposedCommMs,
      l.fwdBytesPerStep,
      l.bwdBytesPerStep,
      l.recomputeMs,
      L * l.totalMs,
      c.restMs,
      iter,
    ]),
    note: `Compute efficiency ${efficiencyNote}. Per-GPU S_Q = ${c.sqPerGpu.toFixed(1)}, S_KV = ${c.skvPerGpu.toFixed(0)}.`,
  };

  const gantt: Table = {
    id: 'gantt',
    title: 'One cross-attention layer, forward pass (per GPU)',
    columns: [
      col('lane', 'Lane', undefined, 'string'),
      col('kind', 'Kind', undefined, 'string'),
      col('label', 'Segment', undefined, 'string'),
      col('start', 'Start', 'ms'),
      col('end', 'End', 'ms'),
    ],
    rows: (
      [
        ['Ring', c.ring],
        ['LV-XAttn', c.lv],
      ] as const
    ).flatMap(([name, l]) =>
      l.forward.segments.map((s) => [`${name} · ${s.lane}`, s.lane, s.label, s.startMs, s.endMs]),
    ),
  };

  const n = c.n;
  const gpuSweep = sweepTable(
    'scaling-gpus',
    'Speedup vs number of GPUs',
    'gpus',
    'GPUs',
    undefined,
    Array.from({ length: 16 }, (_, i) => (i + 1) * w.cluster.gpusPerNode),
    (x) => ({ ...w, cluster: { ...w.cluster, nodes: x / w.cluster.gpusPerNode } }),
  );
  const frameSweep = sweepTable(
    'scaling-frames',
    'Speedup vs visual input',
    'frames',
    'Frames',
    undefined,
    logSpace(1, Math.max(16, w.frames * 16), 25)
      .map(Math.round)
      .filter((x, i, a) => a.indexOf(x) === i),
    (x) => ({ ...w, frames: x }),
  );
  const textSweep = sweepTable(
    'scaling-text',
    'Speedup vs text tokens',
    'textTokens',
    'Text tokens (S_Q)',
    'tokens',
    logSpace(Math.max(16, n), 131_072, 25).map(Math.round),
    (x) => ({ ...w, textTokens: x }),
  );

  const budget = w.cluster.gpu.memoryGB;
  const variants: [MemoryVariant, string][] = [
    ['ring', 'Ring Attention'],
    ['lv-xattn', 'LV-XAttn'],
    ['lv-xattn-recompute', 'LV-XAttn + recomputation'],
  ];
  const memory: Table = {
    id: 'memory',
    title: `Memory per GPU (budget ${budget} GB)`,
    columns: [
      col('variant', 'Variant', undefined, 'string'),
      col('modelStates', 'Model states (FSDP)', 'GB'),
      col('visual', 'Visual states', 'GB'),
      col('kv', 'Cross-attn K/V kept', 'GB'),
      col('text', 'Text activations', 'GB'),
      col('buffers', 'Communication buffers', 'GB'),
      col('total', 'Total', 'GB'),
      col('maxFrames', 'Max frames in budget', 'frames'),
    ],
    rows: variants.map(([v, label]) => {
      const m = memoryPerGpu(w, v);
      return [
        label,
        m.modelStatesGB,
        m.visualStatesGB,
        m.crossAttnKvGB,
        m.textActivationsGB,
        m.commBuffersGB,
        m.totalGB,
        maxFramesThatFit(w, v, budget),
      ];
    }),
  };
  const framesNoRc = maxFramesThatFit(w, 'lv-xattn', budget);
  const framesRc = maxFramesThatFit(w, 'lv-xattn-recompute', budget);
  if (memoryPerGpu(w, 'ring').totalGB > budget)
    notices.push(`Ring Attention does not fit in ${budget} GB per GPU at ${w.frames} frames.`);

  const metrics: Metric[] = [
    {
      key: 'crossAttnSpeedup',
      label: 'Cross-attention speedup',
      value: c.crossAttnSpeedup,
      unit: '×',
      provenance: 'modeled',
      primary: true,
    },
    { key: 'endToEndSpeedup', label: 'End-to-end speedup', value: c.endToEndSpeedup, unit: '×', provenance: 'modeled' },
    {
      key: 'ringShare',
      label: 'Cross-attention share of a Ring iteration',
      value: 100 * c.ringCrossAttnShare,
      unit: '%',
      provenance: 'modeled',
    },
    {
      key: 'lvBreakEven',
      label: 'LV-XAttn hides comm. from S_KV per GPU ≥',
      value: be.lvMinSkvPerGpu,
      unit: 'tokens',
      provenance: 'modeled',
    },
    {
      key: 'ringBreakEven',
      label: 'Ring hides comm. from S_Q per GPU ≥',
      value: be.ringMinSqPerGpu,
      unit: 'tokens',
      provenance: 'modeled',
    },
    {
      key: 'recomputeShare',
      label: 'LV-XAttn iteration spent recomputing K/V',
      value: 100 * c.recomputeShare,
      unit: '%',
      provenance: 'modeled',
    },
    {
      key: 'framesGain',
      label: 'Frames gained by recomputation',
      value: framesNoRc > 0 ? framesRc / framesNoRc : 0,
      unit: '×',
      provenance: 'modeled',
    },
    {
      key: 'efficiency',
      label: 'Compute efficiency used',
      value: w.efficiency,
      provenance: p.efficiencySource === 'measured' && cal?.attentionEfficiency ? 'measured' : 'modeled',
      note: efficiencyNote,
    },
  ];

  const charts: ChartSpec[] = [
    {
      id: 'gpus',
      title: 'Speedup vs number of GPUs',
      kind: 'line',
      table: 'scaling-gpus',
      x: 'gpus',
      y: 'speedup',
      series: 'series',
      logY: true,
      rules: [{ axis: 'y', value: 1, label: 'break-even (1×)' }],
    },
    {
      id: 'frames',
      title: 'Speedup vs frames (visual tokens)',
      kind: 'line',
      table: 'scaling-frames',
      x: 'frames',
      y: 'speedup',
      series: 'series',
      logX: true,
      logY: true,
      rules: [
        { axis: 'x', value: (be.lvMinSkvPerGpu * n) / w.model.visualTokensPerFrame, label: 'LV-XAttn comm. hidden →' },
      ],
    },
    {
      id: 'text',
      title: 'Speedup vs text tokens',
      kind: 'line',
      table: 'scaling-text',
      x: 'textTokens',
      y: 'speedup',
      series: 'series',
      logX: true,
      logY: true,
      rules: [
        { axis: 'x', value: be.ringMinSqPerGpu * n, label: 'Ring comm. hidden →' },
        { axis: 'y', value: 1, label: '1×' },
      ],
    },
    {
      id: 'gantt',
      title: 'Forward pass of one cross-attention layer',
      kind: 'gantt',
      table: 'gantt',
      x: 'start',
      x2: 'end',
      y: 'lane',
      series: 'kind',
    },
    {
      id: 'memory',
      title: 'Memory per GPU',
      kind: 'bar',
      table: 'memory',
      x: 'variant',
      y: 'total',
      rules: [{ axis: 'y', value: budget, label: `${budget} GB` }],
    },
  ];
  return {
    tables: [summary, paperComparison(p, c), gpuSweep, frameSweep, textSweep, gantt, memory],
    metrics,
    checks: [],
    charts,
    notices: [...notices, 'All times here are modeled: datasheet peaks × efficiency, α–β links, double-buffered ring.'],
  };
}
