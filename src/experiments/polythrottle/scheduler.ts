// Discrete-event replay of an arrival trace on one simulated Jetson with fine-tuning beside
// inference. The inference server batches whatever is queued (up to a maximum batch) whenever it is
// free: request handling and input copy on the CPU, then the GPU part. Fine-tuning iterations are
// started by the scheduler: greedy starts the next one as soon as the last ends; adaptive starts one
// only if the predictor says inference beside it still meets the SLO: it predicts the batch that
// builds up at the recent arrival rate, measured over as long a window as the iteration will last
// beside inference (at least two seconds), iterating batch → predicted latency →
// arrivals in that time), requires the server to keep up (arrivals per batch time ≤ batch) and the
// predicted latency plus the oldest request's wait to fit the SLO; inference-only never starts one. While
// both have GPU work they share it equally. The replay runs until every request is served and every
// fine-tuning iteration is done (so different clocks do the same work and their energies compare).
import { UserInputError } from '../types';
import type { DeviceModel } from './model';
import { COLOCATED_SHARE, ftIterationSeconds, type Clocks, type Predictor } from './interference';

export type Policy = 'greedy' | 'adaptive' | 'inference-only';
/** Shortest window over which the adaptive scheduler measures the arrival rate, s. */
export const MIN_RATE_WINDOW_S = 2;
/** How often a waiting fine-tuning iteration is offered to the adaptive scheduler again, s. */
export const SCHEDULER_TICK_S = 0.05;
export const POLICIES: readonly Policy[] = ['greedy', 'adaptive', 'inference-only'];

export interface ReplaySettings {
  sloS: number;
  maxBatch: number;
  ftBatch: number;
  ftIterations: number;
}

export interface ReplayResult {
  latencies: number[];
  violationPct: number;
  p50: number;
  p99: number;
  ftDone: number;
  energyJ: number;
  durationS: number;
  /** Fine-tuning iteration intervals and inference batches, for the timeline (s). */
  segments: { lane: 'inference' | 'fine-tuning'; start: number; end: number }[];
}

export function checkReplay(s: ReplaySettings, arrivals: number[]): void {
  if (!(s.sloS > 0)) throw new UserInputError(`the SLO must be positive, got ${s.sloS} s`);
  if (arrivals.length === 0) throw new UserInputError('the arrival trace is empty: there is nothing to replay');
  if (!(s.maxBatch >= 1) || !(s.ftBatch >= 1)) throw new UserInputError('batch sizes must be at least 1');
}

