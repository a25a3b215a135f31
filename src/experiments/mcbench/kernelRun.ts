// The run on this device: (1) every compressor's encode and decode timed on one message — the
// live model's calibration; (2) a small Llama trained here on the shipped corpus, and the
// compressors applied to its real tensor-parallel partial sums: how much of each activation
// survives (relative L2 error, cosine), in the early and the later layers.
import type { Gpu } from '../../gpu/gpu';
import { loadTextCorpus, splitCorpus } from '../../data/textCorpus';
import { initLlamaTensors } from '../../kernels/llm';
import type { ChartSpec, Check, Metric, ParamValues, RunContext, RunResult, Table } from '../types';
import { UserInputError } from '../types';
import { describeDevice } from '../csv';
import { throwIfAborted } from '../runner';
import { methodLabel, type Method } from './collectives';
import { measureOverheads, type OverheadMeasurement } from './overheadRun';
import { tensorParallelPartials } from './activations';
import { reconstruct, type ReconstructionRow } from './reconstructionRun';
import { readWeights, sampleBatch, tinyConfig } from './tinyModel';
import {
  laterFrom,
  trainOne,
  type TrainingOutcome,
  type TrainingPlan,
  type TrainingSetting,
  type TrainingWhere,
} from './trainingRun';

/** The run's sizes: the panel's, clamped on CPU emulation so a run stays short. */
export function runSizes(p: ParamValues, fallback: boolean) {
  const c = (v: unknown, cap: number) => (fallback ? Math.min(Number(v), cap) : Number(v));
  return {
    measureRows: c(p.measureRows, 256),
    measureHidden: c(p.measureHidden, 64),
    trainSteps: c(p.trainSteps, 20),
    modelWidth: c(p.modelWidth, 32),
    modelLayers: c(p.modelLayers, 2),
    trainSeq: c(p.trainSeq, 16),
    trainBatch: c(p.trainBatch, 2),
    tpParts: Number(p.tpParts),
    lr: Number(p.lr),
  };
}

/**
 * The panel's compressors at a message of `elements` values and `hidden` channels: top-k / rand-k
 * keep the same fraction of the message as the panel's k of its b·s·h, the AE the same fraction of
 * the hidden width (at least one value each).
 */
export function scaledMethods(p: ParamValues, elements: number, hidden: number): Method[] {
  const paperElements = Number(p.microBatch) * Number(p.seqLen) * Number(p.hidden);
  const k = Math.min(elements, Math.max(1, Math.round((Number(p.topK) / paperElements) * elements)));
  const aeDim = Math.min(hidden, Math.max(1, Math.round((Number(p.aeDim) / Number(p.hidden)) * hidden)));
  return [
    { kind: 'ae', aeDim },
    { kind: 'topk', k },
    { kind: 'randk', k },
    { kind: 'quant', bits: 8 },
    { kind: 'quant', bits: 4 },
    { kind: 'quant', bits: 2 },
  ];
}

