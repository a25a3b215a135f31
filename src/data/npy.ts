// NumPy .npy reader (format versions 1.0, 2.0, 3.0) and writer (1.0), limited to the dtypes
// the kernels use: little-endian float32 and int32, and uint8 (packed codes), C order. numpy's
// default dtypes, float64 and int64, are read by `parseNpyConverting`, which narrows them to
// float32 / int32 and refuses a value that does not fit. Spec:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
import { ndarray, sizeOf, type DType, type NdArray } from './ndarray';

export class NpyFormatError extends Error {
  override name = 'NpyFormatError';
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const DTYPES: Record<string, DType> = { f4: 'float32', i4: 'int32', u1: 'uint8' };
const ITEM_BYTES: Record<DType, number> = { float32: 4, int32: 4, uint8: 1 };
/** numpy's defaults, narrowed on request: float64 → float32, int64 → int32. */
const WIDE: Record<string, { from: 'float64' | 'int64'; to: DType }> = {
  f8: { from: 'float64', to: 'float32' },
  i8: { from: 'int64', to: 'int32' },
};
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

/** Parses the Python-literal subset numpy writes in headers: dicts, tuples, lists, strings, ints, True/False/None. */
function parsePyLiteral(src: string, fail: (msg: string) => never): PyValue {
  let i = 0;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const expect = (c: string) => {
    ws();
    if (src[i] !== c) fail(`expected '${c}' at header offset ${i}`);
    i++;
  };
  const value = (): PyValue => {
    ws();
    const c = src[i];
    if (c === '{') {
      i++;
      const m = new Map<string, PyValue>();
      for (ws(); src[i] !== '}'; ws()) {
        const k = value();
        if (typeof k !== 'string') fail('header dict keys must be strings');
        if (m.has(k)) fail(`duplicate header key '${k}'`);
        expect(':');
        m.set(k, value());
        ws();
        if (src[i] === ',') i++;
        else if (src[i] !== '}') fail(`expected ',' or '}' at header offset ${i}`);
      }
      i++;
      return m;
    }
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      i++;
      const items: PyValue[] = [];
      let sawComma = false;
      for (ws(); src[i] !== close; ws()) {
        items.push(value());
        ws();
        if (src[i] === ',') {
          i++;
          sawComma = true;
        } else if (src[i] !== close) fail(`expected ',' or '${close}' at header offset ${i}`);
      }
      i++;
      // "(5)" is just a parenthesised 5 in Python, not a tuple.
      if (c === '(' && items.length === 1 && !sawComma) return items[0]!;
      return items;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) fail('unterminated string in header');
      const s = src.slice(i + 1, end);
      if (s.includes('\\')) fail('escaped strings are not supported in the header');
      i = end + 1;
      return s;
    }
    const word = /^[-+]?\w+/.exec(src.slice(i))?.[0];
    if (word === undefined) fail(`unexpected ${c === undefined ? 'end of header' : `'${c}'`} at header offset ${i}`);
    i += word.length;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    if (/^[-+]?\d+L?$/.test(word)) return parseInt(word, 10); // 'L': Python 2 longs in old files
    return fail(`unexpected token '${word}' in header`);
  };
  const v = value();
  ws();
  if (i !== src.length) fail(`unexpected text after the header dict at offset ${i}`);
  return v;
}

/** A little-endian float64 / int64 descr, else null. */
function wideDescr(descr: PyValue, to?: DType): NpyConversion | null {
  if (typeof descr !== 'string') return null;
  const m = /^[<]?([fi]8)$/.exec(descr) ?? (HOST_LITTLE_ENDIAN ? /^=([fi]8)$/.exec(descr) : null);
  if (!m) return null;
  const wide = WIDE[m[1]!]!;
  // float64 → int32 only on request (an integer-valued float file for an index input).
  return wide.from === 'float64' && to === 'int32' ? { from: 'float64', to: 'int32' } : wide;
}

