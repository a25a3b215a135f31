// A card-sized picture of an experiment's first chart: the marks only (no axes, labels or
// legend), reduced to at most a few hundred shapes so a card stays cheap to keep and to draw.
// Pure: spec + table in, shapes in a W×H box out; computed with the card's values (same model run).
import type { ChartSpec, Table } from '../../experiments/types';
import { numberCell, seriesOf, textCell } from '../charts/chartData';
import { SERIES_PALETTE } from '../charts/theme';

export const SPARK_W = 120;
export const SPARK_H = 36;
const PAD = 2;
const MAX_SERIES = 6;
const MAX_POINTS = 60;
const MAX_RECTS = 240;

export interface Sparkline {
  title: string;
  lines: { color: string; points: string }[];
  dots: { color: string; cx: number; cy: number }[];
  rects: { color: string; x: number; y: number; w: number; h: number; opacity?: number }[];
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Maps values to [lo, hi] pixels over their own extent (log when asked and possible). */
function scaler(values: number[], log: boolean | undefined, lo: number, hi: number, zero = false) {
  const useLog = log && values.every((v) => v > 0);
  const t = (v: number) => (useLog ? Math.log10(v) : v);
  const ts = values.map(t);
  let min = Math.min(...ts);
  let max = Math.max(...ts);
  if (zero && !useLog) [min, max] = [Math.min(0, min), Math.max(0, max)];
  const span = max - min || 1;
  return (v: number) => lo + ((t(v) - min) / span) * (hi - lo);
}

/** Every `k`-th item so at most `max` remain (the last one kept, so a line ends where it should). */
function thin<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const k = Math.ceil(items.length / max);
  return items.filter((_, i) => i % k === 0 || i === items.length - 1);
}

function col(table: Table, key: string | undefined): number {
  return key ? table.columns.findIndex((c) => c.key === key) : -1;
}

function xyMarks(spec: ChartSpec, table: Table, out: Sparkline): void {
  const xi = col(table, spec.x);
  const yi = col(table, spec.y);
  const numericX = table.columns[xi]?.type === 'number';
  const cats = numericX ? [] : [...new Set(table.rows.map((r) => textCell(r[xi])))];
  const { names, byRow } = seriesOf(table, spec);
  const pts = table.rows
    .map((r, i) => ({
      x: numericX ? numberCell(r[xi]) : cats.indexOf(textCell(r[xi])),
      y: numberCell(r[yi]),
      s: byRow[i]!,
    }))
    .filter((p): p is { x: number; y: number; s: string } => p.x !== null && p.y !== null);
  if (pts.length === 0) return;
  const sx = scaler(
    pts.map((p) => p.x),
    numericX && spec.logX,
    PAD,
    SPARK_W - PAD,
  );
  const sy = scaler(
    pts.map((p) => p.y),
    spec.logY,
    SPARK_H - PAD,
    PAD,
  );
  names.slice(0, MAX_SERIES).forEach((name, k) => {
    const color = SERIES_PALETTE[k % SERIES_PALETTE.length]!;
    const mine = pts.filter((p) => p.s === name);
    if (spec.kind === 'scatter') {
      for (const p of thin(mine, MAX_POINTS)) out.dots.push({ color, cx: r1(sx(p.x)), cy: r1(sy(p.y)) });
    } else {
      const sorted = thin(
        [...mine].sort((a, b) => a.x - b.x),
        MAX_POINTS,
      );
      out.lines.push({ color, points: sorted.map((p) => `${r1(sx(p.x))},${r1(sy(p.y))}`).join(' ') });
    }
  });
}

