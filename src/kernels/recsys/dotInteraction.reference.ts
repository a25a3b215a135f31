// Independent f64 dot interaction (DLRM, no self-interaction): z = [x, <v_a, v_c> for a > c] with
// v_0 = x, v_k = e[k − 1]; and its backward by the product rule.

function vectors(x: ArrayLike<number>, e: ArrayLike<number>, b: number, T: number, dim: number): number[][] {
  const v: number[][] = [Array.from({ length: dim }, (_, c) => x[b * dim + c]!)];
  for (let t = 0; t < T; t++) v.push(Array.from({ length: dim }, (_, c) => e[(b * T + t) * dim + c]!));
  return v;
}

export function dotInteractionReference(
  x: ArrayLike<number>,
  e: ArrayLike<number>,
  B: number,
  T: number,
  dim: number,
): Float64Array {
  const out: number[] = [];
  for (let b = 0; b < B; b++) {
    const v = vectors(x, e, b, T, dim);
    out.push(...v[0]!);
    for (let a = 1; a <= T; a++)
      for (let c = 0; c < a; c++) out.push(v[a]!.reduce((s, val, j) => s + val * v[c]![j]!, 0));
  }
  return Float64Array.from(out);
}

export function dotInteractionBackwardReference(
  x: ArrayLike<number>,
  e: ArrayLike<number>,
  dz: ArrayLike<number>,
  B: number,
  T: number,
  dim: number,
): { dx: Float64Array; de: Float64Array } {
  const width = dim + ((T + 1) * T) / 2;
  const dx = new Float64Array(B * dim);
  const de = new Float64Array(B * T * dim);
  for (let b = 0; b < B; b++) {
    const v = vectors(x, e, b, T, dim);
    const dv = v.map(() => new Array<number>(dim).fill(0));
    for (let c = 0; c < dim; c++) dv[0]![c] += dz[b * width + c]!;
    let p = 0;
    for (let a = 1; a <= T; a++) {
      for (let c = 0; c < a; c++, p++) {
        const g = dz[b * width + dim + p]!;
        for (let j = 0; j < dim; j++) {
          dv[a]![j] += g * v[c]![j]!;
          dv[c]![j] += g * v[a]![j]!;
        }
      }
    }
    dx.set(dv[0]!, b * dim);
    for (let t = 0; t < T; t++) de.set(dv[t + 1]!, (b * T + t) * dim);
  }
  return { dx, de };
}
