// Kernel benchmarks: our WGSL kernels against what a user would pick instead (ONNX Runtime Web's
// WebGPU EP, TensorFlow.js's WebGPU backend) on the same device, in the same run, on the same
// inputs, and against the device's own roof (FMA and copy probes measured first). Each case is a
// module in cases/; peers load lazily, in a browser or in Node on our dawn.node device.
// `npm run bench` runs this experiment in headless Chromium and collects its CSV downloads.
import { measureCopy, measureFma } from '../../kernels/probe';
import { isAbortError, throwIfAborted } from '../runner';
import { UserInputError, type Cell, type Experiment, type Metric, type RunResult } from '../types';
import { errorText } from './harness/peerTiming';
import { BENCH_CASES } from './cases';
import { benchParams, readSettings } from './params';
import { createPeers, type Peers } from './peers';
import { geomean, ratios, type Roof } from './metrics';
import { benchCharts, casesTable, ivfTable, peersTable, ratiosTable, resultsTable, roofTable } from './tables';
import type { CaseResult } from './types';

const caseSwitches = (on: string[]) => Object.fromEntries(BENCH_CASES.map((c) => [c.id, on.includes(c.id)]));

/** Each peer's load: version and one-off cost, or why it is not there (only peers a case asked for). */
async function peerRows(peers: Peers, used: Set<string>): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for (const p of [peers.ort, peers.tfjs]) {
    if (!used.has(p.label)) continue;
    const loaded = await p.load();
    rows.push(loaded.ok ? [p.label, loaded.version, 'ok', loaded.loadMs] : [p.label, null, loaded.status, null]);
  }
  return rows;
}

