// Top-k and rand-k on dawn.node against the sorting reference: flat sizes from [rows, h] with rows
// 1, 7, 33 and h 5, 64, 130 (1 to 4290 elements: one and several histogram workgroups and
// compaction blocks), k = 1, a middle k and k = n, inputs with many tied magnitudes (ties go to
// the lower index), an all-zero tensor, rand-k distinct and reproducible per seed, and refusals.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { sparsify, type SparsifyMode } from './sparsify';
import { sparsifyReference } from './sparsify.reference';

/** Values on a coarse grid with both signs, so many |x| tie. */
function tiedValues(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => Math.round(rng.uniform(-8, 8)) / 4);
}

describe('sparsify', () => {
  const gpu = useNodeGpu();
  const sizes = [
    [1, 5],
    [7, 130],
    [33, 64],
    [33, 130],
  ] as const;
  for (const mode of ['topk', 'randk'] as SparsifyMode[]) {
    for (const [rows, h] of sizes) {
      const n = rows * h;
      for (const k of new Set([1, Math.max(1, Math.floor(n / 3)), n])) {
        it(`${mode} k=${k} of [${rows}, ${h}]`, async () => {
          const x = tiedValues(n, n + k);
          const got = await sparsify(gpu(), x, k, mode, 17);
          const want = sparsifyReference(x, k, mode, 17);
          expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
          expect(Array.from(got.values)).toEqual(Array.from(want.values));
        });
      }
    }
  }

  it('top-k of an all-zero tensor keeps the lowest indices', async () => {
    const got = await sparsify(gpu(), new Float32Array(3000), 5, 'topk');
    expect(Array.from(got.indices)).toEqual([0, 1, 2, 3, 4]);
  });

  it('rand-k: distinct positions, the same for a seed, different for another', async () => {
    const x = Float32Array.from({ length: 2000 }, (_, i) => i);
    const a = await sparsify(gpu(), x, 300, 'randk', 1);
    const b = await sparsify(gpu(), x, 300, 'randk', 1);
    const c = await sparsify(gpu(), x, 300, 'randk', 2);
    expect(new Set(a.indices).size).toBe(300);
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.indices)).not.toEqual(Array.from(c.indices));
    expect(Array.from(a.values)).toEqual(Array.from(a.indices));
  });

  it('refuses k < 1, k > n and a non-integer k', async () => {
    await expect(sparsify(gpu(), new Float32Array(4), 0, 'topk')).rejects.toThrow(/k=0 must be an integer ≥ 1/);
    await expect(sparsify(gpu(), new Float32Array(4), 5, 'randk')).rejects.toThrow(/k=5 is larger than the tensor's 4/);
    await expect(sparsify(gpu(), new Float32Array(4), 1.5, 'topk')).rejects.toThrow(/k=1.5/);
  });
});
