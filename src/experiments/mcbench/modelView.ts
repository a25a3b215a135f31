// The live paper-scale view: iteration time and its compute / communication / compressor split
// per compressor, speedup against link bandwidth, the all-gather break-even rule (bits < 32/p), the
// scale-up sweep of the code's cost-model script, and the paper's takeaways beside ours.
import { findGpuModel } from '../../sim/hardware';
import { findLink, LINK_CATALOG, type Link } from '../../sim/links';
import { UserInputError } from '../types';
import type { Calibration, Check, ChartSpec, Metric, ParamValues, Provenance, RunResult, Table } from '../types';
import {
  allGatherMs,
  breakEvenBits,
  FP16_BYTES,
  methodLabel,
  quantToAllReduceRatio,
  ringAllReduceMs,
  tpCollectiveMs,
  tpPayload,
  type Method,
} from './collectives';
import { compare, iteration, type Setup } from './model';
import { TAKEAWAYS } from './paperClaims';

/** The code's cost-model sweep (examples/cost_model.sh): hidden sizes at TP = 4. */
export const SCALE_UP_HIDDEN = [1024, 2304, 3072, 4096, 6144, 8192, 10240, 12288, 16384, 20480, 25600];
/** BERT-Large cased vocabulary (the scripts' vocab file); only the optimizer step of stage 1 sees it. */
export const BERT_VOCAB = 28996;

function linkOf(id: unknown): Link {
  const l = findLink(String(id));
  if (!l) throw new UserInputError(`Link "${String(id)}" is not in the catalog`);
  return l;
}

export function methodOf(p: ParamValues, kind = String(p.method)): Method {
  switch (kind) {
    case 'ae':
      return { kind: 'ae', aeDim: Number(p.aeDim) };
    case 'topk':
    case 'randk':
      return { kind, k: Number(p.topK) };
    case 'quant':
      return { kind: 'quant', bits: Number(p.bits) };
    case 'none':
      return { kind: 'none' };
    default:
      throw new UserInputError(`Unknown compressor "${kind}": choose ae, topk, randk or quant`);
  }
}

export function setupOf(p: ParamValues, calibration?: Calibration): Setup {
  const gpu = findGpuModel(String(p.gpuModel));
  if (!gpu) throw new UserInputError(`GPU "${String(p.gpuModel)}" is not in the catalog`);
  const hidden = Number(p.hidden);
  return {
    workload: {
      layers: Number(p.layers),
      hidden,
      heads: Number(p.heads),
      ffn: 4 * hidden,
      vocab: BERT_VOCAB,
      seqLen: Number(p.seqLen),
      microBatch: Number(p.microBatch),
      microBatches: Number(p.microBatches),
    },
    cluster: {
      tp: Number(p.tp),
      pp: Number(p.pp),
      gpu,
      tpLink: linkOf(p.tpLink),
      ppLink: linkOf(p.ppLink),
      mfu: Number(p.mfu),
      bwFraction: Number(p.bwFraction),
    },
    compression: {
      method: methodOf(p),
      ppAeDim: Number(p.ppAeDim),
      where: String(p.where) as Setup['compression']['where'],
      startLayer: Number(p.startLayer),
    },
    costs: { topkPasses: Number(p.topkPasses), randkHostUsPerIndex: Number(p.randkHostUs) },
    calibration,
  };
}

/** Every compressor the charts compare, at the panel's settings. */
export function allMethods(p: ParamValues): Method[] {
  return [
    { kind: 'none' },
    methodOf(p, 'ae'),
    methodOf(p, 'topk'),
    methodOf(p, 'randk'),
    { kind: 'quant', bits: 8 },
    { kind: 'quant', bits: 4 },
    { kind: 'quant', bits: 2 },
  ];
}

const withMethod = (s: Setup, method: Method): Setup => ({ ...s, compression: { ...s.compression, method } });
const withLinks = (s: Setup, tpLink: Link, ppLink: Link): Setup => ({
  ...s,
  cluster: { ...s.cluster, tpLink, ppLink },
});
const num = (key: string, label: string, unit: string | undefined, provenance: Provenance) =>
  ({ key, label, unit, provenance, type: 'number' }) as const;
