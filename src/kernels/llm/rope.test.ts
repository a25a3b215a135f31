import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { compareArrays, type Tolerance } from '../compare';
import { rope, ropeInvFreq } from './rope';
import { ropeReference } from './rope.reference';

const F32_EPS = 2 ** -24; // unit roundoff of f32
/**
 * Against the reference that forms the angle in f32 as HF does, only the shader's cos / sin
 * (reduction + polynomials, ≲ 1e-7) and the rotation's rounding remain: ~1e-7 observed.
 */
const SAME_ANGLE: Tolerance = { atol: 1e-6, rtol: 1e-6 };

function expectClose(name: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance): void {
  const c = compareArrays(name, got, want, tol);
  expect(c.passed, `${name}: max |error| ${c.maxAbsError} > ${c.tolerance} (${c.detail})`).toBe(true);
}

function uniform(seed: number, n: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

/**
 * got vs the exact (f64-angle) rotation, pair by pair. The f32 angle differs from the exact one by
 * at most |a| · (ln θ · 2i/d + 3) · 2^-24: the exponent 2i/d rounded to f32 (relative error
 * 2^-24, which θ^(−e) turns into ln θ · e · 2^-24), the power, the reciprocal and the product
 * pos · inv_freq each rounded once more. Rotating a pair by Δa moves it by at most |Δa| times its
 * norm; 1e-6 · norm + 1e-7 more covers the shader's cos / sin (≲ 1e-7) and the rotation's rounding.
 */
function expectNearExact(
  name: string,
  got: Float32Array,
  x: Float32Array,
  rowPos: Uint32Array,
  heads: number,
  d: number,
  theta: number,
  inverse: boolean,
): void {
  const want = ropeReference(x, rowPos, rowPos.length, heads, d, theta, { inverse });
  const half = d / 2;
  for (let t = 0; t < rowPos.length; t++) {
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < half; i++) {
        const a = rowPos[t]! * Math.pow(theta, (-2 * i) / d);
        const b = (t * heads + h) * d + i;
        const norm = Math.hypot(x[b]!, x[b + half]!);
        const tol = (a * (Math.log(theta) * ((2 * i) / d) + 3) * F32_EPS + 1e-6) * norm + 1e-7;
        const err = Math.hypot(got[b]! - want[b]!, got[b + half]! - want[b + half]!);
        expect(err, `${name}: row ${t} (pos ${rowPos[t]}) head ${h} pair ${i}, angle ${a}`).toBeLessThanOrEqual(tol);
      }
    }
  }
}

describe('RoPE reference', () => {
  it('pins the rotate-half convention: pair (i, i + d/2), angle pos · theta^(−2i/d)', () => {
    // d = 4, theta = 100: inv_freq = [1, 0.1]; pairs are (0, 2) and (1, 3), not (0, 1) and (2, 3).
    const out = ropeReference([1, 2, 3, 4], [1], 1, 1, 4, 100);
    const [c0, s0, c1, s1] = [Math.cos(1), Math.sin(1), Math.cos(0.1), Math.sin(0.1)];
    const want = [1 * c0 - 3 * s0, 2 * c1 - 4 * s1, 3 * c0 + 1 * s0, 4 * c1 + 2 * s1];
    for (let j = 0; j < 4; j++) expect(out[j]).toBeCloseTo(want[j]!, 14);
  });

  it('inverse is the backward pass: it matches finite differences of L = Σ rope(x) · g', () => {
    const [T, heads, d, theta] = [2, 3, 6, 10000];
    const rowPos = [5, 11];
    const x = Array.from(uniform(1, T * heads * d));
    const g = Array.from(uniform(2, T * heads * d));
    const loss = (v: number[]) => ropeReference(v, rowPos, T, heads, d, theta).reduce((s, y, j) => s + y * g[j]!, 0);
    const grad = ropeReference(g, rowPos, T, heads, d, theta, { inverse: true });
    const h = 1e-6;
    for (let j = 0; j < x.length; j++) {
      const plus = x.slice();
      const minus = x.slice();
      plus[j] = plus[j]! + h;
      minus[j] = minus[j]! - h;
      expect(Math.abs(grad[j]! - (loss(plus) - loss(minus)) / (2 * h)), `dx[${j}]`).toBeLessThan(1e-8);
    }
  });
});

