import { describe, expect, it, vi } from 'vitest';
import { DeviceLimitError } from '../../gpu/errors';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { ndarray } from '../../data/ndarray';
import { UserInputError } from '../../core';
import { matmul, planMatmulTiled, timeMatmul } from './matmul';
import { GEMM_CONFIGS } from './gemm';
import { matmulKernel } from './cli';
import { matmulReference } from './matmul.reference';
import { compareArrays } from '../compare';

function randomMatrix(seed: number, n: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

describe('matmul kernel vs CPU reference', () => {
  const gpu = useNodeGpu();
  // Awkward shapes: single element, non-multiples of the 64 tile and 16 K-slab, tall/skinny.
  const shapes = [
    [1, 1, 1],
    [17, 33, 5],
    [128, 64, 96],
    [65, 1, 129],
    [1, 70, 3],
    [3, 2, 200],
    // GEMV path (M ≤ 4): N not a multiple of 4 or 64, K not a multiple of the 16 K slices, M = 4.
    [1, 131, 37],
    [4, 67, 5],
    [2, 1, 300],
    [4, 256, 64],
    [5, 70, 33],
    // Shorter tiles (16·TM rows): TM = 1 up to 16 rows, TM = 2 up to 32.
    [16, 65, 17],
    [17, 9, 40],
    [32, 64, 16],
    [33, 5, 7],
  ] as const;
  for (const [M, N, K] of shapes) {
    it(`${M}×${N}×${K}`, async () => {
      const a = randomMatrix(M * 1000 + K, M * K);
      const b = randomMatrix(N * 1000 + K + 7, K * N);
      const want = matmulReference(a, b, M, N, K);
      // One fixed GEMM configuration here (gemm.test.ts covers every one, and the autotune).
      const got = await matmul(gpu(), a, b, { M, N, K }, { config: GEMM_CONFIGS[4] });
      const check = compareArrays('matmul', got, want, { atol: 1e-5, rtol: 1e-5 });
      expect(check.maxAbsError).toBeLessThanOrEqual(check.tolerance);
      expect(check.passed).toBe(true);
      // The earlier tiled kernel (the benchmark's baseline row) on the same inputs.
      const tiled = await planMatmulTiled(gpu(), a, b, { M, N, K });
      try {
        await gpu().run(tiled.encode);
        expect(compareArrays('tiled', await tiled.read(), want, { atol: 1e-5, rtol: 1e-5 }).passed).toBe(true);
      } finally {
        tiled.destroy();
      }
    });
  }

  it('detects a wrong answer (the comparison can fail)', async () => {
    const a = randomMatrix(1, 17 * 33);
    const b = randomMatrix(2, 33 * 5);
    const got = await matmul(gpu(), a, b, { M: 17, N: 5, K: 33 }, { config: GEMM_CONFIGS[4] });
    got[40]! += 0.01;
    expect(compareArrays('m', got, matmulReference(a, b, 17, 5, 33), { atol: 1e-5, rtol: 1e-5 }).passed).toBe(false);
  });

  it('an output over the binding limit throws DeviceLimitError before any operand is uploaded', async () => {
    const g = gpu();
    const n = 20_000; // C = 20000² f32 = 1.6 GB, over SwiftShader's 1 GiB (and WebGPU's 128 MiB default)
    expect(n * n * 4).toBeGreaterThan(g.info.limits.maxStorageBufferBindingSize!);
    const upload = vi.spyOn(g, 'upload');
    const create = vi.spyOn(g, 'createBuffer');
    try {
      const err = await matmul(g, new Float32Array(n), new Float32Array(n), { M: n, N: n, K: 1 }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DeviceLimitError);
      expect(String((err as Error).message)).toMatch(/maxStorageBufferBindingSize/);
      expect(upload).not.toHaveBeenCalled();
      expect(create).not.toHaveBeenCalled();
    } finally {
      upload.mockRestore();
      create.mockRestore();
    }
  });

  it('kernel entry rejects mismatched inner dimensions with a clear message', async () => {
    const a = ndarray('float32', [2, 3]);
    const b = ndarray('float32', [4, 2]);
    await expect(matmulKernel.run(gpu(), { a, b }, {})).rejects.toThrow(UserInputError);
    await expect(matmulKernel.run(gpu(), { a, b }, {})).rejects.toThrow(/inner dimensions differ/);
  });

  // The default path autotunes (compiling every configuration once), hence the longer timeout.
  it('timing returns ordered statistics and compiles the pipelines once', { timeout: 180_000 }, async () => {
    const a = randomMatrix(3, 32 * 32);
    await timeMatmul(gpu(), a, a, { M: 32, N: 32, K: 32 }, { warmup: 0, reps: 1 });
    const before = gpu().pipelineCacheSize;
    const t = await timeMatmul(gpu(), a, a, { M: 32, N: 32, K: 32 }, { warmup: 1, reps: 3 });
    expect(t.samplesMs.length).toBeGreaterThan(0);
    expect(t.minMs).toBeLessThanOrEqual(t.medianMs);
    expect(t.gflops).toBeGreaterThan(0);
    expect(t.kernel).toMatch(/^gemm /);
    expect(gpu().pipelineCacheSize).toBe(before);
  });
});
