// Timing helpers shared by the peer adapters (and our own wall-clock rows): warm-up, first-run
// time, and repetitions summarised the same way as Gpu.time (median / min / p90).
import { summarize } from '../../../gpu/timing';
import type { TimingResult } from '../../../gpu/types';

export type PeerTimingMethod = TimingResult['method'];

export interface RepOptions {
  warmup: number;
  reps: number;
  signal?: AbortSignal;
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/**
 * Wall clock of `once` (which must return only when the GPU work it submitted has finished, e.g.
 * after queue.onSubmittedWorkDone()), `reps` times after `warmup` untimed calls.
 */
export async function timeWallClock(once: () => Promise<void>, opts: RepOptions): Promise<TimingResult> {
  for (let i = 0; i < opts.warmup; i++) {
    throwIfAborted(opts.signal);
    await once();
  }
  const samples: number[] = [];
  for (let i = 0; i < Math.max(1, opts.reps); i++) {
    throwIfAborted(opts.signal);
    const t0 = performance.now();
    await once();
    samples.push(performance.now() - t0);
  }
  return summarize(samples, 'wall-clock');
}

/** Repetitions of a function that measures itself on the GPU (e.g. tfjs kernelMs from timestamps). */
export async function timeSelfReported(once: () => Promise<number>, opts: RepOptions): Promise<TimingResult> {
  for (let i = 0; i < opts.warmup; i++) {
    throwIfAborted(opts.signal);
    await once();
  }
  const samples: number[] = [];
  for (let i = 0; i < Math.max(1, opts.reps); i++) {
    throwIfAborted(opts.signal);
    samples.push(await once());
  }
  return summarize(samples, 'timestamp-query');
}

/** Milliseconds taken by `f`, with its result. */
export async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t0 };
}

/** One line from any thrown value, for the 'peer failed: …' status column. */
export function errorText(e: unknown): string {
  const text = e instanceof Error ? `${e.message}` : String(e);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
