// One tuning problem: a device, a workload, a precision and a latency SLO over the paper's grid.
// Holds the noise-free truth of every configuration (to score optimisers and to find the grid
// optimum) and hands optimisers a noisy measurement function: each measurement multiplies
// energy and latency by independent (1 + σ·N(0, 1)) factors from a seeded generator, as a
// power meter and a timer averaged over a finite number of requests would.
import type { Rng } from '../../data/pcg32';
import { UserInputError } from '../types';
import type { Measurement, SearchSpace } from './bo';
import { buildDeviceModel, enumerateGrid, type Config, type DeviceModel } from './model';
import { findDevice, topOf, type Precision } from './devices';
import { findWorkload } from './workloads';

export interface ProblemSpec {
  device: string;
  workload: string;
  precision: Precision;
  /** SLO as a multiple of the fastest batch-1 latency (all clocks at the top). */
  sloFactor: number;
  /** Relative measurement noise (σ), e.g. 0.03. */
  noise: number;
}

export interface Problem {
  spec: ProblemSpec;
  model: DeviceModel;
  configs: readonly Config[];
  space: SearchSpace;
  energy: Float64Array;
  latency: Float64Array;
  sloMs: number;
  /** Index of the lowest-energy configuration that meets the SLO (noise-free). */
  optimum: number;
  /** Configurations within 5 % of the optimum's energy that meet the SLO. */
  goodCount: number;
  measurer(rng: Rng): (i: number) => Measurement;
}

export const TARGET_GAP = 0.05;

/** GPU clocks scaled linearly, memory clocks on a log scale (40.8–1866 MHz spans 46×), batch as log2. */
function coordinates(model: DeviceModel, configs: readonly Config[]): Float64Array {
  const d = model.device;
  const gTop = topOf(d.gpuMHz);
  const mLo = Math.log(d.memMHz[0]!);
  const mSpan = Math.log(topOf(d.memMHz)) - mLo || 1;
  const bSpan = Math.log2(topOf(d.batchSizes)) || 1;
  const out = new Float64Array(configs.length * 4);
  configs.forEach((c, i) => {
    out[i * 4] = d.gpuMHz[c.gpuMin]! / gTop;
    out[i * 4 + 1] = d.gpuMHz[c.gpuMax]! / gTop;
    out[i * 4 + 2] = (Math.log(d.memMHz[c.mem]!) - mLo) / mSpan;
    out[i * 4 + 3] = Math.log2(d.batchSizes[c.batch]!) / bSpan;
  });
  return out;
}

interface EvaluatedGrid {
  model: DeviceModel;
  configs: readonly Config[];
  coords: Float64Array;
  energy: Float64Array;
  latency: Float64Array;
}

/**
 * The noise-free grid of one device, workload and precision, evaluated once per process: the SLO
 * and the noise (the sliders a user drags) do not change it, so moving them costs no re-evaluation.
 */
const grids = new Map<string, EvaluatedGrid>();
export function evaluatedGrid(device: string, workload: string, precision: Precision): EvaluatedGrid {
  const key = `${device}/${workload}/${precision}`;
  const hit = grids.get(key);
  if (hit) return hit;
  const model = deviceModelFor(device, workload, precision);
  const configs = enumerateGrid(model.device);
  const energy = new Float64Array(configs.length);
  const latency = new Float64Array(configs.length);
  configs.forEach((c, i) => {
    const e = model.evaluate(c);
    energy[i] = e.energyJ;
    latency[i] = e.latencyMs;
  });
  const grid = { model, configs, coords: coordinates(model, configs), energy, latency };
  grids.set(key, grid);
  return grid;
}

/** One device model per device, workload and precision, shared (with its batch-time cache) by every view. */
const models = new Map<string, DeviceModel>();
export function deviceModelFor(device: string, workload: string, precision: Precision): DeviceModel {
  const key = `${device}/${workload}/${precision}`;
  let m = models.get(key);
  if (!m) models.set(key, (m = buildDeviceModel(findDevice(device), findWorkload(workload), precision)));
  return m;
}

export function buildProblem(spec: ProblemSpec): Problem {
  if (!(spec.sloFactor > 0)) throw new UserInputError(`the SLO factor must be positive, got ${spec.sloFactor}`);
  if (!(spec.noise >= 0 && spec.noise < 0.5))
    throw new UserInputError(`measurement noise must be in [0, 0.5), got ${spec.noise}`);
  const { model, configs, coords, energy, latency } = evaluatedGrid(spec.device, spec.workload, spec.precision);
  const device = model.device;
  const top = device.gpuMHz.length - 1;
  const fastest = model.evaluate({ gpuMin: top, gpuMax: top, mem: device.memMHz.length - 1, batch: 0 });
  const sloMs = spec.sloFactor * fastest.latencyMs;
  let optimum = -1;
  for (let i = 0; i < configs.length; i++)
    if (latency[i]! <= sloMs && (optimum < 0 || energy[i]! < energy[optimum]!)) optimum = i;
  if (optimum < 0) throw new UserInputError(`no configuration meets an SLO of ${sloMs.toFixed(2)} ms`);
  let goodCount = 0;
  for (let i = 0; i < configs.length; i++)
    if (latency[i]! <= sloMs && energy[i]! <= (1 + TARGET_GAP) * energy[optimum]!) goodCount++;
  return {
    spec,
    model,
    configs,
    space: { size: configs.length, dims: 4, coords },
    energy,
    latency,
    sloMs,
    optimum,
    goodCount,
    measurer: (rng) => (i) => ({
      energy: energy[i]! * Math.max(0.05, 1 + spec.noise * rng.normal()),
      latency: latency[i]! * Math.max(0.05, 1 + spec.noise * rng.normal()),
    }),
  };
}

/** True when the configuration meets the SLO and is within 5 % of the optimum (noise-free). */
export function isGood(p: Problem, i: number): boolean {
  return i >= 0 && p.latency[i]! <= p.sloMs && p.energy[i]! <= (1 + TARGET_GAP) * p.energy[p.optimum]!;
}
