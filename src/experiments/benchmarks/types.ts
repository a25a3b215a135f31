// What a benchmark case is and what it reports. Each case is a small module (cases/*.ts) listed
// in cases/index.ts, so cases for new kernels can be added one at a time.
import type { Gpu } from '../../gpu/gpu';
import type { TimingResult } from '../../gpu/types';
import type { Rng } from '../../data/pcg32';
import type { Check } from '../types';
import type { Peers } from './peers';

export type BenchSize = 'small' | 'realistic';

export interface CaseContext {
  gpu: Gpu;
  size: BenchSize;
  /** Seeded per case (forked from the run's RNG by the case's index), so cases do not shift each other's data. */
  rng: Rng;
  warmup: number;
  reps: number;
  signal: AbortSignal;
  peers: Peers;
  /** Progress within the case, 0..1. */
  progress(fraction: number, message: string): void;
}

/** One implementation of a case: ours or a peer. */
export interface ImplResult {
  impl: string;
  /** 'baseline': another of our own kernels the case compares with (exact k-NN for IVF). */
  role: 'ours' | 'peer' | 'baseline';
  /** 'ok', or why there are no numbers: 'peer unavailable: …', 'peer failed: …'. */
  status: string;
  /** First call: pipeline compile / session creation + one run + result download. */
  firstRunMs?: number;
  /** GPU timestamps around the work (ours: Gpu.time; tfjs: its tf.time kernelMs). */
  gpu?: TimingResult;
  /** Wall clock from submit to onSubmittedWorkDone, inputs resident; the like-for-like column. */
  wall?: TimingResult;
  /** Max |peer − ours| on the same inputs (peers), or max |ours − CPU reference| (ours, small shapes). */
  maxAbsError?: number;
  note?: string;
  /** Work of this implementation when it differs from the case's (IVF vs exact search). */
  flops?: number;
  bytes?: number;
}

export interface CaseResult {
  caseId: string;
  title: string;
  /** Human-readable shape, e.g. 'S_Q=16 S_KV=256 h=2 d=32'. */
  shape: string;
  /** Useful floating-point work per repetition (0 when the case is not arithmetic, e.g. top-k). */
  flops: number;
  /** Minimum bytes moved per repetition (each input read once, each output written once). */
  bytes: number;
  impls: ImplResult[];
  /** Ours against an independent CPU reference and peers against ours. */
  checks: Check[];
  /** Extra tables a case contributes (IVF recall sweep). */
  extraRows?: { table: string; rows: (string | number | null)[][] }[];
}

export interface BenchCase {
  /** Also the bool parameter that switches the case on or off. */
  id: string;
  title: string;
  /** Which peers this case compares against (for the case list and pending notes). */
  peers: string[];
  /** Human-readable shape at each size (listed in the output even when a case is switched off). */
  describe(size: BenchSize): string;
  run(ctx: CaseContext): Promise<CaseResult>;
}
