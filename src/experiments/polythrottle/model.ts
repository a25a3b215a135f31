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
  // Per-kernel constants in flat arrays: the grid evaluates hundreds of (clock, memory, batch)
  // triples over hundreds of kernels, and the first live view has to stay fast.
  const K = workload.kernels.length;
  const flopsPerInput = new Float64Array(K);
  const weightBytes = new Float64Array(K);
  const actBytes = new Float64Array(K);
  const dense = new Uint8Array(K);
  const depthwise = new Uint8Array(K);
  workload.kernels.forEach((k, i) => {
    flopsPerInput[i] = 2 * k.macs;
    weightBytes[i] = k.weights * elem;
    actBytes[i] = k.activations * elem;
    dense[i] = k.kind === 'dense' ? 1 : 0;
    depthwise[i] = k.kind === 'depthwise' ? 1 : 0;
  });
  const l2Bytes = device.l2Bytes;

  function computeBatchSeconds(gi: number, mi: number, b: number): number {
    const hz = device.gpuMHz[gi]! * 1e6;
    const denseRate = device.denseFlopsPerCycle[precision] * COMPUTE_EFFICIENCY.dense * hz;
    const scalarRate = device.scalarFlopsPerCycle[precision] * COMPUTE_EFFICIENCY.scalar * hz;
    const l2 = device.l2BytesPerCycle * hz;
    const peak = memBandwidthGBs(device, device.memMHz[mi]!) * 1e9;
    const overhead = KERNEL_OVERHEAD_CYCLES / hz;
    let t = 0;
    for (let k = 0; k < K; k++) {
      const flops = flopsPerInput[k]! * b;
      const compute = flops === 0 ? 0 : flops / (dense[k] ? denseRate : scalarRate);
      const eff = depthwise[k] ? MEMORY_EFFICIENCY.depthwise : MEMORY_EFFICIENCY.streaming;
      // An activation tensor whose kernel footprint fits in L2 stays on chip (served at the L2
      // rate, which scales with the GPU clock); weights and larger activations come from DRAM.
      const act = b * actBytes[k]!;
      const spills = act > l2Bytes;
      const dram = weightBytes[k]! + (spills ? act : 0);
      const onChip = spills ? 0 : act;
      const memory = Math.max(dram / (peak * eff), onChip / (l2 * eff));
      t += Math.max(compute, memory) + overhead;
    }
    return t;
  }
  // Batch times by (batch, GPU step, memory step): a flat table for the batch counts the views use,
  // a map beyond (the search walks these thousands of times per view).
  const nG = device.gpuMHz.length;
  const nM = device.memMHz.length;
  const TABLE_MAX_BATCH = 256;
  const table = new Float64Array((TABLE_MAX_BATCH + 1) * nG * nM).fill(-1);
  const overflow = new Map<number, number>();
  const batchSeconds = (gi: number, mi: number, b: number): number => {
    if (Number.isInteger(b) && b >= 0 && b <= TABLE_MAX_BATCH) {
      const at = (b * nG + gi) * nM + mi;
      let t = table[at]!;
      if (t < 0) table[at] = t = computeBatchSeconds(gi, mi, b);
      return t;
    }
    const key = (b * 64 + gi) * 64 + mi;
    let t = overflow.get(key);
    if (t === undefined) overflow.set(key, (t = computeBatchSeconds(gi, mi, b)));
    return t;
  };
  const bytesCache = new Map<number, number>();
  const batchBytes = (b: number): number => {
    let v = bytesCache.get(b);
    if (v === undefined) {
      v = 0;
      for (let k = 0; k < K; k++) v += weightBytes[k]! + (b * actBytes[k]! > l2Bytes ? b * actBytes[k]! : 0);
      bytesCache.set(b, v);
    }
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
    return settled(g, c.mem, c.batch);
  }
  // Everything after the governor's choice depends only on (clock step, memory step, batch): many
  // grid points share it (every minimum below the settled step), so it is computed once each.
  const settledCache: (Evaluation | undefined)[] = [];
  function settled(g: number, mem: number, batch: number): Evaluation {
    const at = (batch * nG + g) * nM + mem;
    const hit = settledCache[at];
    if (hit) return hit;
    const b = device.batchSizes[batch]!;
    const tBusy = batchSeconds(g, mem, b);
    const T = idleSeconds(b) + tBusy;
    const batchJ = periodEnergy(g, mem, tBusy, T, batchBytes(b));
    const e: Evaluation = Object.freeze({
      latencyMs: T * 1000,
      energyJ: batchJ / b,
      powerW: batchJ / T,
      gpuMHz: device.gpuMHz[g]!,
      load: tBusy / T,
    });
    settledCache[at] = e;
    return e;
  }
  return { device, workload, precision, evaluate, batchSeconds, batchBytes, idleSeconds, periodEnergy };
}

const grids = new Map<JetsonDevice, readonly Config[]>();
/**
 * Every configuration of the paper's search space: min ≤ max GPU step, every memory step and batch
 * size. Built once per device (TX2's has 5005 entries and several views walk it); read-only.
 */
export function enumerateGrid(device: JetsonDevice): readonly Config[] {
  const hit = grids.get(device);
  if (hit) return hit;
  const out: Config[] = [];
  const nG = device.gpuMHz.length;
  for (let batch = 0; batch < device.batchSizes.length; batch++)
    for (let mem = 0; mem < device.memMHz.length; mem++)
      for (let gpuMax = 0; gpuMax < nG; gpuMax++)
        for (let gpuMin = 0; gpuMin <= gpuMax; gpuMin++) out.push(Object.freeze({ gpuMin, gpuMax, mem, batch }));
  grids.set(device, Object.freeze(out));
  return out;
}

/** The device's shipped defaults: governor over the full GPU range, top memory clock. */
export function defaultConfig(device: JetsonDevice, batch = 0): Config {
  return { gpuMin: 0, gpuMax: device.gpuMHz.length - 1, mem: device.memMHz.length - 1, batch };
}
