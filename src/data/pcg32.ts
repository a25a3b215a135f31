// Seeded randomness for experiments. Two families live here:
//  * Pcg32: a sequential PCG-XSH-RR generator (64-bit state) for CPU-side work such as
//    shuffling, sampling and initialising data. Reproducible across runs and machines.
//  * pcgHash / hashFloat / hashUniform: a stateless 32-bit hash. WGSL has no 64-bit integers,
//    so anything a GPU kernel must regenerate (e.g. random matrix inputs) uses this hash
//    instead; src/shaders/common/pcg.wgsl implements the identical math.

export interface Rng {
  /** Uniform unsigned 32-bit integer. */
  nextU32(): number;
  /** Uniform float in [0, 1) with 24-bit resolution: (u32 >>> 8) / 2^24, exact in f32. */
  nextFloat(): number;
  /** lo + (hi - lo) * nextFloat(). */
  uniform(lo: number, hi: number): number;
  /** Unbiased uniform integer in [0, n), 1 <= n <= 2^32 (rejection sampling). */
  int(n: number): number;
  /** Standard normal sample (Box-Muller; the second value of each pair is cached). */
  normal(): number;
  /** In-place Fisher-Yates shuffle; returns `a`. */
  shuffle<T>(a: T[]): T[];
  /** A new generator derived only from this one's seed and stream (not from how many values were drawn). */
  fork(stream: number): Rng;
}

const TWO_32 = 4294967296;
const U64 = (x: bigint): bigint => BigInt.asUintN(64, x);

// The PCG 64-bit LCG multiplier 6364136223846793005 = 0x5851f42d_4c957f2d, split in halves.
const MUL_HI = 0x5851f42d;
const MUL_LO = 0x4c957f2d;

/** High 32 bits of the 64-bit product a*b of two u32s, via 16-bit limbs (each partial product is exact in a double). */
function mulHi32(a: number, b: number): number {
  const a0 = a & 0xffff,
    a1 = a >>> 16,
    b0 = b & 0xffff,
    b1 = b >>> 16;
  const p00 = a0 * b0,
    p01 = a0 * b1,
    p10 = a1 * b0,
    p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}

