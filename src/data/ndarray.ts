// A minimal typed n-d array: the unit of exchange between .npy files, kernels and tests.
export type DType = 'float32' | 'int32' | 'uint8';
export type TypedData = Float32Array | Int32Array | Uint8Array;

export interface NdArray {
  dtype: DType;
  shape: number[];
  data: TypedData;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function ndarray(dtype: DType, shape: number[], data?: TypedData): NdArray {
  const n = sizeOf(shape);
  const d =
    data ?? (dtype === 'float32' ? new Float32Array(n) : dtype === 'uint8' ? new Uint8Array(n) : new Int32Array(n));
  if (d.length !== n) throw new Error(`data length ${d.length} does not match shape [${shape.join(', ')}] (${n})`);
  return { dtype, shape: [...shape], data: d };
}
