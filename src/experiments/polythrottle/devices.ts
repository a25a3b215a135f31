// The two Jetson boards of the paper as simulated devices: their real DVFS ladders, datasheet
// compute and memory rates, and the handful of power and runtime constants the device model needs.
// Every constant says where it comes from: datasheet, the paper's stated setup, the Linux
// governor source, a physics argument, or (marked "calibrated") the one paper number it was
// solved from once; README.md §Calibration lists them. A browser cannot set clocks or read
// power rails, so these boards exist only as this model.
import { UserInputError } from '../types';

export type DeviceId = 'tx2' | 'orin';
export const DEVICE_IDS: readonly DeviceId[] = ['tx2', 'orin'];
export type Precision = 'fp16' | 'fp32';

/** Voltage of a DVFS rail: flat at `floorV` up to `kneeMHz`, then linear up to `maxV` at the top clock. */
export interface VoltageCurve {
  floorV: number;
  maxV: number;
  kneeMHz: number;
}

export interface JetsonDevice {
  id: DeviceId;
  name: string;
  /** GPU clock ladder, MHz (L4T devfreq table). */
  gpuMHz: readonly number[];
  /** Memory (EMC) clock ladder, MHz. */
  memMHz: readonly number[];
  /** CPU clock ladder, MHz (cpufreq table of the cluster that runs preprocessing). */
  cpuMHz: readonly number[];
  batchSizes: readonly number[];
  /** Peak FLOPs per GPU clock for dense convolutions / GEMMs and for depthwise or scalar work. */
  denseFlopsPerCycle: Record<Precision, number>;
  scalarFlopsPerCycle: Record<Precision, number>;
  /** DRAM bus width in bytes; bandwidth = memory clock × 2 (double data rate) × width. */
  busBytes: number;
  /** GPU L2 cache, bytes: activations whose kernel footprint fits stay on chip. */
  l2Bytes: number;
  /** L2 bandwidth in bytes per GPU clock (≈ 48 B per SM per clock, as A100's 5120 B/clk for 108 SMs). */
  l2BytesPerCycle: number;
  /** Table 1's peak bandwidth, GB/s (the ladder's top step must reproduce it). */
  paperPeakGBs: number;
  /** Table 1's maximum module power, W. */
  paperMaxPowerW: number;
  gpuVoltage: VoltageCurve;
  memVoltage: VoltageCurve;
  cpuVoltage: VoltageCurve;
  /** Board power that no knob changes (SoC always-on rails, DRAM refresh, regulators, fan), W. */
  staticW: number;
  /** GPU switching power at the top clock and voltage while busy, W. */
  gpuDynamicMaxW: number;
  /** Memory controller and DRAM interface power at the top memory clock, W (scales as f·V²). */
  memDynamicMaxW: number;
  /** DRAM access energy, pJ per byte moved. */
  dramPjPerByte: number;
  /** Switching power of one CPU core at the top CPU clock while preprocessing, W (scales as f·V²). */
  cpuDynamicMaxW: number;
  /** Leakage of that core while it preprocesses, W. */
  cpuLeakW: number;
  /** Per-batch time with the GPU idle: request handling in the inference server, ms. */
  requestMs: number;
  /** Host-to-device copy rate of the input tensor, GB/s. */
  copyGBs: number;
}

/** 114.75 MHz + 102 MHz steps to 1236.75, plus 1300.5: the L4T GPU ladder both boards expose (13 steps). */
const GPU_LADDER = [...Array.from({ length: 12 }, (_, k) => 114.75 + 102 * k), 1300.5];

