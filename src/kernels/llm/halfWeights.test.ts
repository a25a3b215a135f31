// Packed-f16 weights: packing against the IEEE definition (independent decoder), the f16 row
// gather, and the linear layer's f16 paths (tiled and decode) against the f64 reference — exactly
// (to f32 accumulation) on the f16-rounded weights, and within the f16 rounding bound of the
// unrounded f32 weights: |Σ x·round(w) − Σ x·w| ≤ 2⁻¹¹ · Σ |x|·|w| (binary16's unit roundoff).
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { fillUniform } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { compareArrays } from '../compare';
import { linear, type LinearPath } from './linear';
import { linearReference } from './linear.reference';
import { F16_UNIT_ROUNDOFF, gatherRowsF16, packF16Rows, packedRowWords, unpackF16Rows } from './halfWeights';
import { decodePackedHalfRows, gatherRowsF16Reference, halfBitsToNumber } from './halfWeights.reference';

const TOL = { atol: 1e-5, rtol: 1e-5 };

describe('f16 packing (CPU)', () => {
  it('packs rows word-aligned, low half first, odd rows padded with a zero half', () => {
    const data = Float32Array.of(1, -2, 0.5, 3, 65504, -0.333251953125); // [2, 3]
    const { words, rounded, tiny } = packF16Rows(data, 2, 3);
    expect(words.length).toBe(2 * packedRowWords(3));
    expect(words[0]).toBe(((0xc000 << 16) | 0x3c00) >>> 0); // -2 high, 1 low
    expect(words[1]).toBe(0x3800); // 0.5, zero pad
    expect(words[2]).toBe(((0x7bff << 16) | 0x4200) >>> 0);
    expect(words[3]).toBe(0xb555);
    expect([rounded, tiny]).toEqual([0, 0]);
    expect(Array.from(decodePackedHalfRows(words, 2, 3))).toEqual(Array.from(data));
    expect(Array.from(unpackF16Rows(words, 2, 3))).toEqual(Array.from(data));
  });

  it('counts rounded and sub-normal values, refuses values past the f16 range', () => {
    const { rounded, tiny, words } = packF16Rows(Float32Array.of(0.1, 1e-6, 0, 1), 1, 4);
    expect(rounded).toBe(2);
    expect(tiny).toBe(1);
    // Round to nearest: within half a unit in the last place of 0.1 (2⁻¹⁴ spacing at 0.1 → 2⁻¹⁵).
    expect(Math.abs(halfBitsToNumber(words[0]! & 0xffff) - 0.1)).toBeLessThanOrEqual(2 ** -15);
    // 1e-6 is below f16's smallest normal (2⁻¹⁴): encoded as the subnormal 17 · 2⁻²⁴ (exponent
    // field 0, mantissa round(1e-6 · 2²⁴) = round(16.78) = 17), the high half of word 0.
    expect(words[0]! >>> 16).toBe(17);
    expect(halfBitsToNumber(17)).toBe(17 * 2 ** -24);
    expect(() => packF16Rows(Float32Array.of(1, 70000), 1, 2, 'model.layers.0.mlp.up_proj.weight')).toThrow(
      /model.layers.0.mlp.up_proj.weight: value 70000 at \[0, 1\] exceeds the f16 range/,
    );
    expect(() => packF16Rows(new Float32Array(5), 2, 3)).toThrow(UserInputError);
  });
});

describe('packed-f16 kernels vs f64 CPU reference', () => {
  const gpu = useNodeGpu();

  it('gathers rows of odd and even widths (including the last row and repeats)', async () => {
    for (const [rows, cols] of [
      [7, 5],
      [3, 1],
      [5, 8],
    ] as const) {
      const { words } = packF16Rows(fillUniform(rows * cols, rows * cols), rows, cols);
      const ids = Int32Array.of(rows - 1, 0, rows - 1, 1 % rows);
      const got = await gatherRowsF16(gpu(), words, rows, cols, ids);
      const check = compareArrays(`gather ${rows}×${cols}`, got, gatherRowsF16Reference(words, rows, cols, ids), {
        atol: 0,
        rtol: 0,
      });
      expect(check.passed, check.detail).toBe(true);
    }
    // Subnormal halves (exponent field 0) decode on the GPU (unpack2x16float) to m · 2⁻²⁴, not 0.
    const tinyRow = Float32Array.of(1e-6, -3e-7, 2 ** -24, 5e-5, 1);
    const packed = packF16Rows(tinyRow, 1, 5);
    expect(packed.tiny).toBe(4);
    const tinyGot = await gatherRowsF16(gpu(), packed.words, 1, 5, Int32Array.of(0));
    const tinyWant = decodePackedHalfRows(packed.words, 1, 5);
    expect(Array.from(tinyGot)).toEqual(Array.from(tinyWant));
    expect(tinyGot[2]).toBe(2 ** -24);
    await expect(gatherRowsF16(gpu(), new Uint32Array(6), 3, 4, Int32Array.of(3))).rejects.toThrow(
      /id 3 at position 0 is outside \[0, 3\)/,
    );
  });

  // Odd K (a pad half per row), K below and across the 16-deep slab, N across the 64-column tile,
  // M = 1, 2, 3, 4 for the decode path and past one 16-row tile for the tiled path.
  // Accumulation alternates, so each path runs both with few pipeline variants (SwiftShader compiles slowly).
  const SHAPES: [number, number, number, LinearPath, boolean][] = [
    [1, 1, 1, 'decode', false],
    [2, 9, 33, 'decode', false],
    [1, 65, 131, 'decode', true],
    [3, 7, 9, 'decode', false],
    [4, 70, 600, 'decode', true],
    [1, 7, 33, 'tiled', false],
    [5, 65, 17, 'tiled', true],
    [17, 66, 131, 'tiled', false],
    [40, 3, 2, 'tiled', true],
  ];
  for (const [M, N, K, path, accumulate] of SHAPES) {
    it(`x · Wᵀ with f16 W, ${path}, ${M}×${N}×${K}${accumulate ? ' +=' : ''}`, async () => {
      const shape = { M, N, K, transB: true, accumulate };
      const seed = M * 7919 + N * 31 + K;
      const x = fillUniform(seed, M * K);
      const w = fillUniform(seed + 1, N * K);
      const cInit = accumulate ? fillUniform(seed + 2, M * N) : undefined;
      const got = await linear(gpu(), x, w, shape, cInit, { path, weightFormat: 'f16' });
      // Exact inputs: the reference on the weights as stored (f16, decoded in f64).
      const stored = decodePackedHalfRows(packF16Rows(w, N, K).words, N, K);
      const exact = compareArrays('on stored weights', got, linearReference(x, stored, shape, cInit), TOL);
      expect(exact.passed, exact.detail).toBe(true);
      // Against the unrounded weights: each error within its f16 rounding bound.
      const want = linearReference(x, w, shape, cInit);
      const absDot = linearReference(x.map(Math.abs), w.map(Math.abs), { ...shape, accumulate: false });
      for (let i = 0; i < M * N; i++) {
        const bound = F16_UNIT_ROUNDOFF * absDot[i]! + TOL.atol + TOL.rtol * Math.abs(want[i]!);
        expect(Math.abs(got[i]! - want[i]!), `element ${i}`).toBeLessThanOrEqual(bound);
      }
    });
  }

  it('refuses f16 weights for the backward products', async () => {
    const a = new Float32Array(9);
    await expect(
      linear(gpu(), a, a, { M: 3, N: 3, K: 3, transA: true }, undefined, { weightFormat: 'f16' }),
    ).rejects.toThrow(/f16 weights serve the forward x · Wᵀ only/);
  });
});
