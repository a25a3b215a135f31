// Reader for the .fvecs format of the classic ANN benchmarks (SIFT1M, GIST1M from the TEXMEX
// corpus): each vector is stored as a little-endian int32 dimension d followed by d float32
// values; every record must have the same d. Errors name the record and byte offset.

export class VectorFileError extends Error {
  override name = 'VectorFileError';
}

export interface VectorMatrix {
  rows: number;
  d: number;
  /** rows × d values, row-major. */
  data: Float32Array;
}

export function parseFvecs(bytes: Uint8Array, name = 'input'): VectorMatrix {
  const fail = (msg: string): never => {
    throw new VectorFileError(`${name}: ${msg}`);
  };
  if (bytes.length === 0) fail('empty file');
  if (bytes.length < 4) fail(`truncated: ${bytes.length} bytes, expected at least a 4-byte dimension header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const d = view.getInt32(0, true);
  if (d < 1 || d > 65_536) fail(`first record declares dimension ${d}; expected 1..65536 (is this really .fvecs?)`);
  const record = 4 + 4 * d;
  if (bytes.length % record !== 0) {
    fail(
      `size ${bytes.length} bytes is not a whole number of records of ${record} bytes (d=${d}): truncated or mixed dimensions`,
    );
  }
  const rows = bytes.length / record;
  const data = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    const at = r * record;
    const dr = view.getInt32(at, true);
    if (dr !== d) fail(`record ${r} (byte ${at}) declares dimension ${dr}, but the first record has ${d}`);
    for (let t = 0; t < d; t++) {
      const v = view.getFloat32(at + 4 + 4 * t, true);
      if (!Number.isFinite(v)) fail(`record ${r}, component ${t} is ${v}; vectors must be finite`);
      data[r * d + t] = v;
    }
  }
  return { rows, d, data };
}

/** Encodes rows as .fvecs (for tests and exports). */
export function encodeFvecs(m: VectorMatrix): Uint8Array {
  const record = 4 + 4 * m.d;
  const out = new Uint8Array(m.rows * record);
  const view = new DataView(out.buffer);
  for (let r = 0; r < m.rows; r++) {
    view.setInt32(r * record, m.d, true);
    for (let t = 0; t < m.d; t++) view.setFloat32(r * record + 4 + 4 * t, m.data[r * m.d + t]!, true);
  }
  return out;
}
