// Tables and charts of the measured decode latency of one family on this device: latency against
// depth and width at about the same N, per-layer latency, the op-family breakdown, and how close
// each decode step comes to reading its weights at the probed copy bandwidth.
import { llamaParameterCounts } from '../../data/llamaConfig';
import type { Calibration, ChartSpec, Metric, RunResult, Table } from '../types';
import { shapeName, type LatencyFamily } from './families';
import { OP_FAMILIES, perLayer, type LatencyRow } from './latencyRun';
import { num, str } from './tableKit';

/**
 * Decode weight-bandwidth fraction of one measured step: (weight bytes read per token / decode
 * step time) ÷ probed copy bandwidth. 1 means the step streams its weights as fast as the device
 * copies memory; above 1, part of the weights came from cache.
 */
export function weightBandwidthFraction(bytesPerToken: number, stepMs: number, copyGBs: number): number {
  return bytesPerToken / (stepMs * 1e-3) / (copyGBs * 1e9);
}

export interface LatencyRunSetup {
  /** KV position of the timed step (context length). */
  context: number;
  weights: 'f32' | 'f16';
}

export function latencyRunResult(
  family: LatencyFamily,
  rows: LatencyRow[],
  copyGBs: number,
  emulated: boolean,
  setup: LatencyRunSetup = { context: 0, weights: 'f32' },
): Partial<RunResult> {
  const tag = emulated ? ' (CPU emulation)' : '';
  const fastest = Math.min(...rows.map((r) => r.stepMs));
  const name = (r: LatencyRow) => shapeName(r.paperDModel, r.config.numHiddenLayers);
  const table: Table = {
    id: 'measured-latency',
    title: `Decode latency per token, batch 1, on this device${tag}: the ${family.label} family scaled in width`,
    columns: [
      str('shape', 'Paper shape', 'paper'),
      num('dModel', 'd_model built', undefined, 'computed'),
      num('nLayers', 'n_layers', undefined, 'paper'),
      num('heads', 'Heads', undefined, 'computed'),
      num('params', 'Parameters built', 'M', 'computed'),
      num('bytes', `Weight bytes per token (${setup.weights})`, 'MB', 'computed'),
      num('stepMs', 'Decode step (GPU time)', 'ms', 'measured'),
      num('relative', 'vs the fastest shape', '×', 'measured'),
      num('headMs', 'Embedding + LM head alone', 'ms', 'measured'),
      num('layerMs', 'Per layer', 'ms', 'measured'),
      num('layerBoundMs', 'Per layer at the probed bandwidth', 'ms', 'computed'),
      num('overheadMs', 'Per-layer overhead', 'ms', 'measured'),
      num('boundMs', 'Whole step at the probed bandwidth', 'ms', 'computed'),
      num('fraction', 'Fraction of the bandwidth bound', '%', 'measured'),
      num('wallMs', 'Decode step end to end (wall)', 'ms', 'measured'),
    ],
    rows: rows.map((r) => {
      const pl = perLayer(r, copyGBs);
      const boundMs = (r.bytes / (copyGBs * 1e9)) * 1e3;
      return [
        name(r),
        r.config.hiddenSize,
        r.config.numHiddenLayers,
        r.config.numAttentionHeads,
        llamaParameterCounts(r.config).total / 1e6,
        r.bytes / 1e6,
        r.stepMs,
        r.stepMs / fastest,
        r.headMs,
        pl.layerMs,
        pl.boundMs,
        pl.overheadMs,
        boundMs,
        (100 * boundMs) / r.stepMs,
        r.wallMs,
      ];
    }),
    note:
      'Random weights: decode latency does not depend on their values. GPU time is the median of timestamped repetitions of one decode step ' +
      `at context length ${setup.context} (its attention reads ${setup.context + 1} cached positions); per layer = (step − embedding and LM head alone) / n_layers; the bound reads the weights once at the copy ` +
      'bandwidth probed on this device. End to end: a prompt is prefilled, then each decode step is submitted and awaited. ' +
      'Above 100% of the bound, the weights were served from cache.',
  };
  const breakdown: Table = {
    id: 'measured-breakdown',
    title: `Decode step by op family${tag}`,
    columns: [
      str('shape', 'Shape', 'paper'),
      str('family', 'Op family', 'computed'),
      num('ms', 'GPU time', 'ms', 'measured'),
    ],
    rows: rows.flatMap((r) => OP_FAMILIES.map((f) => [name(r), f, r.families[f]])),
    note: 'Each family timed alone (its dispatches only): the parts need not add up to the whole step.',
  };
  const charts: ChartSpec[] = [
    {
      id: 'measured-vs-layers',
      title: `Decode latency against depth, same N${tag}`,
      kind: 'line',
      table: 'measured-latency',
      x: 'nLayers',
      y: 'stepMs',
      xLabel: 'n_layers',
      yLabel: 'Decode step (ms)',
    },
    {
      id: 'measured-vs-width',
      title: `Decode latency against width, same N${tag}`,
      kind: 'line',
      table: 'measured-latency',
      x: 'dModel',
      y: 'stepMs',
      xLabel: 'd_model (built)',
      yLabel: 'Decode step (ms)',
    },
    {
      id: 'measured-per-layer',
      title: `Latency per layer${tag}`,
      kind: 'bar',
      table: 'measured-latency',
      x: 'shape',
      y: 'layerMs',
      yLabel: 'ms per layer',
    },
    {
      id: 'measured-breakdown',
      title: `Decode step by op family${tag}`,
      kind: 'bar',
      table: 'measured-breakdown',
      x: 'shape',
      y: 'ms',
      series: 'family',
      yLabel: 'GPU time (ms)',
    },
  ];
  const median = (xs: number[]) => {
    const v = [...xs].sort((a, b) => a - b);
    return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
  };
  const overheads = rows.map((r) => perLayer(r, copyGBs).overheadMs);
  const meanOverhead = overheads.reduce((a, b) => a + b, 0) / overheads.length;
  const metrics: Metric[] = [
    {
      key: 'sameNLatencyRatio',
      label: `Same N, slowest / fastest decode step${tag}`,
      value: Math.max(...rows.map((r) => r.stepMs)) / fastest,
      unit: '×',
      provenance: 'measured',
    },
    { key: 'copyGBs', label: `Copy bandwidth (probe)${tag}`, value: copyGBs, unit: 'GB/s', provenance: 'measured' },
    {
      key: 'decodeBandwidthFraction',
      label: `Decode weight-bandwidth fraction, median over the shapes${tag}`,
      value: median(rows.map((r) => 100 * weightBandwidthFraction(r.bytes, r.stepMs, copyGBs))),
      unit: '%',
      provenance: 'measured',
      note:
        `(weight bytes read per token ÷ measured decode step time) ÷ probed copy bandwidth, for one decode step at batch 1 and context length ${setup.context}, ${setup.weights} weights. ` +
        'Weight bytes per token: every matrix and norm, one embedding row. 100% = the step streams its weights as fast as this device copies memory.' +
        (emulated ? ' CPU emulation: both times are the CPU’s, not a GPU’s.' : ''),
    },
    {
      key: 'layerOverheadMs',
      label: `Per-layer overhead, mean${tag}`,
      value: meanOverhead,
      unit: 'ms',
      provenance: 'measured',
    },
  ];
  const calibration: Calibration = { copyGBs, latencyCpuEmulation: emulated ? 1 : 0 };
  const notices: string[] = [];
  if (meanOverhead > 0) calibration.decodeLayerOverheadMs = meanOverhead;
  else
    notices.push(
      'The layers ran faster than reading their weights at the probed copy bandwidth (weights served from cache at this width): no per-layer overhead to calibrate the model with.',
    );
  return { tables: [table, breakdown], charts, metrics, calibration, notices };
}
