import { describe, expect, it, vi } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { DeviceLimitError } from '../../gpu/errors';
import { fillUniform } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { compareArrays } from '../compare';
import {
  linear,
  LINEAR_GEMM_EMULATION_CONFIG,
  linearBytes,
  linearFlops,
  planLinear,
  type LinearOptions,
  type LinearShape,
} from './linear';
import { linearReference } from './linear.reference';
import { packF16Rows } from './halfWeights';
import { defaultGemmCandidates, GEMM_CONFIGS, type GemmConfig } from '../matmul/gemm';

const TOL = { atol: 1e-5, rtol: 1e-5 };

/** Random A, B (stored as the flags say; the element counts do not depend on them) and C. */
function inputs(s: LinearShape, seed: number): { a: Float32Array; b: Float32Array; c: Float32Array } {
  return {
    a: fillUniform(seed, s.M * s.K),
    b: fillUniform(seed + 1, s.K * s.N),
    c: fillUniform(seed + 2, s.M * s.N),
  };
}

const name = (s: LinearShape) =>
  `${s.M}×${s.N}×${s.K}${s.transA ? ' transA' : ''}${s.transB ? ' transB' : ''}${s.accumulate ? ' +=' : ''}`;

// Every M ∈ {1, 2, 3, 5, 17, 70}, N ∈ {1, 7, 65}, K ∈ {1, 9, 33, 130} appears; none is a multiple of
// the 16-row / 64-column tiles or the 16-deep K slab, 65 and 130 cross a tile / slab boundary.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 65, 130],
  [2, 7, 9],
  [2, 65, 33],
  [3, 1, 33],
  [3, 65, 130],
  [5, 65, 9],
  [5, 7, 130],
  [17, 7, 1],
  [17, 65, 130],
  [70, 65, 33],
  [70, 1, 9],
  [70, 7, 130],
];

// The products of a linear layer with W [out, in]: x·Wᵀ (transB), dy·W (none), dyᵀ·x (transA),
// and transA & transB for completeness.
const FLAGS = [
  { transA: false, transB: true },
  { transA: false, transB: false },
  { transA: true, transB: false },
  { transA: true, transB: true },
];

