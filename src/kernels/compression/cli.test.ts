// The compression family's kernel-CLI entries: outputs equal the references (x̂, packed uint8
// bytes, scales; top-k / rand-k values and indices), registered by name, .npy round trip of the
// uint8 output, and bad input refused with clear messages before any GPU work.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import type { Gpu } from '../../gpu/gpu';
import { ndarray } from '../../data/ndarray';
import { encodeNpy, parseNpy } from '../../data/npy';
import { createRng } from '../../data/pcg32';
import { findKernel } from '../registry';
import { quantizeRoundtripKernel, randkCompressKernel, topkCompressKernel } from './cli';
import { quantizeReference } from './quantize.reference';
import { sparsifyReference } from './sparsify.reference';

const noGpu = {} as Gpu; // validation must fail before any GPU call

function matrix(rows: number, h: number, seed = 1) {
  const rng = createRng(seed);
  // Values on a 1/64 grid of a power-of-two range: exact divisions, so codes match exactly.
  return ndarray(
    'float32',
    [rows, h],
    Float32Array.from({ length: rows * h }, () => Math.round(rng.uniform(-64, 64)) / 64),
  );
}

describe('compression kernel CLI entries: validation', () => {
  it('refuses bits outside {2, 4, 8}, bad k and wrong shapes with clear messages', async () => {
    await expect(quantizeRoundtripKernel.run(noGpu, { x: matrix(3, 4) }, { bits: 3 })).rejects.toThrow(
      /bits=3 must be 2, 4 or 8/,
    );
    await expect(quantizeRoundtripKernel.run(noGpu, { x: ndarray('float32', [6]) }, { bits: 8 })).rejects.toThrow(
      /x has shape \[6\], expected \[rows, h\]/,
    );
    await expect(quantizeRoundtripKernel.run(noGpu, { x: ndarray('int32', [2, 2]) }, {})).rejects.toThrow(
      /x is int32, expected float32/,
    );
    await expect(topkCompressKernel.run(noGpu, { x: matrix(3, 4) }, { k: 13 })).rejects.toThrow(
      /k=13 is larger than the tensor's 12 elements/,
    );
    await expect(randkCompressKernel.run(noGpu, { x: matrix(3, 4) }, { k: 0 })).rejects.toThrow(
      /k=0 must be an integer ≥ 1/,
    );
    const nan = matrix(2, 2);
    nan.data[3] = NaN;
    await expect(topkCompressKernel.run(noGpu, { x: nan }, { k: 1 })).rejects.toThrow(
      /non-finite value \(NaN\) at flat index 3/,
    );
    await expect(topkCompressKernel.run(noGpu, {}, { k: 1 })).rejects.toThrow(/missing input x/);
  });
  it('is registered', () => {
    for (const name of ['quantize-roundtrip', 'topk-compress', 'randk-compress'])
      expect(findKernel(name)?.name).toBe(name);
  });
});

describe('compression kernel CLI entries on the GPU', () => {
  const gpu = useNodeGpu();
  it('quantize-roundtrip: x̂, packed uint8 and scales equal the reference (4 bits, h = 5)', async () => {
    const x = matrix(7, 5, 3);
    const out = await quantizeRoundtripKernel.run(gpu(), { x }, { bits: 4 });
    const ref = quantizeReference(x.data, 7, 5, 4);
    expect(out.packed!.dtype).toBe('uint8');
    expect(out.packed!.shape).toEqual([7, 3]);
    expect(Array.from(out.packed!.data)).toEqual(Array.from(ref.packed));
    expect(Array.from(out.scale!.data)).toEqual(Array.from(ref.scale));
    expect(Array.from(out.xhat!.data)).toEqual(Array.from(ref.xhat));
    const back = parseNpy(encodeNpy(out.packed!));
    expect(back.dtype).toBe('uint8');
    expect(Array.from(back.data)).toEqual(Array.from(ref.packed));
  });
  it('topk-compress and randk-compress equal the reference', async () => {
    const x = matrix(33, 7, 4);
    const top = await topkCompressKernel.run(gpu(), { x }, { k: 50 });
    const want = sparsifyReference(x.data, 50, 'topk');
    expect(Array.from(top.indices!.data)).toEqual(Array.from(want.indices));
    expect(Array.from(top.values!.data)).toEqual(Array.from(want.values));
    const rand = await randkCompressKernel.run(gpu(), { x: ndarray('float32', [231], x.data) }, { k: 20, seed: 9 });
    const wantR = sparsifyReference(x.data, 20, 'randk', 9);
    expect(Array.from(rand.indices!.data)).toEqual(Array.from(wantR.indices));
  });
});
