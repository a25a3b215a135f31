import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { rowTopK } from './topk';
import { rowTopKReference } from './topk.reference';

function randomRows(seed: number, rows: number, n: number, levels = 0): Float32Array {
  const rng = createRng(seed);
  // levels > 0 quantises the values so that many exact ties occur.
  return Float32Array.from({ length: rows * n }, () => (levels ? rng.int(levels) : rng.uniform(0, 10)));
}

describe('GPU top-k vs CPU reference', () => {
  const gpu = useNodeGpu();
  const cases = [
    { rows: 1, n: 1, k: 1 },
    { rows: 3, n: 5, k: 8 }, // k > n: padding
    { rows: 4, n: 1000, k: 100 }, // long rows, many merges
    { rows: 2, n: 300, k: 128 }, // largest k
    { rows: 5, n: 129, k: 10 },
    { rows: 70, n: 65, k: 3 },
  ];
  for (const { rows, n, k } of cases) {
    it(`rows=${rows} n=${n} k=${k}`, async () => {
      const d = randomRows(rows * 1000 + n + k, rows, n);
      const got = await rowTopK(gpu(), d, rows, n, k);
      const want = rowTopKReference(d, rows, n, k);
      expect(Array.from(got.ids)).toEqual(Array.from(want.ids));
      expect(Array.from(got.dist)).toEqual(Array.from(want.dist, (v) => Math.fround(v)));
    });
  }

  it('ties (duplicates) resolve to the lower id, in ascending id order', async () => {
    const rows = 3,
      n = 500,
      k = 50;
    const d = randomRows(9, rows, n, 4); // values 0..3: hundreds of exact ties per row
    const got = await rowTopK(gpu(), d, rows, n, k);
    const want = rowTopKReference(d, rows, n, k);
    expect(Array.from(got.ids)).toEqual(Array.from(want.ids));
    const allEqual = await rowTopK(gpu(), new Float32Array(200).fill(1), 1, 200, 20);
    expect(Array.from(allEqual.ids)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('pads rows shorter than k with id -1 and +Infinity', async () => {
    const got = await rowTopK(gpu(), Float32Array.from([3, 1, 2]), 1, 3, 5);
    expect(Array.from(got.ids)).toEqual([1, 2, 0, -1, -1]);
    expect(Array.from(got.dist)).toEqual([1, 2, 3, Infinity, Infinity]);
  });

  it('refuses k outside [1, 128]', async () => {
    await expect(rowTopK(gpu(), new Float32Array(4), 1, 4, 0)).rejects.toThrow(/k=0 must be an integer in \[1, 128\]/);
    await expect(rowTopK(gpu(), new Float32Array(4), 1, 4, 129)).rejects.toThrow(/k=129/);
  });
});
