// The user's own access trace: a text file with one batch per line (space- or tab-separated
// non-negative integer row ids; lines starting with # are comments), or an int32 .npy of shape
// [batches, ids]. The text parser walks the bytes directly (no per-line strings), so a trace of
// 10⁴ × 16 384 ids loads in well under a second; every malformed input is a UserInputError naming
// the line (or the .npy row and column) and the offending value.
import { NpyFormatError, parseNpy } from '../../data/npy';
import { UserInputError } from '../types';

export interface RawTrace {
  name: string;
  /** Row ids of all batches, batch after batch. */
  ids: Int32Array;
  /** Batch b is ids[batchStart[b] .. batchStart[b + 1]). */
  batchStart: Int32Array;
}

export const numBatchesOf = (t: RawTrace): number => t.batchStart.length - 1;

const MAX_ID = 2_147_483_647;
const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export function parseTraceFile(bytes: Uint8Array, name: string): RawTrace {
  const isNpy = bytes.length >= 6 && NPY_MAGIC.every((b, k) => bytes[k] === b);
  return isNpy ? parseTraceNpy(bytes, name) : parseTraceText(bytes, name);
}

class Growable {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 13;

/** The whitespace-delimited token around byte i, for error messages (at most 40 characters). */
function tokenAt(bytes: Uint8Array, i: number): string {
  let a = i;
  let b = i;
  while (a > 0 && !isSpace(bytes[a - 1]!) && bytes[a - 1] !== 10) a--;
  while (b < bytes.length && !isSpace(bytes[b]!) && bytes[b] !== 10) b++;
  const text = new TextDecoder().decode(bytes.subarray(a, Math.min(b, a + 40)));
  return b - a > 40 ? `${text}…` : text;
}

export function parseTraceText(bytes: Uint8Array, name: string): RawTrace {
  const ids = new Growable(bytes.length / 4);
  const starts = new Growable(1024);
  starts.push(0);
  const fail = (line: number, msg: string): never => {
    throw new UserInputError(`${name}: line ${line}: ${msg}`);
  };
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 1;
  let firstBlank = 0; // a blank line is only an error if a batch follows it
  while (i < bytes.length) {
    // One line per iteration.
    let lineIds = 0;
    let c = bytes[i]!;
    while (i < bytes.length && isSpace(bytes[i]!)) i++;
    if (i < bytes.length && bytes[i] === 35 /* # */) {
      while (i < bytes.length && bytes[i] !== 10) i++;
      i++;
      line++;
      continue;
    }
    while (i < bytes.length && (c = bytes[i]!) !== 10) {
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (c >= 48 && c <= 57) {
        let v = 0;
        const start = i;
        while (i < bytes.length && (c = bytes[i]!) >= 48 && c <= 57) {
          v = v * 10 + (c - 48);
          if (v > MAX_ID)
            fail(line, `id ${tokenAt(bytes, start)} is larger than ${MAX_ID} (ids are int32 row numbers)`);
          i++;
        }
        if (i < bytes.length && !isSpace(c) && c !== 10) {
          const tok = tokenAt(bytes, start);
          fail(line, `"${tok}" is not an integer row id`);
        }
        ids.push(v);
        lineIds++;
        continue;
      }
      const tok = tokenAt(bytes, i);
      if (c === 45 /* - */ && /^-\d+$/.test(tok)) fail(line, `id ${tok} is negative; row ids are ≥ 0`);
      fail(line, `"${tok}" is not an integer row id (ids are separated by spaces or tabs)`);
    }
    if (lineIds > 0) {
      if (firstBlank) fail(firstBlank, 'the line is empty: every line is one batch and needs at least one id');
      starts.push(ids.length);
    } else if (!firstBlank) firstBlank = line;
    i++;
    line++;
  }
  if (starts.length === 1) throw new UserInputError(`${name}: no batches found (expected one batch of ids per line)`);
  return { name, ids: ids.toArray(), batchStart: starts.toArray() };
}

export function parseTraceNpy(bytes: Uint8Array, name: string): RawTrace {
  let arr;
  try {
    arr = parseNpy(bytes, name);
  } catch (e) {
    if (e instanceof NpyFormatError) throw new UserInputError(e.message);
    throw e;
  }
  if (arr.dtype !== 'int32')
    throw new UserInputError(`${name}: dtype is ${arr.dtype}; a trace must be int32 row ids of shape [batches, ids]`);
  if (arr.shape.length !== 2)
    throw new UserInputError(
      `${name}: shape (${arr.shape.join(', ')}) has ${arr.shape.length} dimensions; expected [batches, ids]`,
    );
  const [batches, width] = arr.shape as [number, number];
  if (batches === 0 || width === 0)
    throw new UserInputError(`${name}: shape (${batches}, ${width}) has no ids; expected at least one batch of one id`);
  const data = arr.data as Int32Array;
  for (let k = 0; k < data.length; k++) {
    if (data[k]! < 0) {
      const r = Math.floor(k / width);
      throw new UserInputError(
        `${name}: batch ${r} (row ${r}), column ${k % width}: id ${data[k]} is negative; row ids are ≥ 0`,
      );
    }
  }
  const batchStart = new Int32Array(batches + 1);
  for (let b = 0; b <= batches; b++) batchStart[b] = b * width;
  return { name, ids: data, batchStart };
}
