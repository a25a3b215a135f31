// The quantiser in f64 on the CPU, written from the formula (not from the shader):
// scale_c = max_r |x[r, c]|, q = clip(roundHalfEven(x / scale · 2^(b−1)), −2^(b−1), 2^(b−1) − 1)
// + 2^(b−1), x̂ = (q − 2^(b−1)) / 2^(b−1) · scale (rounded once to f32, as stored), and the
// byte layout of the reference code's chunking: byte j of a row holds channels c·m + j,
// c = 0 … 8/b − 1, the first chunk in the high bits; m = ceil(h / (8/b)); padding codes are 0.
import type { QuantBits } from './quantize';

/** torch.round: halves go to the even neighbour. */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

export function channelScalesReference(x: ArrayLike<number>, rows: number, h: number): Float64Array {
  const s = new Float64Array(h);
  for (let r = 0; r < rows; r++) for (let c = 0; c < h; c++) s[c] = Math.max(s[c]!, Math.abs(x[r * h + c]!));
  return s;
}

/** The unrounded code position x / scale · 2^(b−1) (NaN for a zero scale). */
export function codePosition(v: number, scale: number, bits: QuantBits): number {
  return scale === 0 ? NaN : (v / scale) * 2 ** (bits - 1);
}

export function quantCode(v: number, scale: number, bits: QuantBits): number {
  const mid = 2 ** (bits - 1);
  if (scale === 0) return mid;
  return Math.min(mid - 1, Math.max(-mid, roundHalfEven(codePosition(v, scale, bits)))) + mid;
}

export function dequantValue(q: number, scale: number, bits: QuantBits): number {
  const mid = 2 ** (bits - 1);
  return ((q - mid) / mid) * scale;
}

export interface QuantizeReference {
  codes: Uint8Array;
  packed: Uint8Array;
  scale: Float64Array;
  xhat: Float64Array;
}

export function quantizeReference(x: ArrayLike<number>, rows: number, h: number, bits: QuantBits): QuantizeReference {
  const scale = channelScalesReference(x, rows, h);
  const n = 8 / bits;
  const m = Math.ceil(h / n);
  const codes = new Uint8Array(rows * h);
  const packed = new Uint8Array(rows * m);
  const xhat = new Float64Array(rows * h);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < h; c++) {
      const q = quantCode(x[r * h + c]!, scale[c]!, bits);
      codes[r * h + c] = q;
      xhat[r * h + c] = Math.fround(dequantValue(q, scale[c]!, bits));
      const chunk = Math.floor(c / m);
      packed[r * m + (c % m)]! |= q << (8 - bits * (chunk + 1));
    }
  }
  return { codes, packed, scale, xhat };
}

/** Codes [rows, h] from packed bytes, reading the layout back (tests the packing independently). */
export function unpackCodesReference(packed: Uint8Array, rows: number, h: number, bits: QuantBits): Uint8Array {
  const n = 8 / bits;
  const m = Math.ceil(h / n);
  const out = new Uint8Array(rows * h);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < h; c++) {
      const chunk = Math.floor(c / m);
      out[r * h + c] = (packed[r * m + (c % m)]! >> (8 - bits * (chunk + 1))) & ((1 << bits) - 1);
    }
  return out;
}
