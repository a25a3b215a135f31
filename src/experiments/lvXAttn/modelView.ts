// The modeled half of the LV-XAttn experiment: turns parameters (and an optional calibration
// from a real run) into tables and charts. Pure and fast: it runs on every slider move.
import { findGpuModel, type GpuModel } from '../../sim/hardware';
import { findLink } from '../../sim/links';
import { logSpace } from '../../sim/roofline';
import type { Cluster } from './topology';
import type { Calibration, ChartSpec, Metric, ParamValues, RunResult, Table } from '../types';
import { findMllm } from './mllms';
import { breakEven, iterationCost, type Workload } from './model';
import { maxFramesThatFit, memoryPerGpu, type MemoryBreakdown, type MemoryVariant } from './memory';
import { THIS_DEVICE } from './params';
import { paperComparison } from './paperClaims';
import { lvXAttnReproductions } from './reproductions';

/** Assumed memory of "this device" (WebGPU does not report it). */
const THIS_DEVICE_MEMORY_GB = 16;

function targetGpu(p: ParamValues, cal: Calibration | undefined, notices: string[]): GpuModel {
  if (p.gpuModel !== THIS_DEVICE) return findGpuModel(p.gpuModel as string)!;
  if (cal?.fmaGflops) {
    notices.push(
      `"This device": peak = measured f32 FMA ${cal.fmaGflops.toFixed(1)} GFLOP/s (no tensor cores in WebGPU); memory assumed ${THIS_DEVICE_MEMORY_GB} GB.`,
    );
    if (cal.cpuEmulation)
      notices.push('"This device" is a CPU emulation (SwiftShader): these times describe the emulator, not a GPU.');
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

export interface EfficiencyChoice {
  value: number;
  /** 'measured' only when this device's own kernel calibrates this device's own peak. */
  provenance: 'measured' | 'modeled';
  note: string;
}

/**
 * The compute efficiency to use. The real run measures an f32 kernel against this device's f32
 * FMA peak; that ratio is like for like only when the target is this device. For a catalog GPU
 * the model multiplies it into a bf16 tensor-core peak, which is an assumption (that a tensor-core
 * kernel would be as efficient), and is said so. A CPU emulation's ratio calibrates nothing.
 */
export function efficiencyFrom(p: ParamValues, cal: Calibration | undefined, notices: string[]): EfficiencyChoice {
  const slider = p.efficiency as number;
  const assumed: EfficiencyChoice = {
    value: slider,
    provenance: 'modeled',
    note: `assumed (slider): ${(100 * slider).toFixed(0)} % of the GPU's bf16 tensor-core peak`,
  };
  if (p.efficiencySource !== 'measured') return assumed;
  if (!cal?.attentionEfficiency) {
    notices.push('Efficiency from "this device" needs a real run first (press Run); using the slider value.');
    return assumed;
  }
  if (cal.cpuEmulation) {
    notices.push(
      `The last run used CPU emulation (SwiftShader), whose kernel efficiency says nothing about a GPU: the slider value (${(100 * slider).toFixed(0)} %) is used instead.`,
    );
    return assumed;
  }
  const pctText = `${(100 * cal.attentionEfficiency).toFixed(1)} %`;
  if (p.gpuModel === THIS_DEVICE) {
    return {
      value: cal.attentionEfficiency,
      provenance: 'measured',
      note: `measured: this device's f32 attention kernel reached ${pctText} of its own f32 FMA peak`,
    };
  }
  notices.push(
    `Assumption: this device's f32 attention kernel reached ${pctText} of its f32 FMA peak, and that share is applied to the target's bf16 tensor-core peak, as if a tensor-core kernel were as efficient.`,
  );
  return {
    value: cal.attentionEfficiency,
    provenance: 'modeled',
    note: `assumed from this device: its f32 kernel's ${pctText} of f32 peak, applied to the bf16 tensor-core peak`,
  };
}

export function workloadFrom(
  p: ParamValues,
  cal: Calibration | undefined,
  notices: string[],
): { w: Workload; efficiency: EfficiencyChoice } {
  const efficiency = efficiencyFrom(p, cal, notices);
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
      efficiency: efficiency.value,
      recompute: p.recompute as boolean,
      visionEncoder: p.visionEncoder as boolean,
      checkpointing: p.checkpointing as boolean,
    },
    efficiency,
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
  const { w, efficiency } = workloadFrom(p, cal, notices);
  const c = iterationCost(w);
  const L = w.model.crossAttnLayers;
  const be = breakEven(w);

  // Quantities as rows and the two algorithms as columns keep every table narrow, however many
  // quantities it lists (a wide table no longer fits the results column).
  const ring = c.ring;
  const lv = c.lv;
  const waiting = (l: typeof ring) =>
    l.forward.exposedCommMs * (l.rerunForwardMs > 0 ? 2 : 1) + l.backward.exposedCommMs;
  const pair = (label: string, r: number, v: number) => [label, r, v, v > 0 ? r / v : null];
  const summary: Table = {
    id: 'summary',
    title: `Time per GPU on ${c.n}× ${w.cluster.gpu.name} (ring bounded by ${c.link.name})`,
    columns: [
      col('quantity', 'Quantity', undefined, 'string'),
      col('ring', 'Ring', 'ms'),
      col('lv', 'LV-XAttn', 'ms'),
      col('ratio', 'Ring ÷ LV', '×'),
    ],
    rows: [
      pair('Forward, one layer', ring.forward.totalMs, lv.forward.totalMs),
      pair('Forward re-run, one layer', ring.rerunForwardMs, lv.rerunForwardMs),
      pair('Backward, one layer', ring.backward.totalMs, lv.backward.totalMs),
      pair('Waiting on links, one layer', waiting(ring), waiting(lv)),
      pair('Cross-attention, one layer', ring.totalMs, lv.totalMs),
      pair(`Cross-attention, ${L} layers`, L * ring.totalMs, L * lv.totalMs),
      pair(`K/V re-projection, ${L} layers`, L * ring.recomputeMs, L * lv.recomputeMs),
      pair('Rest of the model', c.restMs, c.restMs),
      pair('Iteration', c.ringIterMs, c.lvIterMs),
    ],
    note:
      `Compute efficiency ${efficiency.note}. Per GPU: S_Q = ${c.sqPerGpu.toFixed(1)}, S_KV = ${c.skvPerGpu.toFixed(0)}. ` +
      "Forward re-run: activation checkpointing runs a layer's forward again in backward; LV-XAttn with its own recomputation skips it and re-projects only K/V.",
  };
  const traffic: Table = {
    id: 'traffic',
    title: 'Bytes each GPU sends per ring step (bf16, LSE f32)',
    columns: [
      col('quantity', 'Step', undefined, 'string'),
      col('ring', 'Ring', 'B'),
      col('lv', 'LV-XAttn', 'B'),
      col('ratio', 'Ring ÷ LV', '×'),
    ],
    rows: [
      pair('Forward', ring.fwdBytesPerStep, lv.fwdBytesPerStep),
      pair('Backward', ring.bwdBytesPerStep, lv.bwdBytesPerStep),
    ],
    note:
      "As in the paper's Table 1. Ring Attention sends K and V forward, and K, V, dK, dV backward; LV-XAttn sends Q, O and LSE forward, and Q, O, dO, dQ and LSE backward. " +
      `With grouped-query attention Ring moves only the ${w.model.crossAttn.kvHeads} K/V heads (of ${w.model.crossAttn.heads} query heads).`,
  };
  const reproductions = lvXAttnReproductions(p, w, c);

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
    ['ring', 'Ring'],
    ['lv-xattn', 'LV-XAttn'],
    ['lv-xattn-recompute', 'LV + recompute'],
  ];
  // The chart reads `memory` (one row per variant); the breakdown lists parts as rows.
  const breakdowns = variants.map(([v]) => memoryPerGpu(w, v));
  const memory: Table = {
    id: 'memory',
    title: `Memory per GPU (budget ${budget} GB)`,
    columns: [
      col('variant', 'Variant', undefined, 'string'),
      col('total', 'Total', 'GB'),
      col('maxFrames', 'Max frames', 'frames'),
    ],
    rows: variants.map(([v, label], i) => [label, breakdowns[i]!.totalGB, maxFramesThatFit(w, v, budget)]),
  };
  const part = (label: string, get: (m: MemoryBreakdown) => number) => [label, ...breakdowns.map(get)];
  const memoryParts: Table = {
    id: 'memory-parts',
    title: 'Memory per GPU, by part',
    columns: [col('part', 'Part', undefined, 'string'), ...variants.map(([v, label]) => col(v, label, 'GB'))],
    rows: [
      part('Model states (FSDP)', (m) => m.modelStatesGB),
      part('Visual states', (m) => m.visualStatesGB),
      part('Cross-attention K/V kept', (m) => m.crossAttnKvGB),
      part('Text activations', (m) => m.textActivationsGB),
      part('Receive buffers', (m) => m.commBuffersGB),
      part('Total', (m) => m.totalGB),
    ],
    note: 'Model states: FSDP-sharded bf16 weights and gradients with fp32 Adam moments and master weights. Visual states are kept once; K/V kept are saved for backward; receive buffers are double-buffered for whatever travels.',
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
      provenance: efficiency.provenance,
      note: efficiency.note,
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
    tables: [
      summary,
      traffic,
      paperComparison(p, c, reproductions),
      gpuSweep,
      frameSweep,
      textSweep,
      gantt,
      memory,
      memoryParts,
    ],
    reproductions,
    metrics,
    checks: [],
    charts,
    notices: [
      ...notices,
      'All times here are modeled: datasheet peaks × the assumed efficiency, links as latency + bytes / bandwidth, double-buffered ring.',
    ],
  };
}
