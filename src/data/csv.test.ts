import { describe, expect, it } from 'vitest';
import { CsvFormatError, parseEdgeList, parseNumericCsv } from './csv';

function expectCsvError(fn: () => unknown, pattern: RegExp) {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CsvFormatError);
  expect((err as Error).message).toMatch(pattern);
}

describe('parseNumericCsv', () => {
  it('parses a plain comma-separated matrix', () => {
    const t = parseNumericCsv('1,2,3\n4,5,6\n');
    expect(t).toEqual({ header: null, rows: 2, cols: 3, data: new Float32Array([1, 2, 3, 4, 5, 6]) });
  });

  it('detects a header row automatically', () => {
    const t = parseNumericCsv('x, y,"z z"\n1,2,3\n');
    expect(t.header).toEqual(['x', 'y', 'z z']);
    expect(t.rows).toBe(1);
    expect(t.cols).toBe(3);
  });

  it('honours header: true and header: false', () => {
    expect(parseNumericCsv('1,2\n3,4', { header: true })).toEqual({
      header: ['1', '2'],
      rows: 1,
      cols: 2,
      data: new Float32Array([3, 4]),
    });
    expect(parseNumericCsv('1,2\n3,4', { header: false }).rows).toBe(2);
    expectCsvError(() => parseNumericCsv('a,b\n3,4', { header: false }), /non-numeric value 'a' at row 1, column 1/);
  });

  it('accepts number formats: signs, decimals, exponents, quoted numbers', () => {
    const t = parseNumericCsv('-1.5,+2,.25,3.,1e3,-2.5E-2,"7"');
    expect(Array.from(t.data)).toEqual([-1.5, 2, 0.25, 3, 1000, -0.025, 7].map(Math.fround));
  });

  it('tolerates CRLF, spaces around cells, BOM, and blank lines at the start and end', () => {
    const t = parseNumericCsv('\uFEFF\r\n a , b \r\n 1 , 2 \r\n3,4\r\n\r\n  \r\n');
    expect(t).toEqual({ header: ['a', 'b'], rows: 2, cols: 2, data: new Float32Array([1, 2, 3, 4]) });
    expect(parseNumericCsv('1,2\r3,4\r').rows).toBe(2);
  });

  it('splits on whitespace when the first line has no comma', () => {
    const t = parseNumericCsv('a\tb  c\n1 2\t3\n  4   5 6  \n');
    expect(t).toEqual({ header: ['a', 'b', 'c'], rows: 2, cols: 3, data: new Float32Array([1, 2, 3, 4, 5, 6]) });
    expect(parseNumericCsv('1\n2\n3\n')).toEqual({ header: null, rows: 3, cols: 1, data: new Float32Array([1, 2, 3]) });
  });

  it('rounds values to float32', () => {
    expect(parseNumericCsv('0.1').data[0]).toBe(Math.fround(0.1));
  });

  it('reports ragged rows by file row', () => {
    const text = 'a,b,c,d\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3\n';
    expectCsvError(() => parseNumericCsv(text, { name: 'm.csv' }), /^m\.csv: row 7 has 3 values, expected 4$/);
    expectCsvError(() => parseNumericCsv('1,2\n3,4,5'), /row 2 has 3 values, expected 2/);
    expectCsvError(() => parseNumericCsv('1,2\n3'), /row 2 has 1 value, expected 2/);
    expectCsvError(() => parseNumericCsv('1,2\n3,4,'), /row 2 has 3 values/);
  });

  it('rejects blank lines inside the data', () => {
    expectCsvError(() => parseNumericCsv('1,2\n\n3,4\n'), /row 2 is empty, expected 2 values/);
  });

  it('names the row, column and header of non-numeric cells', () => {
    expectCsvError(() => parseNumericCsv('x,y\n1,2\n3,abc\n'), /non-numeric value 'abc' at row 3, column 2 \('y'\)/);
    expectCsvError(() => parseNumericCsv('1,2\n3,0x10\n'), /non-numeric value '0x10' at row 2, column 2$/);
    expectCsvError(() => parseNumericCsv('1,2\n3,1.2.3\n'), /non-numeric value '1\.2\.3'/);
    expectCsvError(() => parseNumericCsv('1,2\n3,\n'), /empty value at row 2, column 2/);
    expectCsvError(() => parseNumericCsv('1,2\n,4\n'), /empty value at row 2, column 1/);
  });

  it('rejects NaN and infinities', () => {
    expectCsvError(() => parseNumericCsv('1,2\n3,4\n5,NaN\n'), /NaN at row 3, column 2/);
    expectCsvError(() => parseNumericCsv('1,nan'), /NaN at row 1, column 2/);
    expectCsvError(() => parseNumericCsv('a,b\n1,inf'), /Infinity at row 2, column 2 \('b'\)/);
    expectCsvError(() => parseNumericCsv('-Infinity,1'), /-Infinity at row 1, column 1/);
    expectCsvError(() => parseNumericCsv('1,2\n1e39,0'), /value 1e39 at row 2, column 1 is outside the float32 range/);
    expectCsvError(() => parseNumericCsv('1e999'), /outside the float32 range/);
  });

  it('rejects empty input and header-only input', () => {
    expectCsvError(() => parseNumericCsv('', { name: 'e.csv' }), /^e\.csv: empty file$/);
    expectCsvError(() => parseNumericCsv(' \n\r\n\t\n'), /empty file/);
    expectCsvError(() => parseNumericCsv('a,b\n\n'), /no data rows after the header/);
  });
});

