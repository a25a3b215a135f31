// The GPU half of a CHAI run: the baseline and clustered decode kernels on the synthetic layer's
// inputs, checked against the f64 CPU references (and CHAI at k = H against the baseline, bit
// for bit), then timed for a range of k. Inputs are uploaded once per k; every timing is the
// median of `reps` repetitions of both passes, read back once.
import type { Gpu } from '../../gpu/gpu';
import { summarize } from '../../gpu/timing';
import type { TimingResult } from '../../gpu/types';
import { ATTENTION_TOLERANCE } from '../../kernels/attention';
import { planChaiDecodeAttention } from '../../kernels/decode';
import { compareArrays } from '../../kernels/compare';
import {
  checkDecodeLimits,
  identityMap,
  planDecodeAttention,
  type DecodePlan,
  type DecodeShape,
} from '../../kernels/decode';
import { cutTree } from './clustering';
import { throwIfAborted } from '../runner';
import type { Calibration, ChartSpec, Check, Metric, RunContext, Table } from '../types';
import { kGrid, type SyntheticRun } from './analysis';
import { chaiOutputCpu, clusteredInputs } from './deviation';
import type { ChaiSettings } from './params';

export interface KernelRunResult {
  tables: Table[];
  charts: ChartSpec[];
  checks: Check[];
  metrics: Metric[];
  calibration: Calibration;
  notices: string[];
}

const F32 = 4;

/** Bytes our two passes move for S score rows: K of S heads, V of H heads, the score rows written once and read three times. */
export function kernelBytes(s: DecodeShape, scoreHeads: number): number {
  const { batch: B, context: T, heads: H, headDim: d } = s;
  return F32 * B * T * (scoreHeads * d + H * d + scoreHeads + 3 * H);
}

async function runOnce(gpu: Gpu, plan: DecodePlan): Promise<Float32Array> {
  await gpu.run(plan.encode);
  const { batch, heads, headDim } = plan.shape;
  return gpu.readF32(plan.o, batch * heads * headDim);
}

