// The measured half of GraphSnapShot: every sampler drives real GPU kernels — cache build and
// refresh with the sampling kernel over the dense nodes, DENSE multi-hop sampling over the
// per-hop graphs the cache exposes, GraphSAGE training — and is timed per batch on this device.
// Accuracy vs FBL comes from full-graph inference after each epoch. On an unlabelled graph (an
// uploaded edge list without labels) nothing trains: each batch is sampled and then aggregated by
// a forward GraphSAGE pass over its block, and both are timed; accuracy is not reported.
import type { Gpu } from '../../gpu/gpu';
import { DenseSampler } from '../../kernels/graph';
import { denseSampleReference } from '../../kernels/graph/sampleDense.reference';
import { NeighborSampler } from '../../kernels/graph';
import { sampleNeighborsReference } from '../../kernels/graph/sampleNeighbors.reference';
import { SageModel } from '../../kernels/graph';
import { initSageParams } from '../../kernels/graph/sageModel.reference';
import { blockRows, evaluate, samplerStructure, uploadTask } from '../../kernels/graph';
import type { NodeClassificationGraph } from '../../data/graphs/generators';
import { throwIfAborted } from '../runner';
import type { Calibration, ChartSpec, Check, Metric, ParamValues, RunContext, Table } from '../types';
import { taskOf, workloadOf } from './modelView';
import { batchSchedule, batchSeed, configFor, statsOf, type SamplerStats } from './simulate';
import { SAMPLER_KINDS, SnapshotCache } from './snapshotCache';
import { runCharts, runMetrics, runTables } from './runView';

/**
 * testAcc is null on unlabelled graphs; trainMs is then the forward (aggregation) pass alone.
 * refreshMs: cache build + refresh sampling on the already-resident full graph, plus uploading the
 * changed cache graphs and rebuilding the DENSE plan over them; the one-time full-graph upload is
 * timed apart (SnapshotRunResult.uploadMs), so it does not bias any sampler's refresh time.
 */
export interface SamplerRun {
  stats: SamplerStats;
  testAcc: number | null;
  samplingMs: number;
  trainMs: number;
  refreshMs: number;
}

/** Unlabelled graphs use every node as a seed: cap the batches so a big graph stays a quick run. */
export const MAX_UNLABELLED_BATCHES = 40;
export interface SnapshotRunResult {
  tables: Table[];
  metrics: Metric[];
  checks: Check[];
  charts: ChartSpec[];
  runs: SamplerRun[];
  calibration: Calibration;
  notices: string[];
  uploadMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const exactCheck = (name: string, ok: boolean, detail: string): Check => ({
  name,
  maxAbsError: ok ? 0 : Infinity,
  maxRelError: ok ? 0 : Infinity,
  tolerance: 0,
  passed: ok,
  detail,
});
const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, i) => v === b[i]);

