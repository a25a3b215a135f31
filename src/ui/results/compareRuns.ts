// Runs of one experiment from several devices (loaded files, and this device's own run) side by
// side: their measured metrics in one table, a row per run, and the experiment's first chart
// of measured numbers redrawn with one series per run. Pure data in, data out (tested in Node).
import type { Cell, ChartSpec, Table } from '../../experiments/types';
import type { RunOutcome } from '../../state/types';

export interface ComparedRun {
  /** Shown as the column / series name: the device, plus the file when devices repeat. */
  label: string;
  outcome: RunOutcome;
}

export interface Comparison {
  metrics?: Table;
  chart?: { spec: ChartSpec; table: Table };
}

/** Unique labels: the device name alone, or "device (file)" when two runs share a device. */
export function runLabels(runs: { device: string; source: string }[]): string[] {
  const count = new Map<string, number>();
  for (const r of runs) count.set(r.device, (count.get(r.device) ?? 0) + 1);
  return runs.map((r) => ((count.get(r.device) ?? 0) > 1 ? `${r.device} (${r.source})` : r.device));
}

function metricsTable(runs: ComparedRun[]): Table | undefined {
  const keys: { key: string; label: string; unit?: string }[] = [];
  for (const r of runs) {
    for (const m of r.outcome.result.metrics) {
      if (m.provenance === 'measured' && typeof m.value === 'number' && !keys.some((k) => k.key === m.key)) {
        keys.push({ key: m.key, label: m.label, unit: m.unit });
      }
    }
  }
  if (keys.length === 0) return undefined;
  // One row per device; the device column is what each run observed about its own adapter.
  return {
    id: 'compare-metrics',
    title: 'Measured metrics on each device',
    columns: [
      { key: 'device', label: 'Device', type: 'string', provenance: 'measured' },
      ...keys.map((k) => ({ ...k, type: 'number' as const, provenance: 'measured' as const })),
    ],
    rows: runs.map((r) => [
      r.label,
      ...keys.map((k): Cell => {
        const v = r.outcome.result.metrics.find((m) => m.key === k.key)?.value;
        return typeof v === 'number' ? v : null;
      }),
    ]),
  };
}

/** The first chart with rows whose y column is measured, in the first run that has one. */
function measuredChart(runs: ComparedRun[]): ChartSpec | undefined {
  for (const r of runs) {
    for (const spec of r.outcome.result.charts) {
      if (spec.kind === 'gantt' || spec.kind === 'heatmap') continue;
      const table = r.outcome.result.tables.find((t) => t.id === spec.table);
      if (table?.rows.length && table.columns.find((c) => c.key === spec.y)?.provenance === 'measured') return spec;
    }
  }
  return undefined;
}

/**
 * One table holding every run's rows of the chart's table, with a run column as the series. A
 * chart that had its own series keeps it apart: bars fold it into the category ("case · impl"),
 * lines into the series name ("device · series"), so each run stays one colour family.
 */
function chartAcrossRuns(runs: ComparedRun[], spec: ChartSpec): Comparison['chart'] {
  const tables = runs.map((r) => r.outcome.result.tables.find((t) => t.id === spec.table));
  const first = tables.find((t) => t);
  if (!first) return undefined;
  const categorical = spec.kind === 'bar';
  const xCol = first.columns.find((c) => c.key === spec.x);
  const yCol = first.columns.find((c) => c.key === spec.y);
  if (!xCol || !yCol) return undefined;
  const rows: Cell[][] = [];
  runs.forEach((r, i) => {
    const t = tables[i];
    if (!t) return;
    const at = (key: string) => t.columns.findIndex((c) => c.key === key);
    const [xi, yi, si] = [at(spec.x), at(spec.y), spec.series ? at(spec.series) : -1];
    if (xi < 0 || yi < 0) return;
    // Rows without a value (a peer that did not run on that device) would only leave gaps.
    for (const row of t.rows.filter((x) => typeof x[yi] === 'number' && Number.isFinite(x[yi]))) {
      const s = si >= 0 ? String(row[si]) : '';
      const x = categorical && s ? `${String(row[xi])} · ${s}` : row[xi]!;
      const series = !categorical && s ? `${r.label} · ${s}` : r.label;
      rows.push([x, row[yi]!, series]);
    }
  });
  const table: Table = {
    id: 'compare-chart',
    title: `${spec.title}, by device`,
    columns: [
      { ...xCol, type: categorical ? 'string' : xCol.type },
      yCol,
      { key: 'run', label: 'Device', type: 'string', provenance: 'measured' },
    ],
    rows,
  };
  return {
    spec: { ...spec, id: 'compare-chart', title: table.title, table: table.id, series: 'run', highlight: undefined },
    table,
  };
}

export function compareRuns(runs: ComparedRun[]): Comparison {
  const spec = measuredChart(runs);
  return { metrics: metricsTable(runs), chart: spec && chartAcrossRuns(runs, spec) };
}