export const benchmarks: Experiment = {
  id: 'benchmarks',
  title: 'Kernel benchmarks vs ORT Web and TensorFlow.js',
  topic: 'Device',
  summary:
    'Our attention, matmul, top-k, CSR aggregation and IVF kernels against ONNX Runtime Web (WebGPU) and ' +
    'TensorFlow.js (WebGPU) on this device, on the same inputs: median/min times, GFLOP/s or GB/s, share of ' +
    'the probed roof, ratio to each peer and the max error between outputs.',
  gpu: 'required',
  params: benchParams(BENCH_CASES),
  presets: [
    { id: 'all', label: 'All cases', values: caseSwitches(BENCH_CASES.map((c) => c.id)) },
    { id: 'attention', label: 'Attention (cross + decode)', values: caseSwitches(['xattn', 'decode']) },
    { id: 'matmul', label: 'Matmul and GEMV', values: caseSwitches(['matmul', 'gemv']) },
    { id: 'search', label: 'Top-k and IVF search', values: caseSwitches(['topk10', 'topk100', 'ivf']) },
    {
      id: 'ours-only',
      label: 'Ours only (no peers)',
      values: { ort: false, tfjs: false },
      note: 'Roof fractions without loading any peer library.',
    },
  ],
  async run(p, ctx): Promise<RunResult> {
    const gpu = ctx.gpu!;
    const s = readSettings(p, BENCH_CASES, gpu.isCpuEmulation);
    if (s.cases.length === 0)
      throw new UserInputError('benchmarks: every case is switched off; switch on at least one case');

    ctx.progress(0.01, 'probing the FMA roof');
    const probe = { targetMs: 10, reps: s.reps, signal: ctx.signal };
    const fma = await measureFma(gpu, probe);
    throwIfAborted(ctx.signal);
    ctx.progress(0.05, 'probing copy bandwidth');
    const copy = await measureCopy(gpu, { ...probe, maxBytes: 256 * 2 ** 20 });
    const roof: Roof = { fmaGflops: fma.rate, copyGBs: copy.rate };

    const peers = createPeers({ ort: s.ort, tfjs: s.tfjs, gpu });
    const results: CaseResult[] = [];
    const notices: string[] = [];
    const span = 0.9 / s.cases.length;
    for (const [i, c] of s.cases.entries()) {
      throwIfAborted(ctx.signal);
      const base = 0.1 + i * span;
      ctx.progress(base, c.title);
      try {
        results.push(
          await c.run({
            gpu,
            size: s.size,
            warmup: s.warmup,
            reps: s.reps,
            signal: ctx.signal,
            peers,
            // Forked by registry position: switching a case off does not change the others' data.
            rng: ctx.rng.fork(BENCH_CASES.indexOf(c) + 1),
            progress: (f, msg) => ctx.progress(base + f * span, `${c.title}: ${msg}`),
          }),
        );
      } catch (e) {
        if (isAbortError(e) || ctx.signal.aborted) throw e;
        // One kernel refusing a shape (a device limit, say) must not lose the other cases' numbers.
        results.push({
          caseId: c.id,
          title: c.title,
          shape: c.describe(s.size),
          flops: 0,
          bytes: 0,
          checks: [],
          impls: [{ impl: 'ours', role: 'ours', status: `failed: ${errorText(e)}` }],
        });
        notices.push(`${c.title}: our kernel failed (${errorText(e)})`);
      }
    }

    const rs = ratios(results);
    const vsPeers = rs.filter((r) => !r.versus.startsWith('ours')).map((r) => r.wall ?? NaN);
    const find = (caseId: string, prefix: string) => rs.find((r) => r.caseId === caseId && r.versus.startsWith(prefix));
    const ivfRows = results.flatMap((r) => r.extraRows?.filter((x) => x.table === 'ivf').flatMap((x) => x.rows) ?? []);
    const ratioMetric = (key: string, label: string, value: number | null | undefined, note: string): Metric => ({
      key,
      label,
      value: value ?? 'n/a',
      unit: typeof value === 'number' ? '×' : undefined,
      provenance: 'measured',
      note,
    });
    const matmulVsTfjs = find('matmul', 'tfjs');
    const metrics: Metric[] = [
      {
        ...ratioMetric(
          'geomeanSpeedup',
          'Ours vs peers (geometric mean, wall clock)',
          geomean(vsPeers),
          '> 1: ours faster',
        ),
        primary: true,
      },
      ratioMetric(
        'xattnVsOrt',
        'Cross-attention vs ORT MultiHeadAttention',
        find('xattn', 'ORT')?.wall,
        'goal: ≥ 1.5× at realistic shapes',
      ),
      ratioMetric('matmulVsTfjs', 'Matmul vs tfjs matMul', matmulVsTfjs?.gpu ?? matmulVsTfjs?.wall, 'goal: ≥ 1×'),
      ...(ivfRows.length
        ? [
            {
              key: 'ivfQps',
              label: 'IVF queries/s at the chosen nprobe',
              value: ivfRows.at(-1)![4] as number,
              unit: 'q/s',
              provenance: 'measured' as const,
              note: `nprobe=${ivfRows.at(-1)![0]}, recall@10 = ${(ivfRows.at(-1)![1] as number).toFixed(3)} (target ≥ 0.9)`,
            },
          ]
        : []),
      { key: 'fmaGflops', label: 'Probed f32 FMA roof', value: fma.rate, unit: 'GFLOP/s', provenance: 'measured' },
      { key: 'copyGBs', label: 'Probed copy bandwidth', value: copy.rate, unit: 'GB/s', provenance: 'measured' },
    ];
    if (gpu.isCpuEmulation) {
      notices.unshift(
        'CPU emulation (SwiftShader): these timings measure the CPU running all three libraries, not GPU performance; only the ratios between implementations mean something.',
      );
    }
    const usedPeers = new Set(results.flatMap((r) => r.impls.filter((i) => i.role === 'peer').map((i) => i.impl)));
    const peerLoads = await peerRows(peers, usedPeers);
    for (const [label, , status] of peerLoads)
      if (status !== 'ok' && !String(status).startsWith('off')) notices.push(`${label}: ${status}`);
    if (peerLoads.some(([, , status]) => status === 'ok'))
      notices.push(
        `${gpu.info.host === 'node' ? 'In Node the peers run on our own dawn.node GPUDevice' : 'Peers run on their own GPUDevice on the same adapter'}; their wall clock (submit → onSubmittedWorkDone, inputs resident on the GPU) includes each library's per-call dispatch overhead, as ours does.`,
      );
    ctx.progress(1, 'done');
    return {
      tables: [
        resultsTable(results, roof, gpu.isCpuEmulation),
        ratiosTable(rs),
        roofTable(fma, copy),
        ...(peerLoads.length ? [peersTable(peerLoads)] : []),
        ...(ivfRows.length ? [ivfTable(ivfRows)] : []),
        casesTable(BENCH_CASES, new Set(s.cases.map((c) => c.id)), s.size),
      ],
      metrics,
      checks: [fma.check, copy.check, ...results.flatMap((r) => r.checks)],
      charts: benchCharts(ivfRows.length > 0),
      notices,
    };
  },
};
