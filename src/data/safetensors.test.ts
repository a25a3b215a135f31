// Tests for the safetensors reader/writer: exact bit patterns of the F16/BF16 conversions, byte-exact
// agreement with files the reference implementation writes, round trips, one test per malformed-file
// error, and seeded fuzzing that must only ever produce SafetensorsFormatError.
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../core/errors';
import { createRng } from './pcg32';
import {
  bf16ToF32,
  encodeSafetensors,
  f16ToF32,
  f32ToBf16,
  f32ToF16,
  parseSafetensors,
  parseSafetensorsHeader,
  SAFETENSORS_DTYPE_SIZE,
  safetensorsHeaderSize,
  safetensorsToFloat16Bits,
  safetensorsToFloat32,
  safetensorsToInt32,
  SafetensorsFormatError,
  type SafetensorsWriteTensor,
} from './safetensors';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
const ascii = (b: Uint8Array) => String.fromCharCode(...b);

/** A file from a header (object or raw text) and a data buffer of `data` bytes (or the given bytes). */
function file(header: unknown, data: number | Uint8Array = 0): Uint8Array {
  const h = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + h.length + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(body, 8 + h.length);
  return out;
}

function expectFormatError(bytes: Uint8Array, pattern: RegExp) {
  let err: unknown;
  try {
    parseSafetensors(bytes, 'model.safetensors');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SafetensorsFormatError);
  expect(err).toBeInstanceOf(UserInputError);
  expect((err as Error).name).toBe('SafetensorsFormatError');
  expect((err as Error).message).toMatch(/^model\.safetensors: /);
  expect((err as Error).message).toMatch(pattern);
}

