import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { DeviceLimitError } from '../../gpu/errors';
import { UserInputError } from '../../core';
import { compareArrays } from '../compare';
import { ATTENTION_TOLERANCE } from '../attention';
import { checkDecodeLimits, decodeAttention, headDimBucket, type DecodeShape } from './decodeAttention';
import { decodeAttentionReference } from './decodeAttention.reference';
import { randomDecodeInputs as decodeInputs } from './fixtures';

const shape = (batch: number, context: number, heads: number, headDim: number): DecodeShape => ({
  batch,
  context,
  heads,
  headDim,
});

describe('decode attention (baseline) vs f64 CPU reference', () => {
  const gpu = useNodeGpu();
  // Awkward shapes: T = 1, T not a multiple of the 64-key score tile or the 256-key P·V chunk,
  // d = 1 and 5 (partial head-dim buckets), d = 128 (the maximum), batch 3, a single head.
  const cases: [string, DecodeShape][] = [
    ['T = 1', shape(1, 1, 4, 16)],
    ['T = 65 (one key past a score tile)', shape(1, 65, 3, 8)],
    ['T = 300 (two P·V chunks, partial tiles)', shape(1, 300, 2, 16)],
    ['d = 5, batch 3', shape(3, 37, 4, 5)],
    ['d = 1', shape(2, 19, 2, 1)],
    ['d = 128', shape(1, 40, 2, 128)],
    ['one head, batch 3, d = 33', shape(3, 70, 1, 33)],
  ];
  for (const [name, s] of cases) {
    it(name, async () => {
      const { q, k, v } = decodeInputs(s.context * 7 + s.headDim, s);
      const got = await decodeAttention(gpu(), q, k, v, s);
      const check = compareArrays(name, got, decodeAttentionReference(q, k, v, s), ATTENTION_TOLERANCE);
      expect(check.passed, `${check.detail} (max abs ${check.maxAbsError}, tol ${check.tolerance})`).toBe(true);
    });
  }

  it('a large score range stays exact (max subtraction matters) with a custom scale', async () => {
    const s = shape(2, 90, 2, 8);
    const { q, k, v } = decodeInputs(3, s);
    const got = await decodeAttention(gpu(), q, k, v, s, { scale: 40 });
    const check = compareArrays('scale 40', got, decodeAttentionReference(q, k, v, s, 40), ATTENTION_TOLERANCE);
    expect(check.passed, check.detail).toBe(true);
    expect([...got].every(Number.isFinite)).toBe(true);
  });

  it("the comparison can fail: swapping two heads' V is detected", async () => {
    const s = shape(1, 20, 2, 4);
    const { q, k, v } = decodeInputs(4, s);
    const want = decodeAttentionReference(q, k, v, s);
    const swapped = v.slice();
    for (let t = 0; t < s.context; t++) {
      for (let c = 0; c < 4; c++) [swapped[t * 8 + c], swapped[t * 8 + 4 + c]] = [v[t * 8 + 4 + c]!, v[t * 8 + c]!];
    }
    const got = await decodeAttention(gpu(), q, k, swapped, s);
    expect(compareArrays('swapped V', got, want, ATTENTION_TOLERANCE).passed).toBe(false);
  });

  it('rejects bad shapes naming the problem', async () => {
    const g = gpu();
    await expect(
      decodeAttention(g, new Float32Array(129), new Float32Array(129), new Float32Array(129), shape(1, 1, 1, 129)),
    ).rejects.toThrow(/head dim d=129 exceeds the kernel's maximum of 128/);
    await expect(
      decodeAttention(g, new Float32Array(8), new Float32Array(15), new Float32Array(16), shape(1, 2, 2, 4)),
    ).rejects.toThrow(/k has 15 values, expected \[B, T, H, d\] = B=1·T=2·H=2·d=4 = 16/);
    await expect(
      decodeAttention(g, new Float32Array(4), new Float32Array(0), new Float32Array(0), shape(1, 0, 1, 4)),
    ).rejects.toThrow(UserInputError);
    await expect(
      decodeAttention(g, new Float32Array(4), new Float32Array(4), new Float32Array(4), shape(1, 1, 1, 4), {
        scale: NaN,
      }),
    ).rejects.toThrow(/scale=NaN must be a finite number/);
  });

  it('refuses contexts beyond maxStorageBufferBindingSize, naming the limit and the largest T', () => {
    const max = gpu().info.limits.maxStorageBufferBindingSize!;
    const perToken = 4 * 2 * 8 * 64; // B · H · d · 4 bytes
    const fits = Math.floor(max / perToken);
    expect(() => checkDecodeLimits(gpu(), shape(2, fits, 8, 64))).not.toThrow();
    const big = shape(2, fits + 1, 8, 64);
    expect(() => checkDecodeLimits(gpu(), big)).toThrow(DeviceLimitError);
    expect(() => checkDecodeLimits(gpu(), big)).toThrow(
      new RegExp(`maxStorageBufferBindingSize.*largest context T that fits is ${fits}`),
    );
  });

  it('head-dim buckets are powers of two ≥ d that divide the 256-invocation workgroup', () => {
    for (const d of [1, 4, 5, 8, 9, 64, 65, 128]) {
      const b = headDimBucket(d);
      expect(b).toBeGreaterThanOrEqual(d);
      expect(256 % b).toBe(0);
    }
    expect(headDimBucket(5)).toBe(8);
  });
});
