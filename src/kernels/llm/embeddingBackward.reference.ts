// Independent f64 reference for the token embedding and its gradient, written from the math:
//   forward  y[t, :] = E[tokens[t], :]                      (E [V, H], y [T, H])
//   backward dE[v, :] = Σ_{t : tokens[t] = v} dy[t, :]      (rows of unused ids are zero)
// with an optional prior gradient added (accumulation). The forward exists here only so the test
// can check the backward against finite differences in f64.

export function embeddingReference(E: ArrayLike<number>, tokens: ArrayLike<number>, H: number): Float64Array {
  const y = new Float64Array(tokens.length * H);
  for (let t = 0; t < tokens.length; t++) for (let j = 0; j < H; j++) y[t * H + j] = E[tokens[t]! * H + j]!;
  return y;
}

export function embeddingBackwardReference(
  dy: ArrayLike<number>,
  tokens: ArrayLike<number>,
  V: number,
  H: number,
  prior?: ArrayLike<number>,
): Float64Array {
  const dE = prior ? Float64Array.from(prior) : new Float64Array(V * H);
  for (let t = 0; t < tokens.length; t++) {
    const v = tokens[t]!;
    for (let j = 0; j < H; j++) dE[v * H + j] = dE[v * H + j]! + dy[t * H + j]!;
  }
  return dE;
}
