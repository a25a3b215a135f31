// CPU reference for CSR aggregation, written independently of the WGSL kernel: row r of the
// output combines the feature rows of r's out-neighbours (its CSR row), in CSR order, in f64.
import type { Csr } from '../../data/graphs/csr';

export type SpmmMode = 'sum' | 'mean' | 'weighted';

export function spmmReference(
  g: Csr,
  x: Float32Array,
  cols: number,
  mode: SpmmMode,
  weights?: Float32Array,
  rows = g.numNodes,
): Float32Array {
  const out = new Float32Array(rows * cols);
  const acc = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    acc.fill(0);
    const start = g.indptr[r]!;
    const end = g.indptr[r + 1]!;
    for (let e = start; e < end; e++) {
      const w = mode === 'weighted' ? weights![e]! : 1;
      const base = g.indices[e]! * cols;
      for (let c = 0; c < cols; c++) acc[c]! += w * x[base + c]!;
    }
    const scale = mode === 'mean' && end > start ? 1 / (end - start) : 1;
    for (let c = 0; c < cols; c++) out[r * cols + c] = acc[c]! * scale;
  }
  return out;
}
