// Device-probe micro-benchmarks: peak f32 FMA throughput and copy bandwidth. Each grows its
// problem size until one repetition takes `targetMs`, so the same code fills an H100 and stays
// quick on SwiftShader, then times `reps` repetitions. Each also verifies what it computed.
import fmaShader from '../../shaders/probe/probe.fma.wgsl?raw';
import copyShader from '../../shaders/probe/probe.copy.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { TimingResult } from '../../gpu/types';
import type { Check } from '../../core';
import { compareArrays } from '../compare';
import { workgroupGrid } from '../../gpu/dispatch';
import { FMA_C, FMA_M, fmaChainReference } from './probe.reference';

export interface ProbeOptions {
  targetMs: number;
  reps: number;
  signal?: AbortSignal;
  onStep?: (message: string) => void;
}

export interface ProbeMeasurement {
  timing: TimingResult;
  /** GFLOP/s for FMA, GB/s for copy, from the median. */
  rate: number;
  /** Human-readable problem size. */
  size: string;
  check: Check;
}

const FMA_ITERS = 1024;
const FMA_FLOPS_PER_ITER = 64;
const SINK_VEC4 = 65536;

/** Grows `scale` by 2× until a quick timing reaches targetMs or `max` is hit; returns the final scale. */
async function growScale(
  start: number,
  max: number,
  targetMs: number,
  quickTime: (scale: number) => Promise<number>,
): Promise<number> {
  let scale = start;
  while (scale < max) {
    const ms = await quickTime(scale);
    if (ms >= targetMs) break;
    // Jump close to the target when far below it, instead of doubling many times.
    const factor = ms > 0 ? Math.min(16, Math.max(2, 2 ** Math.floor(Math.log2(targetMs / ms)))) : 16;
    scale = Math.min(max, scale * factor);
  }
  return scale;
}

export async function measureFma(gpu: Gpu, opts: ProbeOptions): Promise<ProbeMeasurement> {
  const pipeline = await gpu.pipeline({ name: 'probe/probe.fma', code: fmaShader });
  const sink = gpu.createBuffer(SINK_VEC4 * 16, 'probe.fma.sink');
  const params = new ArrayBuffer(16);
  new Float32Array(params, 0, 2).set([FMA_M, FMA_C]);
  new Uint32Array(params, 8, 1)[0] = FMA_ITERS;
  const uni = gpu.uniform(params, 'probe.fma.params');
  const group = gpu.bindGroup(pipeline, [sink, uni], 'probe.fma');
  const maxWg = gpu.info.limits.maxComputeWorkgroupsPerDimension!;
  const encodeFor = (wg: number) => (pass: GPUComputePassEncoder) => Gpu.encodeDispatch(pass, pipeline, group, [wg]);
  try {
    const wg = await growScale(8, maxWg, opts.targetMs, async (s) => {
      opts.onStep?.(`FMA: sizing with ${s} workgroups`);
      return (await gpu.time(encodeFor(s), { warmup: 1, reps: 2, signal: opts.signal })).medianMs;
    });
    opts.onStep?.(`FMA: timing ${wg} workgroups × 256 threads`);
    const timing = await gpu.time(encodeFor(wg), { warmup: 1, reps: opts.reps, signal: opts.signal });
    const flops = wg * 256 * FMA_ITERS * FMA_FLOPS_PER_ITER;
    const got = await gpu.readF32(sink, 1024 * 4);
    const want = new Float32Array(1024 * 4);
    for (let j = 0; j < 1024; j++) {
      // Mirrors the shader: lane l of chain k starts at s + 0.1·l + 0.01·k; the store sums the 8 chains.
      const s = Math.fround(Math.fround(j) * Math.fround(1e-3));
      for (let l = 0; l < 4; l++) {
        let sum = 0;
        for (let k = 0; k < 8; k++) sum += fmaChainReference(s + 0.1 * l + 0.01 * k, FMA_ITERS);
        want[j * 4 + l] = sum;
      }
    }
    return {
      timing,
      rate: flops / (timing.medianMs * 1e6),
      size: `${wg} workgroups × 256 threads × ${FMA_ITERS} iterations × 64 FLOP`,
      check: compareArrays('FMA benchmark result', got, want, { atol: 0, rtol: 1e-4 }),
    };
  } finally {
    sink.destroy();
    uni.destroy();
  }
}

