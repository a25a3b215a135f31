// The α–β cost of the collectives tensor and pipeline parallelism use, and the bytes each
// compressor puts on the wire (MCBench's code: Megatron's RowParallelLinear with a compressor in
// front of its forward all-reduce). A link moves one message of B bytes in α + B/β.
//  - Ring all-reduce of B bytes over p ranks: 2(p − 1) steps of B/p bytes each.
//  - Ring all-gather of P bytes per rank: p − 1 steps of P bytes each; every rank receives (p − 1)·P.
//  - Point-to-point (pipeline stages): one message.
// Top-k, rand-k and quantised payloads cannot be summed in flight (each peer keeps different
// positions or scales), so the code all-gathers them and every rank densifies and sums; the
// autoencoder's code z = y·W_eᵀ is linear in y, so its partial codes are all-reduced directly.
import { UserInputError } from '../types';
import type { Link } from '../../sim/links';
import { transferMs } from '../../sim/links';

/** Bytes of one fp16 element: the paper's runs train in fp16. */
export const FP16_BYTES = 2;
/** Top-k / rand-k indices are int64 in the code (torch.topk and torch.tensor of Python ints). */
export const INDEX_BYTES = 8;

export type MethodKind = 'none' | 'ae' | 'topk' | 'randk' | 'quant';

export interface Method {
  kind: MethodKind;
  /** Autoencoder code width k (ae). */
  aeDim?: number;
  /** Elements kept (topk, randk): an absolute count, as the code's --tensor-k. */
  k?: number;
  /** Quantisation bits (quant): 2, 4 or 8. */
  bits?: number;
}

export const QUANT_BITS = [2, 4, 8] as const;

export function methodLabel(m: Method): string {
  switch (m.kind) {
    case 'none':
      return 'No compression (fp16 all-reduce)';
    case 'ae':
      return `Autoencoder (k = ${m.aeDim})`;
    case 'topk':
      return `Top-k (k = ${m.k})`;
    case 'randk':
      return `Rand-k (k = ${m.k})`;
    case 'quant':
      return `${m.bits}-bit quantisation`;
  }
}

/**
 * Why a well-formed compressor cannot compress a message of `elements` values in rows of `hidden`
 * channels (a code wider than the rows, or more values kept than the message holds), or undefined
 * when it can. The scale-up sweep uses this to skip sizes a setting does not fit.
 */
export function sizeMismatch(m: Method, elements: number, hidden: number): string | undefined {
  if (m.kind === 'ae' && m.aeDim! > hidden)
    return `Autoencoder code width k = ${m.aeDim} is larger than the hidden size ${hidden}: it would not compress`;
  if ((m.kind === 'topk' || m.kind === 'randk') && m.k! > elements)
    return (
      `${m.kind === 'topk' ? 'Top-k' : 'Rand-k'}: k = ${m.k} is more than the ${elements} values in one message ` +
      '(batch × sequence × hidden); lower k'
    );
  return undefined;
}

/**
 * Checks a compressor against the message it compresses: `elements` values in `rows` rows of
 * `hidden` channels. Throws UserInputError naming what is wrong.
 */
export function validateMethod(m: Method, elements: number, hidden: number): void {
  const int = (x: number | undefined) => x !== undefined && Number.isInteger(x);
  if (m.kind === 'ae') {
    if (!int(m.aeDim) || m.aeDim! < 1)
      throw new UserInputError(`Autoencoder code width k must be a whole number ≥ 1, got ${m.aeDim}`);
  } else if (m.kind === 'topk' || m.kind === 'randk') {
    const name = m.kind === 'topk' ? 'Top-k' : 'Rand-k';
    if (!int(m.k) || m.k! < 1) throw new UserInputError(`${name}: k must be a whole number ≥ 1, got ${m.k}`);
  } else if (m.kind === 'quant') {
    if (!QUANT_BITS.includes(m.bits as 2 | 4 | 8))
      throw new UserInputError(`Quantisation bits must be 2, 4 or 8 (packed 4, 2 or 1 per byte), got ${m.bits}`);
  }
  const mismatch = sizeMismatch(m, elements, hidden);
  if (mismatch) throw new UserInputError(mismatch);
}

export function ringAllReduceMs(link: Link, bytes: number, p: number): number {
  if (p <= 1 || bytes <= 0) return 0;
  return 2 * (p - 1) * transferMs(link, bytes / p);
}

export function allGatherMs(link: Link, bytesPerRank: number, p: number): number {
  if (p <= 1 || bytesPerRank <= 0) return 0;
  return (p - 1) * transferMs(link, bytesPerRank);
}

export function pointToPointMs(link: Link, bytes: number): number {
  return transferMs(link, bytes);
}

/** What one rank contributes to the tensor-parallel collective of one partial sum [rows, hidden]. */
export interface Payload {
  collective: 'all-reduce' | 'all-gather';
  /** One entry per separate collective call (values, indices, scales). */
  bytes: number[];
}

export function tpPayload(m: Method, rows: number, hidden: number): Payload {
  const elements = rows * hidden;
  switch (m.kind) {
    case 'none':
      return { collective: 'all-reduce', bytes: [elements * FP16_BYTES] };
    case 'ae':
      return { collective: 'all-reduce', bytes: [rows * m.aeDim! * FP16_BYTES] };
    case 'topk':
    case 'randk':
      return { collective: 'all-gather', bytes: [m.k! * FP16_BYTES, m.k! * INDEX_BYTES] };
    case 'quant':
      // Packed codes (bits/8 bytes per value) and one fp16 scale per hidden channel.
      return { collective: 'all-gather', bytes: [(elements * m.bits!) / 8, hidden * FP16_BYTES] };
  }
}

/** Time of the tensor-parallel collective of one partial sum, compressed by `m`. */
export function tpCollectiveMs(m: Method, rows: number, hidden: number, p: number, link: Link): number {
  const pay = tpPayload(m, rows, hidden);
  const one = pay.collective === 'all-reduce' ? ringAllReduceMs : allGatherMs;
  return pay.bytes.reduce((t, b) => t + one(link, b, p), 0);
}

/** Bytes sent across one pipeline boundary per micro-batch, forward (activations) or backward (gradients). */
export function ppBytes(m: Method, rows: number, hidden: number, direction: 'forward' | 'backward'): number[] {
  const dense = [rows * hidden * FP16_BYTES];
  if (m.kind === 'none') return dense;
  // The autoencoder's decoder sits on the receiving stage, so the gradient sent back is k-wide too;
  // the other compressors act on the forward activations only and the gradient travels dense.
  if (m.kind === 'ae') return [rows * m.aeDim! * FP16_BYTES];
  if (direction === 'backward') return dense;
  return tpPayload(m, rows, hidden).bytes;
}

export function ppTransferMs(m: Method, rows: number, hidden: number, dir: 'forward' | 'backward', link: Link) {
  return ppBytes(m, rows, hidden, dir).reduce((t, b) => t + pointToPointMs(link, b), 0);
}

/**
 * Bandwidth-only ratio of a b-bit all-gather to the fp16 ring all-reduce of the same message:
 * (p − 1)·M·b/8 over 2(p − 1)/p·2M = b·p/32. Below 1 (b < 32/p) quantisation sends less.
 */
export function quantToAllReduceRatio(bits: number, p: number): number {
  return (bits * p) / 32;
}

/** The largest bit width that still beats the fp16 all-reduce on bandwidth at p ranks: 32/p. */
export function breakEvenBits(p: number): number {
  return 32 / p;
}
