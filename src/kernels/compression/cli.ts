// Kernel-CLI entries for the activation compressors, so PyTorch users can check them against the
// MCBench code on their own tensors: `quantize-roundtrip` (x̂, the packed uint8 codes and the
// per-channel scales of x [rows, h]), `topk-compress` (the k largest |x|, ties to the lower index)
// and `randk-compress` (k seeded-random distinct positions). Sparse outputs are in ascending
// index order (torch.topk sorts by value instead: sort both sides before comparing).
import type { Gpu } from '../../gpu/gpu';
import { ndarray, type NdArray } from '../../data/ndarray';
import { assertValidParams, UserInputError, type NumberParam, type ParamSpec, type ParamValues } from '../../core';
import type { KernelEntry, TensorSpec } from '../types';
import { assertBits, packedBytesPerRow, quantizeRoundtrip } from './quantize';
import { assertSparsifyShape, sparsify, type SparsifyMode } from './sparsify';

const BITS: NumberParam = {
  key: 'bits',
  label: 'Bits',
  kind: 'int',
  min: 1,
  max: 32,
  default: 8,
  help: '2, 4 or 8 bits per value (packed 4, 2 or 1 per byte)',
};
const K: NumberParam = {
  key: 'k',
  label: 'Kept elements',
  kind: 'int',
  min: 0,
  max: 2 ** 31 - 1,
  default: 1,
  help: 'elements kept out of the whole tensor (1 ≤ k ≤ its size)',
};
const SEED: NumberParam = {
  key: 'seed',
  label: 'Seed',
  kind: 'int',
  min: 0,
  max: 0xffffffff,
  default: 0,
  help: 'positions = the k largest pcg_hash(pcg_hash(seed) ^ i)',
};

const X_MATRIX: TensorSpec = {
  name: 'x',
  dtype: 'float32',
  shape: ['rows', 'h'],
  help: 'activations, every dimension but the hidden one flattened into rows',
};
const X_ANY: TensorSpec = {
  name: 'x',
  dtype: 'float32',
  shape: ['rows', 'h'],
  optionalLeadingDims: 1,
  help: 'any tensor, flattened (row-major)',
};

/** Input x as float32 with finite values and the expected rank(s). */
function readX(
  entry: string,
  inputs: Record<string, NdArray>,
  ranks: number[],
): { data: Float32Array; shape: number[] } {
  const t = inputs.x;
  if (!t) throw new UserInputError(`${entry}: missing input x float32 [rows, h]`);
  if (t.dtype !== 'float32') throw new UserInputError(`${entry}: x is ${t.dtype}, expected float32`);
  if (!ranks.includes(t.shape.length))
    throw new UserInputError(
      `${entry}: x has shape [${t.shape.join(', ')}], expected ${ranks.map((r) => (r === 2 ? '[rows, h]' : '[n]')).join(' or ')}`,
    );
  if (t.shape.some((d) => d < 1))
    throw new UserInputError(`${entry}: x has an empty dimension [${t.shape.join(', ')}]`);
  const data = t.data as Float32Array;
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i]!))
      throw new UserInputError(`${entry}: x has a non-finite value (${data[i]}) at flat index ${i}`);
  return { data, shape: t.shape };
}

export const quantizeRoundtripKernel: KernelEntry = {
  name: 'quantize-roundtrip',
  summary: 'b-bit quantise + dequantise with per-hidden-channel max scaling (MCBench quantize.py; round half to even)',
  inputs: [X_MATRIX],
  outputs: [
    { name: 'xhat', dtype: 'float32', shape: ['rows', 'h'], help: 'dequantised x' },
    {
      name: 'packed',
      dtype: 'uint8',
      shape: ['rows', 'ceil(h / (8 / bits))'],
      help: 'codes q + 2^(b−1); byte j holds channels j, m + j, … (first in the high bits), m = bytes per row',
    },
    { name: 'scale', dtype: 'float32', shape: ['h'], help: 'max |x| per channel' },
  ],
  settings: [BITS],
  async run(gpu: Gpu, inputs, settings: ParamValues) {
    const s = assertValidParams([BITS] as ParamSpec[], settings);
    const bits = Number(s.bits);
    assertBits('quantize-roundtrip', bits);
    const x = readX('quantize-roundtrip', inputs, [2]);
    const [rows, h] = x.shape as [number, number];
    const r = await quantizeRoundtrip(gpu, x.data, { rows, h, bits });
    return {
      xhat: ndarray('float32', [rows, h], r.xhat),
      packed: ndarray('uint8', [rows, packedBytesPerRow(h, bits)], r.packed),
      scale: ndarray('float32', [h], r.scale),
    };
  },
};

function sparsifyEntry(name: string, mode: SparsifyMode, summary: string): KernelEntry {
  const settings: ParamSpec[] = mode === 'topk' ? [K] : [K, SEED];
  return {
    name,
    summary,
    inputs: [X_ANY],
    outputs: [
      { name: 'values', dtype: 'float32', shape: ['k'], help: 'the kept values, in ascending index order' },
      { name: 'indices', dtype: 'int32', shape: ['k'], help: 'their flat (row-major) indices, ascending' },
    ],
    settings,
    async run(gpu: Gpu, inputs, values: ParamValues) {
      const s = assertValidParams(settings, values);
      const k = Number(s.k);
      const x = readX(name, inputs, [1, 2]);
      assertSparsifyShape(name, { n: x.data.length, k });
      const r = await sparsify(gpu, x.data, k, mode, Number(s.seed ?? 0));
      return { values: ndarray('float32', [k], r.values), indices: ndarray('int32', [k], r.indices) };
    },
  };
}

export const topkCompressKernel = sparsifyEntry(
  'topk-compress',
  'topk',
  'the k largest |x| of the flattened tensor (radix select; ties to the lower index)',
);
export const randkCompressKernel = sparsifyEntry(
  'randk-compress',
  'randk',
  'k distinct seeded-random positions of the flattened tensor (PCG hash keys, radix select)',
);
