// The real loop at small scale, on this GPU: train a byte-level target and drafts of about equal
// size but different depth (1 layer wide … 4 layers narrow) plus a larger draft on the shipped
// corpus, then measure each draft's validation loss, its decode latency, and — running real
// speculative decoding against the target on validation prompts — its tokens per iteration and
// its throughput. Everything here is measured on this device.
import type { Gpu } from '../../gpu/gpu';
import type { LlamaConfig } from '../../data/llamaConfig';
import { BYTE_VOCAB_SIZE } from '../../data/byteTokenizer';
import { loadTextCorpus, splitCorpus } from '../../data/textCorpus';
import type { Rng } from '../../data/pcg32';
import { spearman } from '../../sim/statistics';
import {
  initLlamaTensors,
  LlamaGpuWeights,
  LlamaInference,
  LlamaTrainer,
  speculativeGenerate,
} from '../../kernels/llm';
import type { Calibration, ChartSpec, Metric, ParamValues, RunContext, RunResult, Table } from '../types';
import { alphaFromTokens } from './model';
import { throwIfAborted } from '../runner';
import { describeDevice } from '../csv';

interface ModelSpec {
  name: string;
  role: 'target' | 'draft';
  layers: number;
  width: number;
}

const round16 = (x: number) => Math.max(16, Math.round(x / 16) * 16);

/** The target and the drafts, from the target's shape. */
export function modelGrid(layers: number, width: number): ModelSpec[] {
  return [
    { name: `target (${layers}×${width})`, role: 'target', layers, width },
    { name: `draft 1×${width} (wide)`, role: 'draft', layers: 1, width },
    { name: `draft 2×${round16(width * 0.75)}`, role: 'draft', layers: 2, width: round16(width * 0.75) },
    { name: `draft 4×${round16(width / 2)} (deep)`, role: 'draft', layers: 4, width: round16(width / 2) },
    { name: `draft 2×${width} (larger)`, role: 'draft', layers: 2, width },
  ];
}

export function configFor(m: ModelSpec, maxPositions: number): LlamaConfig {
  const heads = Math.max(1, m.width / 16);
  return {
    vocabSize: BYTE_VOCAB_SIZE,
    hiddenSize: m.width,
    intermediateSize: Math.round((8 * m.width) / 3 / 8) * 8,
    numHiddenLayers: m.layers,
    numAttentionHeads: heads,
    numKeyValueHeads: heads,
    headDim: 16,
    maxPositionEmbeddings: maxPositions,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    tieWordEmbeddings: true,
    ropeScaling: null,
  };
}

/** B random windows of S + 1 bytes from `text`. */
function sampleBatch(text: Uint8Array, B: number, S: number, rng: Rng): Int32Array {
  const out = new Int32Array(B * (S + 1));
  for (let b = 0; b < B; b++) {
    const start = rng.int(text.length - S - 1);
    for (let i = 0; i <= S; i++) out[b * (S + 1) + i] = text[start + i]!;
  }
  return out;
}

interface Measured {
  spec: ModelSpec;
  params: number;
  valLoss: number;
  decodeMs: number;
  weights: LlamaGpuWeights;
}