describe('f16 conversions', () => {
  it('decodes known bit patterns', () => {
    expect(f16ToF32(0x3c00)).toBe(1);
    expect(f16ToF32(0xbc00)).toBe(-1);
    expect(f16ToF32(0xc000)).toBe(-2);
    expect(f16ToF32(0x3555)).toBe(0.333251953125);
    expect(f16ToF32(0x7bff)).toBe(65504);
    expect(f16ToF32(0x0400)).toBe(2 ** -14); // smallest normal
    expect(f16ToF32(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(f16ToF32(0x03ff)).toBe(1023 * 2 ** -24); // largest subnormal
    expect(f16ToF32(0x8001)).toBe(-(2 ** -24));
    expect(f16ToF32(0x7c00)).toBe(Infinity);
    expect(f16ToF32(0xfc00)).toBe(-Infinity);
    expect(f16ToF32(0x7e00)).toBeNaN();
    expect(f16ToF32(0x7c01)).toBeNaN();
    expect(Object.is(f16ToF32(0x0000), 0)).toBe(true);
    expect(Object.is(f16ToF32(0x8000), -0)).toBe(true);
  });

  it('encodes every non-NaN half exactly back to its bits', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00 && h & 0x3ff) continue;
      if (f32ToF16(f16ToF32(h)) !== h) throw new Error(`0x${h.toString(16)} does not round-trip`);
    }
    expect(f32ToF16(NaN) & 0x7e00).toBe(0x7e00);
    expect(f16ToF32(f32ToF16(NaN))).toBeNaN();
  });

  it('rounds to nearest even, overflows to infinity and flushes tiny values to zero', () => {
    expect(f32ToF16(1 + 2 ** -11)).toBe(0x3c00); // tie, even stays
    expect(f32ToF16(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie, odd rounds up
    expect(f32ToF16(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just above the tie
    expect(f32ToF16(65519)).toBe(0x7bff);
    expect(f32ToF16(65520)).toBe(0x7c00); // tie between 65504 and 2^16 goes to the even: infinity
    expect(f32ToF16(1e6)).toBe(0x7c00);
    expect(f32ToF16(-1e6)).toBe(0xfc00);
    expect(f32ToF16(2 ** -25)).toBe(0x0000); // tie between 0 and the smallest subnormal
    expect(f32ToF16(1.5 * 2 ** -25)).toBe(0x0001);
    expect(f32ToF16(3 * 2 ** -25)).toBe(0x0002); // subnormal tie, odd rounds up
    expect(f32ToF16(2 ** -14 - 2 ** -26)).toBe(0x0400); // rounds up into the smallest normal
    expect(f32ToF16(1e-10)).toBe(0x0000);
    expect(f32ToF16(-1e-10)).toBe(0x8000);
    expect(f32ToF16(1e-45)).toBe(0x0000); // float32 subnormal
  });
});

describe('bf16 conversions', () => {
  it('decodes known bit patterns (the upper half of a float32)', () => {
    expect(bf16ToF32(0x3f80)).toBe(1);
    expect(bf16ToF32(0xc000)).toBe(-2);
    expect(bf16ToF32(0x4049)).toBe(3.140625);
    expect(bf16ToF32(0x7f80)).toBe(Infinity);
    expect(bf16ToF32(0xff80)).toBe(-Infinity);
    expect(bf16ToF32(0x7fc0)).toBeNaN();
    expect(bf16ToF32(0x0001)).toBe(2 ** -133); // smallest subnormal
    expect(bf16ToF32(0x0080)).toBe(2 ** -126);
    expect(Object.is(bf16ToF32(0x8000), -0)).toBe(true);
  });

  it('encodes every non-NaN bf16 exactly back to its bits and rounds to nearest even', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7f80) === 0x7f80 && h & 0x7f) continue;
      if (f32ToBf16(bf16ToF32(h)) !== h) throw new Error(`0x${h.toString(16)} does not round-trip`);
    }
    expect(f32ToBf16(1 + 2 ** -8)).toBe(0x3f80);
    expect(f32ToBf16(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(f32ToBf16(1 + 2 ** -8 + 2 ** -20)).toBe(0x3f81);
    expect(f32ToBf16(3.4e38)).toBe(0x7f80); // rounds past the largest finite bf16
    expect(f32ToBf16(-3.4e38)).toBe(0xff80);
    expect(bf16ToF32(f32ToBf16(NaN))).toBeNaN();
    expect(bf16ToF32(f32ToBf16(new Float32Array(new Uint32Array([0x7f800001]).buffer)[0]!))).toBeNaN();
  });
});

describe('agreement with the reference implementation', () => {
  // Written by Python safetensors 0.8.0: safetensors.numpy.save({
  //   'w': float32 [[1, -2.5, 0.1], [3e-5, 65504, -0.0]], 'h': float16 [1, -2, 6.1e-5, 5.96e-8, inf, 0.333],
  //   'ids': int64 [0, -1, 2**40], 'b': float32 [1.5]}, metadata={'format': 'pt'})
  const reference = hex(
    '00010000000000007b225f5f6d657461646174615f5f223a7b22666f726d6174223a227074227d2c22696473223a7b2264747970' +
      '65223a22493634222c227368617065223a5b335d2c22646174615f6f666673657473223a5b302c32345d7d2c2262223a7b2264' +
      '74797065223a22463332222c227368617065223a5b315d2c22646174615f6f666673657473223a5b32342c32385d7d2c227722' +
      '3a7b226474797065223a22463332222c227368617065223a5b322c335d2c22646174615f6f666673657473223a5b32382c3532' +
      '5d7d2c2268223a7b226474797065223a22463136222c227368617065223a5b365d2c22646174615f6f666673657473223a5b35' +
      '322c36345d7d7d200000000000000000ffffffffffffffff00000000000100000000c03f0000803f000020c0cdcccc3d82a8fb37' +
      '00e07f4700000080003c00c0ff030100007c5435',
  );

  it('reads a file the Python package wrote', () => {
    const f = parseSafetensors(reference);
    expect(f.metadata).toEqual({ format: 'pt' });
    expect(f.headerLength).toBe(256);
    expect(f.dataStart).toBe(264);
    expect(f.dataLength).toBe(64);
    expect([...f.tensors.keys()]).toEqual(['ids', 'b', 'w', 'h']); // data-offset order
    const w = f.tensors.get('w')!;
    expect(w.dtype).toBe('F32');
    expect(w.shape).toEqual([2, 3]);
    expect(w.dataOffsets).toEqual([28, 52]);
    expect(Array.from(safetensorsToFloat32(w))).toEqual(Array.from(new Float32Array([1, -2.5, 0.1, 3e-5, 65504, -0])));
    const h = f.tensors.get('h')!;
    expect(h.bytes.length).toBe(12);
    expect(Array.from(safetensorsToFloat16Bits(h))).toEqual([0x3c00, 0xc000, 0x03ff, 0x0001, 0x7c00, 0x3554]);
    expect(Array.from(safetensorsToFloat32(h))).toEqual([1, -2, 1023 * 2 ** -24, 2 ** -24, Infinity, f16ToF32(0x3554)]);
    const ids = f.tensors.get('ids')!;
    expect(Array.from(safetensorsToFloat32(ids))).toEqual([0, -1, 2 ** 40]);
    expect(() => safetensorsToInt32(ids)).toThrow(/element 2 = 1099511627776 does not fit in int32/);
    expect(Array.from(safetensorsToFloat32(f.tensors.get('b')!))).toEqual([1.5]);
  });

  it('writes the same bytes from values and from raw bytes', () => {
    const f = parseSafetensors(reference);
    const fromValues = encodeSafetensors(
      {
        w: { shape: [2, 3], data: new Float32Array([1, -2.5, 0.1, 3e-5, 65504, -0]) },
        h: { dtype: 'F16', shape: [6], data: [1, -2, 6.1e-5, 5.96e-8, Infinity, 0.333] },
        ids: { dtype: 'I64', shape: [3], data: [0, -1, 2 ** 40] },
        b: { dtype: 'F32', shape: [1], data: [1.5] },
      },
      { format: 'pt' },
    );
    expect(Array.from(fromValues)).toEqual(Array.from(reference));
    expect(Array.from(encodeSafetensors(f.tensors, f.metadata))).toEqual(Array.from(reference));
  });

  it("matches the reference crate's own serialization tests", () => {
    const attn = encodeSafetensors({ 'attn.0': { shape: [1, 2, 3], data: [0, 1, 2, 3, 4, 5] } });
    expect(ascii(attn.subarray(8, 72))).toBe('{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}');
    expect(Array.from(attn.subarray(0, 8))).toEqual([64, 0, 0, 0, 0, 0, 0, 0]);
    expect(attn.length).toBe(8 + 64 + 24);
    // A shorter name forces 7 spaces of padding so the data starts 8-byte aligned.
    const attn0 = encodeSafetensors({ attn0: { shape: [1, 1, 2, 3], data: [0, 1, 2, 3, 4, 5] } });
    expect(attn0[0]).toBe(72);
    expect(ascii(attn0.subarray(8, 80))).toBe(
      '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       ',
    );
    expect(Array.from(encodeSafetensors({}))).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
    const meta = encodeSafetensors({}, { framework: 'pt' });
    expect(meta[0]).toBe(40);
    expect(ascii(meta.subarray(8))).toBe('{"__metadata__":{"framework":"pt"}}     ');
  });
});

describe('encodeSafetensors / parseSafetensors round trip', () => {
  const values = [0, 1, -1, 0.5, -2.25, 1024, -0.0009765625, 3.140625, 61440, -0]; // exact in F16 and BF16
  for (const dtype of ['F32', 'F16', 'BF16'] as const) {
    it(`${dtype} keeps exactly representable values, shapes and names`, () => {
      const tensors: Record<string, SafetensorsWriteTensor> = {
        'model.layers.0.mlp.up_proj.weight': { dtype, shape: [2, 5], data: values },
        scalar: { dtype, shape: [], data: [7] },
        empty: { dtype, shape: [0, 3], data: [] },
        'ünïcode ✓': { dtype, shape: [1], data: [-3] },
      };
      const f = parseSafetensors(encodeSafetensors(tensors, { format: 'pt', note: 'round "trip"' }));
      expect(f.metadata).toEqual({ format: 'pt', note: 'round "trip"' });
      expect([...f.tensors.keys()].sort()).toEqual(Object.keys(tensors).sort());
      for (const [name, t] of Object.entries(tensors)) {
        const got = f.tensors.get(name)!;
        expect(got.dtype).toBe(dtype);
        expect(got.shape).toEqual(t.shape);
        const back = Array.from(safetensorsToFloat32(got));
        expect(back).toEqual(Array.from(t.data as number[]));
        back.forEach((x, k) => expect(Object.is(x, (t.data as number[])[k])).toBe(true)); // keeps -0
      }
    });
  }

  it('rounds values to the target precision', () => {
    const f = parseSafetensors(
      encodeSafetensors({
        h: { dtype: 'F16', shape: [3], data: [0.1, 1e5, 1e-9] },
        b: { dtype: 'BF16', shape: [2], data: [0.1, 1e39] },
      }),
    );
    expect(Array.from(safetensorsToFloat32(f.tensors.get('h')!))).toEqual([f16ToF32(0x2e66), Infinity, 0]);
    expect(Array.from(safetensorsToFloat32(f.tensors.get('b')!))).toEqual([bf16ToF32(0x3dcd), Infinity]);
  });

  it('orders tensors by descending alignment then name, each aligned to its element size', () => {
    const bytes = encodeSafetensors({
      c: { dtype: 'U8', shape: [3], data: [1, 2, 255] },
      a: { dtype: 'F16', shape: [3], data: [1, 2, 3] },
      z: { dtype: 'F32', shape: [1], data: [1] },
      y: { dtype: 'F32', shape: [2], data: [1, 2] },
      d: { dtype: 'F64', shape: [1], data: [Math.PI] },
      e: { dtype: 'BF16', shape: [1], data: [1] },
      f: { dtype: 'I32', shape: [2], data: [-5, 2147483647] },
      g: { dtype: 'BOOL', shape: [2], data: [1, 0] },
      i: { dtype: 'I8', shape: [1], data: [-128] },
      j: { dtype: 'I16', shape: [1], data: [-300] },
      k: { dtype: 'U16', shape: [1], data: [65535] },
      l: { dtype: 'U32', shape: [1], data: [4294967295] },
      m: { dtype: 'U64', shape: [1], data: [2n ** 64n - 1n] },
    });
    const f = parseSafetensors(bytes);
    expect(f.dataStart % 8).toBe(0);
    expect([...f.tensors.keys()]).toEqual(['m', 'd', 'y', 'z', 'l', 'f', 'e', 'a', 'k', 'j', 'i', 'c', 'g']);
    for (const t of f.tensors.values())
      expect((f.dataStart + t.dataOffsets[0]) % SAFETENSORS_DTYPE_SIZE[t.dtype]).toBe(0);
    expect(Array.from(safetensorsToInt32(f.tensors.get('c')!))).toEqual([1, 2, 255]);
    expect(Array.from(safetensorsToInt32(f.tensors.get('f')!))).toEqual([-5, 2147483647]);
    expect(Array.from(safetensorsToInt32(f.tensors.get('g')!))).toEqual([1, 0]);
    expect(Array.from(safetensorsToInt32(f.tensors.get('i')!))).toEqual([-128]);
    expect(Array.from(safetensorsToInt32(f.tensors.get('j')!))).toEqual([-300]);
    expect(Array.from(safetensorsToInt32(f.tensors.get('k')!))).toEqual([65535]);
    expect(() => safetensorsToInt32(f.tensors.get('l')!)).toThrow(SafetensorsFormatError);
    expect(Array.from(safetensorsToFloat32(f.tensors.get('l')!))).toEqual([4294967296]);
    expect(Array.from(safetensorsToFloat32(f.tensors.get('m')!))).toEqual([2 ** 64]);
    expect(Array.from(safetensorsToFloat32(f.tensors.get('d')!))).toEqual([Math.fround(Math.PI)]);
    expect(() => safetensorsToInt32(f.tensors.get('y')!)).toThrow(/cannot read F32 values as int32/);
    expect(() => safetensorsToFloat16Bits(f.tensors.get('f')!)).toThrow(/cannot convert I32 to F16/);
    expect(Array.from(safetensorsToFloat16Bits(f.tensors.get('y')!))).toEqual([0x3c00, 0x4000]);
    expect(Array.from(safetensorsToFloat16Bits(f.tensors.get('e')!))).toEqual([0x3c00]);
  });

  it('reads tensors from an unaligned buffer view', () => {
    const bytes = encodeSafetensors({ w: { dtype: 'F32', shape: [3], data: [1, 2, 3] } });
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const t = parseSafetensors(shifted.subarray(1)).tensors.get('w')!;
    expect(t.bytes.byteOffset % 4).not.toBe(0);
    expect(Array.from(safetensorsToFloat32(t))).toEqual([1, 2, 3]);
  });

  it('parses a header from a prefix of the file', () => {
    const bytes = encodeSafetensors({ w: { shape: [4, 4], data: new Float32Array(16) } });
    const size = safetensorsHeaderSize(bytes.subarray(0, 8));
    const h = parseSafetensorsHeader(bytes.subarray(0, size), { fileSize: bytes.length });
    expect(h.dataStart).toBe(size);
    expect(h.tensors.get('w')!.dataOffsets).toEqual([0, 64]);
    expect(() => parseSafetensorsHeader(bytes.subarray(0, size - 1), { fileSize: bytes.length })).toThrow(
      /need the first \d+ bytes/,
    );
    expect(() => parseSafetensorsHeader(bytes.subarray(0, size), { fileSize: bytes.length - 4 })).toThrow(
      /run past the end of the data buffer \(60 bytes\)/,
    );
  });

  it('refuses to write malformed tensors', () => {
    const enc =
      (t: SafetensorsWriteTensor, name = 'w') =>
      () =>
        encodeSafetensors({ [name]: t });
    expect(enc({ shape: [2], data: [1] })).toThrow(/tensor "w": 1 values given but shape \[2\] has 2 elements/);
    expect(enc({ shape: [2], bytes: new Uint8Array(7) })).toThrow(/7 bytes given but shape \[2\] of F32 needs 8/);
    expect(enc({ shape: [2] })).toThrow(/exactly one of data and bytes/);
    expect(enc({ shape: [1.5], data: [1] })).toThrow(/shape must be an array of non-negative integers/);
    expect(enc({ dtype: 'X' as 'F32', shape: [1], data: [1] })).toThrow(/unsupported dtype "X"/);
    expect(enc({ dtype: 'U8', shape: [1], data: [256] })).toThrow(/element 0 = 256 is not an integer in U8 range/);
    expect(enc({ dtype: 'I32', shape: [1], data: [0.5] })).toThrow(/element 0 = 0.5/);
    expect(enc({ dtype: 'I64', shape: [1], data: [2 ** 60] })).toThrow(/is not a safe integer/);
    expect(enc({ dtype: 'U64', shape: [1], data: [-1] })).toThrow(/is out of U64 range/);
    expect(enc({ shape: [1], data: [1] }, '__metadata__')).toThrow(/reserved/);
    expect(() => encodeSafetensors({}, { a: 1 as unknown as string })).toThrow(/metadata value for key "a"/);
  });
});

describe('malformed files', () => {
  const ok = { w: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] } };

  it('accepts the well-formed base case, with or without null metadata and extra keys', () => {
    expect(parseSafetensors(file(ok, 24)).tensors.get('w')!.shape).toEqual([2, 3]);
    const f = parseSafetensors(file({ __metadata__: null, w: { ...ok.w, extra: 1 } }, 24));
    expect(f.metadata).toEqual({});
    expect(parseSafetensors(file(' ' + JSON.stringify(ok) + '   ', 24)).tensors.size).toBe(1);
  });

  it('file shorter than 8 bytes', () => {
    expectFormatError(new Uint8Array(0), /0 bytes, shorter than the 8-byte header length/);
    expectFormatError(new Uint8Array(7), /7 bytes, shorter than the 8-byte header length/);
  });

  it('header length beyond the file', () => {
    const f = file(ok, 24);
    new DataView(f.buffer).setUint32(0, f.length, true);
    expectFormatError(
      f,
      new RegExp(`header length ${f.length} runs past the end of the file \\(${f.length - 8} bytes`),
    );
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 64n - 1n, true);
    expectFormatError(huge, /header length 18446744073709551615 exceeds the 100000000-byte limit/);
  });

  it('header not UTF-8, not JSON, not an object', () => {
    const bad = file('{}');
    bad[9] = 0xff;
    expectFormatError(bad, /header is not valid UTF-8/);
    expectFormatError(file('{"w": '), /header is not valid JSON .*: "\{\\"w\\": "/);
    expectFormatError(file(''), /header is not valid JSON/);
    expectFormatError(file('[1, 2]'), /header must be a JSON object, got an array/);
    expectFormatError(file('null'), /header must be a JSON object, got null/);
    expectFormatError(file('42'), /header must be a JSON object, got number/);
  });

  it('bad metadata', () => {
    expectFormatError(file({ __metadata__: [1] }), /"__metadata__" must be an object mapping strings to strings/);
    expectFormatError(
      file({ __metadata__: { a: 'x', b: 2 } }),
      /"__metadata__" value for key "b" must be a string, got 2/,
    );
  });

  it('unknown or unsupported dtype, naming it and the tensor', () => {
    expectFormatError(
      file({ w: { ...ok.w, dtype: 'Q7' } }, 24),
      /tensor "w": unknown dtype "Q7" \(supported: BOOL, U8/,
    );
    expectFormatError(file({ w: { ...ok.w, dtype: 'f32' } }, 24), /tensor "w": unknown dtype "f32"/);
    expectFormatError(
      file({ x: { dtype: 'F8_E4M3', shape: [2], data_offsets: [0, 2] } }, 2),
      /tensor "x": unsupported dtype "F8_E4M3"/,
    );
    expectFormatError(file({ w: { ...ok.w, dtype: 4 } }, 24), /tensor "w": dtype must be a string, got 4/);
  });

  it('shape x dtype size differing from the data_offsets span', () => {
    expectFormatError(
      file({ 'layer.0': { dtype: 'F32', shape: [2, 3], data_offsets: [0, 20] } }, 20),
      /tensor "layer\.0": shape \[2, 3\] of F32 needs 24 bytes but data_offsets \[0, 20\] span 20/,
    );
    expectFormatError(
      file({ h: { dtype: 'BF16', shape: [5], data_offsets: [0, 20] } }, 20),
      /tensor "h": shape \[5\] of BF16 needs 10 bytes but data_offsets \[0, 20\] span 20/,
    );
    // A product that overflows 2^53 is compared exactly, not rounded into a match.
    expectFormatError(
      file({ big: { dtype: 'U8', shape: [2 ** 31, 2 ** 31, 2 ** 31], data_offsets: [0, 0] } }),
      /needs 9903520314283042199192993792 bytes/,
    );
  });

  it('non-integer or malformed shapes and offsets', () => {
    for (const shape of [[2.5], [-1], ['3'], 'abc', null, [1e300]]) {
      expectFormatError(
        file({ w: { dtype: 'F32', shape, data_offsets: [0, 4] } }, 4),
        /tensor "w": shape must be an array of non-negative integers/,
      );
    }
    for (const offsets of [[0], [0, 4, 8], [-4, 0], [0, 4.5], '0,4', null]) {
      expectFormatError(
        file({ w: { dtype: 'F32', shape: [1], data_offsets: offsets } }, 4),
        /tensor "w": data_offsets must be \[begin, end\] with non-negative integers/,
      );
    }
    expectFormatError(file({ w: { dtype: 'F32', shape: [1], data_offsets: [8, 4] } }, 8), /\[8, 4\] end before/);
    expectFormatError(file({ w: { dtype: 'F32', shape: [1] } }, 4), /tensor "w": missing "data_offsets"/);
    expectFormatError(file({ w: [1, 2] }), /tensor "w": entry must be an object/);
  });

  it('offsets out of range, overlapping, leaving gaps or trailing bytes', () => {
    expectFormatError(
      file(ok, 16),
      /tensor "w": data_offsets \[0, 24\] run past the end of the data buffer \(16 bytes\)/,
    );
    expectFormatError(
      file(
        {
          a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
          b: { dtype: 'F32', shape: [4], data_offsets: [8, 24] },
        },
        24,
      ),
      /tensors "a" \(data_offsets \[0, 16\]\) and "b" \(data_offsets \[8, 24\]\) overlap/,
    );
    expectFormatError(
      file(
        {
          a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
          b: { dtype: 'F32', shape: [], data_offsets: [0, 4] },
        },
        16,
      ),
      /tensors "b" .* and "a" .* overlap/,
    );
    expectFormatError(
      file({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8),
      /gap of 4 unused bytes before tensor "a" \(data_offsets \[4, 8\]; the previous tensor ends at 0\)/,
    );
    expectFormatError(file(ok, 32), /data buffer has 32 bytes but the tensors cover only the first 24/);
    expectFormatError(file({}, 1), /data buffer has 1 bytes but the tensors cover only the first 0/);
  });
});