export function replay(
  m: DeviceModel,
  clocks: Clocks,
  arrivals: number[],
  policy: Policy,
  s: ReplaySettings,
  predictor?: Predictor,
): ReplayResult {
  checkReplay(s, arrivals);
  if (policy === 'adaptive' && !predictor) throw new UserInputError('the adaptive scheduler needs a latency predictor');
  const ftWork = ftIterationSeconds(m, clocks, s.ftBatch);
  const ftBytes = m.batchBytes(s.ftBatch);
  let t = 0;
  let next = 0; // next arrival index
  const queue: number[] = [];
  let batch: number[] = [];
  let cpuUntil = -1; // end of the CPU phase of the current batch; -1 when the GPU phase runs or idle
  let gpuLeft = 0; // GPU work left of the current batch, in seconds alone
  let batchStart = 0;
  let ftLeft = 0;
  let ftStart = 0;
  let ftDone = 0;
  let ftStarted = 0;
  let busyS = 0;
  let bytes = 0;
  const latencies: number[] = [];
  const segments: ReplayResult['segments'] = [];
  const rateWindow = Math.max(MIN_RATE_WINDOW_S, ftWork / COLOCATED_SHARE);
  const predicted = Array.from({ length: s.maxBatch + 1 }, (_, b) =>
    predictor && b > 0 ? predictor.predict(b, s.ftBatch) : 0,
  );
  let triedAfterTrace = false;
  const wantFt = () => policy !== 'inference-only' && ftStarted < s.ftIterations && ftLeft <= 0;
  const admit = (): boolean => {
    if (policy === 'greedy') return true;
    let recent = 0;
    for (let i = next - 1; i >= 0 && arrivals[i]! > t - rateWindow; i--) recent++;
    const rate = recent / Math.max(Math.min(t, rateWindow), 0.5);
    const clampBatch = (b: number) => Math.max(1, Math.min(s.maxBatch, Math.ceil(b)));
    let b = clampBatch(queue.length);
    let latency = predicted[b]!;
    for (let k = 0; k < 4; k++) {
      b = clampBatch(Math.max(b, rate * latency));
      latency = predicted[b]!;
    }
    const waited = queue.length ? t - queue[0]! : 0;
    return rate * latency <= b && waited + latency <= s.sloS;
  };
  for (let guard = 0; guard < 10_000_000; guard++) {
    // Decisions at the current instant.
    if (batch.length === 0 && queue.length) {
      batch = queue.splice(0, Math.min(queue.length, s.maxBatch));
      batchStart = t;
      cpuUntil = t + m.idleSeconds(batch.length);
      gpuLeft = m.batchSeconds(clocks.gpu, clocks.mem, batch.length);
      bytes += m.batchBytes(batch.length);
    }
    if (wantFt() && admit()) {
      ftLeft = ftWork;
      ftStart = t;
      ftStarted++;
      bytes += ftBytes;
    }
    const infOnGpu = batch.length > 0 && cpuUntil < 0;
    const ftOn = ftLeft > 0;
    const rate = infOnGpu && ftOn ? COLOCATED_SHARE : 1;
    // The next event (no array per step: a 30-s replay takes thousands of steps and the live view
    // runs a dozen replays per slider move).
    let tNext = next < arrivals.length ? arrivals[next]! : Infinity;
    if (batch.length > 0 && cpuUntil >= 0) tNext = Math.min(tNext, cpuUntil);
    if (infOnGpu) tNext = Math.min(tNext, t + gpuLeft / rate);
    if (ftOn) tNext = Math.min(tNext, t + ftLeft / rate);
    // A fine-tuning iteration the adaptive scheduler refused is retried every SCHEDULER_TICK_S while
    // requests keep coming; once the trace is served, one last try when the rate window has emptied.
    const waiting = wantFt();
    const trafficLeft = next < arrivals.length || queue.length > 0 || batch.length > 0;
    if (waiting && trafficLeft) tNext = Math.min(tNext, t + SCHEDULER_TICK_S);
    else if (waiting && !ftOn && !triedAfterTrace) {
      triedAfterTrace = true;
      tNext = Math.min(tNext, Math.max(t, arrivals[arrivals.length - 1]! + rateWindow));
    }
    if (!Number.isFinite(tNext)) break;
    const dt = tNext - t;
    if (infOnGpu || ftOn) busyS += dt;
    if (infOnGpu) gpuLeft -= dt * rate;
    if (ftOn) ftLeft -= dt * rate;
    t = tNext;
    while (next < arrivals.length && arrivals[next]! <= t) queue.push(arrivals[next++]!);
    if (batch.length > 0 && cpuUntil >= 0 && t >= cpuUntil) cpuUntil = -1;
    if (batch.length > 0 && cpuUntil < 0 && gpuLeft <= 1e-12) {
      for (const a of batch) latencies.push(t - a);
      segments.push({ lane: 'inference', start: batchStart, end: t });
      batch = [];
    }
    if (ftOn && ftLeft <= 1e-12) {
      ftLeft = 0;
      ftDone++;
      segments.push({ lane: 'fine-tuning', start: ftStart, end: t });
    }
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    latencies,
    violationPct: (100 * latencies.filter((l) => l > s.sloS).length) / latencies.length,
    p50: at(0.5),
    p99: at(0.99),
    ftDone,
    energyJ: m.periodEnergy(clocks.gpu, clocks.mem, busyS, t, bytes),
    durationS: t,
    segments,
  };
}
