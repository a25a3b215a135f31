// The modeled decode latency at paper scale: Morph-1B (3072×12) against Open-LM-1B (2048×24) on
// the target GPU, beside the latencies the authors published, and latency against depth at the
// 1B size. The per-layer fixed cost comes from this device's run or the stated default (model.ts).
import type { GpuModel } from '../../sim/hardware';
import type { ChartSpec, Metric, RunResult, Table } from '../types';
import { decodeWeightBytes, modeledDecodeLatency, perLayerCostImplied, type LayerCost } from './model';
import { LATENCY_WHERE, PAPER_LATENCY_S } from './paperClaims';
import { paramCount } from './paperData';
import { num, shapeLabel, str } from './tableKit';

const PAIR = [
  { name: 'Open-LM-1B', d: 2048, l: 24, paperS: PAPER_LATENCY_S.openLm1b },
  { name: 'Morph-1B', d: 3072, l: 12, paperS: PAPER_LATENCY_S.morph1b },
] as const;

const pct = (ours: number, paper: number) => (100 * (ours - paper)) / paper;

/** Shapes with about Open-LM-1B's N at depths 4, 8, …, 48 (d_model a multiple of 128). */
export function sameSizeShapes(targetN: number): { d: number; l: number; n: number }[] {
  const out: { d: number; l: number; n: number }[] = [];
  for (let l = 4; l <= 48; l += 4) {
    let best = { d: 0, l, n: Infinity };
    for (let d = 256; d <= 8192; d += 128) {
      const n = paramCount(d, l);
      if (Math.abs(n - targetN) < Math.abs(best.n - targetN)) best = { d, l, n };
    }
    out.push(best);
  }
  return out;
}