export async function runOnDevice(gpu: Gpu, p: ParamValues, ctx: RunContext): Promise<RunResult> {
  const fallback = gpu.info.isFallbackAdapter;
  const z = runSizes(p, fallback);
  const notices: string[] = [];
  if (fallback)
    notices.push(
      'This device is a CPU emulation of a GPU: sizes were reduced, and every time here is CPU time, not GPU performance, so the compressor costs measured here do not calibrate the model (it keeps its roofline estimates).',
    );
  const device = describeDevice(gpu.info);

  // 1. Compressor costs on this device.
  ctx.progress(0.02, 'timing the compressors');
  const timedMethods = scaledMethods(p, z.measureRows * z.measureHidden, z.measureHidden);
  const k = timedMethods.find((m) => m.kind === 'topk')!.k!;
  const aeDim = timedMethods.find((m) => m.kind === 'ae')!.aeDim!;
  const overheads = await measureOverheads(gpu, {
    rows: z.measureRows,
    hidden: z.measureHidden,
    peers: Math.max(1, z.tpParts),
    k,
    aeDim,
    reps: fallback ? 3 : 20,
    rng: ctx.rng.fork(1),
    signal: ctx.signal,
    onStep: (m) => ctx.progress(0.05, m),
  });

  // 2. A small model trained here (plainly): its partial sums through every compressor.
  const config = tinyConfig(z.modelWidth, z.modelLayers, z.trainSeq);
  if (config.numAttentionHeads % z.tpParts !== 0 || config.intermediateSize % z.tpParts !== 0)
    throw new UserInputError(
      `${z.tpParts} tensor-parallel partitions do not split the model's ${config.numAttentionHeads} heads and MLP width ${config.intermediateSize} evenly: choose a width that is a multiple of ${16 * z.tpParts}`,
    );
  const split = splitCorpus(await loadTextCorpus());
  const initial = initLlamaTensors(config, ctx.seed);
  const plan: TrainingPlan = {
    config,
    initial,
    partitions: z.tpParts,
    steps: z.trainSteps,
    batch: z.trainBatch,
    seqLen: z.trainSeq,
    lr: z.lr,
    train: split.train,
    validation: split.validation,
    rng: ctx.rng.fork(2),
    signal: ctx.signal,
  };
  const rowsPerMessage = z.trainBatch * z.trainSeq;
  const methods = scaledMethods(p, rowsPerMessage * config.hiddenSize, config.hiddenSize);
  const settings = z.trainSteps > 0 ? trainingSettings(p, methods, config.hiddenSize) : [];
  const runs = 1 + settings.length;
  // Progress slots: the uncompressed run, the activations, then each compressed run.
  const share = (slot: number, fraction: number) => 0.1 + (0.85 * (slot + fraction)) / (runs + 1);
  const stepShare = (slot: number, step: number) => share(slot, step / Math.max(1, z.trainSteps));
  let tensors = initial;
  const outcomes: TrainingOutcome[] = [];
  if (z.trainSteps > 0) {
    outcomes.push(
      await trainOne(
        gpu,
        plan,
        { method: { kind: 'none' }, where: 'none' },
        (s) => ctx.progress(stepShare(0, s), `training the uncompressed model: step ${s}/${z.trainSteps}`),
        async (w) => {
          tensors = await readWeights(gpu, w);
        },
      ),
    );
  } else {
    notices.push(
      'Training steps = 0: nothing was trained; the activations compressed below are those of the initialised model.',
    );
  }
  throwIfAborted(ctx.signal);
  ctx.progress(share(1, 0), 'recording the partial sums of a validation batch');
  const batch = sampleBatch(split.validation, z.trainBatch, z.trainSeq, ctx.rng.fork(3));
  const inputs = new Int32Array(rowsPerMessage);
  for (let b = 0; b < z.trainBatch; b++)
    for (let s = 0; s < z.trainSeq; s++) inputs[b * z.trainSeq + s] = batch[b * (z.trainSeq + 1) + s]!;
  const sums = tensorParallelPartials(config, tensors, inputs, z.trainBatch, z.trainSeq, z.tpParts);
  const recon = await reconstruct(gpu, sums, methods, ctx.signal, (d, t) =>
    ctx.progress(share(1, d / t), `compressing real activations (${d}/${t})`),
  );

  // 3. The same training with compressed activations, one run per setting.
  for (const [i, setting] of settings.entries()) {
    const label = `${methodLabel(setting.method)}, ${whereLabel(setting.where, config.numHiddenLayers)}`;
    outcomes.push(
      await trainOne(gpu, plan, setting, (s) =>
        ctx.progress(stepShare(i + 2, s), `training with ${label}: step ${s}/${z.trainSteps}`),
      ),
    );
  }
  return buildRunResult({
    fallback,
    overheads,
    recon: recon.rows,
    checks: recon.checks,
    notices,
    device,
    outcomes,
    z,
    layers: config.numHiddenLayers,
  });
}

/** The compressed training runs the panel asks for; the pipeline AE keeps the pipeline code width. */
export function trainingSettings(p: ParamValues, methods: Method[], hidden: number): TrainingSetting[] {
  const set = String(p.trainSet);
  if (set === 'none') return [];
  const chosen = String(p.method);
  const picked = methods
    .filter((m) => set === 'all' || m.kind === chosen)
    .filter((m) => (chosen === 'quant' && set !== 'all' ? m.bits === Number(p.bits) : true));
  const ppDim = Math.min(hidden, Math.max(1, Math.round((Number(p.ppAeDim) / Number(p.hidden)) * hidden)));
  return picked.flatMap((m) => [
    { method: m, where: 'later' as const },
    { method: m, where: 'all' as const },
    { method: m.kind === 'ae' ? { kind: 'ae' as const, aeDim: ppDim } : m, where: 'pipeline' as const },
  ]);
}

export function whereLabel(where: TrainingWhere, layers: number): string {
  const from = laterFrom(layers);
  switch (where) {
    case 'none':
      return 'uncompressed';
    case 'later':
      return from + 1 === layers ? `tensor parallel, layer ${layers}` : `tensor parallel, layers ${from + 1}–${layers}`;
    case 'all':
      return `tensor parallel, all ${layers} layers`;
    case 'pipeline':
      return `pipeline boundary after layer ${from}`;
  }
}

interface RunParts {
  /** CPU emulation: its timings are shown but calibrate nothing. */
  fallback: boolean;
  overheads: OverheadMeasurement;
  recon: ReconstructionRow[];
  checks: Check[];
  notices: string[];
  device: string;
  outcomes: TrainingOutcome[];
  z: ReturnType<typeof runSizes>;
  layers: number;
}

const meas = (key: string, label: string, unit?: string) => ({
  key,
  label,
  unit,
  provenance: 'measured' as const,
  type: 'number' as const,
});
const text = (key: string, label: string) => ({ key, label, provenance: 'computed' as const, type: 'string' as const });

