// The simulated Jetson: latency, power and energy per query of one workload at one configuration
// (minimum GPU clock, maximum GPU clock, memory clock, batch size). Each kernel takes the larger of
// its compute time at the GPU clock and its memory traffic (a roofline per kernel: DRAM traffic at
// the memory clock, or L2 traffic at the GPU clock when its tensors fit in L2), plus a fixed
// front-end cost in GPU cycles. The GPU clock itself is chosen by the L4T
// devfreq governor between the minimum and maximum (it settles where the GPU is busy 70 % of the
// time), which is why raising the minimum clock saves energy on small models (Table 3).
// Power = static + GPU switching (f·V(f)²) while busy + memory interface (f·V(f)²) + DRAM access
// energy per byte. Energy per query = energy of the batch / batch size.
import { dynamicShare, memBandwidthGBs, topOf, type JetsonDevice, type Precision } from './devices';
import type { Workload } from './workloads';

/**
 * Fraction of the compute roof kernels reach: dense convolutions and GEMMs about half the tensor /
 * FMA peak (typical of TensorRT's tuned kernels), depthwise and other scalar work a quarter.
 */
export const COMPUTE_EFFICIENCY = { dense: 0.5, scalar: 0.25 } as const;
/**
 * Fraction of the memory roof (DRAM or L2) kernels reach. Streaming kernels: 0.7, what LPDDR4/5
 * sustains. Depthwise convolutions: 0.06, calibrated (README §Calibration) with the client input
 * rate from Table 3's B0 row and Fig. 2's B7-on-Orin energies; their k×k windows over one channel
 * each read memory in short strided runs, far from the streaming rate.
 */
export const MEMORY_EFFICIENCY = { streaming: 0.7, depthwise: 0.06 } as const;
/** GPU front-end cost of one kernel (launch, ramp-up, tail), in GPU cycles: ≈ 4 µs at 1.3 GHz. */
export const KERNEL_OVERHEAD_CYCLES = 5000;
/** nvhost_podgov's load target on Tegra (p_load_target = 700 per mille): it scales to keep the GPU 70 % busy. */
export const GOVERNOR_LOAD_TARGET = 0.7;

export interface Config {
  /** Indices into the device's GPU ladder (min ≤ max), memory ladder and batch sizes. */
  gpuMin: number;
  gpuMax: number;
  mem: number;
  batch: number;
}

export interface Evaluation {
  latencyMs: number;
  energyJ: number;
  powerW: number;
  /** The clock the governor settles at, MHz. */
  gpuMHz: number;
  /** GPU busy fraction at that clock. */
  load: number;
}

export interface DeviceModel {
  device: JetsonDevice;
  workload: Workload;
  precision: Precision;
  /** Noise-free evaluation of one configuration. */
  evaluate(c: Config): Evaluation;
  /** GPU-busy seconds of a batch of `batch` inputs (any count) at GPU step `gpu` and memory step `mem`. */
  batchSeconds(gpu: number, mem: number, batch: number): number;
  /** Bytes a batch of `batch` inputs moves to and from DRAM. */
  batchBytes(batch: number): number;
  /** Seconds with the GPU idle per batch of `batch` inputs (request handling, input copy). */
  idleSeconds(batch: number): number;
  /** Energy (J) of a period of `totalS` seconds with the GPU busy `busyS` of them and `bytes` moved. */
  periodEnergy(gpu: number, mem: number, busyS: number, totalS: number, bytes: number): number;
}

const bytesPerElement = (p: Precision): number => (p === 'fp16' ? 2 : 4);

