import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { attention, type AttentionShape } from './flashAttention';
import { attentionReference } from './flashAttention.reference';
import { lseMergeReference } from './lseMerge.reference';
import { compareAttention } from './attentionCheck';
import { lseMerge } from './lseMerge';

function fill(seed: number, n: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

function expectAllPass(checks: ReturnType<typeof compareAttention>): void {
  for (const c of checks)
    expect(c.passed, `${c.name}: ${c.detail} (max abs ${c.maxAbsError}, tol ${c.tolerance})`).toBe(true);
}

describe('LSE merge kernel', () => {
  const gpu = useNodeGpu();

  it('merging attention over two halves of KV equals attention over all of KV', async () => {
    const s: AttentionShape = { sQ: 11, sKV: 37, heads: 4, kvHeads: 2, headDim: 12 };
    const q = fill(1, s.sQ * s.heads * s.headDim);
    const k = fill(2, s.sKV * s.kvHeads * s.headDim);
    const v = fill(3, s.sKV * s.kvHeads * s.headDim);
    const split = 20; // uneven halves: 20 + 17 keys
    const row = s.kvHeads * s.headDim;
    const first = await attention(gpu(), q, k.subarray(0, split * row), v.subarray(0, split * row), {
      ...s,
      sKV: split,
    });
    const second = await attention(gpu(), q, k.subarray(split * row), v.subarray(split * row), {
      ...s,
      sKV: s.sKV - split,
    });
    const merged = await lseMerge(gpu(), first, second, s.sQ * s.heads, s.headDim);
    expectAllPass(compareAttention('halves', merged, attentionReference(q, k, v, s)));
  });

  it('matches the f64 reference for random partials, including LSE gaps of ±100 (weights underflow)', async () => {
    const rowHeads = 37;
    const d = 7;
    const rng = createRng(4);
    const lseA = Float32Array.from({ length: rowHeads }, (_, i) => (i % 5 === 0 ? 100 : rng.uniform(-5, 5)));
    const lseB = Float32Array.from({ length: rowHeads }, (_, i) => (i % 7 === 0 ? 100 : rng.uniform(-5, 5)));
    const a = { o: fill(5, rowHeads * d), lse: lseA };
    const b = { o: fill(6, rowHeads * d), lse: lseB };
    const got = await lseMerge(gpu(), a, b, rowHeads, d);
    expect(got.o.some(Number.isNaN)).toBe(false);
    expectAllPass(compareAttention('random', got, lseMergeReference(a, b, rowHeads, d)));
  });

  it('-inf partials: one side empty is the identity (bit for bit), both empty gives O = 0, LSE = -inf', async () => {
    const d = 5;
    const inf = -Infinity;
    // Row 0: a empty; row 1: b empty; row 2: both empty (with garbage O, which must be ignored); row 3: neither.
    const a = { o: fill(7, 4 * d), lse: Float32Array.of(inf, 1.5, inf, 0.25) };
    const b = { o: fill(8, 4 * d), lse: Float32Array.of(-2, inf, inf, 0.75) };
    a.o[0] = NaN; // an empty partial's O is never read
    b.o[2 * d] = 1e30;
    const got = await lseMerge(gpu(), a, b, 4, d);
    expect([...got.lse.subarray(0, 3)]).toEqual([-2, 1.5, inf]);
    expect([...got.o.subarray(0, d)]).toEqual([...b.o.subarray(0, d)]);
    expect([...got.o.subarray(d, 2 * d)]).toEqual([...a.o.subarray(d, 2 * d)]);
    expect([...got.o.subarray(2 * d, 3 * d)].every((x) => Object.is(x, 0))).toBe(true);
    a.o[0] = 0; // the reference multiplies by zero weights; NaN would poison it
    expectAllPass(compareAttention('inf', got, lseMergeReference(a, b, 4, d)));
  });

  it('detects a wrong merge (the comparison can fail)', async () => {
    const a = { o: fill(9, 12), lse: Float32Array.of(0.1, 0.2, 0.3) };
    const b = { o: fill(10, 12), lse: Float32Array.of(0.3, -0.2, 2) };
    const got = await lseMerge(gpu(), a, b, 3, 4);
    const want = lseMergeReference(a, b, 3, 4);
    expectAllPass(compareAttention('ok', got, want));
    // Starting the LSE at 0 instead of -inf (the reference code's bug) must be caught.
    const buggy = await lseMerge(gpu(), { o: new Float32Array(12), lse: new Float32Array(3) }, b, 3, 4);
    expect(
      compareAttention(
        'bug',
        buggy,
        lseMergeReference({ o: new Float32Array(12), lse: Float32Array.of(-Infinity, -Infinity, -Infinity) }, b, 3, 4),
      ).some((c) => !c.passed),
    ).toBe(true);
  });
});
