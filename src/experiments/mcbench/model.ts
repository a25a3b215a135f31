// Per-iteration time of tensor- + pipeline-parallel transformer training with activation
// compression, as MCBench's Megatron-LM code runs it (fp16, one global batch per iteration).
//
// Per layer and micro-batch, on each tensor-parallel rank (t ranks share a layer):
//  - compute: the four weight GEMMs (QKV, attention projection, two MLP GEMMs: 8·r·h² + 4·r·h·f
//    FLOPs for r = b·s tokens, f the MLP width) and the attention GEMMs (4·b·s²·h), split t ways, at
//    the roofline of the GPU (tensor peak × the efficiency reached, or bandwidth-bound); the
//    memory-bound element-wise work (layer norms, residual + dropout, GELU, softmax + dropout on the
//    scores) as counted bytes over bandwidth; backward = 2× forward;
//  - forward communication: two all-reduces of the partial sums [r, h] (attention and MLP
//    RowParallelLinear) — compressed for layers after `startLayer`;
//  - backward communication: two fp16 all-reduces of input gradients (ColumnParallelLinear), never
//    compressed in the code;
//  - compressor: encode + decode for each compressed all-reduce (and the AE's backward GEMMs).
// Pipeline: L/q layers per stage; per micro-batch, activations go forward and gradients back
// across each boundary (compressed there when pipeline compression is on). With m micro-batches
// the critical path is every stage once plus (m − 1) times the slowest stage, and (q − 1) + (m − 1)
// boundary crossings (the sends block); the optimizer step
// (Adam, mixed precision) runs once per iteration on every stage in parallel.
import type { GpuModel } from '../../sim/hardware';
import type { Link } from '../../sim/links';
import { UserInputError, type Calibration } from '../types';
import { FP16_BYTES, ppTransferMs, ringAllReduceMs, tpCollectiveMs, validateMethod, type Method } from './collectives';
import { gemmMs, overheadOf, type OverheadSetup } from './overhead';

export interface Workload {
  layers: number;
  hidden: number;
  heads: number;
  /** MLP width (4·hidden in BERT). */
  ffn: number;
  vocab: number;
  seqLen: number;
  microBatch: number;
  /** Micro-batches per iteration (1 in the paper's fine-tuning scripts: global batch = micro-batch). */
  microBatches: number;
}

export interface Cluster {
  tp: number;
  pp: number;
  gpu: GpuModel;
  tpLink: Link;
  ppLink: Link;
  mfu: number;
  bwFraction: number;
}

export type Where = 'tp' | 'pp' | 'both';

export interface Compression {
  /** The tensor-parallel compressor (its kind is also used at pipeline boundaries). */
  method: Method;
  /** The autoencoder's code width at pipeline boundaries (the code's --pipeline-ae-dim). */
  ppAeDim: number;
  where: Where;
  /** Tensor-parallel compression applies to layers numbered above this (1-based): 12 → layers 13–24. */
  startLayer: number;
}

export interface Costs {
  topkPasses: number;
  randkHostUsPerIndex: number;
}

export interface Setup {
  workload: Workload;
  cluster: Cluster;
  compression: Compression;
  costs: Costs;
  calibration?: Calibration;
}

export interface Breakdown {
  totalMs: number;
  computeMs: number;
  tpCommMs: number;
  ppCommMs: number;
  compressorMs: number;
  /** Whether the compressor cost came from this device's measurement (else the roofline estimate). */
  overheadSource: 'measured' | 'estimate' | 'none';
}

/** Adam with fp32 master weights: fp16 grad read, master / m / v read + write, fp16 weight write. */
export const ADAM_BYTES_PER_PARAM = 2 + 3 * 8 + 2;

/** Element-wise bytes of one layer's forward pass per rank (see the file comment), fp16. */
export function elementwiseBytes(w: Workload, tp: number): number {
  const r = w.microBatch * w.seqLen;
  // Two layer norms (read + write) and two residual + dropout steps (read two, write one, mask).
  const replicated = (2 * 2 + 2 * 3) * r * w.hidden;
  const gelu = (2 * r * w.ffn) / tp;
  // Fused scale + mask + softmax (read + write) and dropout (read, write, mask) on the scores.
  const scores = (5 * w.microBatch * w.heads * w.seqLen * w.seqLen) / tp;
  return FP16_BYTES * (replicated + gelu + scores);
}

