// The measured half of Marius++: train the same GraphSAGE (same initial weights, same seeds) on
// the same graph three ways — in memory, out of core with BETA, out of core with COMET — on this
// device's GPU, and compare accuracy, the bytes a disk would have moved, and time per epoch.
// Also checks the GPU sampling, aggregation and loss against the CPU references on this graph.
import type { Gpu } from '../../gpu/gpu';
import { createRng } from '../../data/pcg32';
import { generateSbm, type NodeClassificationGraph } from '../../data/graphs/generators';
import { karateClubTask, lesMiserablesTask } from '../../data/graphs/realGraphs';
import { DenseSampler } from '../../kernels/graph';
import { SageModel } from '../../kernels/graph';
import { initSageParams } from '../../kernels/graph/sageModel.reference';
import { batchesOf, evaluate, graphChecks, trainBatch, uploadTask } from '../../kernels/graph';
import { throwIfAborted } from '../runner';
import type { Calibration, ChartSpec, Check, Metric, ParamValues, RunContext, Table } from '../types';
import { orderingFor, planEpoch, type RunMode } from './outOfCore';
import { runCharts, runMetrics, runTables } from './runView';

export function runTask(p: ParamValues, seed: number): NodeClassificationGraph {
  if (p.runGraph === 'karate') return karateClubTask(seed);
  if (p.runGraph === 'lesmis') return lesMiserablesTask(seed);
  return generateSbm({
    numNodes: p.runNodes as number,
    communities: p.runCommunities as number,
    avgDegree: p.runDegree as number,
    homophily: p.runHomophily as number,
    featureDim: 16,
    featureNoise: p.runNoise as number,
    trainFraction: 0.5,
    validFraction: 0.1,
    seed,
  });
}

export interface ModeSummary {
  mode: RunMode;
  testAcc: number;
  readBytes: number;
  swaps: number;
  states: number;
  epochMs: number;
  sampledEdges: number;
  seedsTrained: number;
}

export interface TrainRunResult {
  tables: Table[];
  metrics: Metric[];
  checks: Check[];
  charts: ChartSpec[];
  summaries: ModeSummary[];
  calibration: Calibration;
  notices: string[];
}

const MODES: RunMode[] = ['in-memory', 'BETA', 'COMET'];

