import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ndarray } from './ndarray';
import { encodeNpy, NpyFormatError, parseNpy, parseNpyConverting } from './npy';

/** Builds .npy bytes by hand: magic, version, header length (2 or 4 bytes), header, body. */
function npy(
  header: string,
  body: ArrayLike<number> | Uint8Array = new Uint8Array(),
  major = 1,
  minor = 0,
): Uint8Array {
  const h = new TextEncoder().encode(header);
  const lenBytes = major === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lenBytes + h.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, minor]);
  const dv = new DataView(out.buffer);
  if (major === 1) dv.setUint16(8, h.length, true);
  else dv.setUint32(8, h.length, true);
  out.set(h, 8 + lenBytes);
  out.set(body, 8 + lenBytes + h.length);
  return out;
}
const f32le = (...xs: number[]) => new Uint8Array(new Float32Array(xs).buffer);
const i32le = (...xs: number[]) => new Uint8Array(new Int32Array(xs).buffer);
const hdr = (descr: string, shape: string, fortran = 'False') =>
  `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }\n`;

function expectNpyError(bytes: Uint8Array, pattern: RegExp) {
  let err: unknown;
  try {
    parseNpy(bytes, 'weights.npy');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(NpyFormatError);
  expect((err as Error).message).toMatch(/^weights\.npy: /);
  expect((err as Error).message).toMatch(pattern);
}

describe('encodeNpy / parseNpy round trip', () => {
  const cases = [
    ndarray('float32', [], new Float32Array([3.5])),
    ndarray('float32', [5], new Float32Array([0, -1.5, 1e-30, 3.4e38, -0])),
    ndarray(
      'float32',
      [3, 4],
      Float32Array.from({ length: 12 }, (_, i) => i / 3),
    ),
    ndarray(
      'float32',
      [2, 3, 4],
      Float32Array.from({ length: 24 }, (_, i) => -i),
    ),
    ndarray('float32', [0]),
    ndarray('float32', [2, 0, 3]),
    ndarray('int32', [4], new Int32Array([0, -1, 2147483647, -2147483648])),
    ndarray('int32', [2, 2], new Int32Array([1, 2, 3, 4])),
  ];
  for (const a of cases) {
    it(`${a.dtype} shape (${a.shape.join(', ')})`, () => {
      const bytes = encodeNpy(a);
      const b = parseNpy(bytes);
      expect(b.dtype).toBe(a.dtype);
      expect(b.shape).toEqual(a.shape);
      expect(b.data).toBeInstanceOf(a.dtype === 'float32' ? Float32Array : Int32Array);
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
      expect(Object.is(b.data[4], a.data[4])).toBe(true); // keeps -0
    });
  }

  it('writes a version 1.0 header padded to 64 bytes ending in a newline', () => {
    const bytes = encodeNpy(ndarray('float32', [3, 4]));
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const len = bytes[8]! | (bytes[9]! << 8);
    expect((10 + len) % 64).toBe(0);
    const header = String.fromCharCode(...bytes.subarray(10, 10 + len));
    expect(header.endsWith('\n')).toBe(true);
    expect(header.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }");
    expect(bytes.length).toBe(10 + len + 48);
  });

  it('writes numpy-style shape tuples', () => {
    const headerOf = (shape: number[], dtype: 'float32' | 'int32' = 'float32') => {
      const b = encodeNpy(ndarray(dtype, shape));
      return String.fromCharCode(...b.subarray(10, 10 + (b[8]! | (b[9]! << 8)))).trimEnd();
    };
    expect(headerOf([])).toContain("'shape': (), }");
    expect(headerOf([5])).toContain("'shape': (5,), }");
    expect(headerOf([2, 3, 4], 'int32')).toBe("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3, 4), }");
  });

  it('encodes a typed-array view without the rest of its buffer', () => {
    const backing = new Float32Array([9, 1, 2, 3, 9]);
    const b = parseNpy(encodeNpy(ndarray('float32', [3], backing.subarray(1, 4))));
    expect(Array.from(b.data)).toEqual([1, 2, 3]);
  });

  it('rejects inconsistent arrays on encode', () => {
    expect(() => encodeNpy({ dtype: 'float32', shape: [3], data: new Float32Array(2) })).toThrow(NpyFormatError);
    expect(() => encodeNpy({ dtype: 'int32', shape: [2], data: new Float32Array(2) })).toThrow(/does not match/);
  });
});

describe('parseNpy on hand-built files', () => {
  it('reads a v1.0 file with an unpadded header and any key order', () => {
    const a = parseNpy(npy("{'shape': (2,), 'fortran_order': False, 'descr': '<f4'}", f32le(1.5, -2)));
    expect(a).toEqual({ dtype: 'float32', shape: [2], data: new Float32Array([1.5, -2]) });
  });

  it('reads v2.0 and v3.0 files (4-byte header length; UTF-8 in 3.0)', () => {
    expect(parseNpy(npy(hdr('<i4', '(3,)'), i32le(7, 8, 9), 2)).data).toEqual(new Int32Array([7, 8, 9]));
    const v3 = parseNpy(npy('{"descr": "<f4", "fortran_order": False, "shape": (1, 2), }\n', f32le(1, 2), 3));
    expect(v3.shape).toEqual([1, 2]);
  });

  it("accepts '|' and unprefixed dtypes, extra whitespace and Python 2 long shapes", () => {
    expect(parseNpy(npy(hdr('|f4', '(1,)'), f32le(4))).dtype).toBe('float32');
    expect(parseNpy(npy(hdr('i4', '(1,)'), i32le(4))).dtype).toBe('int32');
    expect(
      parseNpy(npy("  { 'descr' : '<f4' ,\t'fortran_order':False,'shape':( 2 , 1 ) }  \n", f32le(1, 2))).shape,
    ).toEqual([2, 1]);
    expect(parseNpy(npy(hdr('<f4', '(2L, 1L)'), f32le(1, 2))).shape).toEqual([2, 1]);
  });

  it('reads scalars, empty arrays and lists as shapes', () => {
    expect(parseNpy(npy(hdr('<f4', '()'), f32le(6)))).toEqual({
      dtype: 'float32',
      shape: [],
      data: new Float32Array([6]),
    });
    expect(parseNpy(npy(hdr('<i4', '(0, 3)'))).data.length).toBe(0);
    expect(parseNpy(npy(hdr('<f4', '[2]'), f32le(1, 2))).shape).toEqual([2]);
  });

  it('copies data from an unaligned offset into a fresh aligned array', () => {
    const file = npy(hdr('<f4', '(3,)'), f32le(1, 2, 3));
    const big = new Uint8Array(file.length + 3);
    big.set(file, 1);
    const a = parseNpy(big.subarray(1, 1 + file.length));
    expect(a.data.byteOffset).toBe(0);
    expect(Array.from(a.data)).toEqual([1, 2, 3]);
    big.fill(0);
    expect(Array.from(a.data)).toEqual([1, 2, 3]); // not a view of the input
  });

  it('ignores trailing bytes after the data, like numpy.load', () => {
    const file = npy(hdr('<i4', '(2,)'), [...i32le(5, 6), 0xaa, 0xbb]);
    expect(Array.from(parseNpy(file).data)).toEqual([5, 6]);
  });
});

describe('parseNpy errors', () => {
  it('rejects bad magic and short files', () => {
    expectNpyError(new TextEncoder().encode('PK\x03\x04 not numpy at all'), /bad magic/);
    expectNpyError(new Uint8Array([0x93, 0x4e, 0x55]), /bad magic/);
    expectNpyError(new Uint8Array(), /bad magic/);
  });

  it('rejects unknown versions', () => {
    expectNpyError(npy(hdr('<f4', '(1,)'), f32le(1), 4), /version 4\.0/);
    expectNpyError(npy(hdr('<f4', '(1,)'), f32le(1), 1, 1), /version 1\.1/);
  });

  it('rejects a header longer than the file', () => {
    const f = npy(hdr('<f4', '(1,)'));
    expectNpyError(f.subarray(0, 20), /truncated header/);
  });

  it('rejects truncated data', () => {
    expectNpyError(
      npy(hdr('<f4', '(3, 4)'), f32le(1, 2, 3)),
      /truncated data: shape \(3, 4\) needs 48 bytes, file has 12/,
    );
    expectNpyError(npy(hdr('<f4', '()')), /truncated data/);
  });

  it('rejects big-endian data with a clear message', () => {
    expectNpyError(npy(hdr('>f4', '(1,)'), f32le(1)), /big-endian dtype '>f4' is not supported/);
    expectNpyError(npy(hdr('>i4', '(1,)'), i32le(1)), /big-endian dtype '>i4'/);
  });

  it('rejects other dtypes', () => {
    expectNpyError(
      npy(hdr('<f8', '(1,)'), new Uint8Array(8)),
      /unsupported dtype '<f8': expected float32 \(<f4\) or int32 \(<i4\)/,
    );
    expectNpyError(npy(hdr('<i8', '(1,)'), new Uint8Array(8)), /unsupported dtype '<i8'/);
    expectNpyError(npy(hdr('<u2', '(1,)'), new Uint8Array(2)), /unsupported dtype '<u2'/);
    expectNpyError(npy(hdr('<f2', '(1,)'), new Uint8Array(2)), /unsupported dtype '<f2'/);
    expectNpyError(npy(hdr('=f4', '(1,)'), f32le(1)), /unsupported dtype '=f4'/);
    expectNpyError(
      npy("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }", f32le(1)),
      /unsupported dtype a structured dtype/,
    );
  });

  it('rejects Fortran-order arrays', () => {
    expectNpyError(npy(hdr('<f4', '(2, 2)', 'True'), f32le(1, 2, 3, 4)), /fortran_order=True/);
    expectNpyError(npy(hdr('<f4', '(2, 2)', '0'), f32le(1, 2, 3, 4)), /fortran_order must be True or False/);
  });

  it('rejects missing, extra and duplicate keys', () => {
    expectNpyError(npy("{'descr': '<f4', 'shape': (1,)}", f32le(1)), /header keys are \{descr, shape\}/);
    expectNpyError(
      npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", f32le(1)),
      /expected exactly/,
    );
    expectNpyError(
      npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", f32le(1)),
      /duplicate header key 'descr'/,
    );
  });

  it('rejects malformed header text', () => {
    const bad = [
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)",
      "{'descr' '<f4', 'fortran_order': False, 'shape': (1,)}",
      "{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} trailing",
      "{'descr': '<f4', 'fortran_order': false, 'shape': (1,)}",
      "{'descr': '<f4' 'fortran_order': False, 'shape': (1,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1.5,)}",
      "{1: '<f4'}",
      '',
    ];
    for (const h of bad) expectNpyError(npy(h, f32le(1)), /malformed header|unexpected/);
    expectNpyError(npy("['descr', '<f4']", f32le(1)), /expected a dict/);
  });

  it('rejects bad shapes', () => {
    expectNpyError(npy(hdr('<f4', '(-1,)')), /shape must be a tuple of non-negative integers/);
    expectNpyError(npy(hdr('<f4', '(5)'), f32le(1, 2, 3, 4, 5)), /shape must be a tuple/);
    expectNpyError(npy(hdr('<f4', "('a',)")), /shape must be a tuple/);
    expectNpyError(npy(hdr('<f4', 'None')), /shape must be a tuple/);
  });

  it('rejects a 3.0 header that is not UTF-8', () => {
    const f = npy(hdr('<f4', '(1,)'), f32le(1), 3);
    f[12] = 0xff;
    expectNpyError(f, /not valid UTF-8/);
  });
});

