import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { useNodeGpu } from '../../gpu/testing';
import { rowAllReduce } from './rowAllReduce';
import { rowAllReduceReference } from './rowAllReduce.reference';
import { FORWARD, expectClose, uniform } from './fixtures';

/** count output rows, each with K sources drawn from srcRows (some −1), dst a seeded permutation prefix. */
function lists(seed: number, count: number, K: number, srcRows: number, outRows: number) {
  const rng = createRng(seed);
  const index = Int32Array.from({ length: count * K }, () => (rng.int(4) === 0 ? -1 : rng.int(srcRows)));
  const perm = Array.from({ length: outRows }, (_, i) => i);
  for (let i = outRows - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return { index, dst: Uint32Array.from(perm.slice(0, count)) };
}

describe('rowAllReduce (GPU) vs the f64 reference', () => {
  const gpu = useNodeGpu();
  for (const { count, K, dim, srcRows, outRows } of [
    { count: 1, K: 1, dim: 1, srcRows: 1, outRows: 1 },
    { count: 3, K: 2, dim: 5, srcRows: 7, outRows: 4 },
    { count: 65, K: 3, dim: 1, srcRows: 97, outRows: 70 },
    { count: 13, K: 4, dim: 67, srcRows: 53, outRows: 17 },
  ]) {
    it(`count=${count} K=${K} dim=${dim} (average over K)`, async () => {
      const src = uniform(count + K, srcRows * dim);
      const out = uniform(dim, outRows * dim, 5, 6);
      const { index, dst } = lists(count * 31 + K, count, K, srcRows, outRows);
      const got = await rowAllReduce(gpu(), src, out, index, dst, dim, K, K);
      expectClose('out', got, rowAllReduceReference(src, out, index, dst, dim, K, K), FORWARD);
      // Rows not named in dst are untouched.
      const named = new Set(dst);
      for (let r = 0; r < outRows; r++)
        if (!named.has(r)) expect(got.subarray(r * dim, (r + 1) * dim)).toEqual(out.subarray(r * dim, (r + 1) * dim));
    });
  }

  it('K = 1 with divisor 1 copies rows exactly; a row with no source becomes zero', async () => {
    const dim = 3;
    const src = uniform(9, 5 * dim);
    const got = await rowAllReduce(gpu(), src, new Float32Array(4 * dim).fill(7), [4, -1, 0], [2, 0, 3], dim, 1, 1);
    expect(Array.from(got)).toEqual([0, 0, 0, 7, 7, 7, ...src.subarray(12, 15), ...src.subarray(0, 3)]);
  });

  it('sums in trainer order: the same f32 additions as a sequential loop', async () => {
    const dim = 2;
    const src = Float32Array.of(1e8, 1, 1, 3, -1e8, 0.5, 0.25, 2);
    const index = [0, 1, 2, 3];
    const got = await rowAllReduce(gpu(), src, new Float32Array(dim), index, [0], dim, 4, 1);
    const f = Math.fround;
    const seq = (c: number) => index.reduce((s, r) => f(s + src[r * dim + c]!), 0);
    expect(Array.from(got)).toEqual([seq(0), seq(1)]);
  });

  it('rejects repeated or out-of-range rows and a bad divisor', async () => {
    const s = new Float32Array(4);
    await expect(rowAllReduce(gpu(), s, s.slice(), [0, 1], [1, 1], 1, 1, 1)).rejects.toThrow(
      'output row 1 appears twice',
    );
    await expect(rowAllReduce(gpu(), s, s.slice(), [4], [0], 1, 1, 1)).rejects.toThrow('source row 4 is outside');
    await expect(rowAllReduce(gpu(), s, s.slice(), [0], [9], 1, 1, 1)).rejects.toThrow('output row 9 is outside');
    await expect(rowAllReduce(gpu(), s, s.slice(), [0], [0], 1, 1, 0)).rejects.toThrow('divisor 0');
  });
});
