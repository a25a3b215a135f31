// Kernel-CLI entries for the graph kernels. The kernel CLI reads only .npy files, so a graph is
// given as its CSR pair (indptr int32 [n+1], indices int32 [nnz]); to start from an edge list,
// build the CSR with numpy/scipy (scipy.sparse.csr_matrix(...).indptr/.indices) first.
// Row i of the CSR lists the OUT-neighbours of i, and spmm row i aggregates exactly those.
import type { Gpu } from '../../gpu/gpu';
import { ndarray, type NdArray } from '../../data/ndarray';
import { GraphFormatError, validateCsr, type Csr } from '../../data/graphs/csr';
import { UserInputError, type NumberParam } from '../../core';
import { spmm } from './spmm';
import { sampleNeighbors } from './sampleNeighbors';
import { MAX_FANOUT } from './sampleNeighbors.reference';
import type { KernelEntry, TensorSpec } from '../types';

const CSR_INPUTS: TensorSpec[] = [
  {
    name: 'indptr',
    dtype: 'int32',
    shape: ['n+1'],
    help: 'CSR row pointers: row i is indices[indptr[i]:indptr[i+1]], the out-neighbours of i',
  },
  {
    name: 'indices',
    dtype: 'int32',
    shape: ['nnz'],
    help: 'neighbour ids in [0, n); duplicates and self-loops are kept',
  },
];

function tensor(inputs: Record<string, NdArray>, name: string, dtype: 'int32' | 'float32', rank: number): NdArray {
  const t = inputs[name];
  if (!t) throw new UserInputError(`missing input ${name}`);
  if (t.dtype !== dtype) throw new UserInputError(`${name} is ${t.dtype}, expected ${dtype}`);
  if (t.shape.length !== rank)
    throw new UserInputError(`${name} has shape [${t.shape.join(', ')}], expected a ${rank}-D array`);
  return t;
}

export function readCsr(inputs: Record<string, NdArray>): Csr {
  const indptr = tensor(inputs, 'indptr', 'int32', 1).data as Int32Array;
  const indices = tensor(inputs, 'indices', 'int32', 1).data as Int32Array;
  if (indptr.length < 1) throw new UserInputError('indptr is empty; it needs n+1 ≥ 1 entries');
  const g = { numNodes: indptr.length - 1, indptr, indices };
  try {
    validateCsr(g, 'CSR');
  } catch (e) {
    if (e instanceof GraphFormatError) throw new UserInputError(e.message);
    throw e;
  }
  return g;
}

function spmmEntry(mode: 'sum' | 'mean'): KernelEntry {
  return {
    name: `spmm-${mode}`,
    summary: `out[i] = ${mode} of x[j] over the out-neighbours j of i (CSR row i; ${mode === 'mean' ? 'rows with no neighbours give 0' : 'duplicates count twice'})`,
    inputs: [...CSR_INPUTS, { name: 'x', dtype: 'float32', shape: ['n', 'd'] }],
    outputs: [{ name: 'out', dtype: 'float32', shape: ['n', 'd'] }],
    settings: [],
    async run(gpu: Gpu, inputs) {
      const g = readCsr(inputs);
      const x = tensor(inputs, 'x', 'float32', 2);
      if (x.shape[0] !== g.numNodes)
        throw new UserInputError(
          `x has ${x.shape[0]} rows but the CSR has n = ${g.numNodes} nodes (indptr length − 1); expected x [${g.numNodes}, d]`,
        );
      const d = x.shape[1]!;
      return { out: ndarray('float32', [g.numNodes, d], await spmm(gpu, g, x.data as Float32Array, d, mode)) };
    },
  };
}

export const spmmMeanKernel = spmmEntry('mean');
export const spmmSumKernel = spmmEntry('sum');

const FANOUT: NumberParam = {
  key: 'fanout',
  label: 'Fanout',
  kind: 'int',
  min: 1,
  max: MAX_FANOUT,
  default: 10,
  help: 'neighbours drawn per seed without replacement (all of them when the degree is smaller)',
};
const SEED: NumberParam = {
  key: 'seed',
  label: 'Random seed',
  kind: 'int',
  min: 0,
  max: 4294967295,
  default: 0,
  help: 'keys the PCG hash stream per (seed, node); the same seed reproduces the sample exactly',
};

export const sampleNeighborsKernel: KernelEntry = {
  name: 'sample-neighbors',
  summary: "up to `fanout` distinct CSR entries per seed, without replacement (Floyd's algorithm, PCG hash RNG)",
  inputs: [
    ...CSR_INPUTS,
    { name: 'seeds', dtype: 'int32', shape: ['S'], help: 'node ids to sample for (repeats allowed)' },
  ],
  outputs: [
    {
      name: 'neighbors',
      dtype: 'int32',
      shape: ['S', 'fanout'],
      help: "sampled neighbour ids, −1 past each seed's count",
    },
    { name: 'counts', dtype: 'int32', shape: ['S'], help: 'min(fanout, degree) per seed' },
  ],
  settings: [FANOUT, SEED],
  async run(gpu, inputs, settings) {
    const g = readCsr(inputs);
    const seeds = tensor(inputs, 'seeds', 'int32', 1).data as Int32Array;
    const fanout = settings.fanout as number;
    const r = await sampleNeighbors(gpu, g, seeds, fanout, settings.seed as number);
    return {
      neighbors: ndarray('int32', [seeds.length, fanout], r.neighbors),
      counts: ndarray('int32', [seeds.length], r.counts),
    };
  },
};
