import { describe, expect, it } from 'vitest';
import { createRng, fillUniform, hashFloat, hashUniform, Pcg32, pcgHash } from './pcg32';

// Independent, obviously-correct BigInt transcription of pcg-c's pcg32 (pcg_basic.c).
const M64 = (x: bigint) => BigInt.asUintN(64, x);
const MULT = 6364136223846793005n;
class RefPcg32 {
  state = 0n;
  inc: bigint;
  constructor(initstate: bigint, initseq: bigint) {
    this.inc = M64((initseq << 1n) | 1n);
    this.nextU32();
    this.state = M64(this.state + M64(initstate));
    this.nextU32();
  }
  nextU32(): number {
    const old = this.state;
    this.state = M64(old * MULT + this.inc);
    const xorshifted = BigInt.asUintN(32, ((old >> 18n) ^ old) >> 27n);
    const rot = old >> 59n;
    return Number(BigInt.asUintN(32, (xorshifted >> rot) | (xorshifted << (-rot & 31n))));
  }
}

const refHash = (x: number): number => {
  const M32 = (v: bigint) => BigInt.asUintN(32, v);
  const state = M32(BigInt(x) * 747796405n + 2891336453n);
  const word = M32(((state >> ((state >> 28n) + 4n)) ^ state) * 277803737n);
  return Number((word >> 22n) ^ word);
};

const draw = (g: { nextU32(): number }, n: number) => Array.from({ length: n }, () => g.nextU32());