export function checkSetup(s: Setup): void {
  const { workload: w, cluster: c, compression: z } = s;
  if (w.layers % c.pp !== 0)
    throw new UserInputError(`${w.layers} layers do not split evenly into ${c.pp} pipeline stages`);
  if (w.hidden % c.tp !== 0)
    throw new UserInputError(`Hidden size ${w.hidden} does not split evenly across ${c.tp} tensor-parallel GPUs`);
  if (w.hidden % w.heads !== 0)
    throw new UserInputError(
      `Hidden size ${w.hidden} does not split evenly into ${w.heads} attention heads (each head would be ${fmtHeadDim(w.hidden / w.heads)} wide); ` +
        'choose a head count that divides the hidden size',
    );
  if (w.heads % c.tp !== 0)
    throw new UserInputError(`${w.heads} attention heads do not split evenly across ${c.tp} tensor-parallel GPUs`);
  if (!Number.isInteger(z.startLayer) || z.startLayer < 0)
    throw new UserInputError(`"Compress only layers after" must be a whole number ≥ 0, got ${z.startLayer}`);
  validateMethod(z.method, w.microBatch * w.seqLen * w.hidden, w.hidden);
  // The pipeline's code width matters only where pipeline boundaries are compressed.
  if (z.method.kind === 'ae' && z.where !== 'tp')
    validateMethod({ kind: 'ae', aeDim: z.ppAeDim }, w.microBatch * w.seqLen * w.hidden, w.hidden);
}

const fmtHeadDim = (x: number) => String(Math.round(x * 100) / 100);

/**
 * The tensor-parallel layers whose forward all-reduces are compressed (1-based, inclusive), or
 * undefined when none are: pipeline-only compression, no compressor, or `startLayer` at or past
 * the last layer (then nothing is compressed, which the view says in words).
 */
export function compressedLayers(s: Setup): { first: number; last: number } | undefined {
  const { workload: w, compression: z } = s;
  if (z.method.kind === 'none' || z.where === 'pp' || z.startLayer >= w.layers) return undefined;
  return { first: z.startLayer + 1, last: w.layers };
}

function overheadSetup(s: Setup): OverheadSetup {
  return {
    gpu: s.cluster.gpu,
    mfu: s.cluster.mfu,
    bwFraction: s.cluster.bwFraction,
    topkPasses: s.costs.topkPasses,
    randkHostUsPerIndex: s.costs.randkHostUsPerIndex,
  };
}

/** Forward compute of one layer per rank, ms (GEMMs at the roofline, element-wise over bandwidth). */
export function layerForwardComputeMs(s: Setup): number {
  const { workload: w, cluster: c } = s;
  const os = overheadSetup(s);
  const r = w.microBatch * w.seqLen;
  const h = w.hidden;
  const weights =
    gemmMs(r, h, (3 * h) / c.tp, os) +
    gemmMs(r, h / c.tp, h, os) +
    gemmMs(r, h, w.ffn / c.tp, os) +
    gemmMs(r, w.ffn / c.tp, h, os);
  const headDim = h / w.heads;
  const headsHere = (w.microBatch * w.heads) / c.tp;
  const attention = headsHere * (gemmMs(w.seqLen, headDim, w.seqLen, os) + gemmMs(w.seqLen, w.seqLen, headDim, os));
  const elementwise = elementwiseBytes(w, c.tp) / (c.gpu.memBandwidthGBs * 1e6 * c.bwFraction);
  return weights + attention + elementwise;
}

/** Parameters a rank of stage `stage` holds (embeddings on the first stage). */
export function stageParams(w: Workload, c: Cluster, stage: number): number {
  const perLayer = 4 * w.hidden * w.hidden + 2 * w.hidden * w.ffn + 9 * w.hidden + 2 * w.ffn;
  const layers = (w.layers / c.pp) * perLayer;
  const embed = stage === 0 ? (w.vocab + 512) * w.hidden : 0;
  return (layers + embed) / c.tp;
}

interface StageCost {
  compute: number;
  tpComm: number;
  compressor: number;
}