function parseDescr(descr: PyValue, fail: (msg: string) => never): DType {
  const shown = typeof descr === 'string' ? `'${descr}'` : 'a structured dtype';
  const wide = wideDescr(descr);
  if (wide)
    fail(
      `unsupported dtype ${shown}: expected float32 (<f4) or int32 (<i4); numpy's default ${wide.from} converts with .astype(np.${wide.to})`,
    );
  if (typeof descr !== 'string' || descr.length < 2)
    fail(`unsupported dtype ${shown}: expected float32 (<f4) or int32 (<i4)`);
  // '<' little-endian; '|' "not applicable" (numpy uses it for 1-byte types; harmless here); no
  // prefix also means native, which we take as little-endian like every WebGPU host.
  const order = '<|>=!'.includes(descr[0]!) ? descr[0]! : '';
  const dt = DTYPES[descr.slice(order.length)];
  if (dt && (order === '>' || order === '!'))
    fail(`big-endian dtype '${descr}' is not supported: expected little-endian float32 (<f4) or int32 (<i4)`);
  if (!dt || order === '=') fail(`unsupported dtype ${shown}: expected float32 (<f4) or int32 (<i4)`);
  return dt;
}

/** Decodes a .npy file. `name` only labels error messages (e.g. the file name). */
export function parseNpy(bytes: Uint8Array, name = 'input'): NdArray {
  return decodeNpy(bytes, name, false).array;
}

/** What `parseNpyConverting` narrowed, for the note a CLI prints. */
export interface NpyConversion {
  from: 'float64' | 'int64';
  to: DType;
}

/**
 * Like parseNpy, but also reads numpy's default dtypes: float64 becomes float32 (rounded to
 * nearest; a finite value beyond float32's range is an error) and int64 becomes int32 (a value
 * outside [−2^31, 2^31 − 1] is an error naming it and its index). With `to` = 'int32', float64
 * narrows straight to int32 instead when every value is an integer in int32's range
 * (else an error naming the value and its index). Any other `to` leaves the default narrowing, and
 * the caller compares dtypes (reporting `converted.from`, the file's own dtype).
 */
export function parseNpyConverting(
  bytes: Uint8Array,
  name = 'input',
  to?: DType,
): { array: NdArray; converted: NpyConversion | null } {
  return decodeNpy(bytes, name, true, to);
}

const F32_MAX = 3.4028234663852886e38;
const INT32_RANGE = 'range −2147483648..2147483647';

function narrow(
  raw: Uint8Array,
  wide: NpyConversion,
  count: number,
  fail: (msg: string) => never,
): Float32Array | Int32Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (wide.from === 'float64' && wide.to === 'int32') {
    const out = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      const x = view.getFloat64(8 * k, true);
      if (!Number.isInteger(x))
        fail(`float64 value ${x} at flat index ${k} is not an integer, so it cannot become int32`);
      if (x < -2147483648 || x > 2147483647)
        fail(`float64 value ${x} at flat index ${k} does not fit int32 (${INT32_RANGE})`);
      out[k] = x;
    }
    return out;
  }
  if (wide.from === 'float64') {
    const out = new Float32Array(count);
    for (let k = 0; k < count; k++) {
      const x = view.getFloat64(8 * k, true);
      const y = Math.fround(x);
      // Only a finite value that rounds past float32's largest (to ±Infinity) is refused; one just
      // above F32_MAX that rounds to it is ordinary rounding to nearest.
      if (Number.isFinite(x) && !Number.isFinite(y))
        fail(`float64 value ${x} at flat index ${k} does not fit float32 (largest ±${F32_MAX.toExponential(6)})`);
      out[k] = y;
    }
    return out;
  }
  const out = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const x = view.getBigInt64(8 * k, true);
    if (x < -2147483648n || x > 2147483647n)
      fail(`int64 value ${x} at flat index ${k} does not fit int32 (${INT32_RANGE})`);
    out[k] = Number(x);
  }
  return out;
}

