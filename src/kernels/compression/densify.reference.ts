// Σ over peers of each peer's sparse (values, indices) made dense, in f64, peer by peer.
export function densifySumReference(
  values: ArrayLike<number>,
  indices: ArrayLike<number>,
  peers: number,
  n: number,
): Float64Array {
  const out = new Float64Array(n);
  const k = values.length / peers;
  for (let j = 0; j < peers; j++) for (let t = 0; t < k; t++) out[indices[j * k + t]!] += values[j * k + t]!;
  return out;
}
