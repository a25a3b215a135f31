// Kernel-CLI entries for the recommendation kernels (`npm run kernel -- <name>`): EmbeddingBag
// forward and its sparse backward (bags as PyTorch's nn.EmbeddingBag(mode="sum") with offsets),
// and the exclusive scan the GPU slot cache assigns free slots with.
import { ndarray, type NdArray } from '../../data/ndarray';
import { UserInputError } from '../../core';
import type { KernelEntry, TensorSpec } from '../types';
import { embeddingBag } from './embeddingBag';
import { embeddingBagBackward } from './embeddingBagBackward';
import { exclusiveScan } from './exclusiveScan';

function tensor(inputs: Record<string, NdArray>, name: string, dtype: 'int32' | 'float32', rank: number): NdArray {
  const t = inputs[name];
  if (!t) throw new UserInputError(`missing input ${name}`);
  if (t.dtype !== dtype) throw new UserInputError(`${name} is ${t.dtype}, expected ${dtype}`);
  if (t.shape.length !== rank)
    throw new UserInputError(`${name} has shape [${t.shape.join(', ')}], expected a ${rank}-D array`);
  return t;
}

const BAG_INPUTS: TensorSpec[] = [
  { name: 'ids', dtype: 'int32', shape: ['nnz'], help: 'row ids of all bags, bag after bag' },
  {
    name: 'offsets',
    dtype: 'int32',
    shape: ['bags+1'],
    help: "bag b is ids[offsets[b]:offsets[b+1]]; offsets[0] = 0 and the last is nnz (PyTorch's include_last_offset)",
  },
];

export const embeddingBagKernel: KernelEntry = {
  name: 'embedding-bag',
  summary: 'EmbeddingBag forward, mode sum: out[b] = Σ table[ids[j]] over bag b (an empty bag gives 0)',
  inputs: [{ name: 'table', dtype: 'float32', shape: ['rows', 'd'] }, ...BAG_INPUTS],
  outputs: [{ name: 'out', dtype: 'float32', shape: ['bags', 'd'] }],
  settings: [],
  async run(gpu, inputs) {
    const table = tensor(inputs, 'table', 'float32', 2);
    const ids = tensor(inputs, 'ids', 'int32', 1).data as Int32Array;
    const offsets = tensor(inputs, 'offsets', 'int32', 1).data as Int32Array;
    const d = table.shape[1]!;
    if (table.shape[0]! < 1 || d < 1)
      throw new UserInputError(`table has shape [${table.shape.join(', ')}], expected [rows ≥ 1, d ≥ 1]`);
    const out = await embeddingBag(gpu, table.data as Float32Array, d, ids, offsets);
    return { out: ndarray('float32', [offsets.length - 1, d], out) };
  },
};

export const embeddingBagBackwardKernel: KernelEntry = {
  name: 'embedding-bag-backward',
  summary:
    'EmbeddingBag sparse backward, mode sum: the distinct rows the bags used (ascending) and their gradients Σ dOut[bag]',
  inputs: [
    { name: 'dOut', dtype: 'float32', shape: ['bags', 'd'], help: 'gradient of the pooled output' },
    ...BAG_INPUTS,
  ],
  outputs: [
    { name: 'rows', dtype: 'int32', shape: ['G'], help: 'the G distinct row ids, ascending' },
    { name: 'grad', dtype: 'float32', shape: ['G', 'd'], help: 'gradient of each of those rows' },
  ],
  settings: [],
  async run(gpu, inputs) {
    const dOut = tensor(inputs, 'dOut', 'float32', 2);
    const ids = tensor(inputs, 'ids', 'int32', 1).data as Int32Array;
    const offsets = tensor(inputs, 'offsets', 'int32', 1).data as Int32Array;
    const d = dOut.shape[1]!;
    if (dOut.shape[0] !== offsets.length - 1)
      throw new UserInputError(
        `dOut has ${dOut.shape[0]} rows but offsets describes ${offsets.length - 1} bags; expected dOut [bags, d]`,
      );
    let rows = 1;
    for (const x of ids) if (x + 1 > rows) rows = x + 1;
    const r = await embeddingBagBackward(gpu, dOut.data as Float32Array, d, ids, offsets, rows);
    return {
      rows: ndarray('int32', [r.rows.length], Int32Array.from(r.rows)),
      grad: ndarray('float32', [r.rows.length, d], r.grad),
    };
  },
};

export const exclusiveScanKernel: KernelEntry = {
  name: 'exclusive-scan',
  summary: 'exclusive prefix sum: out[i] = Σ values[j] for j < i, i = 0..n (out[n] is the total)',
  inputs: [{ name: 'values', dtype: 'int32', shape: ['n'], help: 'non-negative counts (e.g. a 0/1 mask)' }],
  outputs: [{ name: 'out', dtype: 'int32', shape: ['n+1'] }],
  settings: [],
  async run(gpu, inputs) {
    const values = tensor(inputs, 'values', 'int32', 1).data as Int32Array;
    let total = 0;
    for (let i = 0; i < values.length; i++) {
      if (values[i]! < 0) throw new UserInputError(`values[${i}] = ${values[i]} is negative; counts must be ≥ 0`);
      total += values[i]!;
    }
    if (total > 2 ** 31 - 1) throw new UserInputError(`the total ${total} does not fit in int32`);
    const out = await exclusiveScan(gpu, Uint32Array.from(values));
    return { out: ndarray('int32', [values.length + 1], Int32Array.from(out)) };
  },
};
