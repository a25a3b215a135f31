import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import type { Gpu } from '../../gpu/gpu';
import { ndarray } from '../../data/ndarray';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { ivfSearchKernel, kmeansKernel, knnKernel } from './cli';

const noGpu = {} as Gpu; // validation must fail before any GPU call

function matrix(rows: number, d: number, seed = 1) {
  const rng = createRng(seed);
  return ndarray(
    'float32',
    [rows, d],
    Float32Array.from({ length: rows * d }, () => rng.uniform(-1, 1)),
  );
}

describe('vector-search kernel CLI entries: input validation', () => {
  it('refuses NaN, wrong rank and mismatched dimensions with clear messages', async () => {
    const nan = matrix(3, 4);
    nan.data[5] = NaN;
    await expect(knnKernel.run(noGpu, { base: matrix(5, 4), queries: nan }, {})).rejects.toThrow(
      /queries has a non-finite value \(NaN\) at row 1, column 1/,
    );
    await expect(knnKernel.run(noGpu, { base: matrix(5, 4), queries: matrix(2, 3) }, {})).rejects.toThrow(
      /queries have d=3 but base has d=4; expected queries \[q, 4\]/,
    );
    await expect(kmeansKernel.run(noGpu, { x: ndarray('float32', [6]) }, {})).rejects.toThrow(
      /x has shape \[6\], expected 2-D \[n, d\]/,
    );
    await expect(
      ivfSearchKernel.run(noGpu, { base: ndarray('int32', [2, 2]), queries: matrix(1, 2) }, {}),
    ).rejects.toThrow(UserInputError);
  });
});

describe('vector-search kernel CLI entries on the GPU', () => {
  const gpu = useNodeGpu();
  it('ivf-search probing every list returns the exact k-NN', async () => {
    const base = matrix(120, 5, 2);
    const queries = matrix(6, 5, 3);
    const exact = await knnKernel.run(gpu(), { base, queries }, { k: 7 });
    const ivf = await ivfSearchKernel.run(gpu(), { base, queries }, { nlist: 6, nprobe: 6, k: 7, iters: 3, seed: 1 });
    expect(ivf.ids!.shape).toEqual([6, 7]);
    expect(Array.from(ivf.ids!.data)).toEqual(Array.from(exact.ids!.data));
  });
  it('kmeans returns k centroids and an assignment per row', async () => {
    const out = await kmeansKernel.run(gpu(), { x: matrix(50, 3, 4) }, { k: 4, iters: 3, seed: 9 });
    expect(out.centroids!.shape).toEqual([4, 3]);
    expect(out.assign!.shape).toEqual([50]);
    expect(Math.max(...out.assign!.data)).toBeLessThan(4);
  });
});