export async function runReal(gpu: Gpu, p: ParamValues, ctx: RunContext): Promise<RunResult> {
  const notices: string[] = [];
  let steps = Number(p.trainSteps);
  let width = Number(p.targetWidth);
  let seqLen = Number(p.seqLen);
  let trainBatch = Number(p.trainBatch);
  let prompts = Number(p.prompts);
  let maxNew = Number(p.maxNew);
  if (gpu.info.isFallbackAdapter) {
    [steps, width, seqLen, trainBatch, prompts, maxNew] = [
      Math.min(steps, 30),
      Math.min(width, 32),
      Math.min(seqLen, 32),
      Math.min(trainBatch, 4),
      Math.min(prompts, 2),
      Math.min(maxNew, 16),
    ];
    notices.push(
      'This device is a CPU emulation of a GPU: the models trained here are tiny and briefly trained, and every time is CPU time, not GPU performance.',
    );
  }
  const gamma = Number(p.gamma);
  const promptLen = 16;
  const maxPositions = Math.max(seqLen, promptLen + maxNew + gamma + 1);
  const split = splitCorpus(await loadTextCorpus());
  const grid = modelGrid(Number(p.targetLayers), width);
  const models: Measured[] = [];
  try {
    for (const [k, spec] of grid.entries()) {
      const config = configFor(spec, maxPositions);
      const weights = LlamaGpuWeights.upload(gpu, config, initLlamaTensors(config, ctx.seed + k));
      models.push({ spec, params: weights.bytes / 4, valLoss: NaN, decodeMs: NaN, weights });
      const trainer = await LlamaTrainer.create(gpu, weights, {
        batch: trainBatch,
        seqLen,
        adam: { beta2: 0.95, weightDecay: 0.1 },
      });
      try {
        for (let step = 0; step < steps; step++) {
          throwIfAborted(ctx.signal);
          const lr = Number(p.lr) * Math.min(1, (step + 1) / 10);
          await trainer.step(sampleBatch(split.train, trainBatch, seqLen, ctx.rng), lr);
          ctx.progress(
            (k + (step + 1) / steps) / (grid.length + 1),
            `training ${spec.name}: step ${step + 1}/${steps}`,
          );
        }
        const valRng = ctx.rng.fork(99); // the same validation windows for every model
        let loss = 0;
        for (let i = 0; i < 4; i++)
          loss += await trainer.evaluate(sampleBatch(split.validation, trainBatch, seqLen, valRng));
        models.at(-1)!.valLoss = loss / 4;
      } finally {
        trainer.destroy();
      }
      const engine = new LlamaInference(gpu, weights, { batch: 1, maxSeq: maxPositions });
      try {
        models.at(-1)!.decodeMs = await engine.timeForward(1, gpu.info.isFallbackAdapter ? 3 : 20);
      } finally {
        engine.destroy();
      }
    }
    throwIfAborted(ctx.signal);
    // Speculative decoding of every draft against the target, on validation prompts.
    const promptSet = Array.from({ length: prompts }, (_, i) => {
      const start = Math.floor(((i + 0.5) * (split.validation.length - promptLen)) / prompts);
      return Int32Array.from(split.validation.subarray(start, start + promptLen));
    });
    const target = new LlamaInference(gpu, models[0]!.weights, { batch: prompts, maxSeq: maxPositions });
    try {
      // Warm-up: the first calls pay for pipeline creation and buffer first-touch, not decoding.
      await target.generate(promptSet, 2, { mode: 'greedy' });
      const t0 = performance.now();
      await target.generate(promptSet, maxNew, { mode: 'greedy' });
      const targetAloneTps = (prompts * maxNew * 1000) / (performance.now() - t0);
      const rows: (string | number)[][] = [];
      for (const [k, m] of models.slice(1).entries()) {
        throwIfAborted(ctx.signal);
        ctx.progress(
          (grid.length + k / (models.length - 1)) / (grid.length + 1),
          `speculative decoding with ${m.spec.name}`,
        );
        const draft = new LlamaInference(gpu, m.weights, { batch: prompts, maxSeq: maxPositions });
        try {
          await speculativeGenerate(target, draft, promptSet, { mode: 'greedy', gamma, maxNew: 2 }); // warm-up
          const t1 = performance.now();
          const r = await speculativeGenerate(target, draft, promptSet, { mode: 'greedy', gamma, maxNew });
          const tps = (prompts * maxNew * 1000) / (performance.now() - t1);
          const emitted = r.emitted.flat();
          const tar = emitted.reduce((a, b) => a + b, 0) / emitted.length;
          const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
          rows.push([
            m.spec.name,
            m.spec.layers,
            m.spec.width,
            m.params / 1e3,
            m.valLoss,
            m.decodeMs,
            tar,
            mean(r.draftMs),
            mean(r.targetMs),
            tps,
            tps / targetAloneTps,
          ]);
        } finally {
          draft.destroy();
        }
      }
      return buildRealResult(models, rows, targetAloneTps, gamma, notices, describeDevice(gpu.info));
    } finally {
      target.destroy();
    }
  } finally {
    for (const m of models) m.weights.destroy();
  }
}

/**
 * Per-token acceptance of the 1-layer wide and the 4-layer deep draft, from their measured tokens
 * per iteration at this γ (rows as built by runReal: name, layers, …, tar at index 6).
 */
export function measuredAcceptance(rows: (string | number)[][], gamma: number): Calibration {
  const out: Calibration = {};
  const wide = rows.find((r) => String(r[0]).endsWith('(wide)'));
  const deep = rows.find((r) => String(r[0]).endsWith('(deep)'));
  if (wide) out.measuredAlphaWide = alphaFromTokens(Number(wide[6]), gamma);
  if (deep) out.measuredAlphaDeep = alphaFromTokens(Number(deep[6]), gamma);
  out.measuredAtGamma = gamma;
  return out;
}

