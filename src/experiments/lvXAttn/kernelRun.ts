// The measured half of LV-XAttn: run single-device attention, LV-XAttn and Ring Attention on
// device partitions of this GPU, check all three (CPU reference; distributed = single device),
// compare the bytes really copied with the cost model's traffic formulas, and time the kernel at
// the per-GPU block shape to calibrate the model's compute efficiency.
import type { Gpu } from '../../gpu/gpu';
import {
  attention,
  checkAttentionLimits,
  timeAttention,
  validateAttentionShape,
  type AttentionShape,
} from '../../kernels/attention';
import { compareAttention } from '../../kernels/attention';
import { lvXAttn } from '../../kernels/ring';
import { ringAttention } from '../../kernels/ring';
import { measureFma } from '../../kernels/probe';
import { throwIfAborted } from '../runner';
import type { Calibration, ChartSpec, Check, Metric, ParamValues, RunContext, Table } from '../types';
import { UserInputError } from '../types';
import { lvBytes, lvForwardHandBackBytes, ringBytes } from './model';
import { checkAgainstReference, type ReferenceCheckOptions } from './referenceCheck';

export interface KernelRunResult {
  tables: Table[];
  charts: ChartSpec[];
  checks: Check[];
  metrics: Metric[];
  calibration: Calibration;
  notices: string[];
}

const F32 = 4;

function shapeFrom(p: ParamValues): AttentionShape {
  const shape = {
    sQ: p.kernelTextTokens as number,
    sKV: p.kernelVisualTokens as number,
    heads: p.kernelHeads as number,
    kvHeads: p.kernelKvHeads as number,
    headDim: p.kernelHeadDim as number,
  };
  if (shape.heads % shape.kvHeads !== 0) {
    throw new UserInputError(
      `KV heads (${shape.kvHeads}) must divide heads (${shape.heads}) for grouped-query attention`,
    );
  }
  validateAttentionShape(shape);
  return shape;
}

/**
 * Forward bytes the cost model's own traffic formulas (model.ts, at f32) give for this shape,
 * summed over all partitions: n − 1 ring steps (per-step bytes are linear in the block size, so
 * the partitions' blocks sum to the whole sequence) plus, for LV-XAttn, the final (O, LSE)
 * hand-back — the same terms layerCost charges.
 */
export function modeledTraffic(s: AttentionShape, n: number): { lv: number; ring: number } {
  if (n <= 1) return { lv: 0, ring: 0 };
  const lv = (n - 1) * lvBytes(s.sQ, s, F32).fwd + lvForwardHandBackBytes(s.sQ, s, F32);
  const ring = (n - 1) * ringBytes(s.sKV, s, F32).fwd;
  return { lv, ring };
}

function random(ctx: RunContext, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => ctx.rng.uniform(-1, 1));
}

