// The measured part of the experiment: replays one update/query stream against every selected
// maintenance policy on the GPU. All policies start from the same initial index (one k-means
// build, cloned) and see the same batches; per batch the update path (route inserts, deletes,
// the policy's maintenance, the GPU list rebuild) is timed, split into GPU calls (upload →
// readback) and TypeScript bookkeeping; the batch's reads then run on the GPU (one submit, no
// result readback) and, for Ada-IVF only, their probes feed the read temperatures. At
// checkpoints every index is evaluated against exact ground truth.
import type { Gpu } from '../../gpu/gpu';
import type { VectorWorkload } from '../../data/vectorWorkload';
import { updateTemperatures } from './ivfAda';
import { CountingEngine } from './ivfEngine';
import type { IndexStats, IvfIndex } from './ivfIndex';
import { rebuildEvaluations, type EventKind, type MaintenancePolicy, type PolicyParams } from './ivfPolicy';
import { buildInitialIndex, runBatch } from './ivfStream';
import { throwIfAborted } from '../runner';
import type { RunContext } from '../types';
import { evaluateIndex, groundTruth, type Evaluation, type GroundTruth } from './evaluate';
import { GpuClusterEngine } from './gpuEngine';
import { GpuIvfMirror } from './gpuMirror';

export interface MeasureOptions {
  k: number;
  nprobe: number;
  targetRecall: number;
  timingReps: number;
}

export interface TimelinePoint extends IndexStats {
  batch: number;
  cumulativeUpdateMs: number;
}

export interface PolicyResult {
  id: string;
  label: string;
  updates: number;
  updateMs: number;
  gpuMs: number;
  distanceEvaluations: number;
  events: Record<EventKind, number>;
  /** Of distanceEvaluations, those spent in full rebuilds (a policy's own or Ada-IVF's global ones). */
  rebuildEvaluations: number;
  timeline: TimelinePoint[];
  evaluations: { batch: number; ev: Evaluation }[];
  final: IvfIndex;
  /** GPU list sizes read back at the end, for the layout check. */
  gpuListSizes: number[];
}

export interface StreamResult {
  policies: PolicyResult[];
  truths: Map<number, GroundTruth>;
  initialBuildMs: number;
}

const noEvents = (): Record<EventKind, number> => ({
  rebuild: 0,
  split: 0,
  merge: 0,
  recluster: 0,
  means: 0,
  'dedrift-split': 0,
});

export async function runPolicies(
  gpu: Gpu,
  w: VectorWorkload,
  policies: MaintenancePolicy[],
  params: PolicyParams,
  m: MeasureOptions,
  ctx: RunContext,
): Promise<StreamResult> {
  const rows = w.data.length / w.d;
  const x = gpu.upload(w.data, 'adaIvf.vectors');
  const truths = new Map<number, GroundTruth>();
  const out: PolicyResult[] = [];
  try {
    const t0 = performance.now();
    const initEngine = new GpuClusterEngine(gpu, x, rows, w.data, w.d, ctx.rng.fork(10));
    const initial = await buildInitialIndex(w.data, w.d, w.initial, initEngine, params);
    const initialBuildMs = performance.now() - t0;
    const total = policies.length * (w.batches.length + 1);
    let step = 0;
    for (const [pi, policy] of policies.entries()) {
      const gpuEngine = new GpuClusterEngine(gpu, x, rows, w.data, w.d, ctx.rng.fork(100 + pi));
      const engine = new CountingEngine(gpuEngine, w.d);
      const mirror = new GpuIvfMirror(gpu, x, rows, w.d);
      const index = initial.clone();
      policy.start?.(index);
      const r: PolicyResult = {
        id: policy.id,
        label: policy.label,
        updates: 0,
        updateMs: 0,
        gpuMs: 0,
        distanceEvaluations: 0,
        events: noEvents(),
        rebuildEvaluations: 0,
        timeline: [],
        evaluations: [],
        final: index,
        gpuListSizes: [],
      };
      try {
        await mirror.sync(index);
        const evaluate = async (batch: number) => {
          const queries = w.evaluations.get(batch);
          if (!queries) return;
          let gt = truths.get(batch);
          if (!gt) {
            gt = await groundTruth(gpu, x, rows, w.d, index.liveIds(), queries, m.k);
            truths.set(batch, gt);
          }
          const last = batch === w.batches.length;
          r.evaluations.push({
            batch,
            ev: await evaluateIndex(gpu, mirror, index, queries, gt, {
              target: m.targetRecall,
              curve: last,
              reps: m.timingReps,
              signal: ctx.signal,
            }),
          });
        };
        r.timeline.push({ batch: 0, cumulativeUpdateMs: 0, ...index.stats() });
        await evaluate(0);
        for (const [t, batch] of w.batches.entries()) {
          throwIfAborted(ctx.signal);
          ctx.progress(++step / total, `${policy.label}: batch ${t + 1}/${w.batches.length}`);
          const start = performance.now();
          const gpuBefore = gpuEngine.gpuMs + mirror.syncMs;
          const events = await runBatch(index, batch, policy, { engine, params });
          await mirror.sync(index);
          r.updateMs += performance.now() - start;
          r.gpuMs += gpuEngine.gpuMs + mirror.syncMs - gpuBefore;
          r.updates += batch.insertEnd - batch.insertStart + batch.deletes.length;
          for (const e of events) {
            r.events[e.kind]++;
            if (e.kind === 'rebuild') r.rebuildEvaluations += rebuildEvaluations(e.vectors, params);
          }
          r.timeline.push({ batch: t + 1, cumulativeUpdateMs: r.updateMs, ...index.stats() });
          if (batch.queries.length > 0) {
            const reads = await mirror.prepare(batch.queries, m.k, m.nprobe);
            try {
              // One submit; the results are not read back, the probes only for Ada-IVF's temperatures.
              const pr = await mirror.serveReads(reads, m.nprobe, policy.usesReadTemperatures === true);
              if (pr)
                updateTemperatures(index, pr.probes, pr.dist, reads.q, pr.stride, m.nprobe, params.eta, params.nu);
            } finally {
              reads.destroy();
            }
          }
          await evaluate(t + 1);
        }
        r.distanceEvaluations = engine.distanceEvaluations;
        const offsets = await mirror.offsets();
        r.gpuListSizes = Array.from({ length: offsets.length - 1 }, (_, c) => offsets[c + 1]! - offsets[c]!);
      } finally {
        mirror.destroy();
      }
      out.push(r);
    }
    return { policies: out, truths, initialBuildMs };
  } finally {
    x.destroy();
  }
}