const str = (key: string, label: string, provenance: Provenance) =>
  ({ key, label, provenance, type: 'string' }) as const;

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export function buildModelResult(p: ParamValues, calibration?: Calibration): RunResult {
  const s = setupOf(p, calibration);
  const methods = allMethods(p);
  const baseline = iteration(withMethod(s, { kind: 'none' }));
  const rows = s.workload.microBatch * s.workload.seqLen;
  const costSource = (src: string) =>
    src === 'measured' ? 'measured on this device' : src === 'estimate' ? 'roofline estimate' : '—';

  const results = methods.map((m) => ({ m, b: iteration(withMethod(s, m)) }));
  const iterationTable: Table = {
    id: 'iteration',
    title: `Iteration time per compressor: ${s.workload.layers} layers, h = ${s.workload.hidden}, TP ${s.cluster.tp} × PP ${s.cluster.pp} on ${s.cluster.gpu.name}`,
    columns: [
      str('method', 'Compressor', 'computed'),
      num('totalMs', 'Iteration', 'ms', 'modeled'),
      num('computeMs', 'Compute', 'ms', 'modeled'),
      num('tpCommMs', 'Tensor-parallel communication', 'ms', 'modeled'),
      num('ppCommMs', 'Pipeline communication', 'ms', 'modeled'),
      num('compressorMs', 'Compressor', 'ms', 'modeled'),
      num('speedup', 'Speedup over no compression', '×', 'modeled'),
      num('payloadKB', 'Tensor-parallel bytes sent per rank per message', 'KB', 'computed'),
      str('costSource', 'Compressor cost from', 'computed'),
    ],
    rows: results.map(({ m, b }) => [
      methodLabel(m),
      b.totalMs,
      b.computeMs,
      b.tpCommMs,
      b.ppCommMs,
      b.compressorMs,
      baseline.totalMs / b.totalMs,
      tpPayload(m, rows, s.workload.hidden).bytes.reduce((a, x) => a + x, 0) / 1e3,
      costSource(b.overheadSource),
    ]),
    note:
      `Compressed: ${s.compression.where === 'pp' ? 'pipeline boundaries only' : `tensor-parallel all-reduces of layers ${s.compression.startLayer + 1}–${s.workload.layers}`}` +
      `${s.compression.where === 'both' ? ' and pipeline boundaries' : ''}. Backward all-reduces stay fp16, as in the code.`,
  };
  const splitTable: Table = {
    id: 'split',
    title: 'Where the iteration goes',
    columns: [
      str('method', 'Compressor', 'computed'),
      str('part', 'Part', 'computed'),
      num('ms', 'Time', 'ms', 'modeled'),
    ],
    rows: results.flatMap(({ m, b }) => [
      [shortLabel(m), 'compute', b.computeMs],
      [shortLabel(m), 'communication', b.tpCommMs + b.ppCommMs],
      [shortLabel(m), 'compressor', b.compressorMs],
    ]),
  };

  // Speedup against link bandwidth: both links at this bandwidth, the chosen links' latencies.
  const bandwidths = [0.5, 1, 2, 5, 10, 25, 50, 100, 200, 300, 600, 900];
  const bandwidthTable: Table = {
    id: 'bandwidth',
    title: 'Speedup over no compression vs link bandwidth',
    columns: [
      num('bandwidthGBs', 'Link bandwidth', 'GB/s', 'computed'),
      str('method', 'Compressor', 'computed'),
      num('speedup', 'Speedup', '×', 'modeled'),
    ],
    rows: bandwidths.flatMap((bw) => {
      const ls = withLinks(s, { ...s.cluster.tpLink, bandwidthGBs: bw }, { ...s.cluster.ppLink, bandwidthGBs: bw });
      const base = iteration(withMethod(ls, { kind: 'none' })).totalMs;
      return methods
        .filter((m) => m.kind !== 'none')
        .map((m) => [bw, shortLabel(m), base / iteration(withMethod(ls, m)).totalMs]);
    }),
    note: `Each link keeps its latency (${s.cluster.tpLink.latencyUs} µs tensor parallel, ${s.cluster.ppLink.latencyUs} µs pipeline).`,
  };

  // The break-even rule: a b-bit all-gather against the fp16 ring all-reduce of the same message.
  const M = rows * s.workload.hidden;
  const breakEvenTable: Table = {
    id: 'break-even',
    title: `Quantised all-gather vs fp16 all-reduce of one message (${((M * FP16_BYTES) / 1e6).toFixed(1)} MB) on ${s.cluster.tpLink.name}`,
    columns: [
      num('p', 'Tensor-parallel GPUs p', undefined, 'computed'),
      str('bits', 'Bits', 'computed'),
      num('ratio', 'Time ratio (with latency)', '×', 'modeled'),
      num('bandwidthRatio', 'Bytes ratio b·p/32', '×', 'computed'),
      num('breakEvenBits', 'Break-even bits 32/p', 'bits', 'computed'),
    ],
    rows: [2, 3, 4, 6, 8, 12, 16].flatMap((tp) =>
      [2, 4, 8].map((bits) => {
        const q = tpCollectiveMs({ kind: 'quant', bits }, rows, s.workload.hidden, tp, s.cluster.tpLink);
        const fp16 = ringAllReduceMs(s.cluster.tpLink, M * FP16_BYTES, tp);
        return [tp, `${bits}-bit`, q / fp16, quantToAllReduceRatio(bits, tp), breakEvenBits(tp)];
      }),
    ),
    note: 'Below 1 the quantised all-gather is faster. It sends (p − 1)·M·b/8 bytes against 2(p − 1)/p·2M: quantisation wins only while b < 32/p.',
  };

  // The code's scale-up sweep: TP = 4, one stage, every layer compressed, sequence 128.
  const scaleTable: Table = {
    id: 'scale-up',
    title: `Scale-up: TP 4, 4 layers, sequence 128, micro-batch ${s.workload.microBatch}, every layer compressed, ${s.cluster.tpLink.name}`,
    columns: [
      num('hidden', 'Hidden size h', undefined, 'computed'),
      str('method', 'Compressor', 'computed'),
      num('speedup', 'Speedup', '×', 'modeled'),
      num('commShare', 'Communication share without compression', '%', 'modeled'),
    ],
    rows: SCALE_UP_HIDDEN.flatMap((h) => {
      const ss: Setup = {
        ...s,
        workload: { ...s.workload, hidden: h, layers: 4, seqLen: 128, ffn: 4 * h, microBatches: 1 },
        cluster: { ...s.cluster, tp: 4, pp: 1 },
        compression: { ...s.compression, where: 'tp', startLayer: 0 },
      };
      const base = iteration(withMethod(ss, { kind: 'none' }));
      return methods
        .filter((m) => m.kind !== 'none')
        .map((m) => [
          h,
          shortLabel(m),
          base.totalMs / iteration(withMethod(ss, m)).totalMs,
          (100 * (base.tpCommMs + base.ppCommMs)) / base.totalMs,
        ]);
    }),
    note: 'The hidden sizes of the code’s cost-model script; the number of heads stays at the panel’s value.',
  };

  const chosen = compare(s);
  const takeawayTable = buildTakeaways(s);
  const commShare = (100 * (baseline.tpCommMs + baseline.ppCommMs)) / baseline.totalMs;
  const metrics: Metric[] = [
    {
      key: 'speedup',
      label: `${methodLabel(s.compression.method)} over no compression`,
      value: chosen.speedup,
      unit: '×',
      provenance: 'modeled',
      primary: true,
    },
    {
      key: 'iterationMs',
      label: 'Iteration with this compressor',
      value: chosen.breakdown.totalMs,
      unit: 'ms',
      provenance: 'modeled',
    },
    {
      key: 'baselineMs',
      label: 'Iteration without compression',
      value: baseline.totalMs,
      unit: 'ms',
      provenance: 'modeled',
    },
    {
      key: 'commShare',
      label: 'Communication share without compression',
      value: commShare,
      unit: '%',
      provenance: 'modeled',
    },
    {
      key: 'breakEvenBits',
      label: `Quantisation beats the fp16 all-reduce below (p = ${s.cluster.tp})`,
      value: s.cluster.tp > 1 ? breakEvenBits(s.cluster.tp) : 'no all-reduce at p = 1',
      unit: s.cluster.tp > 1 ? 'bits' : undefined,
      provenance: 'computed',
    },
    {
      key: 'costSource',
      label: 'Compressor costs',
      value: calibration ? 'measured on this device (copy-equivalents)' : 'roofline estimate',
      provenance: calibration ? 'measured' : 'modeled',
    },
  ];
  const charts: ChartSpec[] = [
    {
      id: 'split',
      title: 'Iteration time: compute, communication and compressor per compressor',
      kind: 'bar',
      table: 'split',
      x: 'method',
      y: 'ms',
      series: 'part',
      yLabel: 'ms per iteration',
    },
    {
      id: 'bandwidth',
      title: 'Compression stops helping as links get faster',
      kind: 'line',
      table: 'bandwidth',
      x: 'bandwidthGBs',
      y: 'speedup',
      series: 'method',
      logX: true,
      xLabel: 'link bandwidth (GB/s)',
      yLabel: 'speedup (×)',
      rules: [
        { axis: 'y', value: 1, label: 'no gain' },
        ...['nvlink3', 'pcie4', 'eth-10'].map((id) => {
          const l = LINK_CATALOG.find((x) => x.id === id)!;
          return { axis: 'x' as const, value: l.bandwidthGBs, label: l.name.split(',')[0]! };
        }),
      ],
    },
    {
      id: 'break-even',
      title: 'Quantised all-gather vs fp16 all-reduce: break-even at bits = 32/p',
      kind: 'line',
      table: 'break-even',
      x: 'p',
      y: 'ratio',
      series: 'bits',
      xLabel: 'tensor-parallel GPUs p',
      yLabel: 'all-gather time / all-reduce time',
      rules: [{ axis: 'y', value: 1, label: 'break-even: bits = 32/p' }],
    },
    {
      id: 'scale-up',
      title: 'Scale-up: speedup as the hidden size grows (TP 4)',
      kind: 'line',
      table: 'scale-up',
      x: 'hidden',
      y: 'speedup',
      series: 'method',
      logX: true,
      xLabel: 'hidden size h',
      yLabel: 'speedup (×)',
      rules: [{ axis: 'y', value: 1, label: 'no gain' }],
    },
  ];
  return {
    tables: [iterationTable, splitTable, bandwidthTable, breakEvenTable, scaleTable, takeawayTable],
    metrics,
    checks: [breakEvenCheck(s.cluster.tpLink)],
    charts,
    notices: [
      'The paper’s per-setting throughput tables, its hardware and its cost-model numbers were not available to this workbench, so these presets show the cost model without a paper-vs-ours verdict; the GPU (A100) and links are assumptions you can change.',
      calibration
        ? 'Compressor costs: this device’s measured cost of each compressor, as a multiple of copying the same message, applied to the chosen GPU.'
        : 'Compressor costs are roofline estimates until a Run measures this device’s compressors.',
    ],
  };
}

