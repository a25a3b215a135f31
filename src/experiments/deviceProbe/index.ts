// Device probe: what this adapter is, what it allows, and how fast it really is. Its measured
// FMA and copy roofs are the calibration every simulated experiment can scale by.
import { measureCopy, measureFma, type ProbeMeasurement } from '../../kernels/probe';
import { matmulBytes, matmulFlops, matmul, timeMatmul } from '../../kernels/matmul';
import { matmulReference } from '../../kernels/matmul/matmul.reference';
import { compareArrays } from '../../kernels/compare';
import { attainableGflops, logSpace, ridgePoint } from '../../sim/roofline';
import { throwIfAborted } from '../runner';
import type { Experiment, Metric, RunContext, RunResult, Table } from '../types';
import { deviceTables } from './deviceTables';
import { deviceProbeParams, deviceProbePresets, matmulSize } from './params';

function microbenchRow(kernel: string, m: ProbeMeasurement, unit: string): (string | number)[] {
  return [kernel, m.size, m.timing.medianMs, m.timing.minMs, m.rate, unit, m.timing.method, m.timing.samplesMs.length];
}

export const deviceProbe: Experiment = {
  id: 'device-probe',
  title: 'Device probe',
  topic: 'Device',
  summary:
    'Adapter, features and limits, then WGSL micro-benchmarks: peak f32 FMA throughput, copy ' +
    "bandwidth and a tiled matmul, placed on this device's measured roofline.",
  gpu: 'required',
  params: deviceProbeParams,
  presets: deviceProbePresets,
  async run(p, ctx: RunContext): Promise<RunResult> {
    const gpu = ctx.gpu!;
    const reps = p.reps as number;
    const targetMs = p.targetMs as number;
    const step = (f: number) => (msg: string) => ctx.progress(f, msg);

    ctx.progress(0.02, 'FMA throughput');
    const fma = await measureFma(gpu, { targetMs, reps, signal: ctx.signal, onStep: step(0.1) });
    throwIfAborted(ctx.signal);
    ctx.progress(0.35, 'copy bandwidth');
    const copy = await measureCopy(gpu, {
      targetMs,
      reps,
      signal: ctx.signal,
      onStep: step(0.4),
      maxBytes: (p.maxCopyMiB as number) * 2 ** 20,
    });
    throwIfAborted(ctx.signal);

    const n = matmulSize(p.matmulSize as string, gpu);
    ctx.progress(0.65, `matmul ${n}³`);
    const a = Float32Array.from({ length: n * n }, () => ctx.rng.uniform(-1, 1));
    const mm = await timeMatmul(gpu, a, a, { M: n, N: n, K: n }, { reps, signal: ctx.signal });
    throwIfAborted(ctx.signal);
    // Correctness on an awkward shape (not a multiple of the tile), small enough for the CPU.
    ctx.progress(0.9, 'matmul correctness check');
    const [M, N, K] = [67, 45, 93];
    const ca = Float32Array.from({ length: M * K }, () => ctx.rng.uniform(-1, 1));
    const cb = Float32Array.from({ length: K * N }, () => ctx.rng.uniform(-1, 1));
    const mmCheck = compareArrays(
      `matmul ${M}×${N}×${K} vs CPU`,
      await matmul(gpu, ca, cb, { M, N, K }),
      matmulReference(ca, cb, M, N, K),
      { atol: 1e-5, rtol: 1e-5 },
    );

    const roof = { peakGflops: fma.rate, bandwidthGBs: copy.rate };
    const mmIntensity = matmulFlops(mm.shape) / matmulBytes(mm.shape);
    const microbench: Table = {
      id: 'microbench',
      title: 'Micro-benchmarks (measured on this device)',
      columns: [
        { key: 'kernel', label: 'Kernel', type: 'string', provenance: 'measured' },
        { key: 'size', label: 'Problem size', type: 'string', provenance: 'measured' },
        { key: 'medianMs', label: 'Median', unit: 'ms', type: 'number', provenance: 'measured' },
        { key: 'minMs', label: 'Min', unit: 'ms', type: 'number', provenance: 'measured' },
        { key: 'rate', label: 'Throughput', type: 'number', provenance: 'measured' },
        { key: 'rateUnit', label: 'Throughput unit', type: 'string', provenance: 'measured' },
        { key: 'method', label: 'Timing method', type: 'string', provenance: 'measured' },
        { key: 'reps', label: 'Repetitions', type: 'number', provenance: 'measured' },
      ],
      rows: [
        microbenchRow('f32 FMA', fma, 'GFLOP/s'),
        microbenchRow('copy', copy, 'GB/s'),
        ['matmul', `${n}×${n}×${n}`, mm.medianMs, mm.minMs, mm.gflops, 'GFLOP/s', mm.method, mm.samplesMs.length],
      ],
    };
    const rooflineTable: Table = {
      id: 'roofline',
      title: 'Roofline of this device',
      columns: [
        { key: 'series', label: 'Series', type: 'string', provenance: 'modeled' },
        { key: 'intensity', label: 'Arithmetic intensity', unit: 'FLOP/B', type: 'number', provenance: 'modeled' },
        { key: 'gflops', label: 'Throughput', unit: 'GFLOP/s', type: 'number', provenance: 'modeled' },
        { key: 'source', label: 'Source', type: 'string', provenance: 'modeled' },
      ],
      rows: [
        ...logSpace(0.01, 1000, 41).map((x) => [
          'roof',
          x,
          attainableGflops(roof, x),
          'modeled: min(measured FMA, intensity × measured copy)',
        ]),
        [`matmul ${n}³`, mmIntensity, mm.gflops, 'measured (intensity from its minimum traffic)'],
      ],
      note: 'The roof is a model, min(FMA peak, intensity × copy bandwidth), built from the two measured peaks; the matmul point is measured.',
    };
    const metrics: Metric[] = [
      {
        key: 'fmaGflops',
        label: 'f32 FMA throughput',
        value: fma.rate,
        unit: 'GFLOP/s',
        provenance: 'measured',
        primary: true,
      },
      { key: 'copyGBs', label: 'Copy bandwidth', value: copy.rate, unit: 'GB/s', provenance: 'measured' },
      { key: 'matmulGflops', label: `Matmul ${n}³`, value: mm.gflops, unit: 'GFLOP/s', provenance: 'measured' },
      {
        key: 'matmulOfRoof',
        label: 'Matmul / attainable roof',
        value: (100 * mm.gflops) / attainableGflops(roof, mmIntensity),
        unit: '%',
        provenance: 'measured',
      },
      { key: 'ridge', label: 'Ridge point', value: ridgePoint(roof), unit: 'FLOP/B', provenance: 'measured' },
      { key: 'timing', label: 'Timing method', value: fma.timing.method, provenance: 'measured' },
    ];
    const notices = gpu.isCpuEmulation
      ? ['This adapter is CPU emulation (SwiftShader/fallback): these timings measure the CPU, not GPU performance.']
      : [];
    if (fma.timing.method === 'wall-clock')
      notices.push(
        'No timestamp-query feature: times are wall clock from submit to completion (includes submit overhead).',
      );
    ctx.progress(1, 'done');
    return {
      tables: [microbench, rooflineTable, ...deviceTables(gpu)],
      metrics,
      checks: [fma.check, copy.check, mmCheck],
      charts: [
        {
          id: 'roofline',
          title: 'Roofline of this device (from measured peaks)',
          kind: 'line',
          table: 'roofline',
          x: 'intensity',
          y: 'gflops',
          series: 'series',
          logX: true,
          logY: true,
          rules: [{ axis: 'x', value: ridgePoint(roof), label: 'ridge' }],
        },
        {
          id: 'microbench',
          title: 'Median time per repetition',
          kind: 'bar',
          table: 'microbench',
          x: 'kernel',
          y: 'medianMs',
        },
      ],
      notices,
    };
  },
};
