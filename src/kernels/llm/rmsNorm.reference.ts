// Independent f64 reference for RMSNorm, written from the math (not from the shaders):
//   ms[t] = (1/H) Σ_j x[t, j]²,  r[t] = (ms[t] + eps)^(-1/2),  y[t, j] = x[t, j] · r[t] · w[j].
// Backward, by the chain rule through r (∂r/∂x[t, k] = −r³ · x[t, k] / H):
//   dx[t, k] = r · w[k] · dy[t, k] − (r³ / H) · x[t, k] · Σ_j dy[t, j] · w[j] · x[t, j]
//   dw[j]    = Σ_t dy[t, j] · x[t, j] · r[t].
// The backward recomputes r from x (it does not take the forward's rstd), so the test can check it
// against finite differences of rmsNormReference.

export function rmsNormReference(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  T: number,
  H: number,
  eps: number,
): { y: Float64Array; rstd: Float64Array } {
  const y = new Float64Array(T * H);
  const rstd = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let ss = 0;
    for (let j = 0; j < H; j++) ss += x[t * H + j]! ** 2;
    const r = 1 / Math.sqrt(ss / H + eps);
    rstd[t] = r;
    for (let j = 0; j < H; j++) y[t * H + j] = x[t * H + j]! * r * w[j]!;
  }
  return { y, rstd };
}

export function rmsNormBackwardReference(
  dy: ArrayLike<number>,
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  T: number,
  H: number,
  eps: number,
): { dx: Float64Array; dw: Float64Array } {
  const { rstd } = rmsNormReference(x, w, T, H, eps);
  const dx = new Float64Array(T * H);
  const dw = new Float64Array(H);
  for (let t = 0; t < T; t++) {
    const r = rstd[t]!;
    let dot = 0;
    for (let j = 0; j < H; j++) dot += dy[t * H + j]! * w[j]! * x[t * H + j]!;
    for (let k = 0; k < H; k++) {
      dx[t * H + k] = r * w[k]! * dy[t * H + k]! - ((r * r * r) / H) * x[t * H + k]! * dot;
      dw[k] = dw[k]! + dy[t * H + k]! * x[t * H + k]! * r;
    }
  }
  return { dx, dw };
}
