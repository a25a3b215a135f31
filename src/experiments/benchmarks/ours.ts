// Measuring our kernels the same three ways as the peers: first run (compile + run + read back),
// GPU timestamps (Gpu.time: one pass per repetition, one readback for all), and wall clock from
// submit to onSubmittedWorkDone (the method every peer row also has).
import type { Gpu } from '../../gpu/gpu';
import { timeWallClock, timed } from './harness/peerTiming';
import { compareArrays } from '../../kernels/compare';
import type { Check } from '../types';
import type { CaseContext, ImplResult } from './types';

export interface Encodable {
  encode(pass: GPUComputePassEncoder): void;
  destroy(): void;
}

export interface OursMeasured<T> {
  result: ImplResult;
  /** What `read` returned after the first run. */
  output: T;
}

/**
 * `build` compiles and uploads (timed as part of the first run); `read` reads the output back.
 * The plan is destroyed afterwards.
 */
export async function measureOurs<P extends Encodable, T>(
  gpu: Gpu,
  impl: string,
  ctx: CaseContext,
  build: () => Promise<P>,
  read: (plan: P) => Promise<T>,
): Promise<OursMeasured<T>> {
  let plan: P | undefined;
  try {
    const first = await timed(async () => {
      plan = await build();
      await gpu.run(plan.encode);
      return read(plan);
    });
    const p = plan!;
    const gpuTiming = await gpu.time(p.encode, { warmup: ctx.warmup, reps: ctx.reps, signal: ctx.signal });
    const wall = await timeWallClock(() => gpu.run(p.encode), { warmup: 0, reps: ctx.reps, signal: ctx.signal });
    return {
      result: { impl, role: 'ours', status: 'ok', firstRunMs: first.ms, gpu: gpuTiming, wall },
      output: first.value,
    };
  } finally {
    plan?.destroy();
  }
}

/** ONNX Runtime's WebGPU op tests accept |Δ| < 1e-3 (or a tiny ratio); we use 1e-3 abs + 1e-3 of scale. */
export const PEER_TOLERANCE = { atol: 1e-3, rtol: 1e-3 };

/** Peer output against ours on the same inputs: the row's max error and a check badge. */
export function crossCheck(
  name: string,
  peer: ArrayLike<number>,
  ours: ArrayLike<number>,
): { maxAbsError: number; check: Check } {
  const check = compareArrays(name, peer, ours, PEER_TOLERANCE);
  return { maxAbsError: check.maxAbsError, check };
}

/** n uniform(-1, 1) floats from the case's RNG. */
export function uniformData(ctx: { rng: { uniform(lo: number, hi: number): number } }, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ctx.rng.uniform(-1, 1);
  return out;
}
