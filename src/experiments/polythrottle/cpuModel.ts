// Preprocessing on the CPU (decode and resize a camera frame, or tokenise a question), pipelined
// with inference: its clock changes only the preprocessing energy, so PolyThrottle tunes it alone,
// before the GPU search (Table 7). Energy per input = (leakage + switching · f·V(f)²) × cycles / f:
// a low clock saves switching energy per cycle until the voltage floor, below which only the
// leakage, paid for longer, changes. The optimum therefore sits near the voltage knee.
import { dynamicShare, topOf, type JetsonDevice } from './devices';
import type { Workload } from './workloads';

/**
 * CPU cycles to prepare one input. Images: a 1280×720 traffic-camera JPEG decoded with
 * libjpeg-turbo (≈ 20 cycles per pixel) plus resize and normalise (≈ 10 cycles per output value).
 * BERT: WordPiece tokenisation of a SQuAD question and passage (≈ 2 M cycles).
 */
export function preprocessCycles(w: Workload): number {
  if (w.id === 'bert') return 2e6;
  return 20 * 1280 * 720 + 10 * w.inputValues;
}

export interface CpuPoint {
  mhz: number;
  /** Preprocessing time per input, ms. */
  timeMs: number;
  /** Preprocessing energy per input, J. */
  energyJ: number;
}

export function cpuSweep(device: JetsonDevice, w: Workload): CpuPoint[] {
  const cycles = preprocessCycles(w);
  const top = topOf(device.cpuMHz);
  return device.cpuMHz.map((mhz) => {
    const seconds = cycles / (mhz * 1e6);
    const watts = device.cpuLeakW + device.cpuDynamicMaxW * dynamicShare(device.cpuVoltage, mhz, top);
    return { mhz, timeMs: seconds * 1000, energyJ: watts * seconds };
  });
}

export interface CpuOptimum {
  best: CpuPoint;
  top: CpuPoint;
  /** 1 − E(best) / E(top clock), %. */
  savedPct: number;
}

/** Lowest preprocessing energy among clocks whose preprocessing time fits `maxMs` (the pipeline keeps up). */
export function cpuOptimum(points: CpuPoint[], maxMs = Infinity): CpuOptimum {
  const top = points[points.length - 1]!;
  const feasible = points.filter((p) => p.timeMs <= maxMs);
  const best = (feasible.length ? feasible : [top]).reduce((a, p) => (p.energyJ < a.energyJ ? p : a));
  return { best, top, savedPct: 100 * (1 - best.energyJ / top.energyJ) };
}
