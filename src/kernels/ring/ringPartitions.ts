// Pure bookkeeping for the two ring algorithms over N workers (no GPU): balanced block splits,
// which block each worker holds at each step, and the per-step compute / traffic schedule.
// The GPU runs (lvXAttn.ts, ringAttention.ts) count what they actually copy and compute; the
// tests check those counts against this schedule, and the experiment can use it at paper scale.
import { UserInputError } from '../../core';
import { attentionFlops, type AttentionShape } from '../attention';

export type RingAlgorithm = 'lv-xattn' | 'ring-attention';

export const MAX_RING_DEVICES = 64;

/** One worker during one step: the block pair it computes on and what it sends afterwards. */
export interface WorkerStep {
  worker: number;
  qBlock: number;
  kvBlock: number;
  qRows: number;
  kvRows: number;
  /** 4·qRows·kvRows·h·d for this block pair (0 when either block is empty). */
  flops: number;
  /** Bytes this worker sends to worker (i+1) mod N at the end of the step. */
  bytesSent: number;
}

export interface RingStep {
  step: number;
  workers: WorkerStep[];
  flops: number;
  bytesSent: number;
}

export interface RingTotals {
  flops: number;
  bytesSent: number;
}

/** Sizes as equal as possible, larger blocks first: 10 over 3 → [4, 3, 3]; 3 over 4 → [1, 1, 1, 0]. */
export function balancedSplit(total: number, parts: number): number[] {
  if (!Number.isInteger(total) || total < 0)
    throw new UserInputError(`balancedSplit: total=${total} must be a non-negative integer`);
  if (!Number.isInteger(parts) || parts < 1)
    throw new UserInputError(`balancedSplit: parts=${parts} must be a positive integer`);
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

/** Start row of each block. */
export function blockOffsets(sizes: readonly number[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const s of sizes) {
    out.push(at);
    at += s;
  }
  return out;
}

/** The travelling block worker i holds at step t: Q for LV-XAttn, K/V for Ring Attention. */
export function blockHeld(worker: number, step: number, devices: number): number {
  return (((worker - step) % devices) + devices) % devices;
}

export function validateDevices(devices: number, what: string): void {
  if (!Number.isInteger(devices) || devices < 1 || devices > MAX_RING_DEVICES) {
    throw new UserInputError(`${what}: devices=${devices} must be an integer in [1, ${MAX_RING_DEVICES}]`);
  }
}

/** Bytes worker i sends after step t, per the algorithm (see the GPU runs for the mechanism). */
export function sendBytes(
  algorithm: RingAlgorithm,
  shape: AttentionShape,
  devices: number,
  step: number,
  qRows: number,
  kvRows: number,
  masked: boolean,
): number {
  if (devices === 1) return 0;
  const { heads, kvHeads, headDim: d } = shape;
  if (algorithm === 'lv-xattn') {
    // Q (until its last hop) plus the running O and one LSE per head; the last step only returns
    // the finished (O, LSE) to the block's owner. The key mask never moves.
    if (qRows === 0) return 0;
    const q = step < devices - 1 ? qRows * heads * d : 0;
    return 4 * (q + qRows * heads * d + qRows * heads);
  }
  // Ring: K and V (h_kv heads, before any GQA expansion) and the key mask move; none after the last step.
  if (step === devices - 1 || kvRows === 0) return 0;
  return 4 * (2 * kvRows * kvHeads * d + (masked ? kvRows : 0));
}

/** The full schedule: who computes which block pair at each step and what each worker sends. */
export function ringSchedule(
  algorithm: RingAlgorithm,
  shape: AttentionShape,
  devices: number,
  opts: { masked?: boolean } = {},
): RingStep[] {
  validateDevices(devices, algorithm);
  const qSplit = balancedSplit(shape.sQ, devices);
  const kvSplit = balancedSplit(shape.sKV, devices);
  const steps: RingStep[] = [];
  for (let t = 0; t < devices; t++) {
    const workers: WorkerStep[] = [];
    for (let i = 0; i < devices; i++) {
      const held = blockHeld(i, t, devices);
      const qBlock = algorithm === 'lv-xattn' ? held : i;
      const kvBlock = algorithm === 'lv-xattn' ? i : held;
      const qRows = qSplit[qBlock]!;
      const kvRows = kvSplit[kvBlock]!;
      workers.push({
        worker: i,
        qBlock,
        kvBlock,
        qRows,
        kvRows,
        flops: attentionFlops({ sQ: qRows, sKV: kvRows, heads: shape.heads, headDim: shape.headDim }),
        bytesSent: sendBytes(algorithm, shape, devices, t, qRows, kvRows, opts.masked ?? false),
      });
    }
    steps.push(summarizeStep(t, workers));
  }
  return steps;
}

export function summarizeStep(step: number, workers: WorkerStep[]): RingStep {
  return {
    step,
    workers,
    flops: workers.reduce((a, w) => a + w.flops, 0),
    bytesSent: workers.reduce((a, w) => a + w.bytesSent, 0),
  };
}

export function ringTotals(steps: readonly RingStep[]): RingTotals {
  return {
    flops: steps.reduce((a, s) => a + s.flops, 0),
    bytesSent: steps.reduce((a, s) => a + s.bytesSent, 0),
  };
}