/** `task`: the graph to train on (an uploaded one); default: the one the real-run sliders make. */
export async function runTraining(
  gpu: Gpu,
  p: ParamValues,
  ctx: RunContext,
  task: NodeClassificationGraph = runTask(p, ctx.seed),
): Promise<TrainRunResult> {
  // Refuse a bad buffer configuration before any GPU work.
  for (const mode of ['BETA', 'COMET'] as const)
    orderingFor(mode, p.runPartitions as number, p.runCapacity as number, p.runCometRatio as number, createRng(0));
  const g = task.graph;
  const fanouts = [p.fanout1 as number, p.fanout2 as number];
  const dims = [task.featureDim, p.hidden as number, task.numClasses];
  const init = initSageParams(dims, ctx.rng.fork(7));
  const batchSize = p.batchSize as number;
  const rowBytes = task.featureDim * 4;
  const gpuTask = uploadTask(gpu, task);
  const curve: (string | number)[][] = [];
  const summaries: ModeSummary[] = [];
  try {
    ctx.progress(0.02, 'checking GPU kernels against CPU references');
    const checkSeeds = task.train.slice(0, Math.min(batchSize, task.train.length));
    const checks = await graphChecks(gpu, g, task, checkSeeds, fanouts, ctx.seed, init);
    for (const [m, mode] of MODES.entries()) {
      const model = await SageModel.create(
        gpu,
        gpuTask.features,
        gpuTask.labels,
        {
          dims,
          maxRows: g.numNodes,
          maxBlockNnz: g.numNodes * Math.max(...fanouts),
          optimizer: { kind: 'adam', lr: p.learningRate as number, weightDecay: 0 },
        },
        init,
      );
      const sum: ModeSummary = {
        mode,
        testAcc: 0,
        readBytes: 0,
        swaps: 0,
        states: 0,
        epochMs: 0,
        sampledEdges: 0,
        seedsTrained: 0,
      };
      const epochTimes: number[] = [];
      try {
        const epochs = p.runEpochs as number;
        for (let epoch = 0; epoch < epochs; epoch++) {
          ctx.progress(
            0.1 + (0.85 * (m * epochs + epoch)) / (MODES.length * epochs),
            `${mode}: epoch ${epoch + 1}/${epochs}`,
          );
          const rng = createRng(ctx.seed + 1000 * epoch); // the same batches and orderings for every mode
          const t0 = performance.now();
          const plan = planEpoch(
            g,
            task.train,
            rowBytes,
            mode,
            p.runPartitions as number,
            p.runCapacity as number,
            p.runCometRatio as number,
            rng,
          );
          let loss = 0;
          let correct = 0;
          let seen = 0;
          for (const [k, state] of plan.states.entries()) {
            if (state.trainNodes.length === 0) continue;
            const sampler = await DenseSampler.create(gpu, state.graph, fanouts, batchSize);
            try {
              for (const [b, seeds] of batchesOf(state.trainNodes, batchSize, rng.fork(k)).entries()) {
                throwIfAborted(ctx.signal); // per batch: a state can hold many batches, each a GPU round trip
                const r = await trainBatch(
                  model,
                  sampler,
                  `${mode}:${epoch}:${k}`,
                  seeds,
                  ctx.seed + epoch * 7919 + k * 104_729 + b,
                  task.labels,
                );
                loss += r.loss * seeds.length;
                correct += r.correct;
                seen += seeds.length;
                sum.sampledEdges += r.sampledEdges;
              }
            } finally {
              sampler.destroy();
            }
            throwIfAborted(ctx.signal);
          }
          epochTimes.push(performance.now() - t0);
          const acc = await evaluate(model, gpuTask);
          // In memory, the graph is loaded once; out of core, every epoch streams through the buffer.
          const bytes = mode === 'in-memory' && epoch > 0 ? 0 : plan.readBytes;
          sum.readBytes += bytes;
          sum.swaps += plan.swaps;
          sum.states = plan.states.length;
          sum.seedsTrained += seen;
          sum.testAcc = acc.test;
          curve.push([
            mode,
            epoch + 1,
            loss / Math.max(1, seen),
            correct / Math.max(1, seen),
            acc.test,
            bytes,
            epochTimes[epoch]!,
          ]);
        }
      } finally {
        model.destroy();
      }
      sum.epochMs = median(epochTimes.slice(epochTimes.length > 1 ? 1 : 0));
      summaries.push(sum);
    }
    const inMem = summaries[0]!;
    const epochs = p.runEpochs as number;
    const seedsPerSecond = inMem.seedsTrained / epochs / (inMem.epochMs / 1000);
    const notices = [
      `Real run on ${task.name}: ${g.numNodes} nodes, ${g.indices.length / 2} undirected edges, ${task.train.length} training nodes, ` +
        `${task.numClasses} classes; 2-layer GraphSAGE (mean), fanouts ${fanouts.join('/')}, DENSE sampling, Adam.`,
      'Out-of-core runs really train only on the subgraph resident in each buffer state; the disk itself is simulated (bytes counted, not timed).',
    ];
    if (gpu.isCpuEmulation)
      notices.push('Epoch times were measured on CPU emulation (SwiftShader): they calibrate nothing about GPUs.');
    return {
      tables: runTables(curve, summaries),
      metrics: runMetrics(summaries),
      checks,
      charts: runCharts(),
      summaries,
      notices,
      calibration: { seedsPerSecond, sampledEdgesPerSecond: inMem.sampledEdges / epochs / (inMem.epochMs / 1000) },
    };
  } finally {
    gpuTask.destroy();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}
