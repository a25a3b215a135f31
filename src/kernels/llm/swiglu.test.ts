import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { compareArrays, type Tolerance } from '../compare';
import { swiglu, swigluBackward } from './swiglu';
import { swigluBackwardReference, swigluReference } from './swiglu.reference';

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

describe('SwiGLU reference backward vs finite differences of the reference forward', () => {
  it('dgate and dup match central differences of L = Σ h · g', () => {
    const n = 13;
    const gate = Array.from(uniform(1, n, -6, 6));
    const up = Array.from(uniform(2, n, -2, 2));
    const dh = Array.from(uniform(3, n));
    const loss = (gs: number[], us: number[]) => swigluReference(gs, us).reduce((s, v, i) => s + v * dh[i]!, 0);
    const { dgate, dup } = swigluBackwardReference(dh, gate, up);
    const h = 1e-6;
    const numeric = (v: number[], i: number, f: (p: number[]) => number) => {
      const plus = v.slice();
      const minus = v.slice();
      plus[i] = plus[i]! + h;
      minus[i] = minus[i]! - h;
      return (f(plus) - f(minus)) / (2 * h);
    };
    for (let i = 0; i < n; i++) {
      expect(Math.abs(dgate[i]! - numeric(gate, i, (p) => loss(p, up))), `dgate[${i}]`).toBeLessThan(1e-7);
      expect(Math.abs(dup[i]! - numeric(up, i, (p) => loss(gate, p))), `dup[${i}]`).toBeLessThan(1e-7);
    }
  });
});

describe('SwiGLU (GPU) vs the f64 reference', () => {
  const gpu = useNodeGpu();
  for (const { T, F } of [
    { T: 1, F: 11 },
    { T: 7, F: 11 },
  ]) {
    it(`forward and backward, T=${T} F=${F}`, async () => {
      const gate = uniform(T * 10 + F, T * F, -8, 8);
      const up = uniform(T + F, T * F, -2, 2);
      const dh = uniform(T * F, T * F);
      expectClose('h', await swiglu(gpu(), gate, up, { T, F }), swigluReference(gate, up), FORWARD);
      const got = await swigluBackward(gpu(), dh, gate, up, { T, F });
      const want = swigluBackwardReference(dh, gate, up);
      expectClose('dgate', got.dgate, want.dgate, BACKWARD);
      expectClose('dup', got.dup, want.dup, BACKWARD);
    });
  }

  it('is finite and accurate elementwise for large |gate| (no exp overflow)', async () => {
    const gate = Float32Array.from([-1e4, -1000, -104, -88, -20, -1e-3, 0, 1e-3, 20, 88, 104, 1000, 1e4]);
    const up = Float32Array.from(gate, (_, i) => 1 + i / 8);
    const dh = Float32Array.from(gate, (_, i) => 1 - i / 16);
    const F = gate.length;
    const h = await swiglu(gpu(), gate, up, { T: 1, F });
    const { dgate, dup } = await swigluBackward(gpu(), dh, gate, up, { T: 1, F });
    const wantH = swigluReference(gate, up);
    const want = swigluBackwardReference(dh, gate, up);
    const near = (got: number, w: number) => Math.abs(got - w) <= 1e-6 * Math.abs(w) + 1e-6;
    for (let i = 0; i < F; i++) {
      for (const [name, got, w] of [
        ['h', h[i]!, wantH[i]!],
        ['dgate', dgate[i]!, want.dgate[i]!],
        ['dup', dup[i]!, want.dup[i]!],
      ] as const) {
        expect(Number.isFinite(got), `${name}[${i}] (gate ${gate[i]}) = ${got}`).toBe(true);
        expect(near(got, w), `${name}[${i}] (gate ${gate[i]}): got ${got}, want ${w}`).toBe(true);
      }
    }
  });

  it('rejects inputs that do not match the shape', async () => {
    const a = new Float32Array(10);
    await expect(swiglu(gpu(), a, new Float32Array(9), { T: 2, F: 5 })).rejects.toThrow(UserInputError);
    await expect(swiglu(gpu(), a, new Float32Array(9), { T: 2, F: 5 })).rejects.toThrow(
      /up has 9 values, expected \[T, F\] = \[2, 5\] = 10/,
    );
    await expect(swigluBackward(gpu(), a, a, a, { T: 2, F: 0 })).rejects.toThrow(/\[2, 0\]/);
  });
});