export async function measureCopy(gpu: Gpu, opts: ProbeOptions & { maxBytes: number }): Promise<ProbeMeasurement> {
  const pipeline = await gpu.pipeline({ name: 'probe/probe.copy', code: copyShader });
  const maxBinding = gpu.info.limits.maxStorageBufferBindingSize!;
  // Round down to 64 KiB without 32-bit bitwise ops (limits can exceed 2^31).
  const maxBytes = Math.max(1 << 20, Math.floor(Math.min(opts.maxBytes, maxBinding) / 65536) * 65536);
  const maxWg = gpu.info.limits.maxComputeWorkgroupsPerDimension!;
  const live: GPUBuffer[] = [];
  // The source is filled from one reusable 1 MiB pattern (constant host memory whatever the
  // size), and only three 64 KiB windows are read back to verify the copy.
  const PATTERN_BYTES = 1 << 20;
  const pattern = new Float32Array(PATTERN_BYTES / 4);
  for (let i = 0; i < pattern.length; i++) pattern[i] = (i * 7919) % 100_003;
  const setup = (bytes: number) => {
    for (const b of live.splice(0)) b.destroy();
    const n = bytes / 16;
    const src = gpu.createBuffer(bytes, 'probe.copy.src');
    for (let off = 0; off < bytes; off += PATTERN_BYTES) {
      gpu.device.queue.writeBuffer(src, off, pattern, 0, Math.min(PATTERN_BYTES, bytes - off) / 4);
    }
    const dst = gpu.createBuffer(bytes, 'probe.copy.dst');
    live.push(src, dst);
    const group = gpu.bindGroup(pipeline, [src, dst], 'probe.copy');
    const wg = workgroupGrid(Math.ceil(n / 256), maxWg, 'copy probe');
    return { bytes, dst, encode: (pass: GPUComputePassEncoder) => Gpu.encodeDispatch(pass, pipeline, group, wg) };
  };
  const verify = async (dst: GPUBuffer, bytes: number) => {
    const window = Math.min(64 * 1024, bytes);
    const offsets = [...new Set([0, Math.floor(bytes / 2 / PATTERN_BYTES) * PATTERN_BYTES, bytes - window])];
    const got: number[] = [];
    const want: number[] = [];
    for (const off of offsets) {
      got.push(...new Float32Array(await gpu.read(dst, window, off)));
      const start = (off % PATTERN_BYTES) / 4;
      want.push(...pattern.subarray(start, start + window / 4));
    }
    return { got, want };
  };
  try {
    const bytes = await growScale(1 << 20, maxBytes, opts.targetMs, async (b) => {
      opts.onStep?.(`copy: sizing with ${(b / 2 ** 20).toFixed(0)} MiB`);
      return (await gpu.time(setup(b).encode, { warmup: 1, reps: 2, signal: opts.signal })).medianMs;
    });
    opts.onStep?.(`copy: timing ${(bytes / 2 ** 20).toFixed(0)} MiB`);
    const run = setup(bytes);
    const timing = await gpu.time(run.encode, { warmup: 1, reps: opts.reps, signal: opts.signal });
    const { got, want } = await verify(run.dst, run.bytes);
    return {
      timing,
      // Bytes moved per repetition: every byte read once and written once.
      rate: (2 * bytes) / (timing.medianMs * 1e6),
      size: `${(bytes / 2 ** 20).toFixed(0)} MiB copied (read + write)`,
      check: compareArrays('copy benchmark result (start, middle, end windows)', got, want, { atol: 0, rtol: 0 }),
    };
  } finally {
    for (const b of live) b.destroy();
  }
}
