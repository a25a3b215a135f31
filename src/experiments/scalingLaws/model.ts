// The pure models behind the live view: a decode-latency model for a target GPU, the four law fits
// to the paper's data (deterministic, so computed once and cached: slider moves never refit), and
// predict–rank–select under that latency model.
//
// Decode latency per token, batch 1 (one forward per generated token; Hugging Face generate's
// first token comes from the prefill forward, so 256 output tokens are 256 forwards):
//   weight bytes read / memory bandwidth  +  n_layers × per-layer fixed cost.
// Weight bytes: every matrix and norm once, the LM head once, one row of the input embedding.
// The fixed cost stands for what does not shrink with width: kernel launches and framework work
// per layer. Width-independent by assumption; the paper's 1B latencies are consistent with it
// (see perLayerCostImplied).
import { llamaParameterCounts, type LlamaConfig } from '../../data/llamaConfig';
import type { GpuModel } from '../../sim/hardware';
import type { Calibration, ParamValues } from '../types';
import { fitLaw, type FitResult } from './lawFit';
import { FIT_20N_POINTS, MAIN_FIT_POINTS, paramCount, VOCAB_SIZE } from './paperData';
import { selectShapes, type SelectionResult } from './selection';

/** bf16 weights, as the authors' latency scripts load them. */
export const BF16_BYTES = 2;
/** The paper's latency protocol: batch 1, 128 prompt tokens, 256 output tokens (TABLES.md §2). */
export const PAPER_OUTPUT_TOKENS = 256;
/**
 * Stated default per-layer fixed cost on the paper's setup (PyTorch eager, Hugging Face generate):
 * a Hugging Face Llama decoder layer launches about 40 kernels per token (two RMSNorms of ~7 ops
 * each, 7 projections, ~10 rotary ops, cache concatenation, attention, SiLU, products, residual
 * adds), at ~10 µs of CPU-side dispatch each in eager mode.
 */
export const DEFAULT_PER_LAYER_MS = 0.4;

/** Bytes of weights one decode step reads, for a paper shape (vocabulary 50,432). */
export function decodeWeightBytes(dModel: number, nLayers: number, bytesPerParam = BF16_BYTES): number {
  return bytesPerParam * (paramCount(dModel, nLayers) - VOCAB_SIZE * dModel + dModel);
}

/** The same for a built model (f32 on this device): all its parameters less the embedding table but one row. */
export function configDecodeBytes(c: LlamaConfig, bytesPerParam = 4): number {
  return bytesPerParam * (llamaParameterCounts(c).total - c.vocabSize * c.hiddenSize + c.hiddenSize);
}

export interface DecodeLatency {
  /** Reading the weights once at the GPU's datasheet bandwidth, per token. */
  weightMs: number;
  /** n_layers × per-layer fixed cost, per token. */
  layerMs: number;
  perTokenMs: number;
  /** Over `outputTokens` forwards, seconds. */
  totalS: number;
}

export function modeledDecodeLatency(
  dModel: number,
  nLayers: number,
  gpu: GpuModel,
  perLayerMs: number,
  outputTokens = PAPER_OUTPUT_TOKENS,
): DecodeLatency {
  const weightMs = (decodeWeightBytes(dModel, nLayers) / (gpu.memBandwidthGBs * 1e9)) * 1e3;
  const layerMs = nLayers * perLayerMs;
  const perTokenMs = weightMs + layerMs;
  return { weightMs, layerMs, perTokenMs, totalS: (perTokenMs * outputTokens) / 1e3 };
}

/** The per-layer cost that would make the model give exactly `latencyS` (e.g. the paper's). */
export function perLayerCostImplied(
  dModel: number,
  nLayers: number,
  gpu: GpuModel,
  latencyS: number,
  outputTokens = PAPER_OUTPUT_TOKENS,
): number {
  const { weightMs } = modeledDecodeLatency(dModel, nLayers, gpu, 0, outputTokens);
  return ((latencyS * 1e3) / outputTokens - weightMs) / nLayers;
}

export interface LayerCost {
  ms: number;
  provenance: 'modeled' | 'measured';
  note: string;
}

/** The per-layer cost the model uses: this device's measured overhead after a GPU run, else the stated default. */
export function perLayerCost(p: ParamValues, cal: Calibration | undefined, notices: string[]): LayerCost {
  const stated: LayerCost = {
    ms: p.perLayerMs as number,
    provenance: 'modeled',
    note: `stated: ${(p.perLayerMs as number).toFixed(3)} ms per layer per token`,
  };
  if (p.perLayerSource !== 'run') return stated;
  const measured = cal?.decodeLayerOverheadMs;
  if (measured === undefined) {
    notices.push(`Per-layer cost: the stated ${stated.ms} ms until Run measures this device's per-layer overhead.`);
    return stated;
  }
  if (cal?.latencyCpuEmulation) {
    notices.push(
      'The last run used CPU emulation (SwiftShader): its per-layer overhead says nothing about a GPU, so the modeled latencies keep the stated per-layer cost.',
    );
    return stated;
  }
  return {
    ms: measured,
    provenance: 'measured',
    note: `this device's measured decode overhead, ${measured.toFixed(4)} ms per layer per token`,
  };
}

export interface PaperFits {
  chinchillaMain: FitResult;
  inferenceAwareMain: FitResult;
  chinchilla20N: FitResult;
  inferenceAware20N: FitResult;
}

let fitsCache: PaperFits | undefined;

/** The four fits of the paper's protocol (scipy's start, all ones), computed once per session. */
export function paperFits(): PaperFits {
  fitsCache ??= {
    chinchillaMain: fitLaw('chinchilla', MAIN_FIT_POINTS),
    inferenceAwareMain: fitLaw('inferenceAware', MAIN_FIT_POINTS),
    chinchilla20N: fitLaw('chinchilla', FIT_20N_POINTS),
    inferenceAware20N: fitLaw('inferenceAware', FIT_20N_POINTS),
  };
  return fitsCache;
}

export interface SelectionInput {
  maxParams: number;
  tokens: number;
  /** T_C, seconds over `outputTokens`. */
  maxLatencyS: number;
  gpu: GpuModel;
  perLayerMs: number;
  outputTokens: number;
}

/** Candidate shapes as in selection.ts: d_model 256–8192 in steps of 64, 1–128 layers. */
export const CANDIDATE_GRID = { dModelMin: 256, dModelMax: 8192, nLayersMin: 1, nLayersMax: 128 } as const;

/**
 * Every candidate within N_C ranked by the inference-aware main fit, with its modeled latency
 * (no latency limit), so one ranking serves any T_C: filter by latency and keep the order.
 */
export function rankWithinParams(s: SelectionInput): SelectionResult {
  const law = paperFits().inferenceAwareMain.params;
  const latency = (d: number, l: number) => modeledDecodeLatency(d, l, s.gpu, s.perLayerMs, s.outputTokens).totalS;
  return selectShapes(law, { maxParams: s.maxParams, tokens: s.tokens, maxLatency: Infinity, latency }, CANDIDATE_GRID);
}
