// Independent CPU reference for the linear layer's GEMM, from the definition:
//   C[i, j] (= or +=) Σ_k op(A)[i, k] · op(B)[k, j]
// with op(A)[i, k] = A[i, k] (A [M, K]) or A[k, i] when transA (A [K, M]), and op(B)[k, j] = B[k, j]
// (B [K, N]) or B[j, k] when transB (B [N, K]). Sums in f64; the result is f64 too.
import type { LinearShape } from './linear';

export function linearReference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  shape: LinearShape,
  cInit?: ArrayLike<number>,
): Float64Array {
  const { M, N, K } = shape;
  const opA = (i: number, k: number): number => (shape.transA ? a[k * M + i]! : a[i * K + k]!);
  const opB = (k: number, j: number): number => (shape.transB ? b[j * K + k]! : b[k * N + j]!);
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += opA(i, k) * opB(k, j);
      c[i * N + j] = shape.accumulate && cInit ? cInit[i * N + j]! + s : s;
    }
  }
  return c;
}
