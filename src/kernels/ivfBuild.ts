// Build-and-search convenience for a static IVF index (the `ivf-search` CLI kernel and tests):
// k-means on the base (k-means++ init on the CPU, Lloyd on the GPU), route every base row to its
// list (same metric as the search), lay the lists out with the GPU counting sort, then search.
import { Gpu } from '../gpu/gpu';
import type { Rng } from '../data/pcg32';
import { UserInputError } from '../experiments/types';
import { assertDims } from './distances';
import { destroyAll, type Metric } from './ivfGpu';
import { kmeansOnBuffer } from './kmeans';
import { planAssign } from './kmeansAssign';
import { assertKmeansSize, initCentroids } from './kmeansInit';
import { planSegments } from './ivfSegments';
import { assertSearchShape, planIvfSearch, readSearchResult } from './ivfSearch';
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

export async function ivfSearch(gpu: Gpu, base: Float32Array, queries: Float32Array, d: number, opts: IvfSearchOptions): Promise<IvfSearchOutput> {
  assertDims('IVF search', { d });
  const metric = opts.metric ?? 'l2';
  const n = base.length / d;
  const q = queries.length / d;
  if (!Number.isInteger(n) || !Number.isInteger(q) || q < 1) {
    throw new UserInputError(`IVF search: base (${base.length} values) and queries (${queries.length}) must be whole, non-empty rows of d=${d}`);
  }
  assertKmeansSize('IVF search (nlist)', n, opts.nlist);
  assertSearchShape('IVF search', d, opts.k, opts.nprobe, opts.nlist);
  const x = gpu.upload(base, 'ivf.base');
  const queryBuf = gpu.upload(queries, 'ivf.queries');
  const trained = await kmeansOnBuffer(gpu, x, n, d, initCentroids(base, n, d, opts.nlist, opts.rng), opts.iters);
  const centroids = gpu.upload(trained.centroids, 'ivf.centroids');
  const assign = gpu.createBuffer(n * 4, 'ivf.assign');
  const best = gpu.createBuffer(n * 4, 'ivf.best');
  const route = await planAssign(gpu, { x, centroids, assign, best }, { n, d, k: opts.nlist }, metric);
  const lists = await planSegments(gpu, assign, n, opts.nlist);
  const search = await planIvfSearch(gpu, { x, d, centroids, nlist: opts.nlist, order: lists.order, offsets: lists.offsets, metric }, queryBuf, q, opts.k, opts.nprobe);
  try {
    await gpu.run((pass) => {
      route.encode(pass);
      lists.encode(pass);
      search.encodeCoarse(pass);
      search.encodeScan(pass, opts.nprobe);
    });
    const result = await readSearchResult(gpu, search, q, opts.k);
    return { ...result, centroids: trained.centroids, assign: await gpu.readI32(assign, n) };
  } finally {
    route.destroy();
    lists.destroy();
    search.destroy();
    destroyAll([x, queryBuf, centroids, assign, best]);
  }
}
