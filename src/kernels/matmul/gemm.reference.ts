// Independent CPU reference for the GEMM: C = A·B with every product summed in f64 (k-outer loop
// order, unlike the kernel's slabs), rounded to f32 once at the end.
export function gemmReference(a: Float32Array, b: Float32Array, M: number, N: number, K: number): Float32Array {
  const acc = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let k = 0; k < K; k++) {
      const aik = a[i * K + k]!;
      for (let j = 0; j < N; j++) acc[i * N + j]! += aik * b[k * N + j]!;
    }
  }
  return Float32Array.from(acc);
}
