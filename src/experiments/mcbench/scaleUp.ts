// The code's scale-up sweep (examples/cost_model.sh) on this cost model: TP 4, one stage, 4 layers,
// sequence 128, every layer compressed, hidden sizes 1024 … 25600, with the panel's compressors,
// micro-batch, link and costs. Settings the sweep cannot use as they stand are adapted (heads) or
// skipped (a code width or k that does not fit a size), and the table's note says which.
import type { Table } from '../types';
import { sizeMismatch, type Method } from './collectives';
import { iteration, type Setup } from './model';
import { num, shortLabel, str, withMethod } from './viewParts';

/** The code's cost-model sweep (examples/cost_model.sh): hidden sizes at TP = 4. */
export const SCALE_UP_HIDDEN = [1024, 2304, 3072, 4096, 6144, 8192, 10240, 12288, 16384, 20480, 25600];
export const SCALE_UP_TP = 4;
const SCALE_UP_LAYERS = 4;
const SCALE_UP_SEQ = 128;

export interface SweepPoint {
  hidden: number;
  label: string;
  speedup: number;
}

export interface Sweep {
  table: Table;
  points: SweepPoint[];
  /** Sizes each compressor was left out at, by its short label. */
  skipped: Map<string, number[]>;
}

/**
 * The head count the sweep uses at hidden size h: the panel's own when TP 4 splits it and it
 * divides h, else the nearest count that does (the larger on a tie). Every sweep size is a
 * multiple of 4, so one always exists.
 */
export function sweepHeads(heads: number, hidden: number, tp = SCALE_UP_TP): number {
  let best = tp;
  for (let c = tp; c <= hidden; c += tp) {
    if (hidden % c !== 0) continue;
    if (Math.abs(c - heads) <= Math.abs(best - heads)) best = c;
    if (c > heads) break;
  }
  return best;
}

/** "1024" or "1024–8192" for a run of sweep sizes, comma-separated otherwise. */
export const sizeList = (hs: number[]) => {
  const runs: number[][] = [];
  for (const h of hs) {
    const last = runs[runs.length - 1];
    if (last && SCALE_UP_HIDDEN.indexOf(h) === SCALE_UP_HIDDEN.indexOf(last[last.length - 1]!) + 1) last.push(h);
    else runs.push([h]);
  }
  return runs.map((r) => (r.length === 1 ? `${r[0]}` : `${r[0]}–${r[r.length - 1]}`)).join(', ');
};

/**
 * The code's scale-up sweep: TP 4, one stage, 4 layers, sequence 128, every layer compressed, at
 * each of its hidden sizes, with the panel's compressors, micro-batch, link and costs. A setting
 * the sweep cannot use as it stands is adapted or skipped, and the note says which.
 */
export function scaleUpSweep(s: Setup, methods: Method[]): Sweep {
  const compressors = methods.filter((m) => m.kind !== 'none');
  const tokens = s.workload.microBatch * SCALE_UP_SEQ;
  const points: SweepPoint[] = [];
  const skipped = new Map<string, number[]>();
  const headsUsed = new Map<number, number[]>();
  const rows = SCALE_UP_HIDDEN.flatMap((h) => {
    const heads = sweepHeads(s.workload.heads, h);
    if (heads !== s.workload.heads) headsUsed.set(heads, [...(headsUsed.get(heads) ?? []), h]);
    const ss: Setup = {
      ...s,
      workload: {
        ...s.workload,
        hidden: h,
        heads,
        layers: SCALE_UP_LAYERS,
        seqLen: SCALE_UP_SEQ,
        ffn: 4 * h,
        microBatches: 1,
      },
      cluster: { ...s.cluster, tp: SCALE_UP_TP, pp: 1 },
      compression: { ...s.compression, where: 'tp', startLayer: 0 },
    };
    const base = iteration(withMethod(ss, { kind: 'none' }));
    const commShare = (100 * (base.tpCommMs + base.ppCommMs)) / base.totalMs;
    return compressors.flatMap((m) => {
      const label = shortLabel(m);
      if (sizeMismatch(m, tokens * h, h)) {
        skipped.set(label, [...(skipped.get(label) ?? []), h]);
        return [];
      }
      const speedup = base.totalMs / iteration(withMethod(ss, m)).totalMs;
      points.push({ hidden: h, label, speedup });
      return [[h, label, speedup, commShare]];
    });
  });
  const headsNote = [...headsUsed].map(([heads, hs]) => `${heads} heads at h = ${sizeList(hs)}`).join(', ');
  const skippedNote = [...skipped]
    .map(
      ([label, hs]) =>
        `${label} at h = ${sizeList(hs)} (${label.startsWith('AE') ? 'code wider than h' : 'k more than the message holds'})`,
    )
    .join('; ');
  return {
    points,
    skipped,
    table: {
      id: 'scale-up',
      title: `Scale-up: TP ${SCALE_UP_TP}, ${SCALE_UP_LAYERS} layers, sequence ${SCALE_UP_SEQ}, micro-batch ${s.workload.microBatch}, every layer compressed, ${s.cluster.tpLink.name}`,
      columns: [
        num('hidden', 'Hidden size h', undefined, 'computed'),
        str('method', 'Compressor', 'computed'),
        num('speedup', 'Speedup', '×', 'modeled'),
        num('commShare', 'Communication share without compression', '%', 'modeled'),
      ],
      rows,
      note:
        'The hidden sizes of the code’s cost-model script, at its TP 4.' +
        (headsNote
          ? ` The panel’s ${s.workload.heads} heads do not both split across 4 GPUs and divide every h, so the sweep uses the nearest count that does: ${headsNote}.`
          : ` Heads: the panel’s ${s.workload.heads}.`) +
        (skippedNote ? ` Not shown, as the panel’s setting does not fit that size: ${skippedNote}.` : ''),
    },
  };
}