export function latencyResult(gpu: GpuModel, cost: LayerCost, outputTokens: number): Partial<RunResult> {
  const rows = PAIR.map((m) => ({ m, lat: modeledDecodeLatency(m.d, m.l, gpu, cost.ms, outputTokens) }));
  const paperProtocol = outputTokens === 256;
  const pair: Table = {
    id: 'latency-paper',
    title: `Decode latency, batch 1, ${outputTokens} output tokens on ${gpu.name}: model vs paper`,
    columns: [
      str('model', 'Model', 'paper'),
      str('shape', 'd_model×n_layers', 'paper'),
      num('params', 'Parameters N', 'M', 'computed'),
      num('bytes', 'Weight bytes read per token (bf16)', 'GB', 'computed'),
      num('weightMs', 'Weight reads per token', 'ms', 'modeled'),
      num('layerMs', 'n_layers × per-layer cost, per token', 'ms', 'modeled'),
      num('perTokenMs', 'Latency per token', 'ms', 'modeled'),
      num('totalS', `Latency, ${outputTokens} tokens`, 's', 'modeled'),
      num('paperS', 'Paper latency (A100, 256 tokens)', 's', 'paper'),
      num('difference', 'Model vs paper', '%', 'modeled'),
      num('impliedMs', 'Per-layer cost the paper’s latency implies', 'ms', 'computed'),
    ],
    rows: rows.map(({ m, lat }) => [
      m.name,
      shapeLabel(m.d, m.l),
      paramCount(m.d, m.l) / 1e6,
      decodeWeightBytes(m.d, m.l) / 1e9,
      lat.weightMs,
      lat.layerMs,
      lat.perTokenMs,
      lat.totalS,
      m.paperS,
      paperProtocol ? pct(lat.totalS, m.paperS) : null,
      perLayerCostImplied(m.d, m.l, gpu, m.paperS),
    ]),
    note: gapNote(gpu, cost, rows, paperProtocol),
  };
  const [open, morph] = rows;
  const depth: Table = {
    id: 'latency-depth',
    title: `Same N as Open-LM-1B, modeled latency against depth (${gpu.name})`,
    columns: [
      num('nLayers', 'n_layers', undefined, 'computed'),
      num('dModel', 'd_model', undefined, 'computed'),
      num('params', 'Parameters N', 'M', 'computed'),
      num('weightS', 'Weight reads', 's', 'modeled'),
      num('totalS', `Latency, ${outputTokens} tokens`, 's', 'modeled'),
    ],
    rows: sameSizeShapes(paramCount(2048, 24)).map((s) => {
      const lat = modeledDecodeLatency(s.d, s.l, gpu, cost.ms, outputTokens);
      return [s.l, s.d, s.n / 1e6, (lat.weightMs * outputTokens) / 1e3, lat.totalS];
    }),
    note: 'd_model is the multiple of 128 whose N is closest to 1.44B at each depth.',
  };
  const charts: ChartSpec[] = [
    {
      id: 'latency-depth',
      title: 'Modeled decode latency against depth at about 1.44B parameters',
      kind: 'line',
      table: 'latency-depth',
      x: 'nLayers',
      y: 'totalS',
      xLabel: 'n_layers',
      yLabel: `Latency for ${outputTokens} tokens (s)`,
      rules: paperProtocol
        ? [
            { axis: 'y', value: PAPER_LATENCY_S.openLm1b, label: 'Open-LM-1B (paper)' },
            { axis: 'y', value: PAPER_LATENCY_S.morph1b, label: 'Morph-1B (paper)' },
          ]
        : [],
    },
  ];
  const metrics: Metric[] = [
    {
      key: 'latencyRatio',
      label: 'Open-LM-1B / Morph-1B latency (model)',
      value: open!.lat.totalS / morph!.lat.totalS,
      unit: '×',
      provenance: 'modeled',
      note: `paper: ${PAPER_LATENCY_S.openLm1b} s / ${PAPER_LATENCY_S.morph1b} s = ${(PAPER_LATENCY_S.openLm1b / PAPER_LATENCY_S.morph1b).toFixed(2)}×`,
    },
    {
      key: 'morphLatencyS',
      label: 'Morph-1B latency (model)',
      value: morph!.lat.totalS,
      unit: 's',
      provenance: 'modeled',
    },
    {
      key: 'openLatencyS',
      label: 'Open-LM-1B latency (model)',
      value: open!.lat.totalS,
      unit: 's',
      provenance: 'modeled',
    },
    {
      key: 'perLayerMs',
      label: 'Per-layer fixed cost used',
      value: cost.ms,
      unit: 'ms',
      provenance: cost.provenance,
      note: cost.note,
    },
    {
      key: 'bandwidth',
      label: `${gpu.name} memory bandwidth`,
      value: gpu.memBandwidthGBs,
      unit: 'GB/s',
      provenance: 'datasheet',
    },
  ];
  return { tables: [pair, depth], charts, metrics };
}

function gapNote(
  gpu: GpuModel,
  cost: LayerCost,
  rows: { m: (typeof PAIR)[number]; lat: { totalS: number } }[],
  paperProtocol: boolean,
): string {
  const implied = rows.map(({ m }) => perLayerCostImplied(m.d, m.l, gpu, m.paperS));
  const model = `Model: weight bytes / ${gpu.memBandwidthGBs} GB/s (datasheet peak) + n_layers × ${cost.ms.toFixed(3)} ms (${cost.note}), one forward per output token; the 128-token prefill is one of those forwards.`;
  const paper = `Paper: ${LATENCY_WHERE}.`;
  if (!paperProtocol)
    return `${model} ${paper} The paper measured 256 output tokens; set Output tokens to 256 to compare.`;
  const diffs = rows.map(({ m, lat }) => `${m.name} ${pct(lat.totalS, m.paperS).toFixed(0)}%`).join(', ');
  return (
    `${model} ${paper} Model vs paper: ${diffs}. On ${gpu.name} the paper's latencies imply ` +
    `${implied.map((x) => x.toFixed(2)).join(' and ')} ms per layer per token for the two shapes: nearly equal, as a ` +
    'width-independent per-layer cost assumes. What remains of the gap is the per-layer cost itself (an estimate ' +
    "unless calibrated), bandwidth below the datasheet peak, and per-step work outside the layers (sampling, generate's loop), which the model leaves out."
  );
}
