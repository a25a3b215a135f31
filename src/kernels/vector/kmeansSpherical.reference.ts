// Independent CPU reference for spherical k-means: f64 loops, unit-normalised init, iters ×
// {assign to the largest x·c (ties to the lower centroid), mean, rescale to unit norm}; empty
// clusters keep their centroid, zero-norm centroids stay as they are.
export function sphericalKmeansReference(x: Float32Array, d: number, init: Float32Array, iters: number): Float64Array {
  const n = x.length / d;
  const k = init.length / d;
  const c = Float64Array.from(init);
  const unit = (j: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) s += c[j * d + t]! ** 2;
    if (s > 0) for (let t = 0; t < d; t++) c[j * d + t] = c[j * d + t]! / Math.sqrt(s);
  };
  for (let j = 0; j < k; j++) unit(j);
  for (let it = 0; it < iters; it++) {
    const sums = new Float64Array(k * d);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      let bj = 0,
        bv = -Infinity;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += x[i * d + t]! * c[j * d + t]!;
        if (s > bv) {
          bv = s;
          bj = j;
        }
      }
      counts[bj]!++;
      for (let t = 0; t < d; t++) sums[bj * d + t]! += x[i * d + t]!;
    }
    for (let j = 0; j < k; j++) {
      if (counts[j]! === 0) continue;
      for (let t = 0; t < d; t++) c[j * d + t] = sums[j * d + t]! / counts[j]!;
      unit(j);
    }
  }
  return c;
}
