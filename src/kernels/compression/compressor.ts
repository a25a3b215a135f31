// The compressor settings shared by the training hook, the overhead timing and the experiment:
// which method, and its one parameter. Validation names the bad field.
import { UserInputError } from '../../core';
import { assertBits, type QuantBits } from './quantize';

export type CompressorSpec =
  /** No compression (the partial sums are still computed per partition and summed exactly). */
  | { kind: 'none' }
  /** b-bit quantisation with per-channel max scaling (MCBench 'quantize'). */
  | { kind: 'quantize'; bits: QuantBits }
  /** Keep the k largest |x| of each flattened partial (MCBench 'topk_int'); error feedback optional. */
  | { kind: 'topk'; k: number; errorFeedback?: boolean }
  /** Keep k seeded-random positions (MCBench 'randk_int'); error feedback optional. */
  | { kind: 'randk'; k: number; seed?: number; errorFeedback?: boolean }
  /** Learned linear autoencoder with code width `dim` (MCBench 'ae'), trained with the model. */
  | { kind: 'ae'; dim: number; seed?: number };

export type CompressorKind = CompressorSpec['kind'];

/** Checks a spec against the tensor it will compress: [rows, h], n = rows · h elements. */
export function assertCompressor(what: string, c: CompressorSpec, rows: number, h: number): void {
  const n = rows * h;
  switch (c.kind) {
    case 'none':
      return;
    case 'quantize':
      assertBits(what, c.bits);
      return;
    case 'topk':
    case 'randk':
      if (!Number.isInteger(c.k) || c.k < 1) throw new UserInputError(`${what}: k=${c.k} must be an integer ≥ 1`);
      if (c.k > n)
        throw new UserInputError(`${what}: k=${c.k} is larger than the ${n} elements of a [${rows}, ${h}] tensor`);
      return;
    case 'ae':
      if (!Number.isInteger(c.dim) || c.dim < 1 || c.dim > h)
        throw new UserInputError(`${what}: autoencoder width ${c.dim} must be an integer from 1 to h=${h}`);
      return;
    default:
      throw new UserInputError(`${what}: unknown compressor '${(c as { kind: string }).kind}'`);
  }
}

/** A short label, e.g. "8-bit", "top-k 1000", "AE 50". */
export function compressorLabel(c: CompressorSpec): string {
  switch (c.kind) {
    case 'none':
      return 'none';
    case 'quantize':
      return `${c.bits}-bit`;
    case 'topk':
      return `top-k ${c.k}${c.errorFeedback ? ' + EF' : ''}`;
    case 'randk':
      return `rand-k ${c.k}${c.errorFeedback ? ' + EF' : ''}`;
    case 'ae':
      return `AE ${c.dim}`;
  }
}

/**
 * Bytes one peer sends for a [rows, h] tensor in the reference code's formats: fp16 values
 * (uncompressed and autoencoder code), uint8 packed codes + fp16 scales (quantisation), fp16 values
 * + int64 indices (top-k / rand-k).
 */
export function payloadBytes(c: CompressorSpec, rows: number, h: number): number {
  switch (c.kind) {
    case 'none':
      return 2 * rows * h;
    case 'quantize':
      return rows * Math.ceil(h / (8 / c.bits)) + 2 * h;
    case 'topk':
    case 'randk':
      return 10 * c.k;
    case 'ae':
      return 2 * rows * c.dim;
  }
}
