// GPU timing: timestamp queries around each repetition's compute pass when the device has
// 'timestamp-query', otherwise wall clock from submit to onSubmittedWorkDone. All repetitions are
// submitted before a single readback of the query results, so the loop itself never waits on a map.
import type { TimingOptions, TimingResult } from './types';
import type { StagingPool } from './stagingPool';

export type EncodePass = (pass: GPUComputePassEncoder) => void;

export function summarize(samplesMs: number[], method: TimingResult['method']): TimingResult {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mid = sorted.length / 2;
  const median =
    sorted.length === 0 ? NaN
    : sorted.length % 2 ? sorted[Math.floor(mid)]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { samplesMs, medianMs: median, minMs: sorted[0] ?? NaN, p90Ms: at(0.9), method };
}

function aborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

async function runUntimed(device: GPUDevice, encode: EncodePass, count: number): Promise<void> {
  if (count <= 0) return;
  const enc = device.createCommandEncoder({ label: 'warmup' });
  for (let i = 0; i < count; i++) {
    const pass = enc.beginComputePass();
    encode(pass);
    pass.end();
  }
  device.queue.submit([enc.finish()]);
  await device.queue.onSubmittedWorkDone();
}

async function timeWithTimestamps(
  device: GPUDevice, pool: StagingPool, encode: EncodePass, reps: number,
): Promise<number[]> {
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 * reps });
  const resolve = device.createBuffer({
    label: 'timestamps', size: 16 * reps,
    usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
  });
  try {
    const enc = device.createCommandEncoder({ label: 'timed' });
    for (let i = 0; i < reps; i++) {
      const pass = enc.beginComputePass({
        timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 },
      });
      encode(pass);
      pass.end();
    }
    enc.resolveQuerySet(querySet, 0, 2 * reps, resolve, 0);
    device.queue.submit([enc.finish()]);
    const ticks = new BigUint64Array(await pool.read(resolve, 16 * reps));
    const out: number[] = [];
    for (let i = 0; i < reps; i++) {
      // Some drivers report end < begin (counter resets); drop those samples rather than lie.
      const d = ticks[2 * i + 1]! - ticks[2 * i]!;
      if (d >= 0n) out.push(Number(d) / 1e6);
    }
    return out;
  } finally {
    querySet.destroy();
    resolve.destroy();
  }
}

async function timeWithWallClock(
  device: GPUDevice, encode: EncodePass, reps: number, signal?: AbortSignal,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    aborted(signal);
    const enc = device.createCommandEncoder({ label: 'timed' });
    const pass = enc.beginComputePass();
    encode(pass);
    pass.end();
    const t0 = performance.now();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function timePasses(
  device: GPUDevice,
  pool: StagingPool,
  hasTimestamps: boolean,
  encode: EncodePass,
  opts: TimingOptions = {},
): Promise<TimingResult> {
  const warmup = opts.warmup ?? 2;
  const reps = Math.max(1, opts.reps ?? 10);
  aborted(opts.signal);
  await runUntimed(device, encode, warmup);
  aborted(opts.signal);
  if (hasTimestamps) {
    const samples = await timeWithTimestamps(device, pool, encode, reps);
    if (samples.length > 0) return summarize(samples, 'timestamp-query');
  }
  return summarize(await timeWithWallClock(device, encode, reps, opts.signal), 'wall-clock');
}
