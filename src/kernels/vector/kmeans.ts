// k-means (Lloyd) on the GPU with no readback inside the loop: every iteration is encoded into
// one compute pass — assignment (tiled distances + argmin), stable counting sort of the points by
// cluster, and a segmented mean per cluster (empty clusters keep their previous centroid). After
// `iters` rounds a final assignment makes `assign` consistent with the returned centroids.
// Initialisation (k-means++ on a sample, or random rows) runs on the CPU; see kmeansInit.ts. The
// size-balanced variant is in kmeansBalanced.ts.
import centroidShader from '../../shaders/vector/kmeans.centroidUpdate.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { Rng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { assertDims } from './distances';
import { bindAt } from '../../gpu/bindings';
import { destroyAll } from '../../gpu/resources';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { planAssign, type AssignPlan } from './kmeansAssign';
import { assertKmeansSize, initCentroids, type KmeansInit } from './kmeansInit';
import { planSegments } from './ivfSegments';
import type { KernelPlan } from '../../gpu/plan';

export interface KmeansResult {
  centroids: Float32Array;
  assign: Int32Array;
  sizes: Int32Array;
  /** Sum of squared distances of points to their assigned centroid (final assignment). */
  inertia: number;
}

export type CentroidUpdatePlan = KernelPlan;

/** Encodes: sort rows of x by `assign` (keys in [0, k)), then centroid[c] = mean of its rows. */
export async function planCentroidUpdate(
  gpu: Gpu,
  bufs: { x: GPUBuffer; assign: GPUBuffer; centroids: GPUBuffer },
  shape: { n: number; d: number; k: number },
): Promise<CentroidUpdatePlan> {
  const meansP = await gpu.pipeline({
    name: 'vector/kmeans.centroidUpdate',
    code: centroidShader,
    entryPoint: 'segmentMeans',
  });
  const seg = await planSegments(gpu, bufs.assign, shape.n, shape.k);
  const params = uniformWords(gpu, [shape.k, shape.d, 0, 0], 'kmeans.params');
  const group = bindAt(gpu, meansP, [
    [0, bufs.x],
    [1, seg.order],
    [2, seg.offsets],
    [3, bufs.centroids],
    [4, params],
  ]);
  const wg = deviceGrid(gpu, shape.k, 'k-means clusters');
  return {
    encode(pass) {
      seg.encode(pass);
      Gpu.encodeDispatch(pass, meansP, group, wg);
    },
    destroy() {
      seg.destroy();
      params.destroy();
    },
  };
}

export function assertIters(what: string, iters: number): void {
  if (!Number.isInteger(iters) || iters < 0)
    throw new UserInputError(`${what}: iters=${iters} must be a non-negative integer`);
}

export function sizesOf(assign: Int32Array, k: number): Int32Array {
  const sizes = new Int32Array(k);
  for (const a of assign) sizes[a]!++;
  return sizes;
}

/** GPU state of one k-means run: centroids, per-row assignment and distance, and the two plans. */
export interface KmeansWorkspace {
  centroids: GPUBuffer;
  assign: GPUBuffer;
  best: GPUBuffer;
  assignPlan: AssignPlan;
  update: CentroidUpdatePlan;
}

/**
 * Allocates a k-means workspace for rows resident in `x` [n, d] starting from `init` [k, d],
 * runs `body` on it and releases everything on every path, including a throw while planning.
 * Shared by plain (L2) and spherical (inner-product) k-means.
 */
export async function withKmeansWorkspace<T>(
  gpu: Gpu,
  x: GPUBuffer,
  dims: { n: number; d: number; k: number },
  init: Float32Array,
  metric: 'l2' | 'ip',
  label: string,
  body: (ws: KmeansWorkspace) => Promise<T>,
): Promise<T> {
  const { n } = dims;
  const buffers: GPUBuffer[] = [];
  let assignPlan: AssignPlan | undefined;
  let update: CentroidUpdatePlan | undefined;
  try {
    const centroids = gpu.upload(init, `${label}.centroids`);
    buffers.push(centroids);
    const assign = gpu.createBuffer(n * 4, `${label}.assign`);
    buffers.push(assign);
    const best = gpu.createBuffer(n * 4, `${label}.best`);
    buffers.push(best);
    assignPlan = await planAssign(gpu, { x, centroids, assign, best }, dims, metric);
    update = await planCentroidUpdate(gpu, { x, assign, centroids }, dims);
    return await body({ centroids, assign, best, assignPlan, update });
  } finally {
    assignPlan?.destroy();
    update?.destroy();
    destroyAll(buffers);
  }
}

/** Runs k-means on points already resident in `x` [n, d], starting from `init` [k, d]. */
export async function kmeansOnBuffer(
  gpu: Gpu,
  x: GPUBuffer,
  n: number,
  d: number,
  init: Float32Array,
  iters: number,
): Promise<KmeansResult> {
  assertDims('k-means', { n, d });
  const k = init.length / d;
  assertKmeansSize('k-means', n, k);
  assertIters('k-means', iters);
  return withKmeansWorkspace(gpu, x, { n, d, k }, init, 'l2', 'kmeans', async (ws) => {
    await gpu.run((pass) => {
      for (let it = 0; it < iters; it++) {
        ws.assignPlan.encode(pass);
        ws.update.encode(pass);
      }
      ws.assignPlan.encode(pass);
    });
    const out = await gpu.readF32(ws.centroids, k * d);
    const a = await gpu.readI32(ws.assign, n);
    const dist = await gpu.readF32(ws.best, n);
    let inertia = 0;
    for (let i = 0; i < n; i++) inertia += dist[i]!;
    return { centroids: out, assign: a, sizes: sizesOf(a, k), inertia };
  });
}

export interface KmeansHostOptions {
  k: number;
  iters: number;
  rng: Rng;
  init?: KmeansInit;
}

/** Host convenience: initialise on the CPU, upload x [n, d], run k-means on the GPU. */
export async function kmeans(
  gpu: Gpu,
  x: Float32Array,
  d: number,
  opts: KmeansHostOptions,
): Promise<KmeansResult & { init: Float32Array }> {
  assertDims('k-means', { d });
  const n = x.length / d;
  if (!Number.isInteger(n) || n < 1)
    throw new UserInputError(`k-means: x has ${x.length} values, not a whole number of rows of d=${d}`);
  assertKmeansSize('k-means', n, opts.k);
  assertIters('k-means', opts.iters);
  const init = initCentroids(x, n, d, opts.k, opts.rng, opts.init ?? 'kmeans++');
  const xBuf = gpu.upload(x, 'kmeans.x');
  try {
    return { ...(await kmeansOnBuffer(gpu, xBuf, n, d, init, opts.iters)), init };
  } finally {
    xBuf.destroy();
  }
}
