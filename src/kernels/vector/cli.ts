// Kernel-CLI entries for vector search: exact k-NN, k-means and IVF search (build + search).
// Inputs are float32 .npy matrices; ids come back as int32 row indices into `base`, with id -1 /
// distance +inf padding when fewer than k neighbours exist. Distances are squared L2, or the
// negative inner product for metric=ip (smaller is closer in both).
import type { Gpu } from '../../gpu/gpu';
import { ndarray, type NdArray } from '../../data/ndarray';
import { createRng } from '../../data/pcg32';
import { UserInputError, type EnumParam, type NumberParam, type ParamValues } from '../../core';
import type { Metric } from './conventions';
import { ivfSearch } from './ivfBuild';
import { kmeans } from './kmeans';
import { knn } from './knn';
import { TOPK_MAX_K } from './topk';
import type { KernelEntry } from '../types';

const K: NumberParam = { key: 'k', label: 'Neighbours', kind: 'int', min: 1, max: TOPK_MAX_K, default: 10 };
const METRIC: EnumParam = {
  key: 'metric',
  label: 'Metric',
  kind: 'enum',
  default: 'l2',
  options: [
    { value: 'l2', label: 'squared L2' },
    { value: 'ip', label: 'inner product (dist = -x·q)' },
  ],
};
const ITERS: NumberParam = { key: 'iters', label: 'k-means iterations', kind: 'int', min: 0, max: 1000, default: 10 };
const SEED: NumberParam = {
  key: 'seed',
  label: 'Seed (k-means++ init)',
  kind: 'int',
  min: 0,
  max: 0xffffffff,
  default: 42,
};

/** A float32 [rows, d] matrix with finite values; names the input and the offending element. */
export function readMatrix(
  inputs: Record<string, NdArray>,
  name: string,
  what: string,
): { data: Float32Array; rows: number; d: number } {
  const t = inputs[name];
  if (!t) throw new UserInputError(`missing input ${name} float32 [${what}]`);
  if (t.dtype !== 'float32') throw new UserInputError(`${name} is ${t.dtype}, expected float32 [${what}]`);
  if (t.shape.length !== 2)
    throw new UserInputError(`${name} has shape [${t.shape.join(', ')}], expected 2-D [${what}]`);
  const [rows, d] = t.shape as [number, number];
  if (rows < 1 || d < 1)
    throw new UserInputError(`${name} has shape [${rows}, ${d}], expected at least one row and one column`);
  const data = t.data as Float32Array;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!))
      throw new UserInputError(
        `${name} has a non-finite value (${data[i]}) at row ${Math.floor(i / d)}, column ${i % d}`,
      );
  }
  return { data, rows, d };
}

function baseAndQueries(name: string, inputs: Record<string, NdArray>) {
  const base = readMatrix(inputs, 'base', 'n, d');
  const queries = readMatrix(inputs, 'queries', 'q, d');
  if (queries.d !== base.d) {
    throw new UserInputError(
      `${name}: queries have d=${queries.d} but base has d=${base.d}; expected queries [q, ${base.d}]`,
    );
  }
  return { base, queries };
}

const neighbourOutputs = (
  q: number,
  k: number,
  r: { ids: Int32Array; dist: Float32Array },
): Record<string, NdArray> => ({
  ids: ndarray('int32', [q, k], r.ids),
  dist: ndarray('float32', [q, k], r.dist),
});

const NEIGHBOUR_SPECS = [
  {
    name: 'ids',
    dtype: 'int32' as const,
    shape: ['q', 'k'],
    help: 'row indices into base, nearest first; -1 pads when fewer than k exist',
  },
  {
    name: 'dist',
    dtype: 'float32' as const,
    shape: ['q', 'k'],
    help: 'squared L2 (or -x·q for metric=ip); +inf for padding',
  },
];
const BASE_QUERIES = [
  { name: 'base', dtype: 'float32' as const, shape: ['n', 'd'] },
  { name: 'queries', dtype: 'float32' as const, shape: ['q', 'd'] },
];

export const knnKernel: KernelEntry = {
  name: 'knn',
  summary: 'exact k-nearest neighbours (tiled distances + workgroup top-k, ties to the lower id)',
  inputs: BASE_QUERIES,
  outputs: NEIGHBOUR_SPECS,
  settings: [K, METRIC],
  async run(gpu: Gpu, inputs, settings: ParamValues) {
    const { base, queries } = baseAndQueries('knn', inputs);
    const k = Number(settings.k ?? K.default);
    return neighbourOutputs(
      queries.rows,
      k,
      await knn(gpu, base.data, queries.data, base.d, k, (settings.metric ?? 'l2') as Metric),
    );
  },
};

export const kmeansKernel: KernelEntry = {
  name: 'kmeans',
  summary: 'k-means (k-means++ init on the CPU, Lloyd iterations on the GPU with a segmented-reduction update)',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['n', 'd'] }],
  outputs: [
    { name: 'centroids', dtype: 'float32', shape: ['k', 'd'] },
    { name: 'assign', dtype: 'int32', shape: ['n'], help: 'cluster of each row (ties to the lower index)' },
  ],
  settings: [{ ...K, label: 'Clusters', max: 65_536, default: 8 }, ITERS, SEED],
  async run(gpu: Gpu, inputs, settings: ParamValues) {
    const x = readMatrix(inputs, 'x', 'n, d');
    const k = Number(settings.k ?? 8);
    const r = await kmeans(gpu, x.data, x.d, {
      k,
      iters: Number(settings.iters ?? ITERS.default),
      rng: createRng(Number(settings.seed ?? SEED.default)),
    });
    return { centroids: ndarray('float32', [k, x.d], r.centroids), assign: ndarray('int32', [x.rows], r.assign) };
  },
};

export const ivfSearchKernel: KernelEntry = {
  name: 'ivf-search',
  summary:
    'IVF-Flat: coarse quantiser of nlist lists (L2 k-means; spherical k-means for metric=ip, as FAISS IndexIVF), then search nprobe lists per query with a per-query top-k',
  inputs: BASE_QUERIES,
  outputs: NEIGHBOUR_SPECS,
  settings: [
    { key: 'nlist', label: 'Lists', kind: 'int', min: 1, max: 65_536, default: 16 },
    {
      key: 'nprobe',
      label: 'Lists probed per query',
      kind: 'int',
      min: 1,
      max: 65_536,
      default: 4,
      help: `≤ ${TOPK_MAX_K}, or ≥ nlist to probe all`,
    },
    K,
    SEED,
    ITERS,
    METRIC,
  ],
  async run(gpu: Gpu, inputs, settings: ParamValues) {
    const { base, queries } = baseAndQueries('ivf-search', inputs);
    const k = Number(settings.k ?? K.default);
    const r = await ivfSearch(gpu, base.data, queries.data, base.d, {
      nlist: Number(settings.nlist ?? 16),
      nprobe: Number(settings.nprobe ?? 4),
      k,
      iters: Number(settings.iters ?? ITERS.default),
      rng: createRng(Number(settings.seed ?? SEED.default)),
      metric: (settings.metric ?? 'l2') as Metric,
    });
    return neighbourOutputs(queries.rows, k, r);
  },
};
