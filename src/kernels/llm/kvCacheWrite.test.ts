import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { kvCacheWrite, type KvCacheShape } from './kvCacheWrite';
import { kvCacheWriteReference } from './kvCacheWrite.reference';

const fill = (seed: number, n: number) => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
};

describe('KV-cache write vs CPU reference', () => {
  const gpu = useNodeGpu();

  it('copies rows of two sequences to their slots and leaves every other slot unchanged (nKv·d = 6)', async () => {
    const s: KvCacheShape = { T: 4, B: 2, maxSeq: 5, nKv: 2, d: 3 };
    const cacheLen = s.B * s.maxSeq * s.nKv * s.d;
    const x = {
      k: fill(1, s.T * s.nKv * s.d),
      v: fill(2, s.T * s.nKv * s.d),
      rowSeq: Uint32Array.from([1, 0, 1, 0]),
      rowPos: Uint32Array.from([4, 0, 0, 3]),
      kCache: fill(3, cacheLen),
      vCache: fill(4, cacheLen),
    };
    const got = await kvCacheWrite(gpu(), x, s);
    const want = kvCacheWriteReference(x.k, x.v, x.rowSeq, x.rowPos, x.kCache, x.vCache, s);
    expect(Array.from(got.kCache)).toEqual(Array.from(want.kCache));
    expect(Array.from(got.vCache)).toEqual(Array.from(want.vCache));
    // Slot (1, 4) holds row 0; slot (0, 1) kept its old value.
    expect(Array.from(got.kCache.subarray(9 * 6, 10 * 6))).toEqual(Array.from(x.k.subarray(0, 6)));
    expect(Array.from(got.vCache.subarray(6, 12))).toEqual(Array.from(x.vCache.subarray(6, 12)));
  });

  it('a prefill of 30 rows (several workgroups, d = 5, nKv = 3) into zeroed caches', async () => {
    const s: KvCacheShape = { T: 30, B: 3, maxSeq: 12, nKv: 3, d: 5 };
    const rowSeq = Uint32Array.from({ length: s.T }, (_, t) => t % 3);
    const rowPos = Uint32Array.from({ length: s.T }, (_, t) => Math.floor(t / 3));
    const x = { k: fill(5, s.T * 15), v: fill(6, s.T * 15), rowSeq, rowPos };
    const got = await kvCacheWrite(gpu(), x, s);
    const zeros = new Float32Array(s.B * s.maxSeq * 15);
    const want = kvCacheWriteReference(x.k, x.v, rowSeq, rowPos, zeros, zeros, s);
    expect(Array.from(got.kCache)).toEqual(Array.from(want.kCache));
    expect(Array.from(got.vCache)).toEqual(Array.from(want.vCache));
  });

  it('refuses rows outside the cache and rows naming the same slot, naming the row', async () => {
    const s: KvCacheShape = { T: 2, B: 2, maxSeq: 4, nKv: 1, d: 2 };
    const base = { k: new Float32Array(4), v: new Float32Array(4) };
    const run = (seq: number[], pos: number[]) =>
      kvCacheWrite(gpu(), { ...base, rowSeq: Uint32Array.from(seq), rowPos: Uint32Array.from(pos) }, s);
    await expect(run([0, 1], [1, 4])).rejects.toThrow(/row 1 has rowPos=4, outside the cache \[0, maxSeq=4\)/);
    await expect(run([2, 0], [0, 0])).rejects.toThrow(/row 0 has rowSeq=2, outside the batch \[0, B=2\)/);
    await expect(run([1, 1], [3, 3])).rejects.toThrow(/rows 0 and 1 both name sequence 1, position 3/);
    await expect(
      kvCacheWrite(
        gpu(),
        { ...base, k: new Float32Array(3), rowSeq: Uint32Array.from([0, 1]), rowPos: Uint32Array.from([0, 0]) },
        s,
      ),
    ).rejects.toThrow(UserInputError);
    await expect(
      kvCacheWrite(
        gpu(),
        { ...base, rowSeq: Uint32Array.from([0, 1]), rowPos: Uint32Array.from([0, 0]) },
        { ...s, d: 0 },
      ),
    ).rejects.toThrow(/d=0 must be a positive integer/);
  });
});
