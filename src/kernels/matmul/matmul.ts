// f32 matmul: picks the GEMV kernel for M ≤ 4 and the autotuned register-blocked GEMM (gemm.ts)
// otherwise; the earlier 64×64 tiled kernel stays as `planMatmulTiled`, the benchmark's baseline.
// Its kernel-CLI entry is in cli.ts.
import shader from '../../shaders/matmul/matmul.wgsl?raw';
import gemvShader from '../../shaders/matmul/matmul.gemv.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { TimingOptions, TimingResult } from '../../gpu/types';
import { UserInputError } from '../../core';
import { matmulFlops, validateShape, type MatmulShape } from './shape';
import { planGemm, type GemmPlanOptions, type GemmTuneResult } from './gemm';
import type { KernelPlan } from '../../gpu/plan';

const TILE = 64;
/** Up to this many rows of A, the GEMV kernel (64 columns per workgroup, B read once) is used. */
export const GEMV_MAX_M = 4;
const GEMV_COLUMNS = 64;

export { matmulBytes, matmulFlops, type MatmulShape } from './shape';

/** GPU buffers and a bound dispatch for one shape; reuse it to time or rerun without re-uploading. */
export interface MatmulPlan extends KernelPlan {
  shape: MatmulShape;
  /** The output buffer (its rows may be padded to whole vec4s: use `read`). */
  c: GPUBuffer;
  /** C as a dense M×N array. */
  read(): Promise<Float32Array>;
  /** Which kernel runs: 'gemv', 'tiled' (the earlier kernel) or 'gemm <config id>'. */
  kernel: string;
  /** The GEMM's tuning outcome (absent for the GEMV and the earlier kernel). */
  tuning?: GemmTuneResult;
}

/** GEMV for M ≤ 4, the autotuned GEMM otherwise. */
export async function planMatmul(
  gpu: Gpu,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
  opts?: GemmPlanOptions,
): Promise<MatmulPlan> {
  validateShape(shape);
  if (shape.M <= GEMV_MAX_M) return planMatmulTiled(gpu, a, b, shape);
  const p = await planGemm(gpu, a, b, shape, opts);
  return { ...p, kernel: `gemm ${p.tuning.config.id}` };
}

/** The earlier kernels: GEMV for M ≤ 4, else 64-column tiles of 16·TM rows with scalar loads. */
export async function planMatmulTiled(
  gpu: Gpu,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
): Promise<MatmulPlan> {
  validateShape(shape);
  const { M, N, K } = shape;
  const gemv = M <= GEMV_MAX_M;
  // Rows per thread: the tile is 16·tm rows tall, so short A wastes fewer idle rows.
  const tm = M <= 16 ? 1 : M <= 32 ? 2 : 4;
  const workgroups: [number, number] = gemv
    ? [Math.ceil(N / GEMV_COLUMNS), 1]
    : [Math.ceil(N / TILE), Math.ceil(M / (16 * tm))];
  gpu.checkWorkgroups(workgroups, `matmul ${M}×${N}×${K}`);
  // Check every operand against the binding limit before allocating any, so a too-large C
  // cannot leave A and B uploaded and unreferenced.
  gpu.checkBindingSize(M * K * 4, `matmul.a [${M}×${K}]`);
  gpu.checkBindingSize(K * N * 4, `matmul.b [${K}×${N}]`);
  gpu.checkBindingSize(M * N * 4, `matmul.c [${M}×${N}]`);
  const pipeline = await gpu.pipeline(
    gemv
      ? { name: 'matmul/matmul.gemv', code: gemvShader }
      : { name: 'matmul/matmul', code: shader, constants: { TM: tm } },
  );
  // Other limits (e.g. maxBufferSize) can still refuse a later buffer: free what was made.
  const made: GPUBuffer[] = [];
  const keep = (buf: GPUBuffer) => {
    made.push(buf);
    return buf;
  };
  try {
    const bufA = keep(gpu.upload(a, 'matmul.a'));
    const bufB = keep(gpu.upload(b, 'matmul.b'));
    const bufC = keep(gpu.createBuffer(M * N * 4, 'matmul.c'));
    const dims = keep(gpu.uniform(new Uint32Array([M, N, K, 0]).buffer, 'matmul.dims'));
    const group = gpu.bindGroup(pipeline, [bufA, bufB, bufC, dims], 'matmul');
    return {
      shape,
      c: bufC,
      kernel: gemv ? 'gemv' : 'tiled',
      read: () => gpu.readF32(bufC, M * N),
      encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, workgroups),
      destroy: () => {
        for (const buf of made) buf.destroy();
      },
    };
  } catch (e) {
    for (const buf of made) buf.destroy();
    throw e;
  }
}

export async function matmul(
  gpu: Gpu,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
  opts?: GemmPlanOptions,
): Promise<Float32Array> {
  validateShape(shape);
  if (a.length !== shape.M * shape.K)
    throw new UserInputError(`matmul: a has ${a.length} values, expected M×K = ${shape.M * shape.K}`);
  if (b.length !== shape.K * shape.N)
    throw new UserInputError(`matmul: b has ${b.length} values, expected K×N = ${shape.K * shape.N}`);
  const plan = await planMatmul(gpu, a, b, shape, opts);
  try {
    await gpu.run(plan.encode);
    return await plan.read();
  } finally {
    plan.destroy();
  }
}

export interface MatmulTiming extends TimingResult {
  shape: MatmulShape;
  gflops: number;
  kernel: string;
}

/** Times the kernel alone (inputs already resident); GFLOP/s from the median. */
export async function timeMatmul(
  gpu: Gpu,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
  opts?: TimingOptions,
  gemm?: GemmPlanOptions,
): Promise<MatmulTiming> {
  const plan = await planMatmul(gpu, a, b, shape, gemm);
  try {
    const t = await gpu.time(plan.encode, opts);
    return { ...t, shape, kernel: plan.kernel, gflops: matmulFlops(shape) / (t.medianMs * 1e6) };
  } finally {
    plan.destroy();
  }
}
