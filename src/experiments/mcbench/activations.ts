// Real activations for the compressors: the tensor-parallel partial sums of a small Llama trained
// on this device. The model is trained by the LLM engine (LlamaTrainer on the GPU); its weights are
// read back and the f64 reference forward pass records every layer's o_proj and down_proj inputs.
// Megatron splits those two projections by their input dimension (RowParallelLinear), so
// partition i of p holds heads [i·H/p, (i+1)·H/p) (o_proj) or MLP columns [i·I/p, (i+1)·I/p)
// (down_proj) and computes y_i = x[:, slice_i] · W[:, slice_i]ᵀ; the all-reduce sums the y_i.
import type { LlamaConfig } from '../../data/llamaConfig';
import { llamaTensorNames } from '../../data/llamaConfig';
import { llamaForward } from '../../kernels/llm/llamaForward.reference';
import type { LlamaShape, LlamaWeights } from '../../kernels/llm/llama.reference';
import { UserInputError } from '../types';

export const shapeOf = (c: LlamaConfig): LlamaShape => ({
  hiddenSize: c.hiddenSize,
  intermediateSize: c.intermediateSize,
  numHeads: c.numAttentionHeads,
  numKvHeads: c.numKeyValueHeads,
  headDim: c.headDim,
  numLayers: c.numHiddenLayers,
  vocabSize: c.vocabSize,
  rmsNormEps: c.rmsNormEps,
  ropeTheta: c.ropeTheta,
  tieWordEmbeddings: c.tieWordEmbeddings,
});

export interface PartialSums {
  /** 1-based layer number. */
  layer: number;
  /** Which RowParallelLinear: the attention output projection or the MLP's down projection. */
  site: 'attention' | 'mlp';
  rows: number;
  hidden: number;
  /** y_i, [rows, hidden] each, f64. */
  parts: Float64Array[];
  /** Σ y_i: what the uncompressed all-reduce delivers. */
  sum: Float64Array;
}

/** x[:, from:to] · W[:, from:to]ᵀ for x [rows, inDim], W [outDim, inDim]. */
function sliceProduct(
  x: Float64Array,
  w: Float64Array,
  rows: number,
  inDim: number,
  outDim: number,
  from: number,
  to: number,
) {
  const y = new Float64Array(rows * outDim);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outDim; o++) {
      let acc = 0;
      for (let i = from; i < to; i++) acc += x[r * inDim + i]! * w[o * inDim + i]!;
      y[r * outDim + o] = acc;
    }
  }
  return y;
}

/** Checks that p partitions split the heads and the MLP width evenly. */
export function checkPartitions(config: LlamaConfig, p: number): void {
  if (!Number.isInteger(p) || p < 1)
    throw new UserInputError(`Tensor-parallel partitions must be a whole number ≥ 1, got ${p}`);
  if (config.numAttentionHeads % p !== 0)
    throw new UserInputError(`${config.numAttentionHeads} attention heads do not split evenly into ${p} partitions`);
  if (config.intermediateSize % p !== 0)
    throw new UserInputError(`The MLP width ${config.intermediateSize} does not split evenly into ${p} partitions`);
}

/** Every layer's two tensor-parallel partial sums for this batch, from the f64 reference forward. */
export function tensorParallelPartials(
  config: LlamaConfig,
  weights: Record<string, Float32Array>,
  tokens: Int32Array,
  batch: number,
  seqLen: number,
  p: number,
): PartialSums[] {
  checkPartitions(config, p);
  const w64: LlamaWeights = {};
  for (const s of llamaTensorNames(config)) w64[s.name] = Float64Array.from(weights[s.name]!);
  const f = llamaForward(shapeOf(config), w64, { tokens, batch, seqLen });
  const rows = batch * seqLen;
  const D = config.hiddenSize;
  const attnWidth = config.numAttentionHeads * config.headDim;
  const I = config.intermediateSize;
  const out: PartialSums[] = [];
  f.layers.forEach((tape, l) => {
    const sites = [
      {
        site: 'attention' as const,
        x: tape.attn,
        w: w64[`model.layers.${l}.self_attn.o_proj.weight`]!,
        inDim: attnWidth,
      },
      { site: 'mlp' as const, x: tape.act, w: w64[`model.layers.${l}.mlp.down_proj.weight`]!, inDim: I },
    ];
    for (const { site, x, w, inDim } of sites) {
      const step = inDim / p;
      const parts = Array.from({ length: p }, (_, i) => sliceProduct(x, w, rows, inDim, D, i * step, (i + 1) * step));
      const sum = new Float64Array(rows * D);
      for (const part of parts) for (let j = 0; j < sum.length; j++) sum[j] = sum[j]! + part[j]!;
      out.push({ layer: l + 1, site, rows, hidden: D, parts, sum });
    }
  });
  return out;
}