export async function runSnapshot(
  gpu: Gpu,
  p: ParamValues,
  ctx: RunContext,
  task: NodeClassificationGraph = taskOf(p),
  labelled = true,
): Promise<SnapshotRunResult> {
  const g = task.graph;
  const epochs = p.runEpochs as number;
  const perEpoch = Math.ceil(task.train.length / (p.batchSize as number));
  const capped = !labelled && epochs * perEpoch > MAX_UNLABELLED_BATCHES;
  const w = workloadOf(p, capped ? MAX_UNLABELLED_BATCHES : epochs * perEpoch, task);
  const schedule = batchSchedule(w);
  const dims = [task.featureDim, ...Array<number>(w.fanouts.length - 1).fill(p.hidden as number), task.numClasses];
  const init = initSageParams(dims, ctx.rng.fork(3));
  const gpuTask = uploadTask(gpu, task);
  // The full graph goes to the GPU once per run: cache refreshes sample it through this plan and the
  // DENSE samplers read it from here, instead of re-uploading the CSR on every refresh.
  let fullGraph: NeighborSampler;
  const tu = performance.now();
  try {
    fullGraph = await NeighborSampler.create(gpu, g);
  } catch (e) {
    gpuTask.destroy();
    throw e;
  }
  const uploadMs = performance.now() - tu;
  const resident = new Map([[g, fullGraph.buffers]]);
  const checks: Check[] = [];
  const runs: SamplerRun[] = [];
  const curves: (string | number)[][] = [];
  let totalTouches = 0;
  let totalSamplingMs = 0;
  try {
    for (const [si, kind] of SAMPLER_KINDS.entries()) {
      const cache = new SnapshotCache(g, configFor(w, kind));
      const model = await SageModel.create(
        gpu,
        gpuTask.features,
        gpuTask.labels,
        {
          dims,
          maxRows: g.numNodes,
          maxBlockNnz: g.numNodes * Math.max(...w.fanouts),
          optimizer: { kind: 'adam', lr: p.learningRate as number, weightDecay: 0 },
        },
        init,
      );
      let sampler: DenseSampler | null = null;
      let version = -1;
      const samplingMs: number[] = [];
      const trainMs: number[] = [];
      let refreshMs = 0;
      let blockEdges = 0;
      let testAcc = 0;
      try {
        for (const [b, seeds] of schedule.entries()) {
          if (b % perEpoch === 0)
            ctx.progress(
              0.05 + (0.9 * (si * schedule.length + b)) / (SAMPLER_KINDS.length * schedule.length),
              `${kind}: batch ${b + 1}/${schedule.length}`,
            );
          for (const req of cache.requests(b)) {
            const t = performance.now();
            const rows = await fullGraph.sample(req.nodes, req.fanout, req.seed);
            refreshMs += performance.now() - t;
            if (b === 0 && req.cache === 0 && kind === 'FCR') {
              const want = sampleNeighborsReference(g, req.nodes, req.fanout, req.seed);
              checks.push(
                exactCheck(
                  `FCR cache build: ${req.nodes.length} rows × ${req.fanout} (GPU = CPU, exact)`,
                  same(rows.neighbors, want.neighbors) && same(rows.counts, want.counts),
                  'sample kernel over the dense nodes',
                ),
              );
            }
            cache.apply(b, req, rows);
          }
          if (cache.graphVersion !== version) {
            // New cache contents: upload the changed per-hop graphs (the full graph stays resident) and rebuild the plan.
            const t = performance.now();
            sampler?.destroy();
            sampler = null;
            sampler = await DenseSampler.create(gpu, cache.hopGraphs(), w.fanouts, w.batchSize, resident);
            version = cache.graphVersion;
            refreshMs += performance.now() - t;
          }
          const t0 = performance.now();
          await sampler!.run(seeds, batchSeed(w, b));
          samplingMs.push(performance.now() - t0);
          const block = await sampler!.read();
          if (b === 0 && (kind === 'FBL' || kind === 'OTF-SC')) {
            const want = denseSampleReference(cache.hopGraphs(), seeds, w.fanouts, batchSeed(w, b));
            checks.push(
              exactCheck(
                `${kind}: DENSE block over the ${kind === 'FBL' ? 'full graph' : 'cache'} (GPU = CPU, exact)`,
                same(block.nodeIds, want.nodeIds) &&
                  same(block.blockIndices, want.blockIndices) &&
                  same(block.blockIndptr, want.blockIndptr),
                `${block.nodeIds.length} nodes, ${block.blockIndices.length} sampled edges`,
              ),
            );
          }
          cache.record(b, block);
          blockEdges += block.blockIndices.length;
          const t1 = performance.now();
          const structure = samplerStructure(sampler!, `${kind}:${version}`);
          const rows = blockRows(block.hopOffsets, model.L);
          const r = labelled
            ? await model.trainStep(structure, { indptr: block.blockIndptr, indices: block.blockIndices, rows })
            : await model.predict(structure, rows);
          trainMs.push(performance.now() - t1);
          if (labelled && 'loss' in r && (b + 1) % perEpoch === 0) {
            testAcc = (await evaluate(model, gpuTask)).test;
            curves.push([kind, (b + 1) / perEpoch, r.loss, testAcc]);
          }
          throwIfAborted(ctx.signal);
        }
      } finally {
        sampler?.destroy();
        model.destroy();
      }
      const stats = statsOf(cache, kind, blockEdges);
      totalTouches += (stats.slowTouches + stats.fastTouches) * schedule.length;
      totalSamplingMs += samplingMs.reduce((a, x) => a + x, 0);
      runs.push({
        stats,
        testAcc: labelled ? testAcc : null,
        samplingMs: median(samplingMs),
        trainMs: median(trainMs),
        refreshMs,
      });
    }
  } finally {
    fullGraph.destroy();
    gpuTask.destroy();
  }
  const cacheEdgesPerSec = totalTouches / (totalSamplingMs / 1000);
  const computeMs = median(runs.map((r) => r.trainMs));
  const notices = [
    labelled
      ? `Real run: ${SAMPLER_KINDS.length} samplers × ${schedule.length} batches of ${w.batchSize} seeds on ${task.name}; ${w.fanouts.length}-layer GraphSAGE, Adam, same initial weights and batches for every sampler.`
      : `Real run without labels: ${SAMPLER_KINDS.length} samplers × ${schedule.length} batches of ${w.batchSize} seeds on ${task.name}; each batch is sampled, then aggregated by a ${w.fanouts.length}-layer GraphSAGE forward pass (timed); nothing trains.`,
  ];
  if (capped)
    notices.push(
      `Without labels every node is a seed: the run stops after ${MAX_UNLABELLED_BATCHES} batches (of ${epochs * perEpoch} for ${epochs} epochs).`,
    );
  notices.push(
    `Full graph uploaded once for the run (${uploadMs.toFixed(1)} ms, not counted in any sampler's times); cache refresh time covers the refresh sampling, uploading the changed cache graphs and rebuilding the DENSE plan.`,
  );
  if (gpu.isCpuEmulation)
    notices.push('Per-batch times were measured on CPU emulation (SwiftShader): they say nothing about GPU speed.');
  // A forward pass alone would understate the per-batch compute the cost model means: calibrate it only from training.
  return {
    tables: runTables(runs, curves, labelled),
    metrics: runMetrics(runs, labelled),
    checks,
    charts: runCharts(labelled),
    runs,
    notices,
    uploadMs,
    calibration: labelled ? { cacheEdgesPerSec, computeMs } : { cacheEdgesPerSec },
  };
}
