// Reading back the CSV files the page downloads (src/experiments/csv.ts buildCsv format): the
// '# key: value' header lines, then an ordinary CSV table.
import { csvParseRows } from 'd3';

export interface ParsedCsv {
  /** Header comments by key: experiment, table, params, seed, device, app version, generated, columns, note. */
  meta: Record<string, string>;
  columns: string[];
  /** Rows as objects; numeric cells as numbers, empty cells as null. */
  rows: Record<string, string | number | null>[];
}

function cell(text: string): string | number | null {
  if (text === '') return null;
  const v = Number(text);
  return Number.isFinite(v) && /^[-+0-9.eE]+$/.test(text.trim()) ? v : text;
}

export function parseBenchCsv(text: string): ParsedCsv {
  const lines = text.split('\n');
  const meta: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length && lines[i]!.startsWith('# '); i++) {
    const line = lines[i]!.slice(2);
    const colon = line.indexOf(': ');
    if (colon > 0) meta[line.slice(0, colon)] = line.slice(colon + 2);
  }
  const table = csvParseRows(lines.slice(i).join('\n').trimEnd());
  const columns = table[0] ?? [];
  const rows = table.slice(1).map((r) => Object.fromEntries(columns.map((c, j) => [c, cell(r[j] ?? '')])));
  return { meta, columns, rows };
}
