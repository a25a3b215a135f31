// The live paper-scale view: iteration time and its compute / communication / compressor split
// per compressor, speedup against link bandwidth, the all-gather break-even rule (bits < 32/p), the
// scale-up sweep of the code's cost-model script (scaleUp.ts), and the takeaways of a summary of
// the paper beside ours (takeaways.ts).
import { findGpuModel } from '../../sim/hardware';
import { LINK_CATALOG, type Link } from '../../sim/links';
import { UserInputError } from '../types';
import type { Calibration, Check, ChartSpec, Metric, ParamValues, RunResult, Table } from '../types';
import {
  allGatherMs,
  breakEvenBits,
  FP16_BYTES,
  methodLabel,
  quantToAllReduceRatio,
  ringAllReduceMs,
  sizeMismatch,
  tpCollectiveMs,
  tpPayload,
  type Method,
} from './collectives';
import { compressedLayers, iteration, type Setup } from './model';
import { scaleUpSweep } from './scaleUp';
import { buildTakeaways } from './takeaways';
import { linkOf, num, shortLabel, str, withLinks, withMethod } from './viewParts';

export { SCALE_UP_HIDDEN, sweepHeads } from './scaleUp';

/** BERT-Large cased vocabulary (the scripts' vocab file); only the optimizer step of stage 1 sees it. */
export const BERT_VOCAB = 28996;

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

export function buildModelResult(p: ParamValues, calibration?: Calibration): RunResult {
  const s = setupOf(p, calibration);
  const rows = s.workload.microBatch * s.workload.seqLen;
  // The chosen compressor must fit the message (its error is the panel's to fix); the others are
  // only compared, so one whose k does not fit this message is left out with a note instead.
  const chosenLabel = shortLabel(s.compression.method);
  const elements = rows * s.workload.hidden;
  const fits = (m: Method) => shortLabel(m) === chosenLabel || !sizeMismatch(m, elements, s.workload.hidden);
  const methods = allMethods(p).filter(fits);
  const misfits = allMethods(p)
    .filter((m) => !fits(m))
    .map((m) =>
      m.kind === 'ae'
        ? `${shortLabel(m)} (code wider than h = ${s.workload.hidden})`
        : `${shortLabel(m)} (k more than the ${elements} values of one message)`,
    );
  const costSource = (src: string) =>
    src === 'measured' ? 'measured on this device' : src === 'estimate' ? 'roofline estimate' : '—';

  const results = methods.map((m) => ({ m, b: iteration(withMethod(s, m)) }));
  const baseline = results.find(({ m }) => m.kind === 'none')!.b;
  const chosenBreakdown = results.find(({ m }) => shortLabel(m) === chosenLabel)?.b ?? iteration(s);
  const chosen = { breakdown: chosenBreakdown, speedup: baseline.totalMs / chosenBreakdown.totalMs };
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
      `${compressedText(s)} Backward all-reduces stay fp16, as in the code.` +
      (misfits.length ? ` Not compared: ${misfits.join('; ')}.` : ''),
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

  const sweep = scaleUpSweep(s, methods);
  const takeawayTable = buildTakeaways(s, chosen.speedup, sweep);
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
    tables: [iterationTable, splitTable, bandwidthTable, breakEvenTable, sweep.table, takeawayTable],
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

/** Which tensor-parallel all-reduces are compressed, in words (also when none is). */
function compressedText(s: Setup): string {
  const { workload: w, cluster: c, compression: z } = s;
  const range = compressedLayers(s);
  const pipeline = z.where !== 'tp' ? (c.pp > 1 ? 'pipeline boundaries' : 'no pipeline boundary (one stage)') : '';
  if (z.where === 'pp') return `Compressed: ${pipeline} only.`;
  const tp =
    c.tp === 1
      ? 'no tensor-parallel all-reduce (TP 1 has none)'
      : range
        ? `tensor-parallel all-reduces of layers ${range.first === range.last ? range.first : `${range.first}–${range.last}`}`
        : `no tensor-parallel all-reduce (“compress only layers after” ${z.startLayer} leaves none of the ${w.layers} layers)`;
  return `Compressed: ${tp}${pipeline ? ` and ${pipeline}` : ''}.`;
}
