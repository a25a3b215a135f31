// x[:, c0 : c0 + width] of a row-major [rows, cols] matrix, on the CPU.
export function sliceColumnsReference(
  x: ArrayLike<number>,
  rows: number,
  cols: number,
  c0: number,
  width: number,
): Float64Array {
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) out[r * width + c] = x[r * cols + c0 + c]!;
  return out;
}
