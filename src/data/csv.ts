// Text loaders for user-supplied data: numeric CSV matrices and graph edge lists.
// Both report problems by 1-based file line ("row", as a spreadsheet numbers it, header
// included) and 1-based column, so users can find the cell in their editor.

export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
}

export interface NumericCsv {
  /** Column names, or null when the file has no header row. */
  header: string[] | null;
  rows: number;
  cols: number;
  /** rows x cols values, row-major. */
  data: Float32Array;
}

export interface CsvOptions {
  /** 'auto' (default): the first row is a header if any of its cells is not a number. */
  header?: 'auto' | boolean;
  /** Labels error messages, e.g. the file name. */
  name?: string;
}

export interface EdgeList {
  src: Int32Array;
  dst: Int32Array;
  /** max node id + 1 (0 for an empty list). */
  numNodes: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NAN = /^[+-]?nan$/i;
const INF = /^([+-]?)inf(inity)?$/i;
const F32_MAX = 3.4028234663852886e38;

function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

const unquote = (s: string): string =>
  s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).trim() : s;

/**
 * Parses a numeric table. Cells are separated by commas, or by whitespace when the first line
 * has no comma. Surrounding spaces and double quotes are stripped; quoted commas are not supported.
 * Blank lines are allowed before and after the table, not inside it.
 */
export function parseNumericCsv(text: string, opts: CsvOptions = {}): NumericCsv {
  const name = opts.name ?? 'input';
  const fail = (msg: string): never => {
    throw new CsvFormatError(`${name}: ${msg}`);
  };
  const all = lines(text);
  let first = all.findIndex((l) => l.trim() !== '');
  if (first < 0) return fail('empty file');
  let last = all.length - 1;
  while (all[last]!.trim() === '') last--;

  const comma = all[first]!.includes(',');
  const split = (line: string): string[] =>
    comma ? line.split(',').map((c) => unquote(c.trim())) : line.trim().split(/\s+/).map(unquote);
  const isNumberLike = (c: string) => NUMBER.test(c) || NAN.test(c) || INF.test(c);

  let header: string[] | null = null;
  const firstCells = split(all[first]!);
  if (opts.header === true || (opts.header !== false && !firstCells.every(isNumberLike))) {
    header = firstCells;
    first++;
    if (first > last) fail('no data rows after the header');
  }
  const cols = header ? header.length : firstCells.length;
  const rows = last - first + 1;
  const data = new Float32Array(rows * cols);

  for (let r = 0; r < rows; r++) {
    const row = first + r + 1; // 1-based line number
    const line = all[first + r]!;
    if (line.trim() === '') fail(`row ${row} is empty, expected ${cols} values`);
    const cells = split(line);
    if (cells.length !== cols)
      fail(`row ${row} has ${cells.length} value${cells.length === 1 ? '' : 's'}, expected ${cols}`);
    for (let c = 0; c < cols; c++) {
      const cell = cells[c]!;
      const where = `row ${row}, column ${c + 1}${header ? ` ('${header[c]}')` : ''}`;
      if (NAN.test(cell)) fail(`NaN at ${where}`);
      const inf = INF.exec(cell);
      if (inf) fail(`${inf[1] === '-' ? '-' : ''}Infinity at ${where}`);
      if (cell === '') fail(`empty value at ${where}`);
      if (!NUMBER.test(cell)) fail(`non-numeric value '${cell}' at ${where}`);
      const v = Number(cell);
      // Finite in a double but not in float32 would silently become Infinity in the array.
      if (!(Math.abs(v) <= F32_MAX)) fail(`value ${cell} at ${where} is outside the float32 range`);
      data[r * cols + c] = v;
    }
  }
  return { header, rows, cols, data };
}

/**
 * Parses a graph edge list: one edge per line as "u v", "u,v" or "u<TAB>v", with an optional
 * third (weight) column that is ignored. Lines starting with '#' or '%' are comments.
 * Node ids are non-negative integers below 2^31; edges are kept in file order, duplicates and
 * self-loops included.
 */
export function parseEdgeList(text: string, opts: { name?: string } = {}): EdgeList {
  const name = opts.name ?? 'input';
  const fail = (msg: string): never => {
    throw new CsvFormatError(`${name}: ${msg}`);
  };
  const src: number[] = [];
  const dst: number[] = [];
  let maxId = -1;
  const all = lines(text);
  for (let k = 0; k < all.length; k++) {
    const t = all[k]!.trim();
    if (t === '' || t.startsWith('#') || t.startsWith('%')) continue;
    const fields = t.split(/\s*,\s*|\s+/);
    if (fields.length < 2 || fields.length > 3) {
      fail(`line ${k + 1} has ${fields.length} value${fields.length === 1 ? '' : 's'}, expected "u v" or "u v weight"`);
    }
    const id = (s: string): number => {
      const v = /^\d+$/.test(s) ? Number(s) : NaN;
      if (!(v < 2 ** 31)) fail(`invalid node id '${s}' on line ${k + 1}: expected an integer in [0, 2^31)`);
      if (v > maxId) maxId = v;
      return v;
    };
    src.push(id(fields[0]!));
    dst.push(id(fields[1]!));
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), numNodes: maxId + 1 };
}
