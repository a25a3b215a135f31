// Independent f64 binary cross-entropy on logits: −y·log σ(z) − (1 − y)·log(1 − σ(z)), and its
// gradient of the mean over meanOver examples (default B, the batch mean), (σ(z) − y)/meanOver.

export function bceLossReference(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  meanOver = logits.length,
): { loss: Float64Array; dLogits: Float64Array } {
  const sigma = (z: number) => 1 / (1 + Math.exp(-z));
  const loss = Float64Array.from(logits, (z, b) => {
    const y = labels[b]!;
    // log σ(z) = −log(1 + e^(−z)); log(1 − σ(z)) = −log(1 + e^z), each through log1p.
    return y * Math.log1p(Math.exp(-z)) + (1 - y) * Math.log1p(Math.exp(z));
  });
  const dLogits = Float64Array.from(logits, (z, b) => (sigma(z) - labels[b]!) / meanOver);
  return { loss, dLogits };
}
