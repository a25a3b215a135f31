import { describe, expect, it } from 'vitest';
import { encodeFvecs, parseFvecs, VectorFileError } from './fvecs';

describe('.fvecs reader', () => {
  it('round-trips rows with d not a multiple of 4', () => {
    const m = { rows: 3, d: 5, data: Float32Array.from({ length: 15 }, (_, i) => i * 0.5 - 3) };
    const back = parseFvecs(encodeFvecs(m), 'x.fvecs');
    expect(back.rows).toBe(3);
    expect(back.d).toBe(5);
    expect(Array.from(back.data)).toEqual(Array.from(m.data));
  });

  it('reads a record laid out byte by byte (int32 d, then d float32, little-endian)', () => {
    const bytes = new Uint8Array(12);
    const v = new DataView(bytes.buffer);
    v.setInt32(0, 2, true);
    v.setFloat32(4, 1.5, true);
    v.setFloat32(8, -2, true);
    expect(Array.from(parseFvecs(bytes).data)).toEqual([1.5, -2]);
  });

  it('names the problem in malformed files', () => {
    const good = encodeFvecs({ rows: 2, d: 3, data: new Float32Array(6) });
    expect(() => parseFvecs(new Uint8Array(0), 'e.fvecs')).toThrow(/e.fvecs: empty file/);
    expect(() => parseFvecs(good.subarray(0, good.length - 2), 't.fvecs')).toThrow(
      /not a whole number of records of 16 bytes/,
    );
    const mixed = good.slice();
    new DataView(mixed.buffer).setInt32(16, 4, true);
    expect(() => parseFvecs(mixed, 'm.fvecs')).toThrow(
      /record 1 \(byte 16\) declares dimension 4, but the first record has 3/,
    );
    const nan = good.slice();
    new DataView(nan.buffer).setFloat32(4 + 4 * 2, NaN, true);
    expect(() => parseFvecs(nan, 'n.fvecs')).toThrow(/record 0, component 2 is NaN/);
    const bad = new Uint8Array(8);
    new DataView(bad.buffer).setInt32(0, -7, true);
    expect(() => parseFvecs(bad, 'b.fvecs')).toThrow(VectorFileError);
    expect(() => parseFvecs(bad, 'b.fvecs')).toThrow(/declares dimension -7/);
  });
});
