// Spherical k-means for inner-product IVF indexes, the FAISS default for METRIC_INNER_PRODUCT
// (IndexIVF sets ClusteringParameters.spherical when the metric is inner product and trains
// through its IP quantizer): assign each row to the centroid of largest x·c, set each centroid
// to its cluster's mean, rescale it to unit L2 norm. Plain L2 k-means would be trained for a
// different objective than the one the index routes and probes with.
// Assignment, means and the rescale all run on the GPU (the k-means kernels with metric ip, then
// kmeansSpherical.normalize.wgsl), every iteration encoded into one pass: no readback until the end. Empty
// clusters keep their previous (unit) centroid; a zero centroid stays zero rather than NaN.
import normalizeShader from '../../shaders/vector/kmeansSpherical.normalize.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { assertDims } from './distances';
import { assertIters, withKmeansWorkspace } from './kmeans';
import { assertKmeansSize } from './kmeansInit';

/** Rows of m [k, d] scaled to unit L2 norm (zero rows unchanged). */
export function unitRows(m: ArrayLike<number>, d: number): Float32Array {
  const out = Float32Array.from(m);
  for (let r = 0; r < out.length / d; r++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += out[r * d + t]! * out[r * d + t]!;
    const norm = Math.sqrt(s);
    if (norm > 0) for (let t = 0; t < d; t++) out[r * d + t] = out[r * d + t]! / norm;
  }
  return out;
}

/** Spherical k-means on rows resident in `x` [n, d] from `init` [k, d]; returns unit centroids. */
export async function sphericalKmeansOnBuffer(
  gpu: Gpu,
  x: GPUBuffer,
  n: number,
  d: number,
  init: Float32Array,
  iters: number,
): Promise<Float32Array> {
  assertDims('spherical k-means', { n, d });
  const k = init.length / d;
  assertKmeansSize('spherical k-means', n, k);
  assertIters('spherical k-means', iters);
  const start = unitRows(init, d);
  if (iters === 0) return start;
  return withKmeansWorkspace(gpu, x, { n, d, k }, start, 'ip', 'skmeans', async (ws) => {
    const normalize = await gpu.pipeline({ name: 'vector/kmeansSpherical.normalize', code: normalizeShader });
    const dims = gpu.uniform(new Uint32Array([k, d]).buffer, 'skmeans.dims');
    try {
      const normGroup = gpu.bindGroup(normalize, [ws.centroids, dims], 'skmeans.normalize');
      const normWorkgroups: [number] = [Math.ceil(k / 64)];
      gpu.checkWorkgroups(normWorkgroups, 'spherical k-means normalisation');
      await gpu.run((pass) => {
        for (let it = 0; it < iters; it++) {
          ws.assignPlan.encode(pass);
          ws.update.encode(pass);
          Gpu.encodeDispatch(pass, normalize, normGroup, normWorkgroups);
        }
      });
      return await gpu.readF32(ws.centroids, k * d);
    } finally {
      dims.destroy();
    }
  });
}