export function buildRunResult(r: RunParts): RunResult {
  const { overheads: o, z } = r;
  const overheadTable: Table = {
    id: 'measured-overhead',
    title: `Compressor cost on ${r.device}: one [${z.measureRows} × ${z.measureHidden}] message, ${z.tpParts} peers`,
    columns: [
      text('method', 'Compressor'),
      meas('encodeMs', 'Encode', 'ms'),
      meas('decodePerPeerMs', 'Decode and sum, per peer', 'ms'),
      meas('encodeCopies', 'Encode in copy-equivalents', '×'),
      meas('decodeCopies', 'Decode per peer in copy-equivalents', '×'),
    ],
    rows: o.rows.map((x) => [
      methodLabel(x.method),
      x.encodeMs,
      x.decodePerPeerMs,
      x.encodeCopies,
      x.decodeCopiesPerPeer,
    ]),
    note: `A copy-equivalent is the time to read and write the message once at this device’s measured copy bandwidth (${o.copyGBs.toFixed(1)} GB/s); timing: ${o.timingMethod}.`,
  };
  // The same split as the training runs: layers after laterFrom are "later" (13–24 of 24).
  const from = laterFrom(r.layers);
  const span = (a: number, b: number) => (a === b ? `layer ${a}` : `layers ${a}–${b}`);
  const group = (layer: number) => (layer > from ? `later (${span(from + 1, r.layers)})` : `early (${span(1, from)})`);
  const keyOf = (x: ReconstructionRow) => `${methodLabel(x.method)}|${group(x.layer)}`;
  const grouped = new Map<string, ReconstructionRow[]>();
  for (const x of r.recon) grouped.set(keyOf(x), [...(grouped.get(keyOf(x)) ?? []), x]);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const reconTable: Table = {
    id: 'reconstruction',
    title: `Compressed tensor-parallel sums of real activations (${z.tpParts} partitions, model ${z.modelLayers} × ${z.modelWidth} ${z.trainSteps > 0 ? 'trained here' : 'as initialised'})`,
    columns: [
      text('method', 'Compressor'),
      text('layers', 'Layers'),
      meas('relL2', 'Relative L2 error'),
      meas('cosine', 'Cosine similarity'),
      { key: 'ratio', label: 'Bytes sent / dense f32', provenance: 'computed', type: 'number' },
    ],
    rows: [...grouped.values()].map((xs) => [
      methodLabel(xs[0]!.method),
      group(xs[0]!.layer),
      mean(xs.map((x) => x.relL2)),
      mean(xs.map((x) => x.cosine)),
      mean(xs.map((x) => x.ratio)),
    ]),
    note: 'Means over the attention-output and MLP-output partial sums of each layer group. Top-k / rand-k keep the same fraction of each message as the panel’s k; the autoencoder keeps the same fraction of the width and uses the best linear autoencoder for these activations (computed), the bound a trained one approaches.',
  };
  const metrics: Metric[] = [
    { key: 'copyGBs', label: 'This device: copy bandwidth', value: o.copyGBs, unit: 'GB/s', provenance: 'measured' },
  ];
  const charts: ChartSpec[] = [
    {
      id: 'measured-overhead',
      title: `Compressor cost in copy-equivalents (measured on ${r.device})`,
      kind: 'bar',
      table: 'measured-overhead',
      x: 'method',
      y: 'encodeCopies',
      yLabel: 'encode / copy time',
    },
    {
      id: 'reconstruction',
      title: 'How much of the activation survives compression (measured)',
      kind: 'bar',
      table: 'reconstruction',
      x: 'method',
      y: 'relL2',
      series: 'layers',
      logY: true,
      yLabel: 'relative L2 error',
    },
  ];
  const tables = [overheadTable, reconTable];
  const base = r.outcomes.find((x) => x.where === 'none');
  if (base) {
    metrics.unshift({
      key: 'valLoss',
      label: 'Validation loss, uncompressed',
      value: base.valLoss,
      unit: 'nats/byte',
      provenance: 'measured',
    });
    tables.push({
      id: 'compressed-training',
      title: `Training with compressed activations: ${z.modelLayers} × ${z.modelWidth} model, ${z.trainSteps} steps, ${z.tpParts} tensor-parallel partitions`,
      columns: [
        text('method', 'Compressor'),
        text('where', 'Compressed'),
        meas('valLoss', 'Validation loss', 'nats/byte'),
        meas('delta', 'Over uncompressed', 'nats/byte'),
        meas('trainLoss', 'Training loss, last quarter', 'nats/byte'),
      ],
      rows: r.outcomes.map((x) => [
        x.where === 'none' ? 'none' : methodLabel(x.method),
        whereLabel(x.where, r.layers),
        x.valLoss,
        x.valLoss - base.valLoss,
        x.trainLoss,
      ]),
      note: 'Same initial weights and batches for every run; the uncompressed run is the plain trainer. One seed per setting: no spread is measured, so small differences are weak evidence.',
    });
    if (r.outcomes.length > 1)
      charts.push({
        id: 'compressed-training',
        title: 'Validation loss with compressed activations (measured)',
        kind: 'bar',
        table: 'compressed-training',
        x: 'method',
        y: 'valLoss',
        series: 'where',
        yLabel: 'validation loss (nats/byte)',
        rules: [{ axis: 'y', value: base.valLoss, label: 'uncompressed' }],
      });
  }
  return {
    tables,
    metrics,
    checks: r.checks,
    charts,
    notices: r.notices,
    calibration: r.fallback ? undefined : o.calibration,
  };
}