function barMarks(spec: ChartSpec, table: Table, out: Sparkline): void {
  const xi = col(table, spec.x);
  const yi = col(table, spec.y);
  const { names, byRow } = seriesOf(table, spec);
  const shown = names.slice(0, MAX_SERIES);
  const bars = table.rows
    .map((r, i) => ({ cat: textCell(r[xi]), v: numberCell(r[yi]), s: shown.indexOf(byRow[i]!) }))
    .filter((b): b is { cat: string; v: number; s: number } => b.v !== null && b.s >= 0)
    .slice(0, MAX_RECTS);
  if (bars.length === 0) return;
  const cats = [...new Set(bars.map((b) => b.cat))];
  const sy = scaler(
    bars.map((b) => b.v),
    spec.logY,
    SPARK_H - PAD,
    PAD,
    true,
  );
  const base = spec.logY && bars.every((b) => b.v > 0) ? SPARK_H - PAD : sy(0);
  const band = (SPARK_W - 2 * PAD) / cats.length;
  const w = (band * 0.8) / shown.length;
  for (const b of bars) {
    const x = PAD + cats.indexOf(b.cat) * band + band * 0.1 + b.s * w;
    const y = sy(b.v);
    out.rects.push({
      color: SERIES_PALETTE[b.s % SERIES_PALETTE.length]!,
      x: r1(x),
      y: r1(Math.min(y, base)),
      w: r1(Math.max(w - 0.5, 0.5)),
      h: r1(Math.max(Math.abs(base - y), 0.5)),
    });
  }
}

function ganttMarks(spec: ChartSpec, table: Table, out: Sparkline): void {
  const [xi, x2i, yi] = [col(table, spec.x), col(table, spec.x2), col(table, spec.y)];
  const { names, byRow } = seriesOf(table, spec);
  const spans = table.rows
    .map((r, i) => ({
      a: numberCell(r[xi]),
      b: numberCell(r[x2i]),
      lane: textCell(r[yi]),
      s: names.indexOf(byRow[i]!),
    }))
    .filter((g): g is { a: number; b: number; lane: string; s: number } => g.a !== null && g.b !== null)
    .slice(0, MAX_RECTS);
  if (spans.length === 0) return;
  const lanes = [...new Set(spans.map((g) => g.lane))];
  const sx = scaler(
    spans.flatMap((g) => [g.a, g.b]),
    false,
    PAD,
    SPARK_W - PAD,
  );
  const lane = (SPARK_H - 2 * PAD) / lanes.length;
  for (const g of spans) {
    out.rects.push({
      color: SERIES_PALETTE[Math.max(g.s, 0) % SERIES_PALETTE.length]!,
      x: r1(sx(g.a)),
      y: r1(PAD + lanes.indexOf(g.lane) * lane + lane * 0.15),
      w: r1(Math.max(sx(g.b) - sx(g.a), 0.5)),
      h: r1(lane * 0.7),
    });
  }
}

function heatmapMarks(spec: ChartSpec, table: Table, out: Sparkline): void {
  const [xi, yi, vi] = [col(table, spec.x), col(table, spec.y), col(table, spec.value)];
  const cells = table.rows
    .map((r) => ({ x: textCell(r[xi]), y: textCell(r[yi]), v: numberCell(r[vi]) }))
    .filter((c): c is { x: string; y: string; v: number } => c.v !== null)
    .slice(0, MAX_RECTS);
  if (cells.length === 0) return;
  const xs = [...new Set(cells.map((c) => c.x))];
  const ys = [...new Set(cells.map((c) => c.y))];
  const sv = scaler(
    cells.map((c) => c.v),
    false,
    0.12,
    1,
  );
  const [cw, ch] = [(SPARK_W - 2 * PAD) / xs.length, (SPARK_H - 2 * PAD) / ys.length];
  for (const c of cells) {
    out.rects.push({
      color: SERIES_PALETTE[0]!,
      x: r1(PAD + xs.indexOf(c.x) * cw),
      y: r1(PAD + ys.indexOf(c.y) * ch),
      w: r1(cw),
      h: r1(ch),
      opacity: r1(sv(c.v)),
    });
  }
}

/** The sparkline of `spec`, or undefined when its table is missing, empty or does not fit it. */
export function sparkline(spec: ChartSpec, table: Table | undefined): Sparkline | undefined {
  if (!table || table.rows.length === 0) return undefined;
  const out: Sparkline = { title: spec.title, lines: [], dots: [], rects: [] };
  try {
    if (spec.kind === 'bar') barMarks(spec, table, out);
    else if (spec.kind === 'gantt') ganttMarks(spec, table, out);
    else if (spec.kind === 'heatmap') heatmapMarks(spec, table, out);
    else xyMarks(spec, table, out);
  } catch {
    return undefined; // a chart that does not fit its table shows nothing on the card
  }
  return out.lines.length + out.dots.length + out.rects.length > 0 ? out : undefined;
}
