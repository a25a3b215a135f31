// Fine-tuning beside inference on one simulated Jetson. Fine-tuning trains a new classification
// head on a frozen backbone (the paper states only the head's output dimension), so one iteration
// costs a forward pass of the fine-tuning batch; ten Orin B7 iterations at batch 64 then span about
// the paper's 30-s replay. Two processes share the GPU by time-slicing with equal slices (nvgpu's
// default TSG timeslice is 1024 µs for every process): while both have work, each runs at half speed. The paper's predictor is fitted by NNLS to profiled
// co-located latencies (seeded noise) with the six terms θ0 + θ1·FLOPs_inf + θ2·AI_inf +
// θ3·FLOPs_ft + θ4·AI_ft + θ5·batch.
import type { Rng } from '../../data/pcg32';
import type { DeviceModel } from './model';
import { nnls } from './nnls';
import { totals, type Workload } from './workloads';

/** Share of GPU time each of two co-located processes gets (equal time slices). */
export const COLOCATED_SHARE = 0.5;

export interface Clocks {
  gpu: number;
  mem: number;
}

/** GPU-busy seconds of one fine-tuning iteration (forward of the batch through the frozen backbone). */
export function ftIterationSeconds(m: DeviceModel, clocks: Clocks, ftBatch: number): number {
  return m.batchSeconds(clocks.gpu, clocks.mem, ftBatch);
}

/** Latency (s) of an inference batch alone and when a fine-tuning iteration runs beside it throughout. */
export function inferenceLatency(m: DeviceModel, clocks: Clocks, batch: number, colocated: boolean): number {
  const gpu = m.batchSeconds(clocks.gpu, clocks.mem, batch);
  return m.idleSeconds(batch) + (colocated ? gpu / COLOCATED_SHARE : gpu);
}

/** The paper's predictor features, FLOPs in GFLOP so the coefficients are readable. */
export function features(inf: Workload, batch: number, ft: Workload, ftBatch: number): number[] {
  const i = totals(inf);
  const f = totals(ft);
  return [1, (2 * i.macs * batch) / 1e9, i.intensity, (2 * f.macs * ftBatch) / 1e9, f.intensity, batch];
}
export const FEATURE_NAMES = ['θ0 (s)', 'θ1 · FLOPs_inf', 'θ2 · AI_inf', 'θ3 · FLOPs_ft', 'θ4 · AI_ft', 'θ5 · batch'];

export interface Predictor {
  theta: number[];
  predict(batch: number, ftBatch: number): number;
  /** Profiled points: features, measured latency, prediction. */
  profile: { batch: number; ftBatch: number; measured: number; predicted: number }[];
  /** Mean absolute relative error on the profile, %. */
  mapePct: number;
}

export const PROFILE_BATCHES = [1, 2, 4, 8, 16];
export const PROFILE_FT_BATCHES = [8, 16, 32, 64];

/**
 * Profiles co-located latency over inference batch × fine-tuning batch (each measurement with
 * relative noise σ) and fits the six-term predictor by NNLS. The columns are scaled to unit norm
 * before the fit (NNLS keeps signs under positive scaling) and the coefficients scaled back.
 */
export function fitPredictor(m: DeviceModel, clocks: Clocks, noise: number, rng: Rng): Predictor {
  const w = m.workload;
  const rows: number[][] = [];
  const ys: number[] = [];
  const pts: { batch: number; ftBatch: number; measured: number }[] = [];
  for (const b of PROFILE_BATCHES)
    for (const fb of PROFILE_FT_BATCHES) {
      const y = inferenceLatency(m, clocks, b, true) * Math.max(0.05, 1 + noise * rng.normal());
      rows.push(features(w, b, w, fb));
      ys.push(y);
      pts.push({ batch: b, ftBatch: fb, measured: y });
    }
  const scale = rows[0]!.map((_, j) => Math.sqrt(rows.reduce((s, r) => s + r[j]! ** 2, 0)) || 1);
  const scaled = nnls(
    rows.map((r) => r.map((v, j) => v / scale[j]!)),
    ys,
  );
  const theta = scaled.map((t, j) => t / scale[j]!);
  const predict = (b: number, fb: number) => features(w, b, w, fb).reduce((s, v, j) => s + v * theta[j]!, 0);
  const profile = pts.map((p) => ({ ...p, predicted: predict(p.batch, p.ftBatch) }));
  const mapePct =
    (100 * profile.reduce((s, p) => s + Math.abs(p.predicted - p.measured) / p.measured, 0)) / profile.length;
  return { theta, predict, profile, mapePct };
}