function buildRealResult(
  models: Measured[],
  rows: (string | number)[][],
  targetTps: number,
  gamma: number,
  notices: string[],
  device: string,
): RunResult {
  const meas = (key: string, label: string, unit?: string) => ({
    key,
    label,
    unit,
    provenance: 'measured' as const,
    type: 'number' as const,
  });
  const trained: Table = {
    id: 'trained-models',
    title: `Models trained on this device: ${device}`,
    columns: [
      { key: 'model', label: 'Model', provenance: 'computed', type: 'string' },
      { key: 'layers', label: 'Layers', provenance: 'computed', type: 'number' },
      { key: 'width', label: 'd_model', provenance: 'computed', type: 'number' },
      { key: 'params', label: 'Parameters', unit: 'k', provenance: 'computed', type: 'number' },
      meas('valLoss', 'Validation loss', 'nats/byte'),
      meas('decodeMs', 'Decode step (GPU time)', 'ms'),
    ],
    rows: models.map((m) => [m.spec.name, m.spec.layers, m.spec.width, m.params / 1e3, m.valLoss, m.decodeMs]),
  };
  const runs: Table = {
    id: 'spec-runs',
    title: `Speculative decoding against the target on ${device} (greedy, γ = ${gamma})`,
    columns: [
      { key: 'draft', label: 'Draft', provenance: 'computed', type: 'string' },
      { key: 'layers', label: 'Layers', provenance: 'computed', type: 'number' },
      { key: 'width', label: 'd_model', provenance: 'computed', type: 'number' },
      { key: 'params', label: 'Parameters', unit: 'k', provenance: 'computed', type: 'number' },
      meas('valLoss', 'Draft validation loss', 'nats/byte'),
      meas('decodeMs', 'Draft decode step', 'ms'),
      meas('tar', 'Tokens per iteration'),
      meas('draftMs', 'Draft time per iteration', 'ms'),
      meas('targetMs', 'Verification per iteration', 'ms'),
      meas('throughput', 'Throughput', 'tok/s'),
      meas('speedup', 'Over the target alone', '×'),
    ],
    rows,
  };
  const col = (k: number) => rows.map((r) => Number(r[k]));
  const best = rows.reduce((a, b) => (Number(b[9]) > Number(a[9]) ? b : a));
  const bestTar = rows.reduce((a, b) => (Number(b[6]) > Number(a[6]) ? b : a));
  // This device's decode time per layer: the slope over the models that share the target's width
  // (their layer counts differ, their widths do not), by least squares.
  const same = models.filter((m) => m.spec.width === models[0]!.spec.width);
  const layers = same.map((m) => m.spec.layers);
  const ms = same.map((m) => m.decodeMs);
  const mx = layers.reduce((a, b) => a + b, 0) / layers.length;
  const my = ms.reduce((a, b) => a + b, 0) / ms.length;
  const sxx = layers.reduce((s, x) => s + (x - mx) ** 2, 0);
  const slope = sxx > 0 ? layers.reduce((s, x, i) => s + (x - mx) * (ms[i]! - my), 0) / sxx : NaN;
  const metrics: Metric[] = [
    { key: 'bestReal', label: 'Fastest draft here', value: String(best[0]), provenance: 'measured' },
    { key: 'bestRealTar', label: 'Highest-acceptance draft here', value: String(bestTar[0]), provenance: 'measured' },
    { key: 'targetTps', label: 'Target alone', value: targetTps, unit: 'tok/s', provenance: 'measured' },
    {
      key: 'rhoLossTar',
      label: 'Rank correlation: draft loss vs tokens per iteration',
      value: spearman(col(4), col(6)),
      provenance: 'computed',
      note: 'Few drafts: a rough indication only.',
    },
    {
      key: 'rhoDepthTps',
      label: 'Rank correlation: draft depth vs throughput',
      value: spearman(col(1), col(9)),
      provenance: 'computed',
    },
  ];
  const charts: ChartSpec[] = [
    {
      id: 'real-loss-tar',
      title: `Draft quality vs tokens per iteration (measured on ${device})`,
      kind: 'scatter',
      table: 'spec-runs',
      x: 'valLoss',
      y: 'tar',
      series: 'draft',
      xLabel: 'draft validation loss (nats/byte)',
      yLabel: 'tokens per iteration',
    },
    {
      id: 'real-depth',
      title: `Throughput vs draft depth (measured on ${device})`,
      kind: 'bar',
      table: 'spec-runs',
      x: 'draft',
      y: 'throughput',
      yLabel: 'tok/s',
    },
  ];
  return {
    tables: [trained, runs],
    metrics,
    checks: [],
    charts,
    notices: [
      ...notices,
      'Latency and throughput here are wall and GPU times on this device; the models are byte-level and trained for minutes, so acceptance is far below a 65B target’s drafts.',
    ],
    calibration: {
      ...(Number.isFinite(slope) ? { fixedPerLayerUs: Math.max(0, slope * 1000) } : {}),
      ...measuredAcceptance(rows, gamma),
    },
  };
}
