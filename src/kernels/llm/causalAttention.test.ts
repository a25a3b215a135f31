import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { compareArrays, type Tolerance } from '../compare';
import { BufferSet } from '../../gpu/resources';
import {
  causalAttention,
  causalAttentionBackward,
  planCausalAttention,
  type CausalAttentionInputs,
  type CausalAttentionShape,
} from './causalAttention';
import { causalAttentionBackwardReference, causalAttentionReference } from './causalAttention.reference';
import { kvCacheWrite, planKvCacheWrite } from './kvCacheWrite';
import { kvCacheWriteReference } from './kvCacheWrite.reference';

const FORWARD: Tolerance = { atol: 1e-5, rtol: 1e-5 };
const BACKWARD: Tolerance = { atol: 1e-4, rtol: 1e-4 };

function expectClose(name: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance): void {
  const check = compareArrays(name, got, want, tol);
  expect(check.passed, `${name}: ${check.detail} (max abs ${check.maxAbsError}, tol ${check.tolerance})`).toBe(true);
}

const uniform = (seed: number, n: number, amp = 1) => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-amp, amp));
};

/** A cache whose sequence b holds random keys at positions < filled[b] and NaN after them. */
function cacheWithNaN(seed: number, s: CausalAttentionShape, filled: number[]): Float32Array {
  const width = s.nKv * s.d;
  const c = uniform(seed, s.B * s.maxSeq * width);
  for (let b = 0; b < s.B; b++) c.fill(NaN, (b * s.maxSeq + filled[b]!) * width, (b + 1) * s.maxSeq * width);
  return c;
}

function inputs(
  seed: number,
  s: CausalAttentionShape,
  rows: [number, number][],
  filled: number[],
  qAmp = 1,
): CausalAttentionInputs {
  return {
    q: uniform(seed, s.T * s.nHeads * s.d, qAmp),
    kCache: cacheWithNaN(seed + 1, s, filled),
    vCache: cacheWithNaN(seed + 2, s, filled),
    rowSeq: Uint32Array.from(rows.map(([b]) => b)),
    rowPos: Uint32Array.from(rows.map(([, p]) => p)),
  };
}

/** Rows of a prefill: each sequence's positions 0..len−1, sequences one after the other. */
const prefillRows = (lens: number[]): [number, number][] =>
  lens.flatMap((len, b) => Array.from({ length: len }, (_, p) => [b, p] as [number, number]));

async function expectForward(
  gpu: ReturnType<ReturnType<typeof useNodeGpu>>,
  x: CausalAttentionInputs,
  s: CausalAttentionShape,
) {
  const got = await causalAttention(gpu, x, s, { saveP: true, saveLse: true });
  const want = causalAttentionReference(x.q, x.kCache, x.vCache, x.rowSeq, x.rowPos, s);
  expectClose('o', got.o, want.o, FORWARD);
  expectClose('P', got.p!, want.p, FORWARD);
  expectClose('lse', got.lse!, want.lse, FORWARD);
  return got;
}

