// Reference for residualAdd: element-wise sum in f64.

export function residualAddReference(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: y.length }, (_, i) => y[i]! + x[i]!);
}
