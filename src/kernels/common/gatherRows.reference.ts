// Reference for the row gather: out[r, :] = x[ids[r], :], by plain indexing on the CPU.

export function gatherRowsReference(x: ArrayLike<number>, d: number, ids: ArrayLike<number>): Float32Array {
  const out = new Float32Array(ids.length * d);
  for (let r = 0; r < ids.length; r++) for (let c = 0; c < d; c++) out[r * d + c] = x[ids[r]! * d + c]!;
  return out;
}
