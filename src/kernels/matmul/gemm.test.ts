import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { compareArrays } from '../compare';
import {
  bindGemm,
  clearGemmTuning,
  defaultGemmCandidates,
  GEMM_CONFIGS,
  gemmAdapterKey,
  gemmConfigFits,
  gemmShapeClass,
  planGemm,
  type GemmConfig,
  type GemmPlan,
  type GemmTuneCache,
} from './gemm';
import { gemmReference } from './gemm.reference';
import type { MatmulShape } from './shape';

const TOL = { atol: 1e-5, rtol: 1e-5 };

/** [rows, cols] → [cols, rows]. */
function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c]!;
  return out;
}

function randomMatrix(seed: number, n: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

describe('GEMM: every tile configuration vs the f64 CPU reference', () => {
  const gpu = useNodeGpu();

  async function runPlan(plan: GemmPlan): Promise<Float32Array> {
    try {
      await gpu().run(plan.encode);
      return await plan.read();
    } finally {
      plan.destroy();
    }
  }

  async function runGemm(s: MatmulShape, config?: GemmConfig, tuneCache?: GemmTuneCache) {
    const a = randomMatrix(s.M * 7 + s.K, s.M * s.K);
    const b = randomMatrix(s.N * 11 + s.K, s.K * s.N);
    const plan = await planGemm(gpu(), a, b, s, { config, tuneCache });
    try {
      await gpu().run(plan.encode);
      const got = await plan.read();
      const check = compareArrays('gemm', got, gemmReference(a, b, s.M, s.N, s.K), { atol: 1e-5, rtol: 1e-5 });
      return { check, plan, got };
    } finally {
      plan.destroy();
    }
  }

  /**
   * Each shape's output from the first configuration that ran it; every later configuration must
   * give the same bits (each element is one fma chain over k in the same order, whatever the
   * tiles — identical on SwiftShader; WGSL may split an fma into a multiply and an add, so on
   * another device this is where a difference would show).
   */
  function sameBitsAsFirst(
    seen: Map<string, { id: string; out: number[] }>,
    key: string,
    id: string,
    out: Float32Array,
  ) {
    const first = seen.get(key);
    if (!first) seen.set(key, { id, out: Array.from(out) });
    else expect(Array.from(out), `${id} vs ${first.id} on ${key}`).toEqual(first.out);
  }

  // 1, primes, K = 1, N = 4 (one vec4 column, narrower than every tile), non-multiples of 4
  // (padded rows) and of every tile; 72×192×128 is the benchmark's.
  const shapes: MatmulShape[] = [
    { M: 1, N: 1, K: 1 },
    { M: 7, N: 13, K: 5 },
    { M: 7, N: 4, K: 12 },
    { M: 33, N: 65, K: 17 },
    { M: 72, N: 128, K: 192 },
    { M: 13, N: 7, K: 1 },
  ];
  const plainOuts = new Map<string, { id: string; out: number[] }>();
  for (const c of GEMM_CONFIGS) {
    it(`${c.id} on ${shapes.map((s) => `${s.M}×${s.N}×${s.K}`).join(', ')}, the same bits as the other configurations`, async () => {
      expect(gemmConfigFits(c, gpu().info.limits)).toBe(true);
      for (const s of shapes) {
        const { check, got } = await runGemm(s, c);
        expect(check.passed, `${c.id} ${s.M}×${s.N}×${s.K}: max |Δ| ${check.maxAbsError}`).toBe(true);
        sameBitsAsFirst(plainOuts, `${s.M}×${s.N}×${s.K}`, c.id, got);
      }
    });
  }

  // B stored transposed ([N, K], a PyTorch weight): M = 5, 17, 33 against every tile height; N, K
  // multiples of 4 but of no tile or slab (36, 20, 68, 44); K = 4 (one vec4, a partial first
  // slab); N = 4 (a single block of W rows); N, K not multiples of 4 (13, 5: padded rows, masked
  // lanes); 1×1×1.
  const transShapes: MatmulShape[] = [
    { M: 5, N: 36, K: 20 },
    { M: 17, N: 68, K: 4 },
    { M: 33, N: 12, K: 44 },
    { M: 7, N: 4, K: 12 },
    { M: 7, N: 13, K: 5 },
    { M: 1, N: 1, K: 1 },
  ];
  const transOuts = new Map<string, { id: string; out: number[] }>();
  for (const c of GEMM_CONFIGS) {
    it(`${c.id} with B transposed: vs the f64 reference, bit-identical to the plain GEMM on Bᵀ and to the other configurations`, async () => {
      for (const s of transShapes) {
        const a = randomMatrix(s.M * 5 + s.K, s.M * s.K);
        const w = randomMatrix(s.N * 3 + s.K, s.N * s.K); // [N, K]
        const b = transpose(w, s.N, s.K); // [K, N]
        const got = await runPlan(await planGemm(gpu(), a, w, s, { config: c, transB: true }));
        const check = compareArrays('gemm transB', got, gemmReference(a, b, s.M, s.N, s.K), TOL);
        expect(check.passed, `${c.id} ${s.M}×${s.N}×${s.K}: ${check.detail}`).toBe(true);
        // Same tile contents and the same inner loop: the transposed load changes no bit.
        const plain = await runPlan(await planGemm(gpu(), a, b, s, { config: c }));
        expect(Array.from(got), `${c.id} ${s.M}×${s.N}×${s.K}`).toEqual(Array.from(plain));
        sameBitsAsFirst(transOuts, `${s.M}×${s.N}×${s.K}`, c.id, got);
      }
    });
  }

  it('B transposed with accumulate: C += A·Bᵀ, the same bits from every configuration', async () => {
    const g = gpu();
    const s = { M: 33, N: 36, K: 20 };
    const a = randomMatrix(5, s.M * s.K);
    const w = randomMatrix(6, s.N * s.K);
    const c0 = randomMatrix(7, s.M * s.N);
    const product = gemmReference(a, transpose(w, s.N, s.K), s.M, s.N, s.K);
    const want = c0.map((v, i) => v + product[i]!);
    const runs: number[][] = [];
    for (const config of GEMM_CONFIGS) {
      const bufs = { a: g.upload(a, 'a'), b: g.upload(w, 'b'), c: g.upload(c0, 'c') };
      try {
        const ops = { shape: s, ...bufs, lda4: s.K / 4, ldb4: s.K / 4, ldc4: s.N / 4, transB: true, accumulate: true };
        const bound = await bindGemm(g, config, ops);
        try {
          await g.run(bound.encode);
        } finally {
          bound.destroy();
        }
        const got = await g.readF32(bufs.c, s.M * s.N);
        const check = compareArrays('gemm C += A·Bᵀ', got, want, TOL);
        expect(check.passed, `${config.id}: ${check.detail}`).toBe(true);
        runs.push(Array.from(got));
      } finally {
        Object.values(bufs).forEach((x) => x.destroy());
      }
    }
    // Each element is one thread's fma chain over k in the same order, whatever the tiles
    // (identical on SwiftShader; a compiler may split an fma, which this would catch).
    for (const [i, run] of runs.entries()) expect(run, GEMM_CONFIGS[i]!.id).toEqual(runs[0]);
  });

  it('the comparison can fail (a corrupted element is caught)', async () => {
    const s = { M: 7, N: 13, K: 5 };
    const a = randomMatrix(1, s.M * s.K);
    const b = randomMatrix(2, s.K * s.N);
    const plan = await planGemm(gpu(), a, b, s, { config: GEMM_CONFIGS[0] });
    try {
      await gpu().run(plan.encode);
      const got = await plan.read();
      got[50]! += 1e-3;
      expect(compareArrays('gemm', got, gemmReference(a, b, s.M, s.N, s.K), { atol: 1e-5, rtol: 1e-5 }).passed).toBe(
        false,
      );
    } finally {
      plan.destroy();
    }
  });

  it('autotune picks a feasible configuration, is correct, and caches the choice per adapter and shape class', async () => {
    clearGemmTuning();
    const cache: GemmTuneCache = {};
    const s = { M: 40, N: 36, K: 24 };
    const first = await runGemm(s, undefined, cache);
    expect(first.check.passed).toBe(true);
    expect(first.plan.tuning.source).toBe('tuned');
    const timed = first.plan.tuning.timings!;
    const candidates = defaultGemmCandidates(gpu().info);
    expect(candidates.length).toBeGreaterThanOrEqual(2);
    expect(timed.map((t) => t.id).sort()).toEqual(candidates.map((c) => c.id).sort());
    for (const t of timed) expect(t.minMs).toBeGreaterThan(0);
    const chosen = first.plan.tuning.config;
    expect(chosen.id).toBe(timed.reduce((x, y) => (y.minMs < x.minMs ? y : x)).id);
    const key = `${gemmAdapterKey(gpu().info)} ${gemmShapeClass(s)}`;
    expect(cache).toEqual({ [key]: chosen.id });

    // Same shape class (every dimension rounds up to the same power of two): remembered in memory.
    const again = await runGemm({ M: 33, N: 63, K: 17 });
    expect(again.check.passed).toBe(true);
    expect(again.plan.tuning.source).toBe('memory');
    expect(again.plan.tuning.config.id).toBe(chosen.id);

    // A persisted cache passed back in is used without timing, even after memory is cleared.
    clearGemmTuning();
    const other = candidates.find((c) => c.id !== chosen.id)!;
    const restored = await runGemm(s, undefined, { [key]: other.id });
    expect(restored.plan.tuning.source).toBe('cache');
    expect(restored.plan.tuning.config.id).toBe(other.id);
    expect(restored.check.passed).toBe(true);

    // A stale id in the cache is ignored and retuned.
    const stale: GemmTuneCache = { [key]: 'no-such-config' };
    const retuned = await runGemm(s, undefined, stale);
    expect(retuned.plan.tuning.source).toBe('tuned');
    expect(stale[key]).toBe(retuned.plan.tuning.config.id);
  });

  it('a transposed B tunes as its own shape class', async () => {
    const s = { M: 40, N: 36, K: 24 };
    expect(gemmShapeClass(s)).toBe('M64N64K32');
    expect(gemmShapeClass(s, false)).toBe('M64N64K32');
    expect(gemmShapeClass(s, true)).toBe('M64N64K32Bt');
    // The autotune itself files a transposed B under the Bt class.
    clearGemmTuning();
    const cache: GemmTuneCache = {};
    const a = randomMatrix(3, s.M * s.K);
    const w = randomMatrix(4, s.N * s.K); // [N, K]
    const plan = await planGemm(gpu(), a, w, s, { transB: true, tuneCache: cache });
    const got = await runPlan(plan);
    expect(plan.tuning.source).toBe('tuned');
    expect(cache).toEqual({ [`${gemmAdapterKey(gpu().info)} M64N64K32Bt`]: plan.tuning.config.id });
    const check = compareArrays('gemm tuned transB', got, gemmReference(a, transpose(w, s.N, s.K), s.M, s.N, s.K), TOL);
    expect(check.passed, check.detail).toBe(true);
  });

  it('tries every configuration by default on a GPU, a cheaper subset on CPU emulation', () => {
    expect(defaultGemmCandidates({ isFallbackAdapter: false })).toEqual(GEMM_CONFIGS);
    const emulated = defaultGemmCandidates({ isFallbackAdapter: true });
    expect(emulated.length).toBe(2);
    for (const c of emulated) expect(GEMM_CONFIGS).toContain(c);
  });

  it('skips configurations over the device limits', () => {
    const big = GEMM_CONFIGS.find((c) => c.wgX * c.wgY === 256)!;
    expect(gemmConfigFits(big, { maxComputeInvocationsPerWorkgroup: 128 })).toBe(false);
    expect(gemmConfigFits(big, { maxComputeWorkgroupStorageSize: 4096 })).toBe(false);
    expect(gemmConfigFits({ ...big, bk: 6 }, {})).toBe(false);
  });
});