describe('parseEdgeList', () => {
  it('reads space, comma and tab separated edges', () => {
    const g = parseEdgeList('0 1\n1,2\n2\t3\n3 , 0\n');
    expect(g.src).toEqual(new Int32Array([0, 1, 2, 3]));
    expect(g.dst).toEqual(new Int32Array([1, 2, 3, 0]));
    expect(g.numNodes).toBe(4);
  });

  it('ignores a weight column, comments, blank lines and CRLF', () => {
    const text =
      '# SNAP-style comment\n% matrix-market style comment\r\n\r\n 5 7 0.25\r\n7\t9\t1e-3\n   # indented comment\n';
    const g = parseEdgeList(text);
    expect(Array.from(g.src)).toEqual([5, 7]);
    expect(Array.from(g.dst)).toEqual([7, 9]);
    expect(g.numNodes).toBe(10);
  });

  it('keeps duplicates and self-loops, in file order', () => {
    const g = parseEdgeList('1 1\n0 1\n0 1\n');
    expect(Array.from(g.src)).toEqual([1, 0, 0]);
    expect(Array.from(g.dst)).toEqual([1, 1, 1]);
  });

  it('returns an empty graph for empty input', () => {
    expect(parseEdgeList('# nothing here\n')).toEqual({ src: new Int32Array(0), dst: new Int32Array(0), numNodes: 0 });
  });

  it('accepts ids up to 2^31 - 1', () => {
    const g = parseEdgeList(`0 ${2 ** 31 - 1}`);
    expect(g.dst[0]).toBe(2 ** 31 - 1);
    expect(g.numNodes).toBe(2 ** 31);
  });

  it('names the line of bad ids and bad column counts', () => {
    expectCsvError(() => parseEdgeList('0 1\n1 -2\n', { name: 'g.txt' }), /^g\.txt: invalid node id '-2' on line 2/);
    expectCsvError(() => parseEdgeList('0 1.5'), /invalid node id '1\.5' on line 1/);
    expectCsvError(() => parseEdgeList('#c\na b'), /invalid node id 'a' on line 2/);
    expectCsvError(
      () => parseEdgeList(`0 ${2 ** 31}`),
      /invalid node id '2147483648' on line 1: expected an integer in \[0, 2\^31\)/,
    );
    expectCsvError(() => parseEdgeList('0 1\n2\n'), /line 2 has 1 value, expected "u v" or "u v weight"/);
    expectCsvError(() => parseEdgeList('0 1 2 3'), /line 1 has 4 values/);
    expectCsvError(() => parseEdgeList('0,,1'), /invalid node id '' on line 1/);
  });
});
