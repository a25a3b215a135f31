// The linear autoencoder in f64: z = y · W_eᵀ, ŷ = z · W_dᵀ, and its backward
// dz = dŷ · W_d, dy = dz · W_e, dW_d = dŷᵀ · z, dW_e = dzᵀ · y, by plain loops.
type Arr = ArrayLike<number>;

/** C[M, N] = Σ_t A(m, t) · B(t, n) with element accessors. */
function product(
  M: number,
  N: number,
  K: number,
  a: (m: number, t: number) => number,
  b: (t: number, n: number) => number,
): Float64Array {
  const c = new Float64Array(M * N);
  for (let m = 0; m < M; m++)
    for (let n = 0; n < N; n++) {
      let s = 0;
      for (let t = 0; t < K; t++) s += a(m, t) * b(t, n);
      c[m * N + n] = s;
    }
  return c;
}

export function autoencoderForwardReference(y: Arr, we: Arr, wd: Arr, T: number, h: number, k: number) {
  const z = product(
    T,
    k,
    h,
    (r, c) => y[r * h + c]!,
    (c, j) => we[j * h + c]!,
  );
  const yhat = product(
    T,
    h,
    k,
    (r, j) => z[r * k + j]!,
    (j, c) => wd[c * k + j]!,
  );
  return { z, yhat };
}

export function autoencoderBackwardReference(y: Arr, we: Arr, wd: Arr, dyhat: Arr, T: number, h: number, k: number) {
  const { z } = autoencoderForwardReference(y, we, wd, T, h, k);
  const dz = product(
    T,
    k,
    h,
    (r, c) => dyhat[r * h + c]!,
    (c, j) => wd[c * k + j]!,
  );
  const dy = product(
    T,
    h,
    k,
    (r, j) => dz[r * k + j]!,
    (j, c) => we[j * h + c]!,
  );
  const dWd = product(
    h,
    k,
    T,
    (c, r) => dyhat[r * h + c]!,
    (r, j) => z[r * k + j]!,
  );
  const dWe = product(
    k,
    h,
    T,
    (j, r) => dz[r * k + j]!,
    (r, c) => y[r * h + c]!,
  );
  return { z, dz, dy, dWd, dWe };
}
