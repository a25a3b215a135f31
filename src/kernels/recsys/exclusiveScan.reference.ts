// Independent exclusive prefix sum, written from the definition: out[i] = Σ_{j<i} values[j] for
// i = 0..n (out[n] is the total), in f64 (exact for the counts the cache scans).
export function exclusiveScanReference(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) out[i + 1] = out[i]! + values[i]!;
  return out;
}