/** SplitMix64 finaliser: turns structured (seed, stream) pairs into well-mixed 64-bit keys for fork(). */
function splitmix64(x: bigint): bigint {
  let z = U64(x + 0x9e3779b97f4a7c15n);
  z = U64((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
  z = U64((z ^ (z >> 27n)) * 0x94d049bb133111ebn);
  return z ^ (z >> 31n);
}

function toU64(v: number | bigint, what: string): bigint {
  if (typeof v === 'number' && !Number.isSafeInteger(v))
    throw new RangeError(`${what} must be a safe integer, got ${v}`);
  return U64(BigInt(v)); // negative values wrap (two's complement), as C's uint64_t would
}

export class Pcg32 implements Rng {
  // State and increment as u32 halves: BigInt arithmetic per draw would be ~50x slower.
  private hi = 0;
  private lo = 0;
  private readonly incHi: number;
  private readonly incLo: number;
  private readonly seed64: bigint;
  private readonly stream64: bigint;
  private spare: number | null = null;

  /** Same seeding as pcg-c's pcg32_srandom_r(initstate = seed, initseq = stream). */
  constructor(seed: number | bigint, stream: number | bigint = 0) {
    this.seed64 = toU64(seed, 'seed');
    this.stream64 = toU64(stream, 'stream');
    const inc = U64((this.stream64 << 1n) | 1n);
    this.incHi = Number(inc >> 32n);
    this.incLo = Number(inc & 0xffffffffn);
    this.step();
    const s = U64(this.state + this.seed64);
    this.hi = Number(s >> 32n);
    this.lo = Number(s & 0xffffffffn);
    this.step();
  }

  /** Current 64-bit state (for tests and debugging). */
  get state(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** state = state * MUL + inc (mod 2^64). */
  private step(): void {
    const { hi, lo } = this;
    const pHi = (mulHi32(lo, MUL_LO) + Math.imul(hi, MUL_LO) + Math.imul(lo, MUL_HI)) >>> 0;
    const pLo = Math.imul(lo, MUL_LO) >>> 0;
    const sumLo = pLo + this.incLo; // < 2^33, exact
    this.lo = sumLo >>> 0;
    this.hi = (pHi + this.incHi + (sumLo >= TWO_32 ? 1 : 0)) >>> 0;
  }

  nextU32(): number {
    const { hi, lo } = this;
    this.step();
    // XSH-RR on the old state: xorshifted = ((old >> 18) ^ old) >> 27 (low 32 bits); rot = old >> 59.
    const xHi = hi ^ (hi >>> 18);
    const xLo = lo ^ ((lo >>> 18) | (hi << 14));
    const xs = ((xLo >>> 27) | (xHi << 5)) >>> 0;
    const rot = hi >>> 27;
    return ((xs >>> rot) | (xs << ((32 - rot) & 31))) >>> 0;
  }

  nextFloat(): number {
    return (this.nextU32() >>> 8) / 16777216;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.nextFloat();
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32)
      throw new RangeError(`int(n) needs an integer 1 <= n <= 2^32, got ${n}`);
    // Reject the lowest 2^32 mod n values so every residue is equally likely (pcg32_boundedrand_r).
    const threshold = TWO_32 % n;
    for (;;) {
      const r = this.nextU32();
      if (r >= threshold) return r % n;
    }
  }

  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u1 = 1 - this.nextFloat(); // (0, 1]: keeps log finite
    const u2 = this.nextFloat();
    const r = Math.sqrt(-2 * Math.log(u1));
    const t = 2 * Math.PI * u2;
    this.spare = r * Math.sin(t);
    return r * Math.cos(t);
  }

  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i] as T;
      a[i] = a[j] as T;
      a[j] = t;
    }
    return a;
  }

  fork(stream: number): Rng {
    // Mix both seed and stream: PCG streams that differ only in the increment are correlated,
    // so children get a hashed seed as well as a hashed stream.
    const key = splitmix64(this.stream64 ^ splitmix64(toU64(stream, 'fork stream')));
    return new Pcg32(splitmix64(this.seed64 ^ key), key);
  }
}

export function createRng(seed: number): Rng {
  return new Pcg32(seed);
}

// ---- Stateless hash shared with WGSL (src/shaders/common/pcg.wgsl) -------------------------

/** PCG RXS-M-XS 32-bit hash (Jarzynski & Olano 2020). Input is taken mod 2^32; output is a u32. */
export function pcgHash(x: number): number {
  const state = (Math.imul(x >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul((state >>> ((state >>> 28) + 4)) ^ state, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/**
 * Uniform float in [0, 1) for element `index` of the stream named by `seed` (both taken mod 2^32).
 * Uses the top 24 bits of the hash, so the value is an exact f32: GPU and CPU agree bit for bit.
 */
export function hashFloat(seed: number, index: number): number {
  return (pcgHash(pcgHash(seed) ^ (index >>> 0)) >>> 8) / 16777216;
}

/**
 * lo + (hi - lo) * hashFloat(seed, index), each operation rounded to f32 as a WGSL kernel does.
 * A GPU compiler may fuse the multiply-add (FMA), skipping the product's rounding, so GPU values
 * can differ from these by 1 ulp of the result, or (when lo and the product nearly cancel) up to
 * 2 ulps of max(|lo|, |hi|). Rounding can also yield exactly `hi`. GPU tests should compare with
 * that tolerance, or compare hashFloat, which is bit-exact.
 */
export function hashUniform(seed: number, index: number, lo: number, hi: number): number {
  const f = Math.fround;
  const l = f(lo);
  return f(l + f(f(f(hi) - l) * hashFloat(seed, index)));
}

/** n values hashUniform(seed, i, lo, hi) for i = 0..n-1: a GPU kernel can regenerate the same array. */
export function fillUniform(seed: number, n: number, lo = -1, hi = 1): Float32Array {
  if (!Number.isInteger(n) || n < 0 || n > TWO_32)
    throw new RangeError(`fillUniform: n must be an integer in [0, 2^32], got ${n}`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = hashUniform(seed, i, lo, hi);
  return out;
}