function shortLabel(m: Method): string {
  return m.kind === 'none'
    ? 'none'
    : m.kind === 'ae'
      ? `AE k=${m.aeDim}`
      : m.kind === 'quant'
        ? `${m.bits}-bit`
        : `${m.kind === 'topk' ? 'top' : 'rand'}-k ${m.k}`;
}

/** The all-gather rule from the α–β functions at zero latency equals its closed form b·p/32. */
function breakEvenCheck(link: Link): Check {
  const free: Link = { ...link, latencyUs: 0 };
  let maxAbs = 0;
  let maxRel = 0;
  for (const p of [2, 3, 4, 8, 16])
    for (const bits of [2, 4, 8]) {
      const M = 1 << 20;
      const ratio = allGatherMs(free, (M * bits) / 8, p) / ringAllReduceMs(free, M * FP16_BYTES, p);
      const want = quantToAllReduceRatio(bits, p);
      maxAbs = Math.max(maxAbs, Math.abs(ratio - want));
      maxRel = Math.max(maxRel, Math.abs(ratio - want) / want);
    }
  return {
    name: 'All-gather vs all-reduce bytes: α–β model against the closed form b·p/32',
    maxAbsError: maxAbs,
    maxRelError: maxRel,
    tolerance: 1e-9,
    passed: maxRel <= 1e-9,
    detail: 'p ∈ {2, 3, 4, 8, 16}, b ∈ {2, 4, 8}, latency set to zero',
  };
}

