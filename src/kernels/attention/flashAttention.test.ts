import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { DeviceLimitError } from '../../gpu/errors';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { attention, attentionTiles, checkAttentionLimits, timeAttention, type AttentionShape } from './flashAttention';
import { attentionReference } from './flashAttention.reference';
import { compareAttention } from './attentionCheck';

function randomInputs(seed: number, s: AttentionShape) {
  const rng = createRng(seed);
  const fill = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
  return {
    q: fill(s.sQ * s.heads * s.headDim),
    k: fill(s.sKV * s.kvHeads * s.headDim),
    v: fill(s.sKV * s.kvHeads * s.headDim),
  };
}

const shape = (sQ: number, sKV: number, heads: number, kvHeads: number, headDim: number): AttentionShape => ({
  sQ,
  sKV,
  heads,
  kvHeads,
  headDim,
});

function expectAllPass(checks: ReturnType<typeof compareAttention>): void {
  for (const c of checks)
    expect(c.passed, `${c.name}: ${c.detail} (max abs ${c.maxAbsError}, tol ${c.tolerance})`).toBe(true);
}

describe('flash attention kernel vs f64 CPU reference', () => {
  const gpu = useNodeGpu();
  // Awkward shapes: single query / single key, S not a multiple of any tile, GQA, d = 1, 5
  // (not a multiple of 4), 33 and 100 (partial head-dim buckets), 128 (the maximum).
  const cases: [string, AttentionShape][] = [
    ['S_Q = 1', shape(1, 50, 2, 2, 16)],
    ['S_KV = 1', shape(20, 1, 2, 1, 8)],
    ['37 × 1000 (long KV, many tiles)', shape(37, 1000, 2, 1, 8)],
    ['GQA 8:2', shape(19, 45, 8, 2, 16)],
    ['d = 5', shape(13, 29, 3, 3, 5)],
    ['d = 1', shape(9, 17, 1, 1, 1)],
    ['d = 33', shape(17, 33, 2, 2, 33)],
    ['d = 100', shape(11, 19, 2, 1, 100)],
    ['d = 128', shape(10, 40, 2, 1, 128)],
    ['S_Q spans several query tiles (d = 64)', shape(70, 30, 1, 1, 64)],
  ];
  for (const [name, s] of cases) {
    it(name, async () => {
      const { q, k, v } = randomInputs(s.sQ * 31 + s.sKV, s);
      const got = await attention(gpu(), q, k, v, s);
      expectAllPass(compareAttention(name, got, attentionReference(q, k, v, s)));
    });
  }

  it('custom scale and large score range stay exact (online rescaling matters)', async () => {
    const s = shape(9, 70, 2, 2, 8);
    const { q, k, v } = randomInputs(5, s);
    const got = await attention(gpu(), q, k, v, s, { scale: 6 });
    expectAllPass(compareAttention('scale 6', got, attentionReference(q, k, v, s, { scale: 6 })));
  });

  it('key mask: masked keys are ignored, including a wholly masked 16-key tile', async () => {
    const s = shape(12, 53, 2, 1, 8);
    const { q, k, v } = randomInputs(6, s);
    // Keys 0..15 (the first tile) masked, every third key after that masked too.
    const mask = Int32Array.from({ length: s.sKV }, (_, j) => (j < 16 || j % 3 === 0 ? 0 : 1));
    const got = await attention(gpu(), q, k, v, s, { mask });
    expectAllPass(compareAttention('mask', got, attentionReference(q, k, v, s, { mask })));
    // The masked keys really are ignored: changing their values changes nothing.
    const k2 = k.slice();
    for (let j = 0; j < 16; j++) k2[j * s.kvHeads * s.headDim] = 1000;
    const again = await attention(gpu(), q, k2, v, s, { mask });
    expect(again.o).toEqual(got.o);
    // Even NaN / Inf in a masked key's K or V must not leak in (0 · NaN is NaN).
    const kBad = k.slice();
    const vBad = v.slice();
    kBad[3 * s.kvHeads * s.headDim] = NaN;
    vBad[3 * s.kvHeads * s.headDim + 1] = NaN;
    vBad[18 * s.kvHeads * s.headDim] = Infinity; // key 18 is masked (18 % 3 == 0)
    const poisoned = await attention(gpu(), q, kBad, vBad, s, { mask });
    expect(poisoned.o).toEqual(got.o);
  });

  it('only the last partial tile attends (keys 48..52)', async () => {
    const s = shape(5, 53, 1, 1, 8);
    const { q, k, v } = randomInputs(7, s);
    const mask = Int32Array.from({ length: s.sKV }, (_, j) => (j >= 48 ? 1 : 0));
    const got = await attention(gpu(), q, k, v, s, { mask });
    expectAllPass(compareAttention('tail', got, attentionReference(q, k, v, s, { mask })));
  });

  it('fully masked rows give O = 0 and LSE = -Infinity, never NaN', async () => {
    const s = shape(6, 21, 2, 2, 5);
    const { q, k, v } = randomInputs(8, s);
    const got = await attention(gpu(), q, k, v, s, { mask: new Int32Array(s.sKV) });
    expect([...got.o].every((x) => Object.is(x, 0))).toBe(true);
    expect([...got.lse].every((x) => x === -Infinity)).toBe(true);
    expectAllPass(compareAttention('empty', got, attentionReference(q, k, v, s, { mask: new Int32Array(s.sKV) })));
  });

  it('detects a wrong answer (the comparison can fail)', async () => {
    const s = shape(7, 19, 2, 1, 8);
    const { q, k, v } = randomInputs(9, s);
    const want = attentionReference(q, k, v, s);
    const got = await attention(gpu(), q, k, v, s);
    expectAllPass(compareAttention('exact', got, want));
    const badO = got.o.slice();
    badO[17]! += 1e-3;
    expect(compareAttention('bad O', { o: badO, lse: got.lse }, want)[0]!.passed).toBe(false);
    const badLse = got.lse.slice();
    badLse[3] = -Infinity;
    expect(compareAttention('bad LSE', { o: got.o, lse: badLse }, want)[1]!.passed).toBe(false);
    const emptyWant = { o: want.o, lse: want.lse.slice() };
    emptyWant.lse[0] = -Infinity;
    expect(compareAttention('finite where -inf expected', got, emptyWant)[1]!.passed).toBe(false);
  });

  it('tiles fit the 16 KiB workgroup-memory default and 128 invocations for every head-dim bucket', () => {
    for (const d of [1, 5, 8, 9, 16, 17, 32, 33, 64, 65, 128]) {
      const t = attentionTiles(d);
      expect(t.headDimBucket).toBeGreaterThanOrEqual(d);
      expect(t.queryRows * t.threadsPerRow).toBe(t.workgroupSize);
      expect(t.workgroupSize).toBeLessThanOrEqual(256);
      expect(t.workgroupBytes).toBeLessThanOrEqual(16384);
    }
  });

  it('rejects bad shapes and inputs with messages naming the expected shape', async () => {
    const q = new Float32Array(8 * 4);
    const k = new Float32Array(3 * 3 * 4);
    await expect(attention(gpu(), q, k, k, shape(1, 3, 8, 3, 4))).rejects.toThrow(
      /k has 3 heads but h=8 is not a multiple of h_kv=3/,
    );
    await expect(
      attention(gpu(), new Float32Array(129), new Float32Array(129), new Float32Array(129), shape(1, 1, 1, 1, 129)),
    ).rejects.toThrow(/head dim d=129 exceeds the kernel's maximum of 128/);
    await expect(attention(gpu(), new Float32Array(13), k, k, shape(1, 3, 3, 3, 4))).rejects.toThrow(
      /q has 13 values, expected S_Q·h·d = 1·3·4 = 12/,
    );
    const q4 = new Float32Array(4);
    const k4 = new Float32Array(4);
    await expect(attention(gpu(), q4, k4, k4, shape(1, 1, 1, 1, 4), { mask: Int32Array.of(2) })).rejects.toThrow(
      /mask values must be 0 \(masked\) or 1/,
    );
    await expect(attention(gpu(), q4, k4, k4, shape(1, 0, 1, 1, 4))).rejects.toThrow(UserInputError);
  });

  it('refuses K/V beyond maxStorageBufferBindingSize, naming the limit and the largest S_KV', () => {
    const max = gpu().info.limits.maxStorageBufferBindingSize!;
    const perRow = 4 * 2 * 64;
    const fits = Math.floor(max / perRow);
    expect(() => checkAttentionLimits(gpu(), shape(4, fits, 2, 2, 64))).not.toThrow();
    const big = shape(4, fits + 1, 2, 2, 64);
    expect(() => checkAttentionLimits(gpu(), big)).toThrow(DeviceLimitError);
    expect(() => checkAttentionLimits(gpu(), big)).toThrow(
      new RegExp(`maxStorageBufferBindingSize.*largest S_KV that fits is ${fits}`),
    );
  });

  it('timing helper reports GFLOP/s, flags CPU emulation and reuses the compiled pipeline', async () => {
    const s = shape(32, 256, 2, 2, 32);
    await timeAttention(gpu(), s, { warmup: 0, reps: 1 });
    const before = gpu().pipelineCacheSize;
    const t = await timeAttention(gpu(), s, { warmup: 1, reps: 3 });
    expect(gpu().pipelineCacheSize).toBe(before);
    expect(t.flops).toBe(4 * 32 * 256 * 2 * 32);
    // A zero or unresolved median would make GFLOP/s Infinity, which `> 0` would accept.
    expect(t.medianMs).toBeGreaterThan(0);
    expect(Number.isFinite(t.gflops)).toBe(true);
    expect(t.gflops).toBeGreaterThan(0);
    expect(t.gflops).toBeCloseTo(t.flops / (t.medianMs * 1e6), 9);
    expect(t.minMs).toBeLessThanOrEqual(t.medianMs);
    expect(t.cpuEmulation).toBe(gpu().isCpuEmulation);
    console.log(
      `attention ${s.sQ}×${s.sKV} h=${s.heads} d=${s.headDim}: ${t.medianMs.toFixed(2)} ms, ${t.gflops.toFixed(3)} GFLOP/s (${t.method}${t.cpuEmulation ? ', CPU emulation' : ''})`,
    );
  });
});
