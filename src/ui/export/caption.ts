// What an exported chart says about itself: which experiment and parameters produced it, where
// its numbers come from, on which device, with which app version. Printed under the chart in the
// exported PNG/SVG so a slide or a paper figure stays traceable.
import type { ChartSpec, ParamValues, Provenance, Table } from '../../experiments/types';

export interface ExportCaption {
  experiment: string;
  params: ParamValues;
  seed: number;
  device: string;
  appVersion: string;
  /** ISO time the numbers were produced. */
  finishedAt?: string;
}

const PROVENANCE_TEXT: Record<Provenance, string> = {
  measured: 'measured on this device',
  computed: 'computed',
  modeled: 'modeled',
  paper: 'printed in the paper',
  datasheet: 'vendor datasheet',
};

/** "Attainable: modeled; Peak: vendor datasheet" for the columns the chart plots. */
export function chartProvenance(spec: ChartSpec, table: Table): string {
  const keys = [spec.y, spec.value, spec.kind === 'gantt' ? spec.x : undefined].filter(Boolean);
  const parts = table.columns
    .filter((c) => keys.includes(c.key))
    .map((c) => `${c.label}: ${PROVENANCE_TEXT[c.provenance]}`);
  return parts.join('; ');
}

/** Caption lines, longest first wrapped to `maxChars`. */
export function captionLines(spec: ChartSpec, table: Table, c: ExportCaption, maxChars: number): string[] {
  const params = Object.entries(c.params)
    .filter(([, v]) => v !== '' && v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`);
  const date = c.finishedAt ? ` · ${c.finishedAt.slice(0, 10)}` : '';
  return [
    `${c.experiment} — ${spec.title}`,
    ...wrap(`Parameters: ${params.join(', ') || 'defaults'} · seed ${c.seed}`, maxChars),
    ...wrap(`Values: ${chartProvenance(spec, table) || 'see table'} · device: ${c.device}`, maxChars),
    `MLSys Workbench ${c.appVersion}${date}`,
  ];
}

function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