function decodeNpy(
  bytes: Uint8Array,
  name: string,
  convertWide: boolean,
  to?: DType,
): { array: NdArray; converted: NpyConversion | null } {
  const fail = (msg: string): never => {
    throw new NpyFormatError(`${name}: ${msg}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, k) => bytes[k] !== b))
    fail('not a .npy file (bad magic; expected \\x93NUMPY)');
  const major = bytes[6]!,
    minor = bytes[7]!;
  if (major < 1 || major > 3 || minor !== 0)
    fail(`unsupported .npy version ${major}.${minor} (expected 1.0, 2.0 or 3.0)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) fail('truncated header');
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lenBytes + headerLen;
  if (dataStart > bytes.length)
    fail(`truncated header: needs ${headerLen} bytes, file has ${bytes.length - 8 - lenBytes}`);
  const raw = bytes.subarray(8 + lenBytes, dataStart);
  let header: string;
  try {
    // 1.0/2.0 headers are latin-1 (byte = code point); 3.0 headers are UTF-8.
    header =
      major === 3
        ? new TextDecoder('utf-8', { fatal: true }).decode(raw)
        : Array.from(raw, (b) => String.fromCharCode(b)).join('');
  } catch {
    return fail('header is not valid UTF-8');
  }

  const dict = parsePyLiteral(header, (m) => fail(`malformed header (${m}): ${JSON.stringify(header.trim())}`));
  if (!(dict instanceof Map)) return fail(`malformed header: expected a dict, got ${JSON.stringify(header.trim())}`);
  const keys = [...dict.keys()].sort().join(', ');
  if (keys !== 'descr, fortran_order, shape')
    fail(`header keys are {${keys}}, expected exactly {descr, fortran_order, shape}`);
  const wide = convertWide ? wideDescr(dict.get('descr')!, to) : null;
  const dtype = wide ? wide.to : parseDescr(dict.get('descr')!, fail);
  const fortran = dict.get('fortran_order');
  if (typeof fortran !== 'boolean') fail('header fortran_order must be True or False');
  if (fortran)
    fail('fortran_order=True (column-major) arrays are not supported; save a C-order array (np.ascontiguousarray)');
  const shape = dict.get('shape');
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)) {
    fail('header shape must be a tuple of non-negative integers');
  }
  const dims = shape as number[];
  const count = sizeOf(dims);
  const nbytes = count * (wide ? 8 : ITEM_BYTES[dtype]);
  if (!Number.isSafeInteger(nbytes)) fail(`shape (${dims.join(', ')}) is too large`);
  const available = bytes.length - dataStart;
  // Trailing bytes are ignored, as numpy.load does.
  if (available < nbytes)
    fail(`truncated data: shape (${dims.join(', ')}) needs ${nbytes} bytes, file has ${available}`);

  if (wide) {
    const data = narrow(bytes.subarray(dataStart, dataStart + nbytes), wide, count, fail);
    return { array: ndarray(dtype, dims, data), converted: wide };
  }
  // Copy into a fresh buffer: the source may sit at an offset that is not 4-byte aligned.
  const out = new Uint8Array(nbytes);
  out.set(bytes.subarray(dataStart, dataStart + nbytes));
  if (!HOST_LITTLE_ENDIAN && ITEM_BYTES[dtype] === 4)
    for (let k = 0; k < nbytes; k += 4) out.subarray(k, k + 4).reverse();
  const data =
    dtype === 'float32' ? new Float32Array(out.buffer) : dtype === 'uint8' ? out : new Int32Array(out.buffer);
  return { array: ndarray(dtype, dims, data), converted: null };
}

/** Encodes an array as a version 1.0 .npy file (data 64-byte aligned, as numpy writes it). */
export function encodeNpy(a: NdArray): Uint8Array {
  const descr = a.dtype === 'float32' ? '<f4' : a.dtype === 'int32' ? '<i4' : a.dtype === 'uint8' ? '|u1' : null;
  if (descr === null) throw new NpyFormatError(`cannot encode dtype '${String(a.dtype)}'`);
  const ctor = a.dtype === 'float32' ? Float32Array : a.dtype === 'uint8' ? Uint8Array : Int32Array;
  if (!(a.data instanceof ctor))
    throw new NpyFormatError(`dtype '${a.dtype}' does not match data ${a.data.constructor.name}`);
  if (a.data.length !== sizeOf(a.shape))
    throw new NpyFormatError(`data length ${a.data.length} does not match shape [${a.shape.join(', ')}]`);
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Pad with spaces and end with '\n' so that magic (6) + version (2) + length (2) + header is a multiple of 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  if (header.length > 0xffff) throw new NpyFormatError('header too long for .npy version 1.0');

  const out = new Uint8Array(total + a.data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let k = 0; k < header.length; k++) out[10 + k] = header.charCodeAt(k);
  const body = new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  out.set(body, total);
  if (!HOST_LITTLE_ENDIAN && ITEM_BYTES[a.dtype] === 4)
    for (let k = total; k < out.length; k += 4) out.subarray(k, k + 4).reverse();
  return out;
}