export function buildDeviceModel(device: JetsonDevice, workload: Workload, precision: Precision): DeviceModel {
  const elem = bytesPerElement(precision);
  const gTop = topOf(device.gpuMHz);
  const mTop = topOf(device.memMHz);
  // An activation tensor whose kernel footprint fits in L2 stays on chip (served at the L2 rate,
  // which scales with the GPU clock); weights and larger activations come from DRAM.
  const dramOf = (b: number) =>
    workload.kernels.map(
      (k) => k.weights * elem + (b * k.activations * elem > device.l2Bytes ? b * k.activations * elem : 0),
    );
  const onChipOf = (b: number) =>
    workload.kernels.map((k) => (b * k.activations * elem > device.l2Bytes ? 0 : b * k.activations * elem));

  function computeBatchSeconds(gi: number, mi: number, b: number): number {
    const hz = device.gpuMHz[gi]! * 1e6;
    const denseRate = device.denseFlopsPerCycle[precision] * COMPUTE_EFFICIENCY.dense * hz;
    const scalarRate = device.scalarFlopsPerCycle[precision] * COMPUTE_EFFICIENCY.scalar * hz;
    const l2 = device.l2BytesPerCycle * hz;
    const peak = memBandwidthGBs(device, device.memMHz[mi]!) * 1e9;
    const dram = dramOf(b);
    const onChip = onChipOf(b);
    let t = 0;
    workload.kernels.forEach((k, ki) => {
      const flops = 2 * k.macs * b;
      const compute = flops === 0 ? 0 : flops / (k.kind === 'dense' ? denseRate : scalarRate);
      const eff = k.kind === 'depthwise' ? MEMORY_EFFICIENCY.depthwise : MEMORY_EFFICIENCY.streaming;
      const memory = Math.max(dram[ki]! / (peak * eff), onChip[ki]! / (l2 * eff));
      t += Math.max(compute, memory) + KERNEL_OVERHEAD_CYCLES / hz;
    });
    return t;
  }
  const cache = new Map<number, number>();
  const batchSeconds = (gi: number, mi: number, b: number): number => {
    const key = (b * 64 + gi) * 64 + mi;
    let t = cache.get(key);
    if (t === undefined) cache.set(key, (t = computeBatchSeconds(gi, mi, b)));
    return t;
  };
  const bytesCache = new Map<number, number>();
  const batchBytes = (b: number): number => {
    let v = bytesCache.get(b);
    if (v === undefined) bytesCache.set(b, (v = dramOf(b).reduce((a, x) => a + x, 0)));
    return v;
  };
  const inputBytes = workload.inputValues * 4; // FP32 pixels or int32 ids, whatever the engine's precision
  const idleSeconds = (b: number) => device.requestMs / 1000 + (b * inputBytes) / (device.copyGBs * 1e9);
  const periodEnergy = (gi: number, mi: number, busyS: number, totalS: number, bytes: number): number =>
    device.staticW * totalS +
    device.gpuDynamicMaxW * dynamicShare(device.gpuVoltage, device.gpuMHz[gi]!, gTop) * busyS +
    device.memDynamicMaxW * dynamicShare(device.memVoltage, device.memMHz[mi]!, mTop) * totalS +
    bytes * device.dramPjPerByte * 1e-12;

  function evaluate(c: Config): Evaluation {
    const b = device.batchSizes[c.batch]!;
    const idle = idleSeconds(b);
    // The governor raises the clock while the GPU is busier than its target and lowers it while it
    // is less busy: it settles on the lowest step in [min, max] whose busy fraction is at most the
    // target (or on the maximum, if the GPU stays busier than that even there).
    let g = c.gpuMin;
    while (g < c.gpuMax) {
      const t = batchSeconds(g, c.mem, b);
      if (t / (t + idle) <= GOVERNOR_LOAD_TARGET) break;
      g++;
    }
    const tBusy = batchSeconds(g, c.mem, b);
    const T = idle + tBusy;
    const batchJ = periodEnergy(g, c.mem, tBusy, T, batchBytes(b));
    return { latencyMs: T * 1000, energyJ: batchJ / b, powerW: batchJ / T, gpuMHz: device.gpuMHz[g]!, load: tBusy / T };
  }
  return { device, workload, precision, evaluate, batchSeconds, batchBytes, idleSeconds, periodEnergy };
}

/** Every configuration of the paper's search space: min ≤ max GPU step, every memory step and batch size. */
export function enumerateGrid(device: JetsonDevice): Config[] {
  const out: Config[] = [];
  const nG = device.gpuMHz.length;
  for (let batch = 0; batch < device.batchSizes.length; batch++)
    for (let mem = 0; mem < device.memMHz.length; mem++)
      for (let gpuMax = 0; gpuMax < nG; gpuMax++)
        for (let gpuMin = 0; gpuMin <= gpuMax; gpuMin++) out.push({ gpuMin, gpuMax, mem, batch });
  return out;
}

/** The device's shipped defaults: governor over the full GPU range, top memory clock. */
export function defaultConfig(device: JetsonDevice, batch = 0): Config {
  return { gpuMin: 0, gpuMax: device.gpuMHz.length - 1, mem: device.memMHz.length - 1, batch };
}