describe('causal attention forward vs f64 CPU reference', () => {
  const gpu = useNodeGpu();

  it("decode T = 1 over a cache of one key: o is that key's value (GQA 1, d = 6)", async () => {
    const s: CausalAttentionShape = { T: 1, B: 1, maxSeq: 3, nHeads: 2, nKv: 2, d: 6 };
    const x = inputs(1, s, [[0, 0]], [1]);
    const got = await expectForward(gpu(), x, s);
    expectClose('o = v₀', got.o, x.vCache.subarray(0, 12), FORWARD);
    expect(Array.from(got.p!)).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it('decode T = 1 over 67 keys, NaN beyond rowPos (GQA 2, d = 16)', async () => {
    const s: CausalAttentionShape = { T: 1, B: 1, maxSeq: 70, nHeads: 4, nKv: 2, d: 16 };
    await expectForward(gpu(), inputs(2, s, [[0, 66]], [67]), s);
  });

  it('decode of 2 sequences over 260 and 150 keys (several key chunks), large scores, d = 1, 16 heads on one kv head', async () => {
    // G = 16: two blocks of 8 heads per row. |s| up to 27: the max subtraction matters.
    const s: CausalAttentionShape = { T: 2, B: 2, maxSeq: 300, nHeads: 16, nKv: 1, d: 1, scale: 0.9 };
    await expectForward(
      gpu(),
      inputs(
        3,
        s,
        [
          [1, 259],
          [0, 149],
        ],
        [150, 260],
        30,
      ),
      s,
    );
  });

  it('prefill of 2 sequences (5 and 9 rows) in one batch, cache filled by kvCacheWrite (GQA 2, d = 6)', async () => {
    const lens = [5, 9];
    const rows = prefillRows(lens);
    const s: CausalAttentionShape = { T: rows.length, B: 2, maxSeq: 10, nHeads: 4, nKv: 2, d: 6 };
    const rowSeq = Uint32Array.from(rows.map(([b]) => b));
    const rowPos = Uint32Array.from(rows.map(([, p]) => p));
    const kvLen = s.T * s.nKv * s.d;
    const k = uniform(10, kvLen);
    const v = uniform(11, kvLen);
    const nan = new Float32Array(s.B * s.maxSeq * s.nKv * s.d).fill(NaN);
    const cache = await kvCacheWrite(gpu(), { k, v, rowSeq, rowPos, kCache: nan, vCache: nan }, s);
    const wantCache = kvCacheWriteReference(k, v, rowSeq, rowPos, nan, nan, s);
    expect(Array.from(cache.kCache)).toEqual(Array.from(wantCache.kCache));
    await expectForward(gpu(), { q: uniform(12, s.T * s.nHeads * s.d), ...cache, rowSeq, rowPos }, s);
  });

  it('speculative rows at positions 10, 11, 12: their keys written after 0..9 and attended in one submit, NaN past 12 (GQA 4, d = 64)', async () => {
    const s: CausalAttentionShape = { T: 3, B: 2, maxSeq: 16, nHeads: 4, nKv: 1, d: 64 };
    const g = gpu();
    const width = s.nKv * s.d;
    const kCache0 = cacheWithNaN(20, s, [10, 0]);
    const vCache0 = cacheWithNaN(21, s, [10, 0]);
    const k = uniform(22, s.T * width);
    const v = uniform(23, s.T * width);
    const q = uniform(24, s.T * s.nHeads * s.d);
    const rowSeq = Uint32Array.from([0, 0, 0]);
    const rowPos = Uint32Array.from([10, 11, 12]);
    const bufs = new BufferSet();
    try {
      const kCache = bufs.add(g.upload(kCache0, 'kCache'));
      const vCache = bufs.add(g.upload(vCache0, 'vCache'));
      const seqBuf = bufs.add(g.upload(rowSeq, 'rowSeq'));
      const posBuf = bufs.add(g.upload(rowPos, 'rowPos'));
      const write = await planKvCacheWrite(
        g,
        {
          k: bufs.add(g.upload(k, 'k')),
          v: bufs.add(g.upload(v, 'v')),
          rowSeq: seqBuf,
          rowPos: posBuf,
          kCache,
          vCache,
        },
        s,
      );
      const attend = await planCausalAttention(
        g,
        { q: bufs.add(g.upload(q, 'q')), kCache, vCache, rowSeq: seqBuf, rowPos: posBuf },
        s,
        { saveLse: true },
      );
      expect(attend.p).toBeUndefined();
      await g.run((pass) => {
        write.encode(pass);
        attend.encode(pass);
      });
      const o = await g.readF32(attend.o, s.T * s.nHeads * s.d);
      const lse = await g.readF32(attend.lse!, s.T * s.nHeads);
      write.destroy();
      attend.destroy();
      const cache = kvCacheWriteReference(k, v, rowSeq, rowPos, kCache0, vCache0, s);
      const want = causalAttentionReference(q, cache.kCache, cache.vCache, rowSeq, rowPos, s);
      expectClose('o', o, want.o, FORWARD);
      expectClose('lse', lse, want.lse, FORWARD);
    } finally {
      bufs.destroy();
    }
  });

  it('refuses bad shapes and rows outside the cache, naming them', async () => {
    const s: CausalAttentionShape = { T: 2, B: 2, maxSeq: 4, nHeads: 4, nKv: 2, d: 8 };
    const x = inputs(
      5,
      s,
      [
        [0, 1],
        [1, 3],
      ],
      [4, 4],
    );
    await expect(causalAttention(gpu(), { ...x, rowPos: Uint32Array.from([1, 4]) }, s)).rejects.toThrow(
      /row 1 has rowPos=4, outside the cache/,
    );
    await expect(causalAttention(gpu(), { ...x, rowSeq: Uint32Array.from([2, 0]) }, s)).rejects.toThrow(
      /row 0 has rowSeq=2, outside the batch/,
    );
    await expect(causalAttention(gpu(), x, { ...s, nKv: 3 })).rejects.toThrow(/nHeads=4 is not a multiple of nKv=3/);
    await expect(causalAttention(gpu(), x, { ...s, d: 129 })).rejects.toThrow(/head dim d=129 exceeds/);
    await expect(causalAttention(gpu(), { ...x, q: new Float32Array(5) }, s)).rejects.toThrow(
      /q has 5 values, expected \[T, nHeads, d\]/,
    );
    await expect(causalAttention(gpu(), x, { ...s, scale: NaN })).rejects.toThrow(UserInputError);
  });
});

describe('causal attention backward', () => {
  const gpu = useNodeGpu();

  it('the reference backward matches central differences of the reference forward', () => {
    const rows: [number, number][] = [
      [1, 0],
      [0, 0],
      [0, 1],
      [1, 1],
      [0, 2],
      [1, 2],
      [0, 3],
    ];
    const s: CausalAttentionShape = { T: rows.length, B: 2, maxSeq: 5, nHeads: 4, nKv: 2, d: 3, scale: 0.8 };
    const x = inputs(30, s, rows, [5, 5]);
    const dO = uniform(31, s.T * s.nHeads * s.d);
    const q = Float64Array.from(x.q);
    const kc = Float64Array.from(x.kCache);
    const vc = Float64Array.from(x.vCache);
    const loss = () => {
      const { o } = causalAttentionReference(q, kc, vc, x.rowSeq, x.rowPos, s);
      return o.reduce((a, oi, i) => a + oi * dO[i]!, 0);
    };
    const grads = causalAttentionBackwardReference(dO, q, kc, vc, x.rowSeq, x.rowPos, s);
    const eps = 1e-6;
    const numeric = (arr: Float64Array) =>
      Float64Array.from(arr, (_, i) => {
        const keep = arr[i]!;
        arr[i] = keep + eps;
        const up = loss();
        arr[i] = keep - eps;
        const down = loss();
        arr[i] = keep;
        return (up - down) / (2 * eps);
      });
    const tol = { atol: 1e-7, rtol: 1e-7 };
    expectClose('dq', grads.dq, numeric(q), tol);
    expectClose('dK', grads.dK, numeric(kc), tol);
    expectClose('dV', grads.dV, numeric(vc), tol);
    // Position 4 is attended by no row: its gradients are zero.
    expect(grads.dK.subarray(4 * 6, 5 * 6).every((g) => g === 0)).toBe(true);
  });

  async function expectBackward(
    x: CausalAttentionInputs,
    s: CausalAttentionShape,
    seed: number,
    from: 'p' | 'lse' | 'both',
  ) {
    const fwd = await causalAttention(gpu(), x, s, { saveP: from !== 'lse', saveLse: from !== 'p' });
    const dO = uniform(seed, s.T * s.nHeads * s.d);
    const got = await causalAttentionBackward(gpu(), { ...x, dO, p: fwd.p, lse: fwd.lse }, s);
    const want = causalAttentionBackwardReference(dO, x.q, x.kCache, x.vCache, x.rowSeq, x.rowPos, s);
    expectClose('dq', got.dq, want.dq, BACKWARD);
    expectClose('dK', got.dK, want.dK, BACKWARD);
    expectClose('dV', got.dV, want.dV, BACKWARD);
    return got;
  }

  it('prefill of 2 sequences (5 and 3 rows), from P and from the LSE alike (GQA 2, d = 6)', async () => {
    const rows = prefillRows([5, 3]);
    const s: CausalAttentionShape = { T: rows.length, B: 2, maxSeq: 6, nHeads: 4, nKv: 2, d: 6 };
    const x = inputs(40, s, rows, [5, 3]); // NaN beyond each sequence's keys
    const fromP = await expectBackward(x, s, 41, 'p');
    const fromLse = await expectBackward(x, s, 41, 'lse');
    expectClose('dq (P vs LSE)', fromLse.dq, fromP.dq, BACKWARD);
    // Slots no row attends (position 5 of sequence 0; 3..5 of sequence 1) get zero gradients.
    const width = s.nKv * s.d;
    expect(Array.from(fromP.dK.subarray(5 * width, 6 * width)).every((g) => g === 0)).toBe(true);
    expect(Array.from(fromP.dV.subarray(9 * width, 12 * width)).every((g) => g === 0)).toBe(true);
  });

  it('one sequence of 7 rows in shuffled order (GQA 4, d = 16, LSE)', async () => {
    const rows: [number, number][] = [3, 0, 6, 1, 5, 2, 4].map((p) => [0, p]);
    const s: CausalAttentionShape = { T: 7, B: 1, maxSeq: 7, nHeads: 4, nKv: 1, d: 16 };
    await expectBackward(inputs(50, s, rows, [7]), s, 51, 'lse');
  });

  it('d = 64 and d = 1 over 140 positions (several key chunks, > 128 (row, head) pairs per key)', async () => {
    const short: CausalAttentionShape = { T: 3, B: 1, maxSeq: 3, nHeads: 2, nKv: 2, d: 64 };
    await expectBackward(inputs(60, short, prefillRows([3]), [3]), short, 61, 'both');
    const long: CausalAttentionShape = { T: 140, B: 1, maxSeq: 140, nHeads: 2, nKv: 1, d: 1 };
    await expectBackward(inputs(62, long, prefillRows([140]), [140], 3), long, 63, 'p');
  });

  it('refuses duplicate rows and a missing P / LSE', async () => {
    const s: CausalAttentionShape = { T: 2, B: 1, maxSeq: 2, nHeads: 2, nKv: 1, d: 2 };
    const x = inputs(
      70,
      s,
      [
        [0, 1],
        [0, 1],
      ],
      [2],
    );
    const dO = new Float32Array(8);
    await expect(causalAttentionBackward(gpu(), { ...x, dO, lse: new Float32Array(4) }, s)).rejects.toThrow(
      /rows 0 and 1 both name sequence 0, position 1/,
    );
    await expect(causalAttentionBackward(gpu(), { ...x, rowPos: Uint32Array.from([0, 1]), dO }, s)).rejects.toThrow(
      /needs the forward pass's P or its LSE/,
    );
  });
});