describe('linear kernel vs f64 CPU reference', () => {
  const gpu = useNodeGpu();

  async function expectMatchesReference(
    s: LinearShape,
    seed: number,
    options?: LinearOptions,
    tol = TOL,
  ): Promise<Float32Array> {
    const { a, b, c } = inputs(s, seed);
    const cInit = s.accumulate ? c : undefined;
    const got = await linear(gpu(), a, b, s, cInit, options);
    const result = compareArrays(`linear ${name(s)}`, got, linearReference(a, b, s, cInit), tol);
    expect(result.maxAbsError, `${name(s)}: ${result.detail}`).toBeLessThanOrEqual(result.tolerance);
    expect(result.passed).toBe(true);
    return got;
  }

  for (const flags of FLAGS) {
    describe(`transA=${flags.transA} transB=${flags.transB}`, () => {
      for (const [M, N, K] of SHAPES) {
        const s = { M, N, K, ...flags };
        it(name(s), async () => {
          await expectMatchesReference(s, M * 1000 + N * 10 + K);
        });
      }
      for (const [M, N, K] of [
        [3, 7, 9],
        [5, 7, 130],
        [70, 65, 33],
      ] as const) {
        const s = { M, N, K, ...flags, accumulate: true };
        it(name(s), async () => {
          await expectMatchesReference(s, M * 1000 + N * 10 + K + 5);
        });
      }
    });
  }

  describe('decode path (x · Wᵀ, M ≤ 4) agrees with the tiled path on the same inputs', () => {
    const cases: [number, number, number, boolean, number?][] = [
      [1, 65, 130, false],
      [2, 7, 33, false],
      [3, 1, 9, true],
      [4, 65, 1, false],
      [4, 7, 130, true],
      // Explicit lanes per column: 1 (no tree), 32 (an unrolled step and a tail), 256 (one column per workgroup).
      [1, 7, 130, false, 1],
      [3, 65, 130, true, 32],
      [2, 7, 33, false, 256],
    ];
    for (const [M, N, K, accumulate, lanes] of cases) {
      const s = { M, N, K, transB: true, accumulate };
      it(`${name(s)}${lanes ? ` lanes=${lanes}` : ''}`, async () => {
        const seed = M * 100 + N + K;
        const decode = await expectMatchesReference(s, seed, { path: 'decode', decodeLanes: lanes });
        const tiled = await expectMatchesReference(s, seed, { path: 'tiled' });
        const both = compareArrays('decode vs tiled', decode, tiled, TOL);
        expect(both.passed, both.detail).toBe(true);
      });
    }
  });

  describe('gemm path (x · Wᵀ on the matmul family GEMM, K and N multiples of 4)', () => {
    // M = 5, 17, 33, 70 cut the 32- and 64-row tiles; N = 36, 68, 12 and K = 20, 44 are multiples of
    // 4 but of no tile or slab; K = 4 is a single vec4 (a partial first slab).
    const GEMM_SHAPES: [number, number, number][] = [
      [5, 36, 20],
      [17, 68, 4],
      [33, 12, 44],
      [70, 36, 20],
    ];
    for (const [M, N, K] of GEMM_SHAPES) {
      for (const accumulate of [false, true]) {
        const s = { M, N, K, transB: true, accumulate };
        it(`${name(s)}: the default path, vs the reference and the tiled path`, async () => {
          const g = gpu();
          const seed = M * 1000 + N * 10 + K + (accumulate ? 3 : 0);
          const { a, b, c } = inputs(s, seed);
          const bufs = { a: g.upload(a, 'a'), b: g.upload(b, 'b'), c: g.upload(c, 'c') };
          try {
            const plan = await planLinear(g, bufs, s);
            try {
              expect(plan.path).toBe('gemm');
              if (g.info.isFallbackAdapter) expect(plan.gemmConfig).toBe(LINEAR_GEMM_EMULATION_CONFIG);
              else expect(defaultGemmCandidates(g.info)).toContain(plan.gemmConfig);
              await g.run(plan.encode);
            } finally {
              plan.destroy();
            }
            const got = await g.readF32(bufs.c, M * N);
            const want = linearReference(a, b, s, accumulate ? c : undefined);
            const r = compareArrays(`gemm ${name(s)}`, got, want, TOL);
            expect(r.passed, r.detail).toBe(true);
            const tiled = await expectMatchesReference(s, seed, { path: 'tiled' });
            const both = compareArrays('gemm vs tiled', got, tiled, TOL);
            expect(both.passed, both.detail).toBe(true);
          } finally {
            Object.values(bufs).forEach((x) => x.destroy());
          }
        });
      }
    }

    it("gemmConfig: 'tune' autotunes (scratch C: the caller's C is only added to, once)", async () => {
      const g = gpu();
      const s = { M: 17, N: 36, K: 20, transB: true, accumulate: true };
      const { a, b, c } = inputs(s, 11);
      const got = await linear(g, a, b, s, c, { gemmConfig: 'tune' });
      const r = compareArrays('gemm tuned', got, linearReference(a, b, s, c), TOL);
      expect(r.passed, r.detail).toBe(true);
      const bufs = { a: g.upload(a, 'a'), b: g.upload(b, 'b'), c: g.upload(c, 'c') };
      try {
        const plan = await planLinear(g, bufs, s, { gemmConfig: 'tune' });
        try {
          expect(defaultGemmCandidates(g.info)).toContain(plan.gemmConfig);
        } finally {
          plan.destroy();
        }
      } finally {
        Object.values(bufs).forEach((x) => x.destroy());
      }
    });

    it('every candidate the autotune tries gives the same bits on this device (one fma chain per element, same k order)', async () => {
      const s = { M: 33, N: 68, K: 20, transB: true, accumulate: true };
      const { a, b, c } = inputs(s, 9);
      const candidates = defaultGemmCandidates(gpu().info);
      const runs: number[][] = [];
      for (const gemmConfig of candidates) runs.push(Array.from(await linear(gpu(), a, b, s, c, { gemmConfig })));
      const r = compareArrays('gemm', Float32Array.from(runs[0]!), linearReference(a, b, s, c), TOL);
      expect(r.passed, r.detail).toBe(true);
      for (const [i, run] of runs.entries()) expect(run, candidates[i]!.id).toEqual(runs[0]);
    });

    it('applies only to f32 x · Wᵀ with M > 4 and K, N multiples of 4; gemm: off and path: tiled opt out', async () => {
      const g = gpu();
      const pathOf = async (s: LinearShape, options?: LinearOptions) => {
        const bufs = {
          a: g.createBuffer(s.M * s.K * 4, 'a'),
          b: g.createBuffer(s.K * s.N * 4, 'b'),
          c: g.createBuffer(s.M * s.N * 4, 'c'),
        };
        try {
          const plan = await planLinear(g, bufs, s, options);
          plan.destroy();
          return plan.path;
        } finally {
          Object.values(bufs).forEach((x) => x.destroy());
        }
      };
      const fwd = { M: 5, N: 36, K: 20, transB: true };
      expect(await pathOf(fwd)).toBe('gemm');
      expect(await pathOf({ ...fwd, M: 4 })).toBe('decode');
      expect(await pathOf({ ...fwd, K: 21 })).toBe('tiled');
      expect(await pathOf({ ...fwd, N: 37 })).toBe('tiled');
      expect(await pathOf({ ...fwd, transB: false })).toBe('tiled');
      expect(await pathOf({ ...fwd, transA: true })).toBe('tiled');
      expect(await pathOf(fwd, { gemm: 'off' })).toBe('tiled');
      expect(await pathOf(fwd, { path: 'tiled' })).toBe('tiled');
      // Forced on a decode-sized M it still computes x · Wᵀ.
      expect(await pathOf({ ...fwd, M: 2 }, { path: 'gemm' })).toBe('gemm');
      await expect(pathOf({ ...fwd, N: 37 }, { path: 'gemm' })).rejects.toThrow(/gemm path/);
      await expect(pathOf({ ...fwd, transB: false }, { path: 'gemm' })).rejects.toThrow(UserInputError);
      await expect(pathOf(fwd, { gemm: 'on' as 'auto' })).rejects.toThrow(/gemm must be 'auto' or 'off'/);
      const f16 = { M: 5, N: 36, K: 20, transB: true };
      const packed = packF16Rows(fillUniform(3, 36 * 20), 36, 20, 'w').words;
      const bufs = { a: g.createBuffer(5 * 20 * 4, 'a'), b: g.upload(packed, 'b'), c: g.createBuffer(5 * 36 * 4, 'c') };
      try {
        const plan = await planLinear(g, bufs, f16, { weightFormat: 'f16' });
        try {
          expect(plan.path).toBe('tiled');
        } finally {
          plan.destroy();
        }
        await expect(planLinear(g, bufs, f16, { weightFormat: 'f16', path: 'gemm' })).rejects.toThrow(/f32 weights/);
      } finally {
        Object.values(bufs).forEach((x) => x.destroy());
      }
    });

    it("gemmConfig: only 'tune' or a GEMM configuration by id; one over the device's limits is refused", async () => {
      const g = gpu();
      const s = { M: 5, N: 36, K: 20, transB: true };
      const bufs = {
        a: g.createBuffer(5 * 20 * 4, 'a'),
        b: g.createBuffer(36 * 20 * 4, 'b'),
        c: g.createBuffer(5 * 36 * 4, 'c'),
      };
      const limits = g.info.limits;
      const savedStorage = limits.maxComputeWorkgroupStorageSize;
      try {
        // A copy with a known id stands for that configuration (the plan holds the canonical one).
        const known = LINEAR_GEMM_EMULATION_CONFIG;
        const plan = await planLinear(g, bufs, s, { gemmConfig: { ...known } });
        plan.destroy();
        expect(plan.gemmConfig).toBe(known);
        const ids = new RegExp(GEMM_CONFIGS.map((c) => c.id).join(', '));
        // Rows 6 has no shader variant; 'auto' is a gemm option's value, not a configuration.
        const odd = { ...known, id: '6x4/wg8x8/k16', rows: 6 } as unknown as GemmConfig;
        for (const [gemmConfig, got] of [
          [odd, /got a configuration with id '6x4\/wg8x8\/k16'/],
          ['auto' as unknown as GemmConfig, /got 'auto'/],
        ] as const) {
          const err = await planLinear(g, bufs, s, { gemmConfig }).catch((e: unknown) => e);
          expect(err).toBeInstanceOf(UserInputError);
          expect(String(err)).toMatch(/gemmConfig must be 'tune' or one of the GEMM configurations/);
          expect(String(err)).toMatch(ids);
          expect(String(err)).toMatch(got);
        }
        // A device with 4 KiB of workgroup memory: every GEMM tile needs at least 8 KiB.
        limits.maxComputeWorkgroupStorageSize = 4096;
        const err = await planLinear(g, bufs, s, { gemmConfig: known }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UserInputError);
        expect(String(err)).toMatch(/gemm configuration 4x4\/wg8x8\/k16 does not fit this device's limits/);
      } finally {
        limits.maxComputeWorkgroupStorageSize = savedStorage!;
        Object.values(bufs).forEach((x) => x.destroy());
      }
    });
  });

  it('a plan is reusable: two encodes with accumulate add the product twice (every path)', async () => {
    const g = gpu();
    for (const [s, path] of [
      [{ M: 2, N: 7, K: 33, transB: true, accumulate: true }, 'decode'],
      [{ M: 17, N: 7, K: 9, transA: true, accumulate: true }, 'tiled'],
      [{ M: 17, N: 8, K: 12, transB: true, accumulate: true }, 'gemm'],
    ] as const) {
      const { a, b, c } = inputs(s, 42);
      const bufA = g.upload(a, 'a');
      const bufB = g.upload(b, 'b');
      const bufC = g.upload(c, 'c');
      try {
        const plan = await planLinear(g, { a: bufA, b: bufB, c: bufC }, s);
        expect(plan.path).toBe(path);
        try {
          await g.run((pass) => {
            plan.encode(pass);
            plan.encode(pass);
          });
        } finally {
          plan.destroy();
        }
        const got = await g.readF32(bufC, s.M * s.N);
        const once = linearReference(a, b, s);
        const want = c.map((v, i) => v + 2 * once[i]!);
        const r = compareArrays('twice', got, want, TOL);
        expect(r.passed, r.detail).toBe(true);
      } finally {
        [bufA, bufB, bufC].forEach((x) => x.destroy());
      }
    }
  });

  it('detects a wrong answer (the comparison can fail)', async () => {
    const s = { M: 5, N: 7, K: 9, transB: true };
    const { a, b } = inputs(s, 7);
    const got = await linear(gpu(), a, b, s);
    got[11]! += 0.01;
    expect(compareArrays('m', got, linearReference(a, b, s), TOL).passed).toBe(false);
  });

  it('refuses zero-size and non-integer shapes with UserInputError before allocating', async () => {
    const g = gpu();
    const upload = vi.spyOn(g, 'upload');
    const create = vi.spyOn(g, 'createBuffer');
    try {
      for (const s of [
        { M: 0, N: 4, K: 4 },
        { M: 4, N: 0, K: 4 },
        { M: 4, N: 4, K: 0 },
        { M: 1.5, N: 4, K: 4 },
      ]) {
        const a = new Float32Array(Math.ceil(s.M * s.K));
        const b = new Float32Array(s.K * s.N);
        const err = await linear(g, a, b, s).catch((e: unknown) => e);
        expect(err, name(s)).toBeInstanceOf(UserInputError);
        expect(String(err)).toMatch(/must be a positive integer/);
      }
      expect(upload).not.toHaveBeenCalled();
      expect(create).not.toHaveBeenCalled();
    } finally {
      upload.mockRestore();
      create.mockRestore();
    }
  });

  it('refuses mismatched lengths, cInit without accumulate and an impossible decode path', async () => {
    const g = gpu();
    const s = { M: 2, N: 3, K: 4 };
    await expect(linear(g, new Float32Array(7), new Float32Array(12), s)).rejects.toThrow(/a has 7 values/);
    await expect(linear(g, new Float32Array(8), new Float32Array(11), s)).rejects.toThrow(/b has 11 values/);
    await expect(linear(g, new Float32Array(8), new Float32Array(12), s, new Float32Array(6))).rejects.toThrow(
      /only used with accumulate/,
    );
    await expect(
      linear(g, new Float32Array(8), new Float32Array(12), { ...s, accumulate: true }, new Float32Array(5)),
    ).rejects.toThrow(/cInit has 5 values/);
    await expect(
      linear(g, new Float32Array(8), new Float32Array(12), s, undefined, { path: 'decode' }),
    ).rejects.toThrow(UserInputError);
    const big = { M: 5, N: 3, K: 4, transB: true };
    await expect(
      linear(g, new Float32Array(20), new Float32Array(12), big, undefined, { path: 'decode' }),
    ).rejects.toThrow(/decode path/);
    await expect(
      linear(g, new Float32Array(8), new Float32Array(12), { ...s, transB: true }, undefined, { decodeLanes: 3 }),
    ).rejects.toThrow(/decodeLanes=3/);
  });

  it('planLinear refuses caller buffers that are too small or aliased', async () => {
    const g = gpu();
    const s = { M: 3, N: 5, K: 7 };
    const a = g.createBuffer(3 * 7 * 4, 'a');
    const b = g.createBuffer(7 * 5 * 4 - 4, 'b');
    const c = g.createBuffer(3 * 5 * 4, 'c');
    try {
      await expect(planLinear(g, { a, b, c }, s)).rejects.toThrow(/buffer b has 136 bytes, needs 140/);
      await expect(planLinear(g, { a, b: a, c: a }, { M: 3, N: 3, K: 3 })).rejects.toThrow(/same buffer/);
    } finally {
      [a, b, c].forEach((x) => x.destroy());
    }
  });

  it('an output over the binding limit throws DeviceLimitError before any operand is uploaded', async () => {
    const g = gpu();
    const n = 20_000; // C = 20000² f32 = 1.6 GB, over SwiftShader's 1 GiB (and WebGPU's 128 MiB default)
    expect(n * n * 4).toBeGreaterThan(g.info.limits.maxStorageBufferBindingSize!);
    const upload = vi.spyOn(g, 'upload');
    const create = vi.spyOn(g, 'createBuffer');
    try {
      const shape = { M: n, N: n, K: 1, transB: true };
      const err = await linear(g, new Float32Array(n), new Float32Array(n), shape).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeviceLimitError);
      expect(String((err as Error).message)).toMatch(/maxStorageBufferBindingSize/);
      expect(String((err as Error).message)).toMatch(/C \[20000, 20000\]/);
      expect(upload).not.toHaveBeenCalled();
      expect(create).not.toHaveBeenCalled();
    } finally {
      upload.mockRestore();
      create.mockRestore();
    }
  });
});

describe('linear roofline counts', () => {
  it('flops and minimum bytes', () => {
    expect(linearFlops({ M: 2, N: 3, K: 5 })).toBe(60);
    expect(linearBytes({ M: 2, N: 3, K: 5 })).toBe(4 * (10 + 15 + 6));
    expect(linearBytes({ M: 2, N: 3, K: 5, accumulate: true })).toBe(4 * (10 + 15 + 12));
  });
});