/** The iteration's critical path split into compute, communication and compressor time. */
export function iteration(s: Setup): Breakdown {
  checkSetup(s);
  const { workload: w, cluster: c, compression: z } = s;
  const os = overheadSetup(s);
  const rows = w.microBatch * w.seqLen;
  const none: Method = { kind: 'none' };
  const tpOn = z.method.kind !== 'none' && z.where !== 'pp' && c.tp > 1;
  const ppOn = z.method.kind !== 'none' && z.where !== 'tp' && c.pp > 1;
  const layerCompute = 3 * layerForwardComputeMs(s); // forward + 2× for backward
  const dense = ringAllReduceMs(c.tpLink, rows * w.hidden * FP16_BYTES, c.tp);
  const compressed = tpCollectiveMs(z.method, rows, w.hidden, c.tp, c.tpLink);
  const tpOverhead = overheadOf(z.method, rows, w.hidden, c.tp, os, s.calibration);
  let source: Breakdown['overheadSource'] = 'none';
  const perLayers = w.layers / c.pp;
  const stages: StageCost[] = [];
  for (let st = 0; st < c.pp; st++) {
    // Layers st·L/q + 1 … (st + 1)·L/q; those numbered above startLayer are compressed. Counted in
    // closed form so the cost of a call does not grow with the number of layers.
    const squeezed = tpOn ? Math.min(perLayers, Math.max(0, (st + 1) * perLayers - z.startLayer)) : 0;
    // Per layer: two forward all-reduces (compressed or not) and two backward fp16 all-reduces.
    stages.push({
      compute: perLayers * layerCompute,
      tpComm: (perLayers - squeezed) * 4 * dense + squeezed * (2 * compressed + 2 * dense),
      compressor: squeezed * 2 * (tpOverhead.forwardMs + tpOverhead.backwardMs),
    });
    if (squeezed > 0) source = tpOverhead.source;
  }
  // Pipeline boundaries, per micro-batch: activations forward, gradients back.
  const ppMethod: Method = !ppOn ? none : z.method.kind === 'ae' ? { kind: 'ae', aeDim: z.ppAeDim } : z.method;
  const boundary =
    ppTransferMs(ppMethod, rows, w.hidden, 'forward', c.ppLink) +
    ppTransferMs(ppMethod, rows, w.hidden, 'backward', c.ppLink);
  let boundaryOverhead = 0;
  if (ppOn) {
    const o = overheadOf(ppMethod, rows, w.hidden, 1, os, s.calibration);
    boundaryOverhead = o.forwardMs + o.backwardMs;
    source = source === 'estimate' || o.source === 'estimate' ? 'estimate' : 'measured';
  }
  const boundaries = c.pp - 1;
  const stageTotal = (x: StageCost) => x.compute + x.tpComm + x.compressor;
  const slowest = stages.reduce((a, b) => (stageTotal(b) > stageTotal(a) ? b : a));
  const extra = w.microBatches - 1;
  const sum = (f: (x: StageCost) => number) => stages.reduce((t, x) => t + f(x), 0) + extra * f(slowest);
  const optimizerMs =
    Math.max(...stages.map((_, i) => stageParams(w, c, i))) *
    (ADAM_BYTES_PER_PARAM / (c.gpu.memBandwidthGBs * 1e6 * c.bwFraction));
  const computeMs = sum((x) => x.compute) + optimizerMs;
  const tpCommMs = sum((x) => x.tpComm);
  // Megatron's stage-to-stage sends block, so the first micro-batch crosses every boundary and each
  // later one adds one crossing (forward and back) beside the slowest stage: (q − 1) + (m − 1) crossings.
  const crossings = boundaries > 0 ? boundaries + extra : 0;
  const ppCommMs = crossings * boundary;
  const compressorMs = sum((x) => x.compressor) + crossings * boundaryOverhead;
  return {
    totalMs: computeMs + tpCommMs + ppCommMs + compressorMs,
    computeMs,
    tpCommMs,
    ppCommMs,
    compressorMs,
    overheadSource: source,
  };
}

export interface Comparison {
  method: Method;
  breakdown: Breakdown;
  baseline: Breakdown;
  speedup: number;
}

export function compare(s: Setup): Comparison {
  const breakdown = iteration(s);
  const baseline = iteration({ ...s, compression: { ...s.compression, method: { kind: 'none' } } });
  return { method: s.compression.method, breakdown, baseline, speedup: baseline.totalMs / breakdown.totalMs };
}
