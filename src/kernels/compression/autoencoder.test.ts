// The autoencoder's products (the llm linear kernel) against the f64 reference on awkward shapes:
// T 7, 13; h 130, 5; a middle k and k = h; forward and backward. (Few shapes: each new one
// compiles more linear-kernel variants, slow on SwiftShader; the linear kernel's own awkward-shape
// tests are in src/kernels/llm/linear.test.ts.)
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { compareArrays } from '../compare';
import { autoencoderBackward, autoencoderRoundtrip, xavierUniform } from './autoencoder';
import { autoencoderBackwardReference, autoencoderForwardReference } from './autoencoder.reference';

describe('autoencoder', () => {
  const gpu = useNodeGpu();
  for (const [T, h, k] of [
    [7, 130, 17],
    [13, 5, 5],
  ] as const) {
    // The first shape builds the linear kernel's variants (slow on a busy SwiftShader).
    it(`T=${T}, h=${h}, k=${k}: forward and backward`, { timeout: 180_000 }, async () => {
      const rng = createRng(T + h + k);
      const y = Float32Array.from({ length: T * h }, () => rng.uniform(-1, 1));
      const dyhat = Float32Array.from({ length: T * h }, () => rng.uniform(-1, 1));
      const we = xavierUniform(k, h, 1);
      const wd = xavierUniform(h, k, 2);
      const got = await autoencoderRoundtrip(gpu(), y, we, wd, { T, h, k });
      const ref = autoencoderForwardReference(y, we, wd, T, h, k);
      const tol = { atol: 1e-5, rtol: 1e-4 };
      for (const [name, g, w] of [
        ['z', got.z, ref.z],
        ['ŷ', got.yhat, ref.yhat],
      ] as const) {
        const c = compareArrays(name, g, w, tol);
        expect(c.passed, c.detail).toBe(true);
      }
      const back = await autoencoderBackward(gpu(), y, we, wd, dyhat, { T, h, k });
      const bref = autoencoderBackwardReference(y, we, wd, dyhat, T, h, k);
      for (const [name, g, w] of [
        ['dy', back.dy, bref.dy],
        ['dW_e', back.dWe, bref.dWe],
        ['dW_d', back.dWd, bref.dWd],
      ] as const) {
        const c = compareArrays(name, g, w, { atol: 1e-4, rtol: 1e-4 });
        expect(c.passed, c.detail).toBe(true);
      }
    });
  }
  it('Xavier-uniform bounds and refusals', async () => {
    const w = xavierUniform(10, 30, 3);
    const a = Math.sqrt(6 / 40);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(a);
    await expect(
      autoencoderRoundtrip(gpu(), new Float32Array(4), new Float32Array(6), new Float32Array(6), { T: 2, h: 2, k: 3 }),
    ).rejects.toThrow(/k=3 is larger than the hidden width h=2/);
  });
});
