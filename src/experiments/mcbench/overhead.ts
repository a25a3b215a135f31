// What a compressor costs on the target GPU per compressed message (one partial sum of `rows`
// tokens × `hidden` channels, fp16): encode on the sender, decode-and-sum of p peers on every
// receiver, and — for the autoencoder, whose weights train — the backward GEMMs.
//
// Two sources, labelled on screen:
//  - measured: a Run times this device's WGSL compressors and expresses each as a multiple of
//    reading and writing the same message once at this device's measured copy bandwidth
//    ("copy-equivalents"); the target GPU is assumed to pay the same multiple of its own copy time.
//  - estimate (roofline): bytes each step of the paper's code moves at the datasheet bandwidth
//    (× the fraction reached), GEMMs at the tensor peak × the efficiency reached:
//      quantise   reads x twice (channel max, then codes), writes E·b/8 bytes of codes;
//      top-k      |x| (read + write), the radix select reads |x| once per pass, writes 10 bytes per kept value;
//      rand-k     |x| (read + write), the host draws k indices (Python's random.sample), 10 bytes per kept value;
//      decode     every peer's slice becomes a dense fp16 tensor (write) that is then added (read), then the sum is written
//                 (the code densifies each gathered slice and sums them);
//      AE         encode GEMM [rows × h]·[h × k] and decode [rows × k]·[k × h]; backward: 2× each.
import type { GpuModel } from '../../sim/hardware';
import type { Calibration } from '../types';
import { FP16_BYTES, INDEX_BYTES, type Method } from './collectives';

export interface OverheadSetup {
  gpu: GpuModel;
  /** Fraction of the datasheet tensor peak GEMMs reach. */
  mfu: number;
  /** Fraction of the datasheet memory bandwidth memory-bound kernels reach. */
  bwFraction: number;
  /** Passes of the top-k radix select over the message. */
  topkPasses: number;
  /** Host time per rand-k index, µs. */
  randkHostUsPerIndex: number;
}

export interface Overhead {
  /** Forward: encode (sender) + decode and sum of p peers (receiver), per rank, ms. */
  forwardMs: number;
  /** Backward work of the compressor itself (AE GEMMs), ms. */
  backwardMs: number;
  source: 'measured' | 'estimate';
}

/** The calibration key of a method ('ae', 'topk', 'randk', 'quant8', …). */
export function calibrationKey(m: Method): string {
  return m.kind === 'quant' ? `quant${m.bits}` : m.kind;
}

/** Calibration entries a run writes: copy-equivalents of encode and of decoding one peer's slice. */
export const encodeKey = (m: Method) => `${calibrationKey(m)}.encodeCopies`;
export const decodeKey = (m: Method) => `${calibrationKey(m)}.decodeCopiesPerPeer`;

const msOfBytes = (bytes: number, s: OverheadSetup) => bytes / (s.gpu.memBandwidthGBs * 1e6 * s.bwFraction);
const msOfFlops = (flops: number, s: OverheadSetup) => flops / (s.gpu.fp16TensorTflops * 1e9 * s.mfu);

/** Roofline time of a GEMM [rows × inDim]·[inDim × outDim] in fp16. */
export function gemmMs(rows: number, inDim: number, outDim: number, s: OverheadSetup): number {
  const flops = 2 * rows * inDim * outDim;
  const bytes = FP16_BYTES * (rows * inDim + inDim * outDim + rows * outDim);
  return Math.max(msOfFlops(flops, s), msOfBytes(bytes, s));
}

/** Roofline estimate (no measurement), per rank, for one compressed message. */
export function estimateOverhead(m: Method, rows: number, hidden: number, p: number, s: OverheadSetup): Overhead {
  const E = rows * hidden;
  const dense = E * FP16_BYTES;
  const kept = (m.k ?? 0) * (FP16_BYTES + INDEX_BYTES);
  // Densify each of the p gathered slices (write), add it into the sum (read), write the sum.
  const densifySum = (sliceBytes: number) => msOfBytes(p * (sliceBytes + 2 * dense) + dense, s);
  switch (m.kind) {
    case 'none':
      return { forwardMs: 0, backwardMs: 0, source: 'estimate' };
    case 'quant': {
      const codes = (E * m.bits!) / 8;
      const encode = msOfBytes(2 * dense + codes, s);
      return { forwardMs: encode + densifySum(codes + hidden * FP16_BYTES), backwardMs: 0, source: 'estimate' };
    }
    case 'topk': {
      const encode = msOfBytes(2 * dense + s.topkPasses * dense + kept, s);
      return { forwardMs: encode + densifySum(kept), backwardMs: 0, source: 'estimate' };
    }
    case 'randk': {
      const encode = msOfBytes(2 * dense + kept, s) + (m.k! * s.randkHostUsPerIndex) / 1000;
      return { forwardMs: encode + densifySum(kept), backwardMs: 0, source: 'estimate' };
    }
    case 'ae': {
      const fwd = gemmMs(rows, hidden, m.aeDim!, s) + gemmMs(rows, m.aeDim!, hidden, s);
      return { forwardMs: fwd, backwardMs: 2 * fwd, source: 'estimate' };
    }
  }
}

/**
 * The measured multiples of this device's copy time, applied to the target GPU's copy time of the
 * same fp16 message; the AE backward keeps its 2× of the forward, rand-k keeps the host's index
 * draw (the paper's code samples indices in Python; set it to 0 for on-device sampling as here).
 * Undefined when a run has not measured this method.
 */
export function calibratedOverhead(
  m: Method,
  rows: number,
  hidden: number,
  p: number,
  s: OverheadSetup,
  calibration: Calibration,
): Overhead | undefined {
  const enc = calibration[encodeKey(m)];
  const dec = calibration[decodeKey(m)];
  if (m.kind === 'none' || enc === undefined || dec === undefined) return undefined;
  const copyMs = msOfBytes(2 * rows * hidden * FP16_BYTES, s);
  // The autoencoder's codes are summed in the all-reduce and decoded once; the others decode every peer's slice.
  const peers = m.kind === 'ae' ? 1 : p;
  const hostMs = m.kind === 'randk' ? (m.k! * s.randkHostUsPerIndex) / 1000 : 0;
  const forwardMs = (enc + peers * dec) * copyMs + hostMs;
  return { forwardMs, backwardMs: m.kind === 'ae' ? 2 * forwardMs : 0, source: 'measured' };
}

export function overheadOf(
  m: Method,
  rows: number,
  hidden: number,
  p: number,
  s: OverheadSetup,
  calibration?: Calibration,
): Overhead {
  return (
    (calibration && calibratedOverhead(m, rows, hidden, p, s, calibration)) ?? estimateOverhead(m, rows, hidden, p, s)
  );
}