export const DEVICES: Record<DeviceId, JetsonDevice> = {
  tx2: {
    id: 'tx2',
    name: 'Jetson TX2',
    gpuMHz: GPU_LADDER,
    // The 11 EMC rates of the TX2 (contains Table 2's optima 1062.4 and 1331.2).
    memMHz: [40.8, 68, 102, 204, 408, 665.6, 800, 1062.4, 1331.2, 1600, 1866],
    // Cortex-A57 cluster cpufreq table.
    cpuMHz: [345.6, 499.2, 652.8, 806.4, 960, 1113.6, 1267.2, 1420.8, 1574.4, 1728, 1881.6, 2035.2],
    batchSizes: [1, 2, 4, 8, 16],
    // 256 Pascal cores × 2 FLOPs (FMA); GP10B runs packed half2 at twice the f32 rate.
    denseFlopsPerCycle: { fp32: 512, fp16: 1024 },
    scalarFlopsPerCycle: { fp32: 512, fp16: 1024 },
    busBytes: 16, // 128-bit LPDDR4: 1866 MHz × 2 × 16 B = 59.7 GB/s (Table 1)
    l2Bytes: 512 * 1024, // GP10B
    l2BytesPerCycle: 96, // 2 SMs
    paperPeakGBs: 59.7,
    paperMaxPowerW: 15,
    gpuVoltage: { floorV: 0.8, maxV: 1.07, kneeMHz: 600 },
    memVoltage: { floorV: 0.8, maxV: 1.1, kneeMHz: 1200 },
    cpuVoltage: { floorV: 0.8, maxV: 1.1, kneeMHz: 1000 },
    staticW: 4,
    gpuDynamicMaxW: 6,
    memDynamicMaxW: 4.5,
    dramPjPerByte: 40,
    cpuDynamicMaxW: 1.0,
    cpuLeakW: 0.136,
    requestMs: 0.5,
    copyGBs: 0.15,
  },
  orin: {
    id: 'orin',
    name: 'Jetson AGX Orin',
    gpuMHz: GPU_LADDER,
    // The 4 EMC rates the Orin exposes.
    memMHz: [204, 665.6, 2133, 3199],
    // Cortex-A78AE cpufreq table.
    cpuMHz: [
      115.2, 192, 268.8, 345.6, 422.4, 499.2, 576, 652.8, 729.6, 806.4, 883.2, 960, 1036.8, 1113.6, 1190.4, 1267.2,
      1344, 1420.8, 1497.6, 1574.4, 1651.2, 1728, 1804.8, 1881.6, 1958.4, 2035.2, 2112, 2188.8, 2201.6,
    ],
    batchSizes: [1, 2, 4, 8, 16],
    // 64 third-generation Tensor Cores × 256 FP16 FMAs; FP32 without TF32 runs on the 2048 CUDA cores.
    denseFlopsPerCycle: { fp32: 4096, fp16: 32768 },
    scalarFlopsPerCycle: { fp32: 4096, fp16: 4096 },
    busBytes: 32, // 256-bit LPDDR5: 3199 MHz × 2 × 32 B = 204.7 GB/s (Table 1)
    l2Bytes: 4 * 1024 * 1024, // GA10B
    l2BytesPerCycle: 768, // 16 SMs
    paperPeakGBs: 204.8,
    paperMaxPowerW: 60,
    gpuVoltage: { floorV: 0.75, maxV: 0.95, kneeMHz: 1100 },
    memVoltage: { floorV: 0.6, maxV: 0.75, kneeMHz: 2133 },
    cpuVoltage: { floorV: 0.65, maxV: 0.9, kneeMHz: 900 },
    staticW: 14,
    gpuDynamicMaxW: 28,
    memDynamicMaxW: 4,
    dramPjPerByte: 30,
    cpuDynamicMaxW: 1.2,
    cpuLeakW: 0.12,
    requestMs: 0.5,
    copyGBs: 0.15,
  },
};

export function findDevice(id: string): JetsonDevice {
  const d = (DEVICES as Record<string, JetsonDevice | undefined>)[id];
  if (!d) throw new UserInputError(`unknown device "${id}"; known: ${DEVICE_IDS.join(', ')}`);
  return d;
}

export function voltage(c: VoltageCurve, mhz: number, topMHz: number): number {
  if (mhz <= c.kneeMHz) return c.floorV;
  return c.floorV + ((c.maxV - c.floorV) * (mhz - c.kneeMHz)) / (topMHz - c.kneeMHz);
}

/** Switching power scales with f·V(f)²: the share of the rail's top-clock dynamic power at `mhz`. */
export function dynamicShare(c: VoltageCurve, mhz: number, topMHz: number): number {
  const v = voltage(c, mhz, topMHz);
  return (mhz / topMHz) * (v / c.maxV) ** 2;
}

export const memBandwidthGBs = (d: JetsonDevice, memMHz: number): number => (memMHz * 2 * d.busBytes) / 1000;
export const topOf = (ladder: readonly number[]): number => ladder[ladder.length - 1]!;