describe('RoPE (GPU) vs the reference', () => {
  const gpu = useNodeGpu();
  const range = (from: number, n: number) => Uint32Array.from({ length: n }, (_, i) => from + i);
  const cases = [
    { T: 1, nHeads: 4, nKvHeads: 2, d: 2, rowPos: Uint32Array.of(5), theta: 10000 },
    { T: 7, nHeads: 4, nKvHeads: 2, d: 6, rowPos: range(5, 7), theta: 10000 },
    { T: 7, nHeads: 4, nKvHeads: 1, d: 16, rowPos: range(5, 7), theta: 500000 },
    { T: 3, nHeads: 4, nKvHeads: 1, d: 16, rowPos: Uint32Array.of(4000, 0, 65543), theta: 500000 },
  ];
  for (const { T, nHeads, nKvHeads, d, rowPos, theta } of cases) {
    it(`T=${T} heads ${nHeads}/${nKvHeads} d=${d} positions ${rowPos[0]}..${rowPos[T - 1]} theta=${theta}`, async () => {
      const q = uniform(T * 100 + d, T * nHeads * d);
      const k = uniform(T * 10 + d + 1, T * nKvHeads * d);
      const shape = { T, nHeads, nKvHeads, headDim: d };
      const fwd = await rope(gpu(), q, k, rowPos, shape, { theta });
      const inv = await rope(gpu(), q, k, rowPos, shape, { theta, inverse: true });
      for (const [name, x, heads, got, gotInv] of [
        ['q', q, nHeads, fwd.q, inv.q],
        ['k', k, nKvHeads, fwd.k, inv.k],
      ] as const) {
        const hf = (inverse: boolean) => ropeReference(x, rowPos, T, heads, d, theta, { inverse, angle: 'hf-f32' });
        expectClose(`${name} vs the HF-f32-angle reference`, got, hf(false), SAME_ANGLE);
        expectClose(`${name} inverse vs the HF-f32-angle reference`, gotInv, hf(true), SAME_ANGLE);
        expectNearExact(`${name} vs the f64 reference`, got, x, rowPos, heads, d, theta, false);
        expectNearExact(`${name} inverse vs the f64 reference`, gotInv, x, rowPos, heads, d, theta, true);
      }
      // The backward pass undoes the forward: Rᵀ R x = x.
      const back = await rope(gpu(), fwd.q, fwd.k, rowPos, shape, { theta, inverse: true });
      expectClose('q round trip', back.q, q, SAME_ANGLE);
      expectClose('k round trip', back.k, k, SAME_ANGLE);
    });
  }

  it('computes inv_freq in f32 as Hugging Face does', () => {
    const f = ropeInvFreq(16, 500000);
    expect(f[0]).toBe(1);
    for (let i = 0; i < 8; i++) {
      expect(f[i]).toBe(Math.fround(f[i]!));
      expect(Math.abs(f[i]! / Math.pow(500000, -i / 8) - 1)).toBeLessThan(1e-6);
    }
  });

  it('rejects odd head dimensions and mismatched inputs', async () => {
    const shape = { T: 1, nHeads: 1, nKvHeads: 1, headDim: 3 };
    const x = new Float32Array(3);
    await expect(rope(gpu(), x, x, Uint32Array.of(0), shape, { theta: 1e4 })).rejects.toThrow(UserInputError);
    await expect(rope(gpu(), x, x, Uint32Array.of(0), shape, { theta: 1e4 })).rejects.toThrow(
      /headDim=3 must be a positive even/,
    );
    const ok = { ...shape, headDim: 4, nHeads: 2 };
    await expect(
      rope(gpu(), new Float32Array(8), new Float32Array(4), Uint32Array.of(0, 1), ok, { theta: 1e4 }),
    ).rejects.toThrow(/rowPos has 2 entries, expected \[T\] = \[1\]/);
    await expect(
      rope(gpu(), new Float32Array(4), new Float32Array(4), Uint32Array.of(0), ok, { theta: 1e4 }),
    ).rejects.toThrow(/q has 4 values, expected \[T, nHeads, d\] = \[1, 2, 4\]/);
    await expect(
      rope(gpu(), new Float32Array(8), new Float32Array(4), Uint32Array.of(0), ok, {
        theta: 1e4,
        invFreq: new Float32Array(3),
      }),
    ).rejects.toThrow(/invFreq has 3 values, expected \[headDim \/ 2\] = 2/);
  });
});