export async function runKernels(
  gpu: Gpu,
  s: ChaiSettings,
  syn: SyntheticRun,
  ctx: RunContext,
): Promise<KernelRunResult> {
  const { batch: x } = syn;
  const shape = x.shape;
  const H = shape.heads;
  checkDecodeLimits(gpu, shape);
  const timing = { warmup: 1, reps: s.reps, signal: ctx.signal };

  ctx.progress(0.5, 'baseline decode attention');
  const base = await planDecodeAttention(gpu, x.q, x.k, x.v, shape);
  const plans: DecodePlan[] = [base];
  try {
    const baseOut = await runOnce(gpu, base);
    const checks: Check[] = [
      compareArrays('baseline decode attention vs f64 CPU', baseOut, syn.baseline, ATTENTION_TOLERANCE),
    ];
    throwIfAborted(ctx.signal);

    ctx.progress(0.55, `CHAI decode at k = ${s.clusters}`);
    const atK = clusteredInputs(x, syn.clusterMap);
    const chai = await planChaiDecodeAttention(
      gpu,
      { q: x.q, kRep: atK.kRep, v: x.v, clusterMap: atK.clusterMap, clusters: atK.clusters },
      shape,
    );
    plans.push(chai);
    checks.push(
      compareArrays(
        `CHAI decode (k = ${s.clusters}) vs f64 CPU`,
        await runOnce(gpu, chai),
        chaiOutputCpu(x, syn.clusterMap),
        ATTENTION_TOLERANCE,
      ),
    );
    const ident = await planChaiDecodeAttention(
      gpu,
      { q: x.q, kRep: x.k, v: x.v, clusterMap: identityMap(H), clusters: H },
      shape,
    );
    plans.push(ident);
    checks.push(
      compareArrays('CHAI at k = H (identity map) = baseline, bit for bit', await runOnce(gpu, ident), baseOut, {
        atol: 0,
        rtol: 0,
      }),
    );
    throwIfAborted(ctx.signal);

    ctx.progress(0.6, 'timing the baseline');
    const baseBefore = await gpu.time(base.encode, timing);
    const ks = kGrid(H, [s.clusters]);
    const chaiTimes: TimingResult[] = [];
    const kBytes: number[] = [];
    for (const [i, k] of ks.entries()) {
      throwIfAborted(ctx.signal);
      ctx.progress(0.65 + (0.3 * i) / ks.length, `timing CHAI at k = ${k}`);
      const c = clusteredInputs(x, cutTree(syn.merges, H, k));
      const plan = await planChaiDecodeAttention(
        gpu,
        { q: x.q, kRep: c.kRep, v: x.v, clusterMap: c.clusterMap, clusters: k },
        shape,
      );
      kBytes.push(c.kRep.byteLength);
      try {
        chaiTimes.push(await gpu.time(plan.encode, timing));
      } finally {
        plan.destroy();
      }
    }
    // The baseline is timed before and after the sweep and its samples pooled, so slow drift
    // of the machine (SwiftShader shares the CPU) does not favour either side.
    const baseAfter = await gpu.time(base.encode, timing);
    const baseT = summarize([...baseBefore.samplesMs, ...baseAfter.samplesMs], baseBefore.method);
    const rows = ks.map((k, i) => {
      const t = chaiTimes[i]!;
      return [
        k,
        t.medianMs,
        t.minMs,
        baseT.medianMs,
        baseT.medianMs / t.medianMs,
        kernelBytes(shape, H) / kernelBytes(shape, k),
        kBytes[i]!,
        x.k.byteLength - kBytes[i]!,
      ];
    });

    const emu = gpu.isCpuEmulation;
    const tag = emu ? ' (CPU emulation)' : '';
    const m = (key: string, label: string, unit?: string) => ({
      key,
      label,
      unit,
      type: 'number' as const,
      provenance: 'measured' as const,
    });
    const latency: Table = {
      id: 'latency',
      title: `Measured decode latency vs k (B = ${shape.batch}, T = ${shape.context}, H = ${H}, d = ${shape.headDim}, f32)${tag}`,
      columns: [
        m('k', 'Clusters k'),
        m('chaiMs', `CHAI median${tag}`, 'ms'),
        m('chaiMinMs', `CHAI min${tag}`, 'ms'),
        m('baselineMs', `Baseline median${tag}`, 'ms'),
        m('speedup', `Speedup${tag}`, '×'),
        { ...m('modeledSpeedup', 'Bytes-moved ratio (our kernels)', '×'), provenance: 'computed' },
        { ...m('kBytes', 'K cache stored and read (representatives)', 'B'), provenance: 'computed' },
        { ...m('kBytesSaved', 'K cache not stored (vs all heads)', 'B'), provenance: 'computed' },
      ],
      rows,
      note: `Median of ${s.reps} repetitions (${baseT.method}; the baseline's ${2 * s.reps} from before and after the sweep), both passes per repetition. The bytes-moved ratio is what a memory-bound GPU would show; ${emu ? 'SwiftShader runs on the CPU and is compute-bound, so its speedup tracks FLOPs instead. These are not GPU timings.' : 'small shapes are latency-bound, so the measured speedup may fall short of it.'}`,
    };
    const atKRow = rows.find((r) => r[0] === s.clusters)!;
    const decodeBytes = F32 * shape.batch * shape.context * 2 * H * shape.headDim;
    const decodeGBs = decodeBytes / (baseT.medianMs * 1e6);
    const metrics: Metric[] = [
      {
        key: 'measuredSpeedup',
        label: `CHAI speedup at k = ${s.clusters}${tag}`,
        value: atKRow[4]!,
        unit: '×',
        provenance: 'measured',
      },
      { key: 'baselineMs', label: `Baseline decode${tag}`, value: baseT.medianMs, unit: 'ms', provenance: 'measured' },
      {
        key: 'decodeGBs',
        label: `Baseline K+V read rate${tag}`,
        value: decodeGBs,
        unit: 'GB/s',
        provenance: 'measured',
      },
    ];
    return {
      tables: [latency],
      checks,
      metrics,
      charts: [
        {
          id: 'latency',
          title: `Decode latency vs k${tag}`,
          kind: 'line',
          table: 'latency',
          x: 'k',
          y: 'chaiMs',
          rules: [{ axis: 'y', value: baseT.medianMs, label: 'baseline' }],
        },
      ],
      calibration: { decodeGBs, measuredSpeedup: atKRow[4]!, cpuEmulation: emu ? 1 : 0 },
      notices: emu
        ? ['Timings ran on SwiftShader, i.e. CPU emulation of a GPU: they show relative work, not GPU performance.']
        : [],
    };
  } finally {
    for (const p of plans) p.destroy();
  }
}
