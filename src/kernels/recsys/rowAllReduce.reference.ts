// Independent f64 all-reduce of gradient rows: out[dst[i]] = Σ_k src[index[i·K + k]] / divisor
// (index −1: no gradient from that trainer); rows of `out` not named in dst keep their values.
export function rowAllReduceReference(
  src: ArrayLike<number>,
  out: ArrayLike<number>,
  index: ArrayLike<number>,
  dst: ArrayLike<number>,
  dim: number,
  K: number,
  divisor: number,
): Float64Array {
  const o = Float64Array.from(out);
  for (let i = 0; i < dst.length; i++) {
    for (let c = 0; c < dim; c++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const r = index[i * K + k]!;
        if (r >= 0) s += src[r * dim + c]!;
      }
      o[dst[i]! * dim + c] = s / divisor;
    }
  }
  return o;
}
