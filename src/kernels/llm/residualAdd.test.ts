// residualAdd on the GPU vs the f64 reference: one element, a size past one workgroup that is not
// a multiple of 64, and refusals.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { compareArrays } from '../compare';
import { residualAdd } from './residualAdd';
import { residualAddReference } from './residualAdd.reference';

describe('residualAdd', () => {
  const gpu = useNodeGpu();
  for (const n of [1, 131]) {
    it(`n = ${n}`, async () => {
      const rng = createRng(n);
      const x = Float32Array.from({ length: n }, () => rng.uniform(-2, 2));
      const y = Float32Array.from({ length: n }, () => rng.uniform(-2, 2));
      const check = compareArrays('y + x', await residualAdd(gpu(), x, y), residualAddReference(x, y), {
        atol: 1e-6,
        rtol: 1e-6,
      });
      expect(check.passed, check.detail).toBe(true);
    });
  }
  it('refuses mismatched lengths', async () => {
    await expect(residualAdd(gpu(), new Float32Array(2), new Float32Array(3))).rejects.toThrow(
      /x has 2 values, y has 3/,
    );
  });
});
