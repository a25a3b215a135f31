// Conventions the vector-search kernels share (distances, top-k, k-NN, IVF): the metric constant
// of the distance shaders and the padding rule of the top-k kernels.

export type Metric = 'l2' | 'ip';

/** Pipeline-overridable METRIC constant of the distance shaders. */
export const METRIC_CONSTANT: Record<Metric, number> = { l2: 0, ip: 1 };

/** Internal stand-in for +inf in the top-k kernels (WGSL may assume floats are finite). */
export const GPU_FLT_MAX = 3.4028234663852886e38;

/** Turns the kernels' padding (id -1, distance FLT_MAX) into the documented (-1, +Infinity). */
export function finishPadding(ids: Int32Array, dist: Float32Array): void {
  for (let i = 0; i < ids.length; i++) if (ids[i] === -1) dist[i] = Infinity;
}
