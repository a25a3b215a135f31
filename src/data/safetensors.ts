// Reader and writer for the safetensors format (Hugging Face), the file format LLM weights ship in.
// A file is an 8-byte little-endian u64 header length N, N bytes of UTF-8 JSON mapping each tensor
// name to {dtype, shape, data_offsets: [begin, end]} (offsets relative to the data buffer) plus an
// optional "__metadata__" string->string map, then the data buffer: little-endian, C order.
// We validate as strictly as the reference implementation (tensors tile the buffer exactly, no gaps,
// no overlap) so garbage always fails with a SafetensorsFormatError naming the problem, and keep each
// tensor's raw bytes (a view, not a copy) so an f16-capable device can upload F16 weights as they are.
// Spec and reference: https://github.com/huggingface/safetensors
import { UserInputError } from '../core/errors';

export class SafetensorsFormatError extends UserInputError {
  override name = 'SafetensorsFormatError';
}

/** Dtypes this module reads and writes (every safetensors dtype except the 8-bit floats). */
export type SafetensorsDType =
  'BOOL' | 'U8' | 'I8' | 'I16' | 'U16' | 'F16' | 'BF16' | 'I32' | 'U32' | 'F32' | 'F64' | 'I64' | 'U64';

/** Bytes per element. */
export const SAFETENSORS_DTYPE_SIZE: Readonly<Record<SafetensorsDType, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

// The reference writer's order: ascending alignment (its Dtype enum order). It writes tensors by
// descending rank, then by name, so every tensor's data is aligned to its element size.
const DTYPE_RANK = [
  'BOOL',
  'U8',
  'I8',
  'F8_E5M2',
  'F8_E4M3',
  'I16',
  'U16',
  'F16',
  'BF16',
  'I32',
  'U32',
  'F32',
  'F64',
  'I64',
  'U64',
];
const SUPPORTED = Object.keys(SAFETENSORS_DTYPE_SIZE).join(', ');
const FLOAT_DTYPES: ReadonlySet<string> = new Set(['F16', 'BF16', 'F32', 'F64']);
/** The reference implementation refuses headers larger than this. */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isDType(s: string): s is SafetensorsDType {
  return Object.prototype.hasOwnProperty.call(SAFETENSORS_DTYPE_SIZE, s);
}

/** One tensor's entry in the header. */
export interface SafetensorsTensorInfo {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  /** [begin, end) byte offsets into the data buffer (which starts at `dataStart` in the file). */
  dataOffsets: [number, number];
}

/** A tensor of a parsed file: its header entry plus its raw little-endian bytes. */
export interface SafetensorsTensor extends SafetensorsTensorInfo {
  /** A view into the file's bytes (not a copy; may be unaligned): upload as is, or convert. */
  bytes: Uint8Array;
}

export interface SafetensorsHeader {
  /** The "__metadata__" map ({} when absent). */
  metadata: Record<string, string>;
  /** Tensors in data-offset order. */
  tensors: Map<string, SafetensorsTensorInfo>;
  /** N, the JSON header's length in bytes. */
  headerLength: number;
  /** 8 + N: where the data buffer starts in the file. */
  dataStart: number;
  /** Length of the data buffer in bytes. */
  dataLength: number;
}

export interface SafetensorsFile extends SafetensorsHeader {
  tensors: Map<string, SafetensorsTensor>;
}

/** Elements in a tensor of this shape (1 for a scalar). */
function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

const fmtShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** Reads N from the first 8 bytes and returns 8 + N, the byte count to fetch before calling parseSafetensorsHeader. */
export function safetensorsHeaderSize(prefix: Uint8Array, name = 'input'): number {
  const fail = (msg: string): never => {
    throw new SafetensorsFormatError(`${name}: ${msg}`);
  };
  if (prefix.length < 8) fail(`not a safetensors file: ${prefix.length} bytes, shorter than the 8-byte header length`);
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(SAFETENSORS_MAX_HEADER_BYTES)) {
    fail(`header length ${n} exceeds the ${SAFETENSORS_MAX_HEADER_BYTES}-byte limit (not a safetensors file?)`);
  }
  return 8 + Number(n);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Parses and validates the header. `bytes` must hold at least the first 8 + N bytes of the file;
 * `fileSize` is the whole file's size (default: bytes.length), so the header of a large file can be
 * checked from a prefix alone (e.g. an HTTP range request).
 */
