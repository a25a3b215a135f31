// Fine-tuning beside inference, end to end on the simulated device: fit the interference
// predictor, pick PolyThrottle's clocks for the workload, replay every trace under every
// scheduler, and compare the energy of the adaptive scheduler at PolyThrottle's clocks with the
// same replay at the default clocks (GPU and memory at the top, where the governor sits under load).
import type { Rng } from '../../data/pcg32';
import type { DeviceModel } from './model';
import { fitPredictor, type Clocks, type Predictor } from './interference';
import { POLICIES, replay, type Policy, type ReplayResult, type ReplaySettings } from './scheduler';
import { generateTrace, TRACE_KINDS } from './traces';

export interface TraceRun {
  trace: string;
  arrivals: number[];
  byPolicy: Record<Policy, ReplayResult>;
  /** Adaptive scheduler at the default clocks, for the energy comparison. */
  adaptiveDefault: ReplayResult;
}

export interface FinetuneResult {
  model: DeviceModel;
  tuned: Clocks;
  defaults: Clocks;
  /** The predictor profiled at PolyThrottle's clocks (the replays at the default clocks use their own). */
  predictor: Predictor;
  runs: TraceRun[];
}

/** Highest inference utilisation PolyThrottle's clocks may reach at the mean request rate. */
export const MAX_UTILISATION = 0.8;

/**
 * PolyThrottle's clocks for serving: the fixed GPU clock and memory clock of the lowest energy per
 * query over batch sizes up to the server's largest, among configurations whose batch latency
 * leaves half the SLO for queueing and that serve the mean rate at most 80 % busy; the top clocks
 * if none does.
 */
export function tunedClocks(m: DeviceModel, s: ReplaySettings, rate: number): Clocks {
  const d = m.device;
  let best: Clocks = { gpu: d.gpuMHz.length - 1, mem: d.memMHz.length - 1 };
  let bestE = Infinity;
  d.batchSizes.forEach((b, batch) => {
    if (b > s.maxBatch) return;
    for (let g = 0; g < d.gpuMHz.length; g++)
      for (let mem = 0; mem < d.memMHz.length; mem++) {
        const e = m.evaluate({ gpuMin: g, gpuMax: g, mem, batch });
        const busy = (rate * e.latencyMs) / 1000 / b;
        if (e.latencyMs / 1000 <= s.sloS / 2 && busy <= MAX_UTILISATION && e.energyJ < bestE) {
          bestE = e.energyJ;
          best = { gpu: g, mem };
        }
      }
  });
  return best;
}

export function runFinetune(
  m: DeviceModel,
  s: ReplaySettings,
  rate: number,
  durationS: number,
  noise: number,
  rng: Rng,
  userTrace?: number[],
): FinetuneResult {
  const d = m.device;
  const tuned = tunedClocks(m, s, rate);
  const defaults: Clocks = { gpu: d.gpuMHz.length - 1, mem: d.memMHz.length - 1 };
  const predictor = fitPredictor(m, tuned, noise, rng.fork(1));
  const predictorDefault = fitPredictor(m, defaults, noise, rng.fork(2));
  const traces: { trace: string; arrivals: number[] }[] = TRACE_KINDS.map((k, i) => ({
    trace: k,
    arrivals: generateTrace(k, rate, durationS, rng.fork(10 + i)),
  }));
  if (userTrace) traces.push({ trace: 'your file', arrivals: userTrace });
  const runs = traces.map(({ trace, arrivals }) => {
    const byPolicy = Object.fromEntries(
      POLICIES.map((p) => [p, replay(m, tuned, arrivals, p, s, predictor)]),
    ) as Record<Policy, ReplayResult>;
    return {
      trace,
      arrivals,
      byPolicy,
      adaptiveDefault: replay(m, defaults, arrivals, 'adaptive', s, predictorDefault),
    };
  });
  return { model: m, tuned, defaults, predictor, runs };
}
