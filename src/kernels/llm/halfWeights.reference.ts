// Independent f64 reference for packed-f16 weights: binary16 decoded from its bit fields
// (sign · 2^(e−15) · (1 + m/1024), subnormals 2⁻²⁴ · m), and the row gather on the decoded rows.
// Written from the IEEE 754 definition, not from the shader or from src/data's converters.

/** The value of binary16 bits `h`. */
export function halfBitsToNumber(h: number): number {
  const sign = (h >> 15) & 1 ? -1 : 1;
  const e = (h >> 10) & 31;
  const m = h & 1023;
  if (e === 31) return m === 0 ? sign * Infinity : NaN;
  return e === 0 ? sign * m * 2 ** -24 : sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** Decodes a packed [rows, cols] matrix (row r at words r·ceil(cols/2) .., low half first). */
export function decodePackedHalfRows(words: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const rw = Math.ceil(cols / 2);
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const w = words[r * rw + Math.floor(c / 2)]!;
      out[r * cols + c] = halfBitsToNumber(c % 2 === 0 ? w % 65536 : Math.floor(w / 65536));
    }
  return out;
}

/** Rows `ids` of a packed [rows, cols] matrix, decoded: [ids.length, cols]. */
export function gatherRowsF16Reference(
  words: ArrayLike<number>,
  rows: number,
  cols: number,
  ids: ArrayLike<number>,
): Float64Array {
  const all = decodePackedHalfRows(words, rows, cols);
  const out = new Float64Array(ids.length * cols);
  for (let i = 0; i < ids.length; i++) out.set(all.subarray(ids[i]! * cols, (ids[i]! + 1) * cols), i * cols);
  return out;
}
