// Small GPU helpers shared by the vector-search kernels (distances, top-k, k-means, IVF): bind
// groups with explicit binding numbers (entry points of one shader use different subsets of its
// bindings, and 'auto' layouts only contain the ones used), 1-D work split over a 2-D grid when
// it exceeds maxComputeWorkgroupsPerDimension, uniforms from u32/f32 words, and the padding rule
// of the top-k kernels.
import { DeviceLimitError } from '../gpu/errors';
import type { Gpu } from '../gpu/gpu';

export type Metric = 'l2' | 'ip';

/** Pipeline-overridable METRIC constant of the distance shaders. */
export const METRIC_CONSTANT: Record<Metric, number> = { l2: 0, ip: 1 };

/** Internal stand-in for +inf in the top-k kernels (WGSL may assume floats are finite). */
export const GPU_FLT_MAX = 3.4028234663852886e38;

/** Bind group 0 with the given (binding, buffer) pairs. */
export function bindAt(gpu: Gpu, pipeline: GPUComputePipeline, entries: [number, GPUBuffer][], label?: string): GPUBindGroup {
  return gpu.device.createBindGroup({
    label,
    layout: pipeline.getBindGroupLayout(0),
    entries: entries.map(([binding, buffer]) => ({ binding, resource: { buffer } })),
  });
}

/**
 * A grid of `count` workgroups laid out as [x, y] with x ≤ the per-dimension limit; shaders
 * recover the flat index as wid.x + wid.y * num_workgroups.x and skip the tail.
 */
export function grid(gpu: Gpu, count: number, what: string): [number, number] {
  const max = gpu.info.limits.maxComputeWorkgroupsPerDimension!;
  const n = Math.max(1, count);
  const x = Math.min(n, max);
  const y = Math.ceil(n / x);
  if (y > max) throw new DeviceLimitError('maxComputeWorkgroupsPerDimension', n, max * max, what);
  return [x, y];
}

/** A uniform buffer from a mix of u32 and f32 words (numbers with a fractional part or marked f32). */
export function uniformWords(gpu: Gpu, words: (number | { f32: number })[], label: string): GPUBuffer {
  const buf = new ArrayBuffer(Math.max(16, Math.ceil(words.length / 4) * 16));
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  words.forEach((w, i) => {
    if (typeof w === 'number') u[i] = w >>> 0;
    else f[i] = w.f32;
  });
  return gpu.uniform(buf, label);
}

/** Turns the kernels' padding (id -1, distance FLT_MAX) into the documented (-1, +Infinity). */
export function finishPadding(ids: Int32Array, dist: Float32Array): void {
  for (let i = 0; i < ids.length; i++) if (ids[i] === -1) dist[i] = Infinity;
}

/** Destroys every buffer in the list (ignores undefined). */
export function destroyAll(buffers: (GPUBuffer | undefined)[]): void {
  for (const b of buffers) b?.destroy();
}