describe('Pcg32', () => {
  it('matches the published pcg32-demo output for seed 42, stream 54', () => {
    const expected = [0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e];
    expect(draw(new Pcg32(42, 54), 6)).toEqual(expected);
    expect(draw(new RefPcg32(42n, 54n), 6)).toEqual(expected);
  });

  it('matches the BigInt reference for many seeds and streams', () => {
    const seeds: [number | bigint, number | bigint][] = [
      [0, 0],
      [1, 0],
      [42, 54],
      [123456789, 987654321],
      [Number.MAX_SAFE_INTEGER, 7],
      [0xffffffffffffffffn, 0xffffffffffffffffn],
      [0x8000000000000000n, 1n],
      [2 ** 32 - 1, 2 ** 32],
    ];
    for (const [seed, stream] of seeds) {
      const fast = new Pcg32(seed, stream);
      const ref = new RefPcg32(M64(BigInt(seed)), M64(BigInt(stream)));
      expect(fast.state).toBe(ref.state);
      expect(draw(fast, 2000)).toEqual(draw(ref, 2000));
      expect(fast.state).toBe(ref.state);
    }
  });

  it('wraps negative seeds like a C uint64_t and rejects non-integers', () => {
    expect(draw(new Pcg32(-1), 10)).toEqual(draw(new Pcg32(0xffffffffffffffffn), 10));
    expect(() => new Pcg32(1.5)).toThrow(/safe integer/);
    expect(() => new Pcg32(2 ** 60)).toThrow(/safe integer/);
  });

  it('is deterministic per seed and differs across seeds and streams', () => {
    expect(draw(createRng(7), 50)).toEqual(draw(createRng(7), 50));
    expect(draw(createRng(7), 50)).not.toEqual(draw(createRng(8), 50));
    expect(draw(new Pcg32(7, 1), 50)).not.toEqual(draw(new Pcg32(7, 2), 50));
  });

  it('nextFloat is (u32 >>> 8) / 2^24 in [0, 1) and exact in f32', () => {
    const a = new Pcg32(3),
      b = new Pcg32(3);
    for (let i = 0; i < 1000; i++) {
      const f = a.nextFloat();
      expect(f).toBe((b.nextU32() >>> 8) / 2 ** 24);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      expect(Math.fround(f)).toBe(f);
    }
  });

  it('uniform stays within [lo, hi)', () => {
    const g = createRng(11);
    for (let i = 0; i < 1000; i++) {
      const v = g.uniform(-3, 5);
      expect(v).toBeGreaterThanOrEqual(-3);
      expect(v).toBeLessThan(5);
    }
  });

  it('int(n) covers [0, n) evenly', () => {
    const g = createRng(5);
    const counts = new Array<number>(10).fill(0);
    const N = 50000;
    for (let i = 0; i < N; i++) counts[g.int(10)]!++; // an out-of-range k would add a NaN/extra slot
    expect(counts.length).toBe(10);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(N);
    // Chi-square with 9 dof: 99.9th percentile is ~27.9.
    const chi = counts.reduce((s, c) => s + (c - N / 10) ** 2 / (N / 10), 0);
    expect(chi).toBeLessThan(27.9);
  });

  it('int(n) rejects the biased low range (pcg32_boundedrand_r semantics)', () => {
    // For n = 3 * 2^30 the threshold 2^32 mod n is 2^30: raw draws below it are skipped.
    const n = 3 * 2 ** 30;
    const g = new Pcg32(99),
      raw = new Pcg32(99);
    for (let i = 0; i < 200; i++) {
      let r: number;
      do r = raw.nextU32();
      while (r < 2 ** 30);
      expect(g.int(n)).toBe(r % n);
    }
    expect(createRng(1).int(1)).toBe(0);
    expect(new Pcg32(4).int(2 ** 32)).toBe(new Pcg32(4).nextU32());
    for (const bad of [0, -1, 2.5, 2 ** 32 + 1, NaN]) expect(() => createRng(1).int(bad)).toThrow(RangeError);
  });

  it('normal() has mean 0 and variance 1', () => {
    const g = createRng(2024);
    const N = 40000;
    let s = 0,
      s2 = 0;
    for (let i = 0; i < N; i++) {
      const x = g.normal();
      s += x;
      s2 += x * x;
    }
    const mean = s / N,
      variance = s2 / N - mean * mean;
    expect(Number.isFinite(s2)).toBe(true);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  it('shuffle is an in-place, deterministic permutation', () => {
    const a = Array.from({ length: 100 }, (_, i) => i);
    const out = createRng(1).shuffle(a);
    expect(out).toBe(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(createRng(1).shuffle(Array.from({ length: 100 }, (_, i) => i))).toEqual(a);
    expect(createRng(1).shuffle([])).toEqual([]);
    expect(createRng(1).shuffle(['x'])).toEqual(['x']);
  });

  it('shuffle puts each element in each position about equally often', () => {
    const g = createRng(8);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[g.shuffle([0, 1, 2, 3]).indexOf(0)]!++;
    for (const c of counts) expect(Math.abs(c - 5000)).toBeLessThan(300);
  });

  it('fork gives deterministic, distinct streams that ignore the parent position', () => {
    const p = createRng(10);
    const f1 = draw(p.fork(1), 20);
    draw(p, 100);
    expect(draw(p.fork(1), 20)).toEqual(f1);
    expect(draw(createRng(10).fork(2), 20)).not.toEqual(f1);
    expect(draw(createRng(11).fork(1), 20)).not.toEqual(f1);
    expect(draw(createRng(10), 20)).not.toEqual(f1);
    expect(draw(createRng(10).fork(1).fork(1), 20)).not.toEqual(f1);
    expect(() => createRng(1).fork(0.5)).toThrow(RangeError);
  });
});

describe('stateless hash', () => {
  it('pcgHash matches a BigInt transcription of RXS-M-XS', () => {
    const inputs = [0, 1, 2, 3, 42, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
    const g = createRng(77);
    for (let i = 0; i < 2000; i++) inputs.push(g.nextU32());
    for (const x of inputs) {
      const h = pcgHash(x);
      expect(h).toBe(refHash(x));
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });

  it('pcgHash takes its input mod 2^32', () => {
    expect(pcgHash(-1)).toBe(pcgHash(0xffffffff));
    expect(pcgHash(2 ** 32 + 5)).toBe(pcgHash(5));
  });

  it('hashFloat is an exact f32 in [0, 1) defined by the top 24 hash bits', () => {
    for (const seed of [0, 1, 1234, 0xffffffff]) {
      for (let i = 0; i < 500; i++) {
        const f = hashFloat(seed, i);
        expect(f).toBe((refHash(refHash(seed) ^ i) >>> 8) / 2 ** 24);
        expect(Math.fround(f)).toBe(f);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThan(1);
      }
    }
    expect(hashFloat(3, -1)).toBe(hashFloat(3, 0xffffffff));
    expect(hashFloat(3, 0)).not.toBe(hashFloat(4, 0));
  });

  it('hashUniform is f32-rounded and within the documented error of the exact value', () => {
    const ranges: [number, number][] = [
      [-1, 1],
      [0, 1],
      [-0.1, 0.3],
      [10, 1000],
      [-1e-3, 1e-3],
    ];
    for (const [lo, hi] of ranges) {
      for (let i = 0; i < 500; i++) {
        const v = hashUniform(9, i, lo, hi);
        expect(Math.fround(v)).toBe(v);
        expect(v).toBeGreaterThanOrEqual(Math.fround(lo));
        expect(v).toBeLessThanOrEqual(Math.fround(hi));
        const exact = Math.fround(lo) + (Math.fround(hi) - Math.fround(lo)) * hashFloat(9, i);
        // Three f32 roundings, each at most ~1 ulp of max(|lo|, |hi|) (see the doc comment).
        const ulp = Math.max(Math.abs(lo), Math.abs(hi)) * 2 ** -23;
        expect(Math.abs(v - exact)).toBeLessThanOrEqual(3 * ulp);
      }
    }
    expect(hashUniform(1, 2, 0.5, 0.5)).toBe(0.5);
  });

  it('fillUniform(seed, n) equals hashUniform per index and looks uniform', () => {
    const a = fillUniform(5, 10000);
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(10000);
    for (let i = 0; i < a.length; i += 97) expect(a[i]).toBe(hashUniform(5, i, -1, 1));
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    expect(fillUniform(5, 10, 2, 3).every((x, i) => x === hashUniform(5, i, 2, 3))).toBe(true);
    expect(fillUniform(5, 10)).toEqual(fillUniform(5, 10));
    expect(fillUniform(6, 10)).not.toEqual(fillUniform(5, 10));
    expect(fillUniform(1, 0).length).toBe(0);
    expect(() => fillUniform(1, -1)).toThrow(RangeError);
  });
});