/**
 * The best any linear autoencoder with a k-wide code can do on these rows (Baldi & Hornik 1989):
 * project onto the top-k principal directions of the uncentred second moment YᵀY. Found by
 * subspace iteration with Gram–Schmidt; returns V [hidden × k] (so W_e = Vᵀ, W_d = V) and the
 * projection ŷ = Y·V·Vᵀ. Because the AE's
 * encoder is linear, the sum of the partitions' codes decodes to exactly this in tensor parallelism.
 */
export function bestLinearAutoencoder(
  y: Float64Array,
  rows: number,
  hidden: number,
  k: number,
  iterations = 60,
): { basis: Float64Array; projection: Float64Array } {
  if (!Number.isInteger(k) || k < 1 || k > hidden)
    throw new UserInputError(`Autoencoder code width k must be between 1 and the hidden size ${hidden}, got ${k}`);
  const C = new Float64Array(hidden * hidden);
  for (let r = 0; r < rows; r++)
    for (let a = 0; a < hidden; a++) {
      const ya = y[r * hidden + a]!;
      if (ya === 0) continue;
      for (let b = 0; b < hidden; b++) C[a * hidden + b] = C[a * hidden + b]! + ya * y[r * hidden + b]!;
    }
  // V: hidden × k, columns orthonormal; a fixed, full-rank start (no randomness in a reference).
  let V = new Float64Array(hidden * k);
  for (let a = 0; a < hidden; a++)
    for (let j = 0; j < k; j++) V[a * k + j] = Math.cos((a + 1) * (j + 1) * 0.7) + (a === j ? 1 : 0);
  orthonormalise(V, hidden, k);
  for (let it = 0; it < iterations; it++) {
    const W = new Float64Array(hidden * k);
    for (let a = 0; a < hidden; a++)
      for (let b = 0; b < hidden; b++) {
        const c = C[a * hidden + b]!;
        if (c === 0) continue;
        for (let j = 0; j < k; j++) W[a * k + j] = W[a * k + j]! + c * V[b * k + j]!;
      }
    orthonormalise(W, hidden, k);
    V = W;
  }
  const out = new Float64Array(rows * hidden);
  const code = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    code.fill(0);
    for (let a = 0; a < hidden; a++)
      for (let j = 0; j < k; j++) code[j] = code[j]! + y[r * hidden + a]! * V[a * k + j]!;
    for (let a = 0; a < hidden; a++) {
      let acc = 0;
      for (let j = 0; j < k; j++) acc += code[j]! * V[a * k + j]!;
      out[r * hidden + a] = acc;
    }
  }
  return { basis: V, projection: out };
}

/** Modified Gram–Schmidt on the k columns of the row-major [n × k] matrix V; a null column stays zero. */
function orthonormalise(V: Float64Array, n: number, k: number): void {
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let a = 0; a < n; a++) dot += V[a * k + i]! * V[a * k + j]!;
      for (let a = 0; a < n; a++) V[a * k + j] = V[a * k + j]! - dot * V[a * k + i]!;
    }
    let norm = 0;
    for (let a = 0; a < n; a++) norm += V[a * k + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let a = 0; a < n; a++) V[a * k + j] = norm > 1e-300 ? V[a * k + j]! / norm : 0;
  }
}
