// The matmul shape and its work counts, shared by the GEMM, the GEMV and the earlier tiled kernel.
import { UserInputError } from '../../core';

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

export function validateShape(s: MatmulShape): void {
  for (const [k, v] of Object.entries(s)) {
    if (!Number.isInteger(v) || v < 1) throw new UserInputError(`matmul: ${k}=${v} must be a positive integer`);
  }
}