export async function runKernels(
  gpu: Gpu,
  p: ParamValues,
  ctx: RunContext,
  reference: ReferenceCheckOptions = {},
): Promise<KernelRunResult> {
  const s = shapeFrom(p);
  checkAttentionLimits(gpu, s);
  const n = p.kernelDevices as number;
  const q = random(ctx, s.sQ * s.heads * s.headDim);
  const k = random(ctx, s.sKV * s.kvHeads * s.headDim);
  const v = random(ctx, s.sKV * s.kvHeads * s.headDim);

  ctx.progress(0.05, 'single-device attention');
  const single = await attention(gpu, q, k, v, s);
  throwIfAborted(ctx.signal);
  ctx.progress(0.25, 'CPU reference');
  const checks: Check[] = checkAgainstReference('single-device attention vs CPU', q, k, v, s, single, reference);
  throwIfAborted(ctx.signal);
  ctx.progress(0.4, `LV-XAttn on ${n} partitions`);
  const lv = await lvXAttn(gpu, q, k, v, s, { devices: n });
  checks.push(...compareAttention(`LV-XAttn (${n} partitions) vs single device`, lv, single));
  throwIfAborted(ctx.signal);
  ctx.progress(0.55, `Ring Attention on ${n} partitions`);
  const ring = await ringAttention(gpu, q, k, v, s, { devices: n });
  checks.push(...compareAttention(`Ring Attention (${n} partitions) vs single device`, ring, single));
  throwIfAborted(ctx.signal);

  const modeled = modeledTraffic(s, n);
  for (const [name, counted, want] of [
    ['LV-XAttn', lv.totals.bytesSent, modeled.lv],
    ['Ring Attention', ring.totals.bytesSent, modeled.ring],
  ] as const) {
    checks.push({
      name: `${name}: bytes the ring copied = the cost model's traffic formula (f32)`,
      maxAbsError: Math.abs(counted - want),
      maxRelError: want ? Math.abs(counted - want) / want : 0,
      tolerance: 0,
      passed: counted === want,
      detail: `counted ${counted} B, formula ${want} B`,
    });
  }

  const steps: Table = {
    id: 'kernel-steps',
    title: `Real run on ${n} device partitions: bytes sent per step`,
    columns: [
      { key: 'algorithm', label: 'Algorithm', type: 'string', provenance: 'computed' },
      { key: 'step', label: 'Step', type: 'number', provenance: 'computed' },
      { key: 'bytes', label: 'Bytes copied', unit: 'B', type: 'number', provenance: 'computed' },
      {
        key: 'flops',
        label: 'Attention FLOPs',
        unit: 'FLOP',
        type: 'number',
        provenance: 'computed',
      },
    ],
    rows: [['LV-XAttn', lv] as const, ['Ring Attention', ring] as const].flatMap(([name, r]) =>
      r.steps.map((st) => [name, st.step, st.bytesSent, st.flops]),
    ),
    note: "Computed, not measured: bytes are the sizes of the copies the ring issued between the partitions' buffers on this one device (f32), summed over all partitions, and FLOPs are 4·S_Q·S_KV·h·d for the blocks each step ran. No link was timed.",
  };

  ctx.progress(0.7, 'timing the kernel at the per-GPU block shape');
  const block: AttentionShape = { ...s, sQ: Math.max(1, Math.ceil(s.sQ / n)), sKV: Math.max(1, Math.ceil(s.sKV / n)) };
  const timing = await timeAttention(gpu, block, { reps: 5, warmup: 1, signal: ctx.signal, seed: ctx.seed });
  throwIfAborted(ctx.signal);
  ctx.progress(0.85, "measuring this device's FMA peak");
  const fma = await measureFma(gpu, { targetMs: 4, reps: 3, signal: ctx.signal });
  const attentionEfficiency = Math.min(1, timing.gflops / fma.rate);

  const tag = gpu.isCpuEmulation ? ' (CPU emulation)' : '';
  const metrics: Metric[] = [
    {
      key: 'attentionGflops',
      label: `Attention kernel ${block.sQ}×${block.sKV} (h=${s.heads}, d=${s.headDim})${tag}`,
      value: timing.gflops,
      unit: 'GFLOP/s',
      provenance: 'measured',
    },
    {
      key: 'fmaGflops',
      label: `FMA peak (this device)${tag}`,
      value: fma.rate,
      unit: 'GFLOP/s',
      provenance: 'measured',
    },
    {
      key: 'attentionEfficiency',
      label: `Attention / FMA peak${tag}`,
      value: 100 * attentionEfficiency,
      unit: '%',
      provenance: 'measured',
    },
    {
      key: 'lvBytesTotal',
      label: 'LV-XAttn bytes copied between partitions (real run)',
      value: lv.totals.bytesSent,
      unit: 'B',
      provenance: 'computed',
    },
    {
      key: 'ringBytesTotal',
      label: 'Ring Attention bytes copied between partitions (real run)',
      value: ring.totals.bytesSent,
      unit: 'B',
      provenance: 'computed',
    },
  ];
  const notices = gpu.isCpuEmulation
    ? [
        'The real run used CPU emulation (SwiftShader): its timings are not GPU performance, and its efficiency is not carried into the cluster model.',
      ]
    : [];
  const charts: ChartSpec[] = [
    {
      id: 'kernel-steps',
      title: 'Real run: bytes sent per step',
      kind: 'bar',
      table: 'kernel-steps',
      x: 'step',
      y: 'bytes',
      series: 'algorithm',
    },
  ];
  return {
    tables: [steps],
    charts,
    checks,
    metrics,
    calibration: {
      attentionEfficiency,
      fmaGflops: fma.rate,
      attentionGflops: timing.gflops,
      cpuEmulation: gpu.isCpuEmulation ? 1 : 0,
    },
    notices,
  };
}
