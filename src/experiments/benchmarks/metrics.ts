// Benchmark bookkeeping, pure and unit-tested: throughput from the median, % of the roof probed
// on this device in the same run, ratios between implementations, and the targets.
import type { TimingResult } from '../../gpu/types';
import type { Cell } from '../types';
import type { CaseResult, ImplResult } from './types';

/** The device's measured roof: f32 FMA throughput and copy bandwidth (src/kernels/probe/probe.ts). */
export interface Roof {
  fmaGflops: number;
  copyGBs: number;
}

/** GPU timestamps when the implementation has them, else its wall clock. */
export function primaryTiming(i: ImplResult): TimingResult | undefined {
  return i.gpu ?? i.wall;
}

/** work per repetition / median time: GFLOP/s for FLOPs, GB/s for bytes (1 GB = 1e9 B). */
export function rate(work: number, ms: number): number | null {
  if (!(ms > 0) || !(work > 0)) return null;
  return work / (ms * 1e6);
}

/** Time the roof allows: the slower of compute (FLOPs / FMA peak) and traffic (bytes / bandwidth). */
export function roofMs(flops: number, bytes: number, roof: Roof): number {
  return Math.max(flops / (roof.fmaGflops * 1e6), bytes / (roof.copyGBs * 1e6));
}

/** Which roof binds at this arithmetic intensity. */
export function boundBy(flops: number, bytes: number, roof: Roof): 'compute' | 'memory' {
  return flops / roof.fmaGflops > bytes / roof.copyGBs ? 'compute' : 'memory';
}

/** 100 · roof time / measured time: how close an implementation gets to what the device allows. */
export function roofPercent(flops: number, bytes: number, ms: number, roof: Roof): number | null {
  if (!(ms > 0)) return null;
  return (100 * roofMs(flops, bytes, roof)) / ms;
}

/** How many times faster ours is than `other` (> 1: ours wins), from the medians. */
export function speedup(ours: TimingResult | undefined, other: TimingResult | undefined): number | null {
  if (!ours || !other || !(ours.medianMs > 0) || !(other.medianMs > 0)) return null;
  return other.medianMs / ours.medianMs;
}

export function geomean(values: number[]): number | null {
  const ok = values.filter((v) => v > 0 && Number.isFinite(v));
  if (ok.length === 0) return null;
  return Math.exp(ok.reduce((s, v) => s + Math.log(v), 0) / ok.length);
}

/** The targets: what each comparison or roof fraction should reach. */
export function speedupTarget(caseId: string, versus: string): number | null {
  if (caseId === 'xattn' && versus.startsWith('ORT')) return 1.5;
  if ((caseId === 'matmul' || caseId === 'gemv') && versus.startsWith('tfjs')) return 1;
  return null;
}
export const ROOF_TARGET_PCT = { compute: 50, memory: 60 } as const;

export const oursOf = (c: CaseResult): ImplResult | undefined =>
  c.impls.find((i) => i.role === 'ours' && i.status === 'ok');

const num = (v: number | null | undefined): Cell => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/** One row per (case, implementation), in RESULT_COLUMNS order (tables.ts). */
export function resultRows(cases: CaseResult[], roof: Roof): Cell[][] {
  const rows: Cell[][] = [];
  for (const c of cases) {
    const ours = oursOf(c);
    for (const i of c.impls) {
      const t = primaryTiming(i);
      const flops = i.flops ?? c.flops;
      const bytes = i.bytes ?? c.bytes;
      const ms = t?.medianMs ?? NaN;
      const vsOurs = i.role !== 'ours' && i.status === 'ok';
      rows.push([
        c.caseId,
        c.shape,
        i.impl,
        i.status,
        t?.method ?? null,
        num(i.firstRunMs),
        num(t?.medianMs),
        num(t?.minMs),
        num(i.wall?.medianMs),
        num(i.wall?.minMs),
        t ? t.samplesMs.length : null,
        num(rate(flops, ms)),
        num(rate(bytes, ms)),
        num(roofPercent(flops, bytes, ms, roof)),
        t ? boundBy(flops, bytes, roof) : null,
        vsOurs ? num(speedup(ours?.wall, i.wall)) : null,
        vsOurs ? num(speedup(ours?.gpu, i.gpu)) : null,
        num(i.maxAbsError),
        i.note ?? null,
      ]);
    }
  }
  return rows;
}

export interface Ratio {
  caseId: string;
  versus: string;
  wall: number | null;
  gpu: number | null;
  target: number | null;
}

/** Ours against every peer / baseline that produced numbers. */
export function ratios(cases: CaseResult[]): Ratio[] {
  const out: Ratio[] = [];
  for (const c of cases) {
    const ours = oursOf(c);
    if (!ours) continue;
    for (const i of c.impls) {
      if (i.role === 'ours' || i.status !== 'ok') continue;
      out.push({
        caseId: c.caseId,
        versus: i.impl,
        wall: speedup(ours.wall, i.wall),
        gpu: speedup(ours.gpu, i.gpu),
        target: speedupTarget(c.caseId, i.impl),
      });
    }
  }
  return out;
}

export function ratioRows(rs: Ratio[]): Cell[][] {
  return rs.map((r) => {
    const best = r.gpu ?? r.wall;
    const met = r.target === null || best === null ? null : best >= r.target ? 'yes' : 'no';
    return [r.caseId, r.versus, num(r.wall), num(r.gpu), r.target === null ? null : `≥ ${r.target}×`, met];
  });
}