describe('fuzzing: garbage only ever raises SafetensorsFormatError', () => {
  const tryParse = (bytes: Uint8Array) => {
    try {
      parseSafetensors(bytes);
    } catch (e) {
      if (!(e instanceof SafetensorsFormatError)) throw e;
    }
  };

  it('random bytes, random lengths', () => {
    const rng = createRng(1234);
    for (let iter = 0; iter < 3000; iter++) {
      const bytes = Uint8Array.from({ length: rng.int(64) }, () => rng.int(256));
      // Half the time give a plausible header length so the JSON parser sees the garbage.
      if (bytes.length >= 8 && rng.int(2))
        new DataView(bytes.buffer).setBigUint64(0, BigInt(rng.int(bytes.length - 7)), true);
      expect(() => tryParse(bytes)).not.toThrow();
    }
  });

  it('mutations of a valid file (bit flips, truncation, splices)', () => {
    const rng = createRng(99);
    const valid = encodeSafetensors(
      {
        a: { dtype: 'F16', shape: [3, 2], data: [1, 2, 3, 4, 5, 6] },
        b: { dtype: 'BF16', shape: [2], data: [1, 2] },
        c: { shape: [2, 2], data: [1, 2, 3, 4] },
        d: { dtype: 'I64', shape: [1], data: [5] },
      },
      { k: 'v' },
    );
    let parsed = 0;
    for (let iter = 0; iter < 5000; iter++) {
      let bytes = valid.slice();
      const kind = rng.int(3);
      if (kind === 0) {
        for (let f = 0, nf = 1 + rng.int(3); f < nf; f++) bytes[rng.int(bytes.length)]! ^= 1 << rng.int(8);
      } else if (kind === 1) {
        bytes = bytes.subarray(0, rng.int(bytes.length));
      } else {
        const at = rng.int(bytes.length);
        const junk = '{}[]:,"0123456789.-eE FIU'.charCodeAt(rng.int(25));
        bytes[at] = junk;
      }
      try {
        const f = parseSafetensors(bytes);
        parsed++;
        for (const t of f.tensors.values()) safetensorsToFloat32(t);
      } catch (e) {
        expect(e).toBeInstanceOf(SafetensorsFormatError);
      }
    }
    expect(parsed).toBeGreaterThan(0); // flips in the data buffer leave a valid file
  });
});