describe('parseNpyConverting: numpy defaults float64 and int64', () => {
  const f64le = (...xs: number[]) => new Uint8Array(new Float64Array(xs).buffer);
  const i64le = (...xs: bigint[]) => new Uint8Array(new BigInt64Array(xs).buffer);
  it('narrows float64 to float32 (rounded to nearest) and int64 to int32, and says so', () => {
    const f = parseNpyConverting(npy(hdr('<f8', '(2, 2)'), f64le(0.1, -2.5, 1e30, Number.NaN)));
    expect(f.converted).toEqual({ from: 'float64', to: 'float32' });
    expect(f.array.dtype).toBe('float32');
    expect(f.array.shape).toEqual([2, 2]);
    expect(Array.from(f.array.data)).toEqual([Math.fround(0.1), -2.5, Math.fround(1e30), Number.NaN]);
    const i = parseNpyConverting(npy(hdr('<i8', '(3,)'), i64le(-2147483648n, 0n, 2147483647n)));
    expect(i.converted).toEqual({ from: 'int64', to: 'int32' });
    expect(i.array.data).toEqual(new Int32Array([-2147483648, 0, 2147483647]));
    // float32 and int32 files pass through untouched.
    expect(parseNpyConverting(npy(hdr('<f4', '(1,)'), f32le(3))).converted).toBeNull();
  });
  it('refuses a value that does not fit, naming it and its index', () => {
    expect(() => parseNpyConverting(npy(hdr('<i8', '(3,)'), i64le(1n, 2n, 2147483648n)), 'ids.npy')).toThrow(
      /ids\.npy: int64 value 2147483648 at flat index 2 does not fit int32/,
    );
    expect(() => parseNpyConverting(npy(hdr('<f8', '(2,)'), f64le(1, -1e300)))).toThrow(
      /float64 value -1e\+300 at flat index 1 does not fit float32/,
    );
    expectNpyError(npy(hdr('>f8', '(1,)'), new Uint8Array(8)), /unsupported dtype '>f8'/);
  });
  it('rounds a finite float64 just above float32 max to it, and refuses only what rounds to infinity', () => {
    const F32_MAX = 3.4028234663852886e38;
    const justAbove = F32_MAX + 2 ** 102; // within half a float32 step (2^103): rounds to F32_MAX
    const f = parseNpyConverting(npy(hdr('<f8', '(2,)'), f64le(justAbove, -justAbove)));
    expect(Array.from(f.array.data)).toEqual([F32_MAX, -F32_MAX]);
    // The halfway point 2^128 − 2^103 ties to even, i.e. to 2^128 = Infinity: refused.
    expect(() => parseNpyConverting(npy(hdr('<f8', '(1,)'), f64le(2 ** 128 - 2 ** 103)))).toThrow(
      /does not fit float32/,
    );
  });
  it('narrows float64 straight to int32 on request when every value is an integer that fits', () => {
    const ok = parseNpyConverting(npy(hdr('<f8', '(3,)'), f64le(-2147483648, 0, 2147483647)), 'ids.npy', 'int32');
    expect(ok.converted).toEqual({ from: 'float64', to: 'int32' });
    expect(ok.array.dtype).toBe('int32');
    expect(ok.array.data).toEqual(new Int32Array([-2147483648, 0, 2147483647]));
    expect(() => parseNpyConverting(npy(hdr('<f8', '(2,)'), f64le(1, 2.5)), 'ids.npy', 'int32')).toThrow(
      /ids\.npy: float64 value 2\.5 at flat index 1 is not an integer/,
    );
    expect(() => parseNpyConverting(npy(hdr('<f8', '(2,)'), f64le(3, 2 ** 31)), 'ids.npy', 'int32')).toThrow(
      /float64 value 2147483648 at flat index 1 does not fit int32/,
    );
    expect(() => parseNpyConverting(npy(hdr('<f8', '(1,)'), f64le(Number.NaN)), 'ids.npy', 'int32')).toThrow(
      /float64 value NaN at flat index 0 is not an integer/,
    );
    // Other targets keep the default narrowing; the caller reports the mismatch with `converted.from`.
    expect(parseNpyConverting(npy(hdr('<f8', '(1,)'), f64le(1)), 'x', 'uint8').converted?.to).toBe('float32');
    expect(parseNpyConverting(npy(hdr('<i8', '(1,)'), i64le(1n)), 'x', 'float32').converted?.to).toBe('int32');
  });
  it('parseNpy itself still refuses float64, pointing at the conversion', () => {
    expectNpyError(
      npy(hdr('<f8', '(1,)'), new Uint8Array(8)),
      /numpy's default float64 converts with \.astype\(np\.float32\)/,
    );
  });
});

