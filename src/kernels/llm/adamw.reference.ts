// Independent f64 CPU reference of one AdamW step (Loshchilov & Hutter, "Decoupled Weight Decay
// Regularization", as torch.optim.AdamW) with an optional gradient scale, and of Σx² (the squared
// global norm of a gradient). Written from the math:
//   g = scale·grad;  m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
//   m̂ = m / (1 − β1^t);  v̂ = v / (1 − β2^t);  p ← p − lr·(m̂ / (√v̂ + ε) + wd·p)

export interface AdamWReferenceHyper {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export interface AdamWReferenceState {
  param: Float64Array;
  m: Float64Array;
  v: Float64Array;
}

/** A new state after step `t` (1-based) with learning rate `lr`; the input state is not changed. */
export function adamwStepReference(
  state: AdamWReferenceState,
  grad: ArrayLike<number>,
  t: number,
  lr: number,
  hyper: AdamWReferenceHyper,
  gradScale = 1,
): AdamWReferenceState {
  const { beta1, beta2, eps, weightDecay } = hyper;
  const n = state.param.length;
  const param = new Float64Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = gradScale * grad[i]!;
    m[i] = beta1 * state.m[i]! + (1 - beta1) * g;
    v[i] = beta2 * state.v[i]! + (1 - beta2) * g * g;
    const mHat = m[i]! / (1 - beta1 ** t);
    const vHat = v[i]! / (1 - beta2 ** t);
    const p = state.param[i]!;
    param[i] = p - lr * (mHat / (Math.sqrt(vHat) + eps) + weightDecay * p);
  }
  return { param, m, v };
}

/** Σ x_i² in f64. */
export function sumSquaresReference(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return s;
}
