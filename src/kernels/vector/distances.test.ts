import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { compareArrays } from '../compare';
import { pairwiseDistances, rowsPerBlock } from './distances';
import { DeviceLimitError } from '../../gpu/errors';
import type { Gpu } from '../../gpu/gpu';
import { pairwiseDistancesReference } from './distances.reference';

function random(seed: number, n: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

describe('tiled distance kernel vs CPU reference', () => {
  const gpu = useNodeGpu();
  // d not a multiple of 4 or of the 16-dim slab; M, N off the 64 tile; single rows.
  const shapes = [
    [1, 1, 1],
    [3, 70, 5],
    [65, 17, 33],
    [130, 64, 16],
    [7, 129, 3],
  ] as const;
  for (const metric of ['l2', 'ip'] as const) {
    for (const [M, N, d] of shapes) {
      it(`${metric} ${M}×${N}, d=${d}`, async () => {
        const a = random(M * 31 + d, M * d);
        const b = random(N * 17 + d + 1, N * d);
        const got = await pairwiseDistances(gpu(), a, b, { M, N, d }, metric);
        const check = compareArrays('distances', got, pairwiseDistancesReference(a, b, M, N, d, metric), {
          atol: 1e-5,
          rtol: 1e-5,
        });
        expect(check.passed, check.detail).toBe(true);
      });
    }
  }

  it('identical rows give bitwise-identical distances (ties stay exact ties)', async () => {
    const d = 7;
    const row = random(5, d);
    const b = new Float32Array(5 * d);
    for (let j = 0; j < 5; j++) b.set(row, j * d);
    const got = await pairwiseDistances(gpu(), random(6, 3 * d), b, { M: 3, N: 5, d });
    for (let i = 0; i < 3; i++) for (let j = 1; j < 5; j++) expect(got[i * 5 + j]).toBe(got[i * 5]);
    const self = await pairwiseDistances(gpu(), row, row, { M: 1, N: 1, d });
    expect(self[0]).toBe(0);
  });

  it('a perturbed result fails the comparison', async () => {
    const a = random(1, 4 * 9);
    const got = await pairwiseDistances(gpu(), a, a, { M: 4, N: 4, d: 9 });
    got[5]! += 1e-3;
    expect(compareArrays('d', got, pairwiseDistancesReference(a, a, 4, 4, 9), { atol: 1e-5, rtol: 1e-5 }).passed).toBe(
      false,
    );
  });

  it('refuses inconsistent sizes with a clear message', async () => {
    await expect(
      pairwiseDistances(gpu(), new Float32Array(5), new Float32Array(6), { M: 2, N: 3, d: 2 }),
    ).rejects.toThrow(UserInputError);
    await expect(
      pairwiseDistances(gpu(), new Float32Array(5), new Float32Array(6), { M: 2, N: 3, d: 2 }),
    ).rejects.toThrow(/A has 5 values, expected M×d = 4/);
  });
});

describe('distance block planning against device limits', () => {
  const fakeGpu = (maxBinding: number) =>
    ({ info: { limits: { maxStorageBufferBindingSize: maxBinding } } }) as unknown as Gpu;
  it('chunks rows to fit the binding limit', () => {
    expect(rowsPerBlock(fakeGpu(4000), 10, 'x')).toBe(100);
    expect(rowsPerBlock(fakeGpu(40), 10, 'x')).toBe(1);
  });
  it('names the limit when even one row does not fit', () => {
    expect(() => rowsPerBlock(fakeGpu(36), 10, 'k-NN over 10 base vectors')).toThrow(DeviceLimitError);
    expect(() => rowsPerBlock(fakeGpu(36), 10, 'k-NN over 10 base vectors')).toThrow(
      /k-NN over 10 base vectors: one row of 10 distances needs 40 but this device's maxStorageBufferBindingSize is 36/,
    );
  });
});
