// Independent f64 CPU reference of softmax cross-entropy with ignored rows, written from the math:
// for each row t with a target y in [0, V), loss_t = log Σ_j exp(z_tj) − z_ty (computed as
// m + log Σ_j exp(z_tj − m) − z_ty with m = max_j z_tj), and the gradient of the mean loss over the
// N counted rows, dz_tj = (softmax(z_t)_j − [j = y]) / N. Rows with target −1 have loss 0 and a
// zero gradient row.

export interface CrossEntropyReference {
  /** [T] per-row loss, 0 for ignored rows. */
  loss: Float64Array;
  /** [T, V] gradient of the mean loss with respect to the logits. */
  dlogits: Float64Array;
  /** Mean of the losses of the counted rows (0 when every row is ignored). */
  meanLoss: number;
  /** Rows whose target is not −1. */
  count: number;
}

export function crossEntropyReference(
  logits: ArrayLike<number>,
  targets: ArrayLike<number>,
  T: number,
  V: number,
): CrossEntropyReference {
  const loss = new Float64Array(T);
  const dlogits = new Float64Array(T * V);
  let count = 0;
  for (let t = 0; t < T; t++) if (targets[t]! >= 0) count++;
  let total = 0;
  for (let t = 0; t < T; t++) {
    const y = targets[t]!;
    if (y < 0) continue;
    let m = -Infinity;
    for (let j = 0; j < V; j++) m = Math.max(m, logits[t * V + j]!);
    let sum = 0;
    for (let j = 0; j < V; j++) sum += Math.exp(logits[t * V + j]! - m);
    loss[t] = m + Math.log(sum) - logits[t * V + y]!;
    total += loss[t]!;
    for (let j = 0; j < V; j++) {
      const p = Math.exp(logits[t * V + j]! - m) / sum;
      dlogits[t * V + j] = (p - (j === y ? 1 : 0)) / count;
    }
  }
  return { loss, dlogits, meanLoss: count > 0 ? total / count : 0, count };
}
