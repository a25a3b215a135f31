// Checks shared by the llm kernels that address the KV cache through token rows: row t belongs
// to sequence rowSeq[t] at position rowPos[t] (README.md, "KV cache"). Shape and array checks
// throw UserInputError naming what is wrong; they run on the CPU before anything is allocated.
import { UserInputError } from '../../core';

/** The cache-addressing part of a shape: T token rows over B sequences of up to maxSeq positions. */
export interface TokenRowDims {
  T: number;
  B: number;
  maxSeq: number;
}

/** Throws unless every listed field of `shape` is a positive integer. */
export function requirePositiveInts<S extends object>(
  what: string,
  shape: S,
  keys: readonly (keyof S & string)[],
): void {
  for (const key of keys) {
    const v = shape[key] as unknown;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new UserInputError(`${what}: ${key}=${String(v)} must be a positive integer`);
    }
  }
}

/** Throws unless `data` holds exactly the product of `dims` values. */
export function requireLength(what: string, name: string, data: ArrayLike<number>, dims: [string, number][]): void {
  const n = dims.reduce((a, [, v]) => a * v, 1);
  if (data.length !== n) {
    const text = dims.map(([k, v]) => `${k}=${v}`).join('·');
    throw new UserInputError(
      `${what}: ${name} has ${data.length} values, expected [${dims.map(([k]) => k).join(', ')}] = ${text} = ${n}`,
    );
  }
}

/** Throws unless the caller's GPU buffer holds at least `bytes` bytes. */
export function requireBufferSize(what: string, name: string, buffer: GPUBuffer, bytes: number, dims: string): void {
  if (buffer.size < bytes) {
    throw new UserInputError(`${what}: buffer ${name} has ${buffer.size} bytes, ${dims} needs ${bytes}`);
  }
}

/**
 * Checks the row → (sequence, position) arrays: T entries each, rowSeq[t] < B, rowPos[t] < maxSeq,
 * and with `unique`, no two rows naming the same (sequence, position) (a cache write or a
 * gradient scatter would race). The error names the first offending row.
 */
export function validateTokenRows(
  what: string,
  rowSeq: ArrayLike<number>,
  rowPos: ArrayLike<number>,
  dims: TokenRowDims,
  opts: { unique?: boolean } = {},
): void {
  requireLength(what, 'rowSeq', rowSeq, [['T', dims.T]]);
  requireLength(what, 'rowPos', rowPos, [['T', dims.T]]);
  const seen = opts.unique ? new Map<number, number>() : undefined;
  for (let t = 0; t < dims.T; t++) {
    const seq = rowSeq[t]!;
    const pos = rowPos[t]!;
    if (!Number.isInteger(seq) || seq < 0 || seq >= dims.B) {
      throw new UserInputError(`${what}: row ${t} has rowSeq=${seq}, outside the batch [0, B=${dims.B})`);
    }
    if (!Number.isInteger(pos) || pos < 0 || pos >= dims.maxSeq) {
      throw new UserInputError(`${what}: row ${t} has rowPos=${pos}, outside the cache [0, maxSeq=${dims.maxSeq})`);
    }
    if (seen) {
      const key = seq * dims.maxSeq + pos;
      const other = seen.get(key);
      if (other !== undefined) {
        throw new UserInputError(`${what}: rows ${other} and ${t} both name sequence ${seq}, position ${pos}`);
      }
      seen.set(key, t);
    }
  }
}
