// GPU timing: timestamp queries around each repetition's compute pass when the device has
// 'timestamp-query', otherwise wall clock from submit to onSubmittedWorkDone. All repetitions are
// submitted before a single readback of the query results, so the loop itself never waits on a map.
import type { TimingOptions, TimingResult } from './types';
import type { StagingPool } from './stagingPool';

export type EncodePass = (pass: GPUComputePassEncoder) => void;

/**
 * Timers are coarse: Dawn quantises timestamps to ~65 µs and Chrome to 100 µs without developer
 * features, so a short kernel can read as 0 ms. Passes shorter than this are re-timed with the
 * work repeated inside each pass, and the per-repetition time is the pass time / repeats.
 */
export const MIN_TIMED_PASS_MS = 1;
const MAX_REPEATS = 1024;

export function summarize(samplesMs: number[], method: TimingResult['method'], repeatsPerSample = 1): TimingResult {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mid = sorted.length / 2;
  const median =
    sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { samplesMs, medianMs: median, minMs: sorted[0] ?? NaN, p90Ms: at(0.9), method, repeatsPerSample };
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
  device: GPUDevice,
  pool: StagingPool,
  encode: EncodePass,
  reps: number,
): Promise<number[]> {
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 * reps });
  const resolve = device.createBuffer({
    label: 'timestamps',
    size: 16 * reps,
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
  device: GPUDevice,
  encode: EncodePass,
  reps: number,
  signal?: AbortSignal,
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

function medianOf(xs: number[]): number {
  return summarize(xs, 'wall-clock').medianMs;
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
  let useTimestamps = hasTimestamps;
  const measure = async (repeats: number): Promise<number[]> => {
    const body: EncodePass =
      repeats === 1
        ? encode
        : (pass) => {
            for (let i = 0; i < repeats; i++) encode(pass);
          };
    if (useTimestamps) {
      const samples = await timeWithTimestamps(device, pool, body, reps);
      if (samples.length > 0) return samples;
      useTimestamps = false; // every sample was negative: this timer cannot be trusted
    }
    return timeWithWallClock(device, body, reps, opts.signal);
  };
  let repeats = 1;
  let samples = await measure(repeats);
  const first = medianOf(samples);
  if (first < MIN_TIMED_PASS_MS) {
    // Aim for passes of ~2× the minimum; a 0 ms median (below one tick) gets the maximum.
    repeats = first > 0 ? Math.min(MAX_REPEATS, Math.ceil((2 * MIN_TIMED_PASS_MS) / first)) : MAX_REPEATS;
    aborted(opts.signal);
    samples = await measure(repeats);
    if (useTimestamps && medianOf(samples) === 0) {
      useTimestamps = false;
      samples = await measure(repeats);
    }
  }
  return summarize(
    samples.map((x) => x / repeats),
    useTimestamps ? 'timestamp-query' : 'wall-clock',
    repeats,
  );
}
