// Independent CPU reference for the GPU k-means: the same Lloyd schedule (iters × {assign, mean},
// then a final assign), f64 arithmetic, ties to the lower centroid index, empty clusters keep
// their previous centroid. With lambda > 0 it is the balanced variant: rows are placed in
// ascending order at cost d² + λ·(rows already placed in the cluster this round).
export interface KmeansReference {
  centroids: Float64Array;
  assign: Int32Array;
  sizes: Int32Array;
  inertia: number;
}

export function kmeansReference(
  x: Float32Array,
  d: number,
  init: Float32Array,
  iters: number,
  lambda = 0,
): KmeansReference {
  const n = x.length / d;
  const k = init.length / d;
  const c = Float64Array.from(init);
  const assign = new Int32Array(n);
  const best = new Float64Array(n);
  const assignAll = () => {
    const placed = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      let bj = 0;
      let bc = Infinity;
      let bd = 0;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const u = x[i * d + t]! - c[j * d + t]!;
          s += u * u;
        }
        const cost = s + lambda * placed[j]!;
        if (cost < bc) {
          bc = cost;
          bj = j;
          bd = s;
        }
      }
      assign[i] = bj;
      best[i] = bd;
      placed[bj]!++;
    }
  };
  for (let it = 0; it < iters; it++) {
    assignAll();
    const sums = new Float64Array(k * d);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      counts[assign[i]!]!++;
      for (let t = 0; t < d; t++) sums[assign[i]! * d + t]! += x[i * d + t]!;
    }
    for (let j = 0; j < k; j++) {
      if (counts[j]! > 0) for (let t = 0; t < d; t++) c[j * d + t] = sums[j * d + t]! / counts[j]!;
    }
  }
  assignAll();
  const sizes = new Int32Array(k);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    sizes[assign[i]!]!++;
    inertia += best[i]!;
  }
  return { centroids: c, assign, sizes, inertia };
}
