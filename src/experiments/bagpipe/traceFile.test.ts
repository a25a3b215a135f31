// The user's trace file: text and .npy read correctly, and every malformed input is a
// UserInputError naming the line (or row and column) and the value.
import { describe, expect, it } from 'vitest';
import { encodeNpy } from '../../data/npy';
import { ndarray } from '../../data/ndarray';
import { UserInputError } from '../types';
import { parseTraceFile } from './traceFile';

const text = (s: string) => new TextEncoder().encode(s);
const batches = (t: ReturnType<typeof parseTraceFile>) =>
  Array.from({ length: t.batchStart.length - 1 }, (_, b) =>
    Array.from(t.ids.subarray(t.batchStart[b], t.batchStart[b + 1])),
  );

describe('trace files', () => {
  it('reads one batch per line: spaces, tabs, CRLF, comments, a BOM and a missing final newline', () => {
    const t = parseTraceFile(text('\ufeff# my trace\n1 2  3\r\n\t7\t7 2147483647\n# end\n4'), 't.txt');
    expect(batches(t)).toEqual([[1, 2, 3], [7, 7, 2147483647], [4]]);
    expect(batches(parseTraceFile(text('5 6\n\n\n'), 'trailing.txt'))).toEqual([[5, 6]]);
  });

  it('names the line and the value of every malformed input', () => {
    const bad = (s: string) => () => parseTraceFile(text(s), 'bad.txt');
    expect(bad('1 2\n3 -4 5\n')).toThrow(UserInputError);
    expect(bad('1 2\n3 -4 5\n')).toThrow('bad.txt: line 2: id -4 is negative; row ids are ≥ 0');
    expect(bad('1\n2\n3 1.5\n')).toThrow('bad.txt: line 3: "1.5" is not an integer row id');
    expect(bad('1 x2\n')).toThrow('bad.txt: line 1: "x2" is not an integer row id');
    expect(bad('1,2\n')).toThrow('bad.txt: line 1: "1,2" is not an integer row id');
    expect(bad('1\n\n2\n')).toThrow('bad.txt: line 2: the line is empty: every line is one batch');
    expect(bad('1 2147483648\n')).toThrow('line 1: id 2147483648 is larger than 2147483647');
    expect(bad('# only a comment\n\n')).toThrow('bad.txt: no batches found');
  });

  it('reads an int32 .npy of shape [batches, ids] and rejects other dtypes, shapes and negative ids', () => {
    const npy = encodeNpy(ndarray('int32', [2, 3], Int32Array.from([1, 2, 3, 9, 9, 8])));
    expect(batches(parseTraceFile(npy, 't.npy'))).toEqual([
      [1, 2, 3],
      [9, 9, 8],
    ]);
    const f32 = encodeNpy(ndarray('float32', [2, 2]));
    expect(() => parseTraceFile(f32, 'f.npy')).toThrow('f.npy: dtype is float32; a trace must be int32 row ids');
    const flat = encodeNpy(ndarray('int32', [4]));
    expect(() => parseTraceFile(flat, 'v.npy')).toThrow('v.npy: shape (4) has 1 dimensions; expected [batches, ids]');
    const neg = encodeNpy(ndarray('int32', [2, 2], Int32Array.from([0, 1, 2, -3])));
    expect(() => parseTraceFile(neg, 'n.npy')).toThrow('n.npy: batch 1 (row 1), column 1: id -3 is negative');
    const broken = npy.slice(0, npy.length - 4);
    expect(() => parseTraceFile(broken, 'cut.npy')).toThrow(UserInputError);
  });
});
