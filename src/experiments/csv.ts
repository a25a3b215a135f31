// CSV export of one result table, shared by the browser (Download CSV) and the CLI. Pure: no DOM,
// no React. Comment lines starting with '# ' carry the provenance a bare table would lose (which
// experiment, which parameters, which seed, which device), so a CSV found later still says where
// its numbers came from. pandas reads it with `pd.read_csv(path, comment='#')`.
import { csvFormatRows } from 'd3';
import { formatParamValue } from '../core/params';
import type { ParamValues, Table } from './types';
import type { GpuInfo } from '../gpu/types';

export interface CsvMeta {
  experiment: string;
  params: ParamValues;
  seed: number;
  device: string;
  appVersion: string;
  /** ISO timestamp; defaults to now. Tests pass a fixed one. */
  generatedAt?: string;
}

/** A comment value must stay on one line or it would break out of its '# ' prefix. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

function formatParams(params: ParamValues): string {
  const keys = Object.keys(params);
  if (keys.length === 0) return '(none)';
  return keys.map((k) => `${k}=${formatParamValue(params[k]!)}`).join(', ');
}

function formatCell(cell: Table['rows'][number][number]): string {
  if (cell === null || cell === undefined) return '';
  // Numbers keep full precision; NaN/Infinity are written as such rather than hidden as blanks.
  return typeof cell === 'number' ? String(cell) : cell;
}

export function buildCsv(table: Table, meta: CsvMeta): string {
  const columnNotes = table.columns.map((c) => `${c.key}${c.unit ? ` [${c.unit}]` : ''} (${c.provenance})`).join(', ');
  const comments = [
    `experiment: ${meta.experiment}`,
    `table: ${table.id} (${table.title})`,
    `params: ${formatParams(meta.params)}`,
    `seed: ${meta.seed}`,
    `device: ${meta.device}`,
    `app version: ${meta.appVersion}`,
    `generated: ${meta.generatedAt ?? new Date().toISOString()}`,
    `columns: ${columnNotes}`,
    ...(table.note ? [`note: ${table.note}`] : []),
  ].map((line) => `# ${oneLine(line)}`);
  const header = table.columns.map((c) => c.key);
  const body = table.rows.map((row) => table.columns.map((_, i) => formatCell(row[i] ?? null)));
  return `${comments.join('\n')}\n${csvFormatRows([header, ...body])}\n`;
}

/**
 * One line naming the device a result came from, for CSV headers and the UI. Fallback adapters
 * (SwiftShader) are marked so nobody mistakes their timings for GPU performance.
 */
export function describeDevice(info: GpuInfo | undefined, fallbackText = 'no WebGPU'): string {
  if (!info) return fallbackText;
  // Some adapters (SwiftShader in Chromium) report no description: name them by vendor and
  // architecture instead of "unnamed", and only add those as detail when there is a name.
  const vendorArch = [info.vendor, info.architecture].filter(Boolean);
  const named = info.description || info.device;
  const name = named || vendorArch.join(' ') || 'unnamed adapter';
  const detail = named ? vendorArch.join('/') : '';
  return `${name}${detail ? ` (${detail})` : ''}${info.isFallbackAdapter ? ' (CPU emulation)' : ''}`;
}
