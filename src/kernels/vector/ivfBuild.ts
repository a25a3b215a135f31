// Build-and-search convenience for a static IVF index (the `ivf-search` CLI kernel and tests):
// train the coarse centroids on the base (k-means++ init on the CPU, iterations on the GPU), route
// every base row to its list (same metric as the search), lay the lists out with the GPU counting
// sort, then search. Training follows FAISS's IndexIVF defaults: metric=l2 trains L2 k-means;
// metric=ip trains spherical k-means (max-inner-product assignment, unit-norm centroids), as
// IndexIVF does for METRIC_INNER_PRODUCT (it sets cp.spherical and clusters through its IP
// quantizer), so training, routing and probing all use the same inner-product criterion.
import type { Gpu } from '../../gpu/gpu';
import type { Rng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { assertDims } from './distances';
import { type Metric } from './conventions';
import { destroyAll } from '../../gpu/resources';
import { kmeansOnBuffer } from './kmeans';
import { planAssign, type AssignPlan } from './kmeansAssign';
import { assertKmeansSize, initCentroids } from './kmeansInit';
import { sphericalKmeansOnBuffer } from './kmeansSpherical';
import { planSegments, type SegmentPlan } from './ivfSegments';
import { assertSearchShape, planIvfSearch, readSearchResult, type IvfSearchPlan } from './ivfSearch';
import type { TopkResult } from './topk';

export interface IvfSearchOptions {
  nlist: number;
  nprobe: number;
  k: number;
  iters: number;
  rng: Rng;
  metric?: Metric;
}

export interface IvfSearchOutput extends TopkResult {
  centroids: Float32Array;
  /** List of each base row. */
  assign: Int32Array;
}

export async function ivfSearch(
  gpu: Gpu,
  base: Float32Array,
  queries: Float32Array,
  d: number,
  opts: IvfSearchOptions,
): Promise<IvfSearchOutput> {
  assertDims('IVF search', { d });
  const metric = opts.metric ?? 'l2';
  const n = base.length / d;
  const q = queries.length / d;
  if (!Number.isInteger(n) || !Number.isInteger(q) || q < 1) {
    throw new UserInputError(
      `IVF search: base (${base.length} values) and queries (${queries.length}) must be whole, non-empty rows of d=${d}`,
    );
  }
  assertKmeansSize('IVF search (nlist)', n, opts.nlist);
  assertSearchShape('IVF search', d, opts.k, opts.nprobe, opts.nlist);
  // Every buffer and plan is released on every path, including a throw while planning.
  const buffers: GPUBuffer[] = [];
  const own = (b: GPUBuffer) => {
    buffers.push(b);
    return b;
  };
  let route: AssignPlan | undefined;
  let lists: SegmentPlan | undefined;
  let search: IvfSearchPlan | undefined;
  try {
    const x = own(gpu.upload(base, 'ivf.base'));
    const queryBuf = own(gpu.upload(queries, 'ivf.queries'));
    const init = initCentroids(base, n, d, opts.nlist, opts.rng);
    const trained =
      metric === 'ip'
        ? await sphericalKmeansOnBuffer(gpu, x, n, d, init, opts.iters)
        : (await kmeansOnBuffer(gpu, x, n, d, init, opts.iters)).centroids;
    const centroids = own(gpu.upload(trained, 'ivf.centroids'));
    const assign = own(gpu.createBuffer(n * 4, 'ivf.assign'));
    const best = own(gpu.createBuffer(n * 4, 'ivf.best'));
    route = await planAssign(gpu, { x, centroids, assign, best }, { n, d, k: opts.nlist }, metric);
    lists = await planSegments(gpu, assign, n, opts.nlist);
    search = await planIvfSearch(
      gpu,
      { x, d, centroids, nlist: opts.nlist, order: lists.order, offsets: lists.offsets, metric },
      queryBuf,
      q,
      opts.k,
      opts.nprobe,
    );
    const plans = { route, lists, search };
    await gpu.run((pass) => {
      plans.route.encode(pass);
      plans.lists.encode(pass);
      plans.search.encodeCoarse(pass);
      plans.search.encodeScan(pass, opts.nprobe);
    });
    const result = await readSearchResult(gpu, search, q, opts.k);
    return { ...result, centroids: trained, assign: await gpu.readI32(assign, n) };
  } finally {
    route?.destroy();
    lists?.destroy();
    search?.destroy();
    destroyAll(buffers);
  }
}