// Interop with real numpy when the machine has it; the hand-built tests above cover the format without it.
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
describe.skipIf(!hasNumpy)('numpy interop', () => {
  it('reads files numpy writes and numpy reads files we write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-test-'));
    try {
      writeFileSync(
        join(dir, 'ours.npy'),
        encodeNpy(ndarray('float32', [2, 3], new Float32Array([1, 2, 3, 4, 5, 6.5]))),
      );
      const script = `
import numpy as np, sys
d = sys.argv[1]
np.save(d + '/f.npy', np.arange(12, dtype='<f4').reshape(3, 4) / 8)
np.save(d + '/i.npy', np.array([-3, 0, 2**31 - 1], dtype='<i4'))
np.save(d + '/s.npy', np.float32(2.25))
np.save(d + '/f64.npy', np.arange(6).reshape(2, 3) / 4)  # numpy's default float64
np.save(d + '/i64.npy', np.array([-5, 7, 2**31 - 1]))  # numpy's default int64
np.lib.format.write_array(open(d + '/v2.npy', 'wb'), np.ones((2, 2), '<f4'), version=(2, 0))
a = np.load(d + '/ours.npy')
assert a.dtype == np.float32 and a.shape == (2, 3) and a.flags.c_contiguous, (a.dtype, a.shape)
assert (a.ravel() == np.array([1, 2, 3, 4, 5, 6.5], 'f4')).all()
`;
      const r = spawnSync('python3', ['-c', script, dir], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const f = parseNpy(readFileSync(join(dir, 'f.npy')), 'f.npy');
      expect(f.shape).toEqual([3, 4]);
      expect(Array.from(f.data)).toEqual(Array.from({ length: 12 }, (_, i) => i / 8));
      expect(parseNpy(readFileSync(join(dir, 'i.npy'))).data).toEqual(new Int32Array([-3, 0, 2 ** 31 - 1]));
      expect(parseNpy(readFileSync(join(dir, 's.npy')))).toEqual({
        dtype: 'float32',
        shape: [],
        data: new Float32Array([2.25]),
      });
      expect(parseNpy(readFileSync(join(dir, 'v2.npy'))).data).toEqual(new Float32Array([1, 1, 1, 1]));
      const f64 = parseNpyConverting(readFileSync(join(dir, 'f64.npy')));
      expect(f64.converted?.from).toBe('float64');
      expect(f64.array.shape).toEqual([2, 3]);
      expect(Array.from(f64.array.data)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25]);
      const i64 = parseNpyConverting(readFileSync(join(dir, 'i64.npy')));
      expect(i64.converted?.from).toBe('int64');
      expect(i64.array.data).toEqual(new Int32Array([-5, 7, 2 ** 31 - 1]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