function buildTakeaways(s: Setup): Table {
  const speedupOn = (id: string) => {
    const l = linkOf(id);
    return compare(withLinks(s, l, l)).speedup;
  };
  const label = methodLabel(s.compression.method);
  const allLayers = compare({ ...s, compression: { ...s.compression, startLayer: 0 } }).speedup;
  const later = compare(s).speedup;
  const tp = Math.max(2, s.cluster.tp);
  const scale = (h: number) =>
    compare({
      ...s,
      workload: { ...s.workload, hidden: h, layers: 4, seqLen: 128, ffn: 4 * h, microBatches: 1 },
      cluster: { ...s.cluster, tp: 4, pp: 1 },
      compression: { ...s.compression, where: 'tp', startLayer: 0 },
    }).speedup;
  const ours: Record<(typeof TAKEAWAYS)[number]['key'], string> = {
    'not-gradient':
      `Top-k and quantised activations must be all-gathered, not all-reduced: at p = ${tp}, 8 bits send ` +
      `${fmt(quantToAllReduceRatio(8, tp))}× the bytes of the fp16 all-reduce (break-even below ${fmt(breakEvenBits(tp))} bits).`,
    'setup-matters': `${label}: ${fmt(speedupOn('nvlink3'))}× on NVLink, ${fmt(speedupOn('pcie4'))}× on PCIe, ${fmt(speedupOn('eth-10'))}× at 10 Gb/s.`,
    'early-layers':
      (s.compression.startLayer > 0
        ? `Time: compressing every layer would give ${fmt(allLayers)}× against ${fmt(later)}× for layers after ${s.compression.startLayer}; `
        : `Time: every layer is compressed here (${fmt(later)}×); `) +
      'the accuracy side is what a Run measures on a model trained here (later layers vs all layers).',
    scale: `${label}, TP 4: ${fmt(scale(1024))}× at h = 1024, ${fmt(scale(25600))}× at h = 25600 (compute grows as h², messages as h).`,
  };
  return {
    id: 'takeaways',
    title: 'The paper’s takeaways beside this model',
    columns: [
      str('takeaway', 'Takeaway', 'paper'),
      str('where', 'Source', 'paper'),
      str('ours', 'Here (modeled)', 'modeled'),
    ],
    rows: TAKEAWAYS.map((t) => [t.text, t.where, ours[t.key]]),
  };
}
