import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { compareArrays, type Tolerance } from '../compare';
import { rmsNorm, rmsNormBackward } from './rmsNorm';
import { rmsNormBackwardReference, rmsNormReference } from './rmsNorm.reference';

const FORWARD: Tolerance = { atol: 1e-5, rtol: 1e-5 };
const BACKWARD: Tolerance = { atol: 1e-4, rtol: 1e-5 };

function expectClose(name: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance): void {
  const c = compareArrays(name, got, want, tol);
  expect(c.passed, `${name}: max |error| ${c.maxAbsError} > ${c.tolerance} (${c.detail})`).toBe(true);
}

function uniform(seed: number, n: number, lo = -1, hi = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(lo, hi));
}

describe('RMSNorm reference backward vs finite differences of the reference forward', () => {
  it('dx and dw match central differences of L = Σ y · g (T = 3, H = 5)', () => {
    const T = 3;
    const H = 5;
    const eps = 1e-3;
    const x = Array.from(uniform(1, T * H, -2, 2));
    const w = Array.from(uniform(2, H, 0.5, 1.5));
    const g = Array.from(uniform(3, T * H));
    const loss = (xs: number[], ws: number[]) =>
      rmsNormReference(xs, ws, T, H, eps).y.reduce((s, v, i) => s + v * g[i]!, 0);
    const { dx, dw } = rmsNormBackwardReference(g, x, w, T, H, eps);
    const h = 1e-6;
    const numeric = (v: number[], i: number, f: (p: number[]) => number) => {
      const plus = v.slice();
      const minus = v.slice();
      plus[i] = plus[i]! + h;
      minus[i] = minus[i]! - h;
      return (f(plus) - f(minus)) / (2 * h);
    };
    for (let i = 0; i < T * H; i++) {
      expect(Math.abs(dx[i]! - numeric(x, i, (p) => loss(p, w))), `dx[${i}]`).toBeLessThan(1e-7);
    }
    for (let j = 0; j < H; j++) {
      expect(Math.abs(dw[j]! - numeric(w, j, (p) => loss(x, p))), `dw[${j}]`).toBeLessThan(1e-7);
    }
  });
});

// Awkward shapes: one row, widths not multiples of 4 or of the 64-wide workgroup, a width equal to
// it, and a wide row that takes the 256-thread reduction.
describe('RMSNorm (GPU) vs the f64 reference', () => {
  const gpu = useNodeGpu();
  const cases = [
    { T: 1, H: 5, eps: 1e-5 },
    { T: 7, H: 33, eps: 1e-6 },
    { T: 7, H: 64, eps: 1e-5 },
    { T: 1, H: 1027, eps: 1e-5 },
  ];
  for (const { T, H, eps } of cases) {
    it(`forward and backward, T=${T} H=${H}`, async () => {
      const x = uniform(T * 100 + H, T * H, -3, 3);
      const w = uniform(H, H, 0.5, 1.5);
      const dy = uniform(T + H, T * H);
      const want = rmsNormReference(x, w, T, H, eps);
      const got = await rmsNorm(gpu(), x, w, { T, H }, eps);
      expectClose('y', got.y, want.y, FORWARD);
      expectClose('rstd', got.rstd, want.rstd, FORWARD);
      const wantGrad = rmsNormBackwardReference(dy, x, w, T, H, eps);
      const grad = await rmsNormBackward(gpu(), dy, x, w, got.rstd, { T, H });
      expectClose('dx', grad.dx, wantGrad.dx, BACKWARD);
      expectClose('dw', grad.dw, wantGrad.dw, BACKWARD);
    });
  }

  it('accumulates dw into the gradient already in the buffer (micro-batches)', async () => {
    const T = 7;
    const H = 33;
    const eps = 1e-5;
    const x = uniform(11, T * H, -2, 2);
    const w = uniform(12, H, 0.5, 1.5);
    const dy = uniform(13, T * H);
    const prior = uniform(14, H);
    const { rstd } = await rmsNorm(gpu(), x, w, { T, H }, eps);
    const want = rmsNormBackwardReference(dy, x, w, T, H, eps);
    const grad = await rmsNormBackward(gpu(), dy, x, w, rstd, { T, H }, { dw: prior });
    expectClose(
      'dw (accumulated)',
      grad.dw,
      want.dw.map((v, j) => v + prior[j]!),
      BACKWARD,
    );
    expectClose('dx', grad.dx, want.dx, BACKWARD);
  });

  it('rejects bad shapes with the shape in the message', async () => {
    const x = new Float32Array(10);
    await expect(rmsNorm(gpu(), x, new Float32Array(4), { T: 2, H: 5 }, 1e-5)).rejects.toThrow(UserInputError);
    await expect(rmsNorm(gpu(), x, new Float32Array(4), { T: 2, H: 5 }, 1e-5)).rejects.toThrow(
      /w has 4 values, expected \[H\] = \[5\]/,
    );
    await expect(rmsNorm(gpu(), x, new Float32Array(5), { T: 3, H: 5 }, 1e-5)).rejects.toThrow(
      /x has 10 values, expected \[T, H\] = \[3, 5\]/,
    );
    await expect(rmsNorm(gpu(), x, new Float32Array(5), { T: 0, H: 5 }, 1e-5)).rejects.toThrow(/\[0, 5\]/);
    await expect(rmsNorm(gpu(), x, new Float32Array(5), { T: 2, H: 5 }, -1)).rejects.toThrow(/eps=-1/);
  });
});
