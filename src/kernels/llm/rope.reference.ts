// Independent reference for rotary position embedding, written from the Hugging Face Llama
// definition (rotate-half): for a row at position p, each head's x [d], half = d / 2, i < half,
//   inv_freq[i] = theta^(−2i/d),  a = p · inv_freq[i],
//   out[i] = x[i] · cos a − x[i + half] · sin a,  out[i + half] = x[i + half] · cos a + x[i] · sin a.
// `inverse` rotates by −a, the transpose of the rotation (so it is also the backward pass).
// angle 'f64' evaluates inv_freq and a exactly in f64 (the math); 'hf-f32' rounds them to f32 step
// by step as HF's `1.0 / (base ** (arange(0, d, 2).float() / d))` and `inv_freq @ pos.float()` do,
// so results can be compared tightly with an f32 implementation of the same recipe. cos / sin
// and the rotation are f64 either way.

export interface RopeReferenceOptions {
  inverse?: boolean;
  angle?: 'f64' | 'hf-f32';
}

/** The rotation angle of pair i at position pos. */
export function ropeAngle(
  pos: number,
  i: number,
  headDim: number,
  theta: number,
  angle: 'f64' | 'hf-f32' = 'f64',
): number {
  if (angle === 'f64') return pos * Math.pow(theta, (-2 * i) / headDim);
  const f = Math.fround;
  const invFreq = f(1 / f(Math.pow(f(theta), f((2 * i) / headDim))));
  return f(f(pos) * invFreq);
}

/** Rotates x [T, heads, headDim] (a copy) by the positions rowPos [T]. */
export function ropeReference(
  x: ArrayLike<number>,
  rowPos: ArrayLike<number>,
  T: number,
  heads: number,
  headDim: number,
  theta: number,
  opts: RopeReferenceOptions = {},
): Float64Array {
  const out = Float64Array.from(x);
  const half = headDim / 2;
  const sign = opts.inverse ? -1 : 1;
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < half; i++) {
      const a = ropeAngle(rowPos[t]!, i, headDim, theta, opts.angle);
      const c = Math.cos(a);
      const s = sign * Math.sin(a);
      for (let h = 0; h < heads; h++) {
        const base = (t * heads + h) * headDim;
        const x0 = x[base + i]!;
        const x1 = x[base + i + half]!;
        out[base + i] = x0 * c - x1 * s;
        out[base + i + half] = x1 * c + x0 * s;
      }
    }
  }
  return out;
}
