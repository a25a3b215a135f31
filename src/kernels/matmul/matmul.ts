// Tiled f32 matmul: typed wrapper and timing helper (its kernel-CLI entry is in cli.ts).
import shader from '../../shaders/matmul/matmul.wgsl?raw';
import gemvShader from '../../shaders/matmul/matmul.gemv.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { TimingOptions, TimingResult } from '../../gpu/types';
import { UserInputError } from '../../core';
import type { KernelPlan } from '../../gpu/plan';

const TILE = 64;
/** Up to this many rows of A, the GEMV kernel (64 columns per workgroup, B read once) is used. */
export const GEMV_MAX_M = 4;
const GEMV_COLUMNS = 64;

export interface MatmulShape {
  M: number;
  N: number;
  K: number;
}

export function matmulFlops({ M, N, K }: MatmulShape): number {
  return 2 * M * N * K;
}

/** Minimum bytes moved (each operand read once, C written once): the roofline's traffic. */
export function matmulBytes({ M, N, K }: MatmulShape): number {
  return 4 * (M * K + K * N + M * N);
}

function validateShape(s: MatmulShape): void {
  for (const [k, v] of Object.entries(s)) {
    if (!Number.isInteger(v) || v < 1) throw new UserInputError(`matmul: ${k}=${v} must be a positive integer`);
  }
}

/** GPU buffers and a bound dispatch for one shape; reuse it to time or rerun without re-uploading. */
export interface MatmulPlan extends KernelPlan {
  shape: MatmulShape;
  c: GPUBuffer;
}

export async function planMatmul(gpu: Gpu, a: Float32Array, b: Float32Array, shape: MatmulShape): Promise<MatmulPlan> {
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

export async function matmul(gpu: Gpu, a: Float32Array, b: Float32Array, shape: MatmulShape): Promise<Float32Array> {
  validateShape(shape);
  if (a.length !== shape.M * shape.K)
    throw new UserInputError(`matmul: a has ${a.length} values, expected M×K = ${shape.M * shape.K}`);
  if (b.length !== shape.K * shape.N)
    throw new UserInputError(`matmul: b has ${b.length} values, expected K×N = ${shape.K * shape.N}`);
  const plan = await planMatmul(gpu, a, b, shape);
  try {
    await gpu.run(plan.encode);
    return await gpu.readF32(plan.c, shape.M * shape.N);
  } finally {
    plan.destroy();
  }
}

export interface MatmulTiming extends TimingResult {
  shape: MatmulShape;
  gflops: number;
}

/** Times the kernel alone (inputs already resident); GFLOP/s from the median. */
export async function timeMatmul(
  gpu: Gpu,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
  opts?: TimingOptions,
): Promise<MatmulTiming> {
  const plan = await planMatmul(gpu, a, b, shape);
  try {
    const t = await gpu.time(plan.encode, opts);
    return { ...t, shape, gflops: matmulFlops(shape) / (t.medianMs * 1e6) };
  } finally {
    plan.destroy();
  }
}
