// Decode latency of one same-size family on this GPU: each shape, scaled in width, built with
// random weights (latency does not depend on their values), timed at batch 1 with GPU timestamps
// at KV position `context` (LlamaInference.timeFamilies: the whole decode step and each op family
// alone; attention reads context + 1 cached keys), then end to end (submit to done) for a few
// decode steps after a prompt of `context` tokens. The LM head and embedding alone (a 0-layer
// model of the same width) are timed too, so per-layer latency is (step − head) / n_layers.
// Weights are f32 or packed f16 (`weights`); the bytes per token are those of the stored weights.
import type { Gpu } from '../../gpu/gpu';
import type { LlamaConfig } from '../../data/llamaConfig';
import { llamaTensorNames } from '../../data/llamaConfig';
import type { Rng } from '../../data/pcg32';
import { LlamaGpuWeights, LlamaInference, type LlamaOpFamily, type WeightFormat } from '../../kernels/llm';
import { throwIfAborted } from '../runner';
import { scaleShape, type LatencyFamily } from './families';

export interface LatencySettings {
  family: LatencyFamily;
  shapes: [number, number][];
  widthScale: number;
  vocab: number;
  /** KV position of the GPU-timed step and length of the end-to-end prompt. */
  context: number;
  steps: number;
  reps: number;
  /** Weight storage of the built models (default f32). */
  weights?: WeightFormat;
}

export const OP_FAMILIES: LlamaOpFamily[] = ['embedding', 'norms', 'matmuls', 'rotary', 'attention', 'mlp'];

export interface LatencyRow {
  paperDModel: number;
  config: LlamaConfig;
  /** Weight bytes one decode step reads, as stored (f32 or f16). */
  bytes: number;
  /** Decode step, GPU time (median of the timed repetitions). */
  stepMs: number;
  families: Record<LlamaOpFamily, number>;
  /** The 0-layer model of the same width: embedding row, final norm, LM head. */
  headMs: number;
  headBytes: number;
  /** Median wall time of one decode step after the prompt (submit to done). */
  wallMs: number;
}

/**
 * Random weights without drawing every value: one block of normal(0, 0.02) values tiled over each
 * tensor, and one array shared by all tensors of a size (ones for the norms). Enough for timing,
 * and fast for models of a billion parameters.
 */
export function timingWeights(c: LlamaConfig, rng: Rng): Record<string, Float32Array> {
  const block = Float32Array.from({ length: 4096 }, () => 0.02 * rng.normal());
  const bySize = new Map<number, Float32Array>();
  const out: Record<string, Float32Array> = {};
  for (const spec of llamaTensorNames(c)) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.name.endsWith('norm.weight')) {
      out[spec.name] = new Float32Array(n).fill(1);
      continue;
    }
    let a = bySize.get(n);
    if (!a) {
      a = new Float32Array(n);
      for (let i = 0; i < n; i += block.length) a.set(block.subarray(0, Math.min(block.length, n - i)), i);
      bySize.set(n, a);
    }
    out[spec.name] = a;
  }
  return out;
}

async function withModel<T>(
  gpu: Gpu,
  c: LlamaConfig,
  rng: Rng,
  maxSeq: number,
  format: WeightFormat,
  measure: (inf: LlamaInference) => Promise<T>,
): Promise<T> {
  const weights = LlamaGpuWeights.upload(gpu, c, timingWeights(c, rng), { format });
  try {
    const inf = new LlamaInference(gpu, weights, { batch: 1, maxSeq });
    try {
      return await measure(inf);
    } finally {
      inf.destroy();
    }
  } finally {
    weights.destroy();
  }
}

export async function measureFamily(
  gpu: Gpu,
  s: LatencySettings,
  rng: Rng,
  signal: AbortSignal,
  progress: (fraction: number, message: string) => void,
): Promise<LatencyRow[]> {
  const maxSeq = s.context + s.steps + 1;
  const heads = new Map<number, { ms: number; bytes: number }>();
  const format = s.weights ?? 'f32';
  const at = { position: s.context };
  const rows: LatencyRow[] = [];
  for (const [k, [d, l]] of s.shapes.entries()) {
    const { config } = scaleShape(s.family, d, l, s.widthScale, s.vocab, maxSeq);
    progress(k / s.shapes.length, `decode latency: ${d}×${l} as ${config.hiddenSize}×${l}`);
    const row = await withModel(gpu, config, rng, maxSeq, format, async (inf) => {
      const fam = await inf.timeFamilies(1, s.reps, at);
      throwIfAborted(signal);
      // End to end: prefill the prompt, then one decode row per step, each awaited.
      const prompt = Int32Array.from({ length: s.context }, () => rng.int(config.vocabSize));
      inf.reset(); // timing wrote into the cache; the prompt starts at position 0
      await inf.forward(prompt, new Uint32Array(s.context), { logitRows: 'last' });
      const wall: number[] = [];
      for (let i = 0; i < s.steps; i++) {
        throwIfAborted(signal);
        const t0 = performance.now();
        await inf.forward(Int32Array.of(rng.int(config.vocabSize)), [0]);
        wall.push(performance.now() - t0);
      }
      wall.sort((a, b) => a - b);
      const families = Object.fromEntries(OP_FAMILIES.map((f) => [f, fam[f]])) as Record<LlamaOpFamily, number>;
      return {
        stepMs: fam.total,
        families,
        wallMs: wall[Math.floor(wall.length / 2)]!,
        bytes: inf.weights.bytesPerDecodeToken,
      };
    });
    throwIfAborted(signal);
    const head: LlamaConfig = { ...config, numHiddenLayers: 0 };
    let headRun = heads.get(config.hiddenSize);
    if (headRun === undefined) {
      headRun = await withModel(gpu, head, rng, maxSeq, format, async (inf) => ({
        ms: await inf.timeForward(1, s.reps, at),
        bytes: inf.weights.bytesPerDecodeToken,
      }));
      heads.set(config.hiddenSize, headRun);
      throwIfAborted(signal);
    }
    rows.push({ paperDModel: d, config, headMs: headRun.ms, headBytes: headRun.bytes, ...row });
  }
  return rows;
}

/** Per-layer latency and the part of it that weight reads at the probed bandwidth do not explain. */
export function perLayer(r: LatencyRow, copyGBs: number): { layerMs: number; boundMs: number; overheadMs: number } {
  const L = r.config.numHiddenLayers;
  const layerMs = (r.stepMs - r.headMs) / L;
  const boundMs = ((r.bytes - r.headBytes) / L / (copyGBs * 1e9)) * 1e3;
  return { layerMs, boundMs, overheadMs: layerMs - boundMs };
}
