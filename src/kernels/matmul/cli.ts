// Kernel-CLI entry for the f32 matmul: `npm run kernel -- matmul --in a=A.npy --in b=B.npy`.
import { ndarray, type NdArray } from '../../data/ndarray';
import { UserInputError } from '../../core';
import type { KernelEntry } from '../types';
import { matmul } from './matmul';

export const matmulKernel: KernelEntry = {
  name: 'matmul',
  summary:
    'C = A·B in f32 (autotuned register-blocked GEMM: vec4 loads, 4×4 or 8×4 per thread, double-buffered K slabs; a GEMV kernel when M ≤ 4)',
  inputs: [
    { name: 'a', dtype: 'float32', shape: ['M', 'K'] },
    { name: 'b', dtype: 'float32', shape: ['K', 'N'] },
  ],
  outputs: [{ name: 'c', dtype: 'float32', shape: ['M', 'N'] }],
  settings: [],
  async run(gpu, inputs): Promise<Record<string, NdArray>> {
    const a = inputs.a!;
    const b = inputs.b!;
    if (a.shape.length !== 2 || b.shape.length !== 2) {
      throw new UserInputError(`matmul expects 2-D inputs a [M,K] and b [K,N]; got a [${a.shape}] and b [${b.shape}]`);
    }
    const [M, K] = a.shape as [number, number];
    const [K2, N] = b.shape as [number, number];
    if (K !== K2)
      throw new UserInputError(
        `matmul inner dimensions differ: a is [${M},${K}] but b is [${K2},${N}] (expected b [${K},N])`,
      );
    const c = await matmul(gpu, a.data as Float32Array, b.data as Float32Array, { M, N, K });
    return { c: ndarray('float32', [M, N], c) };
  },
};