export function parseSafetensorsHeader(
  bytes: Uint8Array,
  options: { name?: string; fileSize?: number } = {},
): SafetensorsHeader {
  const name = options.name ?? 'input';
  const fileSize = options.fileSize ?? bytes.length;
  const fail = (msg: string): never => {
    throw new SafetensorsFormatError(`${name}: ${msg}`);
  };
  if (fileSize < 8 || bytes.length < 8) {
    fail(`not a safetensors file: ${Math.min(fileSize, bytes.length)} bytes, shorter than the 8-byte header length`);
  }
  const dataStart = safetensorsHeaderSize(bytes, name);
  const headerLength = dataStart - 8;
  if (dataStart > fileSize) {
    fail(`header length ${headerLength} runs past the end of the file (${fileSize - 8} bytes after the length prefix)`);
  }
  if (dataStart > bytes.length)
    fail(`need the first ${dataStart} bytes of the file to read the header, got ${bytes.length}`);

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart));
  } catch {
    return fail('header is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const shown = text.length > 60 ? `${JSON.stringify(text.slice(0, 60))}...` : JSON.stringify(text);
    return fail(`header is not valid JSON (${e instanceof Error ? e.message : String(e)}): ${shown}`);
  }
  if (!isPlainObject(json)) {
    fail(
      `header must be a JSON object, got ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}`,
    );
  }
  const header = json as Record<string, unknown>;

  let metadata: Record<string, string> = {};
  const infos: SafetensorsTensorInfo[] = [];
  const dataLength = fileSize - dataStart;
  for (const [key, entry] of Object.entries(header)) {
    if (key === METADATA_KEY) {
      if (entry === null) continue;
      if (!isPlainObject(entry)) fail(`"${METADATA_KEY}" must be an object mapping strings to strings`);
      const pairs = Object.entries(entry as Record<string, unknown>);
      const bad = pairs.find(([, v]) => typeof v !== 'string');
      if (bad)
        fail(
          `"${METADATA_KEY}" value for key ${JSON.stringify(bad[0])} must be a string, got ${JSON.stringify(bad[1])}`,
        );
      metadata = Object.fromEntries(pairs) as Record<string, string>;
      continue;
    }
    const t = `tensor ${JSON.stringify(key)}`;
    if (!isPlainObject(entry)) fail(`${t}: entry must be an object with dtype, shape and data_offsets`);
    const e = entry as Record<string, unknown>;
    for (const field of ['dtype', 'shape', 'data_offsets']) if (!(field in e)) fail(`${t}: missing "${field}"`);
    const { dtype, shape, data_offsets: offsets } = e;
    if (typeof dtype !== 'string') return fail(`${t}: dtype must be a string, got ${JSON.stringify(dtype)}`);
    if (!isDType(dtype)) {
      const known = DTYPE_RANK.includes(dtype) ? 'unsupported' : 'unknown';
      fail(`${t}: ${known} dtype ${JSON.stringify(dtype)} (supported: ${SUPPORTED})`);
    }
    if (!Array.isArray(shape) || !shape.every(isIndex)) {
      fail(`${t}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
      fail(`${t}: data_offsets must be [begin, end] with non-negative integers, got ${JSON.stringify(offsets)}`);
    }
    const dims = shape as number[];
    const [begin, end] = offsets as [number, number];
    if (end < begin) fail(`${t}: data_offsets [${begin}, ${end}] end before they begin`);
    const size = SAFETENSORS_DTYPE_SIZE[dtype as SafetensorsDType];
    // Exact arithmetic: the product of 'safe' integers can exceed 2^53.
    const expected = dims.reduce((p, d) => p * BigInt(d), BigInt(size));
    if (expected !== BigInt(end - begin)) {
      fail(
        `${t}: shape ${fmtShape(dims)} of ${dtype} needs ${expected} bytes ` +
          `but data_offsets [${begin}, ${end}] span ${end - begin}`,
      );
    }
    if (end > dataLength) {
      fail(`${t}: data_offsets [${begin}, ${end}] run past the end of the data buffer (${dataLength} bytes)`);
    }
    infos.push({ name: key, dtype: dtype as SafetensorsDType, shape: dims, dataOffsets: [begin, end] });
  }

  infos.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let covered = 0;
  let prev: SafetensorsTensorInfo | null = null;
  for (const info of infos) {
    const [begin, end] = info.dataOffsets;
    if (begin < covered) {
      const p = prev!;
      fail(
        `tensors ${JSON.stringify(p.name)} (data_offsets [${p.dataOffsets.join(', ')}]) and ` +
          `${JSON.stringify(info.name)} (data_offsets [${begin}, ${end}]) overlap`,
      );
    }
    if (begin > covered) {
      fail(
        `gap of ${begin - covered} unused bytes before tensor ${JSON.stringify(info.name)} ` +
          `(data_offsets [${begin}, ${end}]; the previous tensor ends at ${covered})`,
      );
    }
    covered = end;
    prev = info;
  }
  if (covered !== dataLength) {
    fail(`data buffer has ${dataLength} bytes but the tensors cover only the first ${covered} (trailing bytes)`);
  }
  return { metadata, tensors: new Map(infos.map((i) => [i.name, i])), headerLength, dataStart, dataLength };
}

/** Parses a whole safetensors file. Tensors' `bytes` are views into `bytes`. `name` labels errors. */
export function parseSafetensors(bytes: Uint8Array, name = 'input'): SafetensorsFile {
  const header = parseSafetensorsHeader(bytes, { name });
  const tensors = new Map<string, SafetensorsTensor>();
  for (const [key, info] of header.tensors) {
    const [begin, end] = info.dataOffsets;
    tensors.set(key, { ...info, bytes: bytes.subarray(header.dataStart + begin, header.dataStart + end) });
  }
  return { ...header, tensors };
}

// ---- Element conversions ----

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);
let f16Table: Float32Array | null = null;

/** Decodes IEEE 754 binary16 bits (0..0xffff) to a number, with subnormals, ±0, ±Infinity and NaN. */
export function f16ToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Encodes a number as binary16 bits, rounding to nearest even; overflow gives ±Infinity, NaN stays NaN. */
export function f32ToF16(x: number): number {
  scratchF32[0] = x;
  const b = scratchU32[0]!;
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  const mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 | (mant >>> 13) : 0);
  const e = exp - 112; // rebias 127 -> 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half: value = m * 2^-24 with m = significand >> (14 - e).
    if (e < -10) return sign;
    const sig = mant | 0x800000;
    const shift = 14 - e;
    let m = sig >>> shift;
    const rem = sig & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && m & 1)) m++;
    return sign | m; // m may round up to 0x400, the smallest normal: still the right encoding
  }
  let h = sign | (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++; // a carry into the exponent is correct, up to Infinity
  return h;
}

/** Decodes bfloat16 bits: the upper 16 bits of a float32. */
export function bf16ToF32(h: number): number {
  scratchU32[0] = (h & 0xffff) << 16;
  return scratchF32[0]!;
}

/** Encodes a number as bfloat16 bits, rounding to nearest even; NaN stays (quiet) NaN. */
export function f32ToBf16(x: number): number {
  scratchF32[0] = x;
  const b = scratchU32[0]!;
  if ((b & 0x7f800000) === 0x7f800000 && b & 0x7fffff) return (b >>> 16) | 0x40;
  return ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16) & 0xffff;
}

type TensorLike = Pick<SafetensorsTensor, 'name' | 'dtype' | 'shape' | 'bytes'>;

function checkLength(t: TensorLike): number {
  const n = numel(t.shape);
  if (t.bytes.length !== n * SAFETENSORS_DTYPE_SIZE[t.dtype]) {
    throw new SafetensorsFormatError(
      `tensor ${JSON.stringify(t.name)}: ${t.bytes.length} bytes for shape ${fmtShape(t.shape)} of ${t.dtype}`,
    );
  }
  return n;
}

/** Element k of a tensor as a number (64-bit integers lose precision beyond 2^53). */
function reader(t: TensorLike): (k: number) => number {
  const v = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
  switch (t.dtype) {
    case 'BOOL':
    case 'U8':
      return (k) => v.getUint8(k);
    case 'I8':
      return (k) => v.getInt8(k);
    case 'I16':
      return (k) => v.getInt16(2 * k, true);
    case 'U16':
      return (k) => v.getUint16(2 * k, true);
    case 'F16': {
      const table = (f16Table ??= Float32Array.from({ length: 65536 }, (_, h) => f16ToF32(h)));
      return (k) => table[v.getUint16(2 * k, true)]!;
    }
    case 'BF16':
      return (k) => bf16ToF32(v.getUint16(2 * k, true));
    case 'I32':
      return (k) => v.getInt32(4 * k, true);
    case 'U32':
      return (k) => v.getUint32(4 * k, true);
    case 'F32':
      return (k) => v.getFloat32(4 * k, true);
    case 'F64':
      return (k) => v.getFloat64(8 * k, true);
    case 'I64':
      return (k) => Number(v.getBigInt64(8 * k, true));
    case 'U64':
      return (k) => Number(v.getBigUint64(8 * k, true));
  }
}

/** Converts a tensor of any dtype to a new Float32Array (F16/BF16 exactly; F64 and 64-bit ints rounded). */
export function safetensorsToFloat32(t: TensorLike): Float32Array {
  const n = checkLength(t);
  if (t.dtype === 'F32' && HOST_LITTLE_ENDIAN) return new Float32Array(t.bytes.slice().buffer);
  const out = new Float32Array(n);
  const get = reader(t);
  for (let k = 0; k < n; k++) out[k] = get(k);
  return out;
}

/** Converts an integer (or BOOL) tensor to a new Int32Array; throws if a value does not fit in int32. */
export function safetensorsToInt32(t: TensorLike): Int32Array {
  const n = checkLength(t);
  if (FLOAT_DTYPES.has(t.dtype)) {
    throw new SafetensorsFormatError(`tensor ${JSON.stringify(t.name)}: cannot read ${t.dtype} values as int32`);
  }
  const out = new Int32Array(n);
  const get = reader(t);
  for (let k = 0; k < n; k++) {
    const x = get(k);
    if (x !== (x | 0)) {
      throw new SafetensorsFormatError(`tensor ${JSON.stringify(t.name)}: element ${k} = ${x} does not fit in int32`);
    }
    out[k] = x;
  }
  return out;
}

/** Converts a float tensor to binary16 bits (F16 is copied as is, others rounded), for f16 GPU buffers. */
export function safetensorsToFloat16Bits(t: TensorLike): Uint16Array {
  const n = checkLength(t);
  if (!FLOAT_DTYPES.has(t.dtype)) {
    throw new SafetensorsFormatError(`tensor ${JSON.stringify(t.name)}: cannot convert ${t.dtype} to F16`);
  }
  const out = new Uint16Array(n);
  if (t.dtype === 'F16') {
    const v = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
    for (let k = 0; k < n; k++) out[k] = v.getUint16(2 * k, true);
    return out;
  }
  const get = reader(t);
  for (let k = 0; k < n; k++) out[k] = f32ToF16(get(k));
  return out;
}

// ---- Writing ----

/** A tensor to write: its values (converted to `dtype`) or its already-encoded little-endian bytes. */
export interface SafetensorsWriteTensor {
  /** Default 'F32'. */
  dtype?: SafetensorsDType;
  shape: readonly number[];
  /** Values in C order; F16/BF16 are rounded to nearest even; integer dtypes need in-range integers. */
  data?: ArrayLike<number> | ArrayLike<bigint>;
  /** Or the raw little-endian bytes (e.g. the `bytes` of a parsed tensor). */
  bytes?: Uint8Array;
}

const INT_RANGE: Partial<Record<SafetensorsDType, [number, number]>> = {
  BOOL: [0, 1],
  U8: [0, 0xff],
  I8: [-0x80, 0x7f],
  I16: [-0x8000, 0x7fff],
  U16: [0, 0xffff],
  I32: [-0x80000000, 0x7fffffff],
  U32: [0, 0xffffffff],
};

function encodeValues(name: string, dtype: SafetensorsDType, data: ArrayLike<number | bigint>, out: DataView): void {
  const n = data.length;
  const bad = (k: number, why: string): never => {
    throw new SafetensorsFormatError(`tensor ${JSON.stringify(name)}: element ${k} = ${String(data[k])} ${why}`);
  };
  if (dtype === 'I64' || dtype === 'U64') {
    for (let k = 0; k < n; k++) {
      const x = data[k]!;
      if (typeof x === 'number' && !Number.isSafeInteger(x)) bad(k, 'is not a safe integer');
      const big = BigInt(x);
      if (dtype === 'I64' ? BigInt.asIntN(64, big) !== big : BigInt.asUintN(64, big) !== big)
        bad(k, `is out of ${dtype} range`);
      if (dtype === 'I64') out.setBigInt64(8 * k, big, true);
      else out.setBigUint64(8 * k, big, true);
    }
    return;
  }
  const num = (k: number): number => {
    const x = data[k]!;
    return typeof x === 'bigint' ? Number(x) : x;
  };
  const range = INT_RANGE[dtype];
  if (range) {
    for (let k = 0; k < n; k++) {
      const x = num(k);
      if (!Number.isInteger(x) || x < range[0] || x > range[1]) bad(k, `is not an integer in ${dtype} range`);
    }
  }
  switch (dtype) {
    case 'BOOL':
    case 'U8':
      for (let k = 0; k < n; k++) out.setUint8(k, num(k));
      return;
    case 'I8':
      for (let k = 0; k < n; k++) out.setInt8(k, num(k));
      return;
    case 'I16':
      for (let k = 0; k < n; k++) out.setInt16(2 * k, num(k), true);
      return;
    case 'U16':
      for (let k = 0; k < n; k++) out.setUint16(2 * k, num(k), true);
      return;
    case 'F16':
      for (let k = 0; k < n; k++) out.setUint16(2 * k, f32ToF16(num(k)), true);
      return;
    case 'BF16':
      for (let k = 0; k < n; k++) out.setUint16(2 * k, f32ToBf16(num(k)), true);
      return;
    case 'I32':
      for (let k = 0; k < n; k++) out.setInt32(4 * k, num(k), true);
      return;
    case 'U32':
      for (let k = 0; k < n; k++) out.setUint32(4 * k, num(k), true);
      return;
    case 'F32':
      for (let k = 0; k < n; k++) out.setFloat32(4 * k, num(k), true);
      return;
    case 'F64':
      for (let k = 0; k < n; k++) out.setFloat64(8 * k, num(k), true);
      return;
  }
}

/**
 * Encodes tensors as a safetensors file, byte for byte as the reference implementation does: tensors
 * ordered by descending dtype alignment then by name (so, for one dtype, by name), compact JSON
 * header with "__metadata__" first (its keys sorted here), padded with spaces to a multiple of 8.
 */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, SafetensorsWriteTensor> | Readonly<Record<string, SafetensorsWriteTensor>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const entries =
    tensors instanceof Map ? [...tensors] : Object.entries(tensors as Record<string, SafetensorsWriteTensor>);
  const prepared = entries.map(([name, t]) => {
    const fail = (msg: string): never => {
      throw new SafetensorsFormatError(`tensor ${JSON.stringify(name)}: ${msg}`);
    };
    if (name === METADATA_KEY) fail(`"${METADATA_KEY}" is reserved for the metadata map`);
    const dtype = t.dtype ?? 'F32';
    if (!isDType(dtype)) return fail(`unsupported dtype ${JSON.stringify(dtype)} (supported: ${SUPPORTED})`);
    if (!Array.isArray(t.shape) || !t.shape.every(isIndex)) {
      fail(`shape must be an array of non-negative integers, got ${JSON.stringify(t.shape)}`);
    }
    const n = numel(t.shape);
    const nbytes = n * SAFETENSORS_DTYPE_SIZE[dtype];
    if (!Number.isSafeInteger(nbytes)) fail(`shape ${fmtShape(t.shape)} is too large`);
    if ((t.data === undefined) === (t.bytes === undefined)) fail('give exactly one of data and bytes');
    if (t.bytes !== undefined && t.bytes.length !== nbytes) {
      fail(`${t.bytes.length} bytes given but shape ${fmtShape(t.shape)} of ${dtype} needs ${nbytes}`);
    }
    if (t.data !== undefined && t.data.length !== n) {
      fail(`${t.data.length} values given but shape ${fmtShape(t.shape)} has ${n} elements`);
    }
    return { name, dtype, shape: [...t.shape], nbytes, t };
  });
  const rank = (d: string) => DTYPE_RANK.indexOf(d);
  prepared.sort((a, b) => rank(b.dtype) - rank(a.dtype) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const parts: string[] = [];
  if (metadata !== undefined) {
    const keys = Object.keys(metadata).sort();
    for (const k of keys) {
      if (typeof metadata[k] !== 'string') {
        throw new SafetensorsFormatError(`metadata value for key ${JSON.stringify(k)} must be a string`);
      }
    }
    parts.push(
      `"${METADATA_KEY}":{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`,
    );
  }
  let offset = 0;
  for (const p of prepared) {
    const offsets = `[${offset},${offset + p.nbytes}]`;
    const info = `{"dtype":"${p.dtype}","shape":[${p.shape.join(',')}],"data_offsets":${offsets}}`;
    parts.push(`${JSON.stringify(p.name)}:${info}`);
    offset += p.nbytes;
  }
  let header = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(header.length / 8) * 8;
  if (padded !== header.length) {
    const h = new Uint8Array(padded).fill(0x20);
    h.set(header);
    header = h;
  }

  const out = new Uint8Array(8 + header.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  let at = 8 + header.length;
  for (const p of prepared) {
    const body = out.subarray(at, at + p.nbytes);
    if (p.t.bytes !== undefined) body.set(p.t.bytes);
    else if (p.dtype === 'F32' && p.t.data instanceof Float32Array && HOST_LITTLE_ENDIAN) {
      body.set(new Uint8Array(p.t.data.buffer, p.t.data.byteOffset, p.t.data.byteLength));
    } else encodeValues(p.name, p.dtype, p.t.data!, new DataView(out.buffer, at, p.nbytes));
    at += p.nbytes;
  }
  return out;
}
