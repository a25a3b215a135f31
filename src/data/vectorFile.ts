// Loads a user's vector set from .npy (float32 [n, d]), .fvecs, or numeric CSV / TSV (one vector
// per row; an optional header row; with labelColumn the named or last column is a group label
// used to stream the set in a non-random order). Every format is checked for non-finite values
// and ragged rows, and errors name the file and the place.
import { parseNumericCsv } from './csv';
import { VectorFileError, parseFvecs, type VectorMatrix } from './fvecs';
import { parseNpy } from './npy';

export { VectorFileError };

export interface VectorSet extends VectorMatrix {
  /** Optional group label per row (e.g. the digit of the digits set). */
  labels?: Int32Array;
}

export type VectorFormat = 'npy' | 'fvecs' | 'csv';

export function formatOf(fileName: string): VectorFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'npy') return 'npy';
  if (ext === 'fvecs') return 'fvecs';
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv';
  throw new VectorFileError(`${fileName}: unknown vector file type '.${ext ?? ''}'; expected .npy, .fvecs or .csv`);
}

function checkFinite(m: VectorMatrix, name: string): void {
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i]!))
      throw new VectorFileError(
        `${name}: non-finite value ${m.data[i]} at row ${Math.floor(i / m.d)}, column ${i % m.d}`,
      );
  }
}

export interface ParseVectorOptions {
  /** CSV only: take this column (0-based; -1 = last) as integer labels instead of a coordinate. */
  labelColumn?: number;
}

export function parseVectorFile(bytes: Uint8Array, fileName: string, opts: ParseVectorOptions = {}): VectorSet {
  const format = formatOf(fileName);
  if (format === 'fvecs') return parseFvecs(bytes, fileName);
  if (format === 'npy') {
    let a;
    try {
      a = parseNpy(bytes, fileName);
    } catch (e) {
      throw new VectorFileError((e as Error).message);
    }
    if (a.dtype !== 'float32')
      throw new VectorFileError(`${fileName}: dtype ${a.dtype}, expected float32 vectors [n, d]`);
    if (a.shape.length !== 2 || a.shape[0]! < 1 || a.shape[1]! < 1) {
      throw new VectorFileError(`${fileName}: shape [${a.shape.join(', ')}], expected a non-empty 2-D array [n, d]`);
    }
    const m = { rows: a.shape[0]!, d: a.shape[1]!, data: a.data as Float32Array };
    checkFinite(m, fileName);
    return m;
  }
  let table;
  try {
    table = parseNumericCsv(new TextDecoder().decode(bytes), { name: fileName });
  } catch (e) {
    throw new VectorFileError((e as Error).message);
  }
  if (opts.labelColumn === undefined) return { rows: table.rows, d: table.cols, data: table.data };
  const lc = opts.labelColumn < 0 ? table.cols + opts.labelColumn : opts.labelColumn;
  if (lc < 0 || lc >= table.cols || table.cols < 2)
    throw new VectorFileError(`${fileName}: label column ${opts.labelColumn} does not exist in ${table.cols} columns`);
  const d = table.cols - 1;
  const data = new Float32Array(table.rows * d);
  const labels = new Int32Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    let t = 0;
    for (let c = 0; c < table.cols; c++) {
      const v = table.data[r * table.cols + c]!;
      if (c !== lc) data[r * d + t++] = v;
      else if (!Number.isInteger(v))
        throw new VectorFileError(`${fileName}: label ${v} at row ${r + 1 + (table.header ? 1 : 0)} is not an integer`);
      else labels[r] = v;
    }
  }
  return { rows: table.rows, d, data, labels };
}

/** Rows of `queries` must have the width of `base`; the message names both. */
export function assertSameWidth(
  base: VectorMatrix,
  queries: VectorMatrix,
  baseName = 'base',
  queryName = 'queries',
): void {
  if (base.d !== queries.d) {
    throw new VectorFileError(
      `${queryName} has d=${queries.d} but ${baseName} has d=${base.d}; both must have the same dimension`,
    );
  }
}
