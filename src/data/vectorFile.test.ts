import { describe, expect, it } from 'vitest';
import { encodeFvecs } from './fvecs';
import { ndarray } from './ndarray';
import { encodeNpy } from './npy';
import { assertSameWidth, formatOf, parseVectorFile } from './vectorFile';

const text = (s: string) => new TextEncoder().encode(s);

describe('vector file loader', () => {
  it('reads .npy float32 [n, d], .fvecs and CSV to the same matrix', () => {
    const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const fromNpy = parseVectorFile(encodeNpy(ndarray('float32', [2, 3], data)), 'a.npy');
    const fromFvecs = parseVectorFile(encodeFvecs({ rows: 2, d: 3, data }), 'a.fvecs');
    const fromCsv = parseVectorFile(text('x,y,z\n1,2,3\n4,5,6\n'), 'a.csv');
    for (const m of [fromNpy, fromFvecs, fromCsv]) {
      expect([m.rows, m.d]).toEqual([2, 3]);
      expect(Array.from(m.data)).toEqual(Array.from(data));
    }
  });

  it('splits off an integer label column from CSV', () => {
    const m = parseVectorFile(text('a,b,label\n0.5,1,3\n2,4,7\n'), 'l.csv', { labelColumn: -1 });
    expect(m.d).toBe(2);
    expect(Array.from(m.labels!)).toEqual([3, 7]);
    expect(Array.from(m.data)).toEqual([0.5, 1, 2, 4]);
    expect(() => parseVectorFile(text('1,2,0.5\n'), 'f.csv', { labelColumn: -1 })).toThrow(
      /label 0.5 at row 1 is not an integer/,
    );
  });

  it('gives clear errors for malformed files', () => {
    expect(() => parseVectorFile(text('1,2,3\n4,5\n'), 'ragged.csv')).toThrow(
      /ragged.csv: row 2 has 2 values, expected 3/,
    );
    expect(() => parseVectorFile(text('1,nan\n'), 'nan.csv')).toThrow(/NaN at row 1, column 2/);
    expect(() => parseVectorFile(text('not a numpy file'), 'bad.npy')).toThrow(/bad.npy: not a .npy file/);
    expect(() => parseVectorFile(encodeNpy(ndarray('int32', [2, 2])), 'i.npy')).toThrow(
      /dtype int32, expected float32/,
    );
    expect(() => parseVectorFile(encodeNpy(ndarray('float32', [4])), 'v.npy')).toThrow(
      /shape \[4\], expected a non-empty 2-D array/,
    );
    expect(() =>
      parseVectorFile(encodeNpy(ndarray('float32', [1, 2], Float32Array.from([1, Infinity]))), 'inf.npy'),
    ).toThrow(/non-finite value Infinity at row 0, column 1/);
    expect(() => formatOf('vectors.bin')).toThrow(/unknown vector file type '.bin'; expected .npy, .fvecs or .csv/);
  });

  it('refuses queries whose dimension differs from the base', () => {
    const base = { rows: 2, d: 3, data: new Float32Array(6) };
    const queries = { rows: 1, d: 4, data: new Float32Array(4) };
    expect(() => assertSameWidth(base, queries)).toThrow(/queries has d=4 but base has d=3/);
    expect(() => assertSameWidth(base, base)).not.toThrow();
  });
});
