// Bagpipe (Agarwal et al., SOSP 2023): lookahead embedding caching for recommendation training.
// The live model computes every cache policy's expected per-iteration counts at paper scale in
// closed form and times an iteration on a modeled 8-trainer cluster (model.ts, modelView.ts).
// Run replays a trace exactly — a scaled-down generated trace or the user's file — through no
// cache, lookahead 1, LRU, FAE, Bagpipe's Oracle Cacher and Belady's MIN, measures the replay
// speed, checks the closed forms against the replay, and for a file feeds its counts to the cluster.
// With WebGPU, Run also trains a small DLRM on real WGSL kernels with and without a Bagpipe cache
// (kernelRun.ts) and compares loss curves and bytes moved; with several data-parallel trainers
// sharing the GPU it runs Bagpipe's all-reduce paths (now, later, none) against synchronous
// data-parallel training (multiTrainerRun.ts).
import type { Experiment, ParamValues, RunContext, RunResult } from '../types';
import { UserInputError } from '../types';
import { mergeResults } from '../mergeResults';
import { scaledTables } from './datasets';
import { countsToCalibration, expectedFor, workloadFrom } from './model';
import { buildModelResult } from './modelView';
import { bagpipeClaims } from './paperClaims';
import { bagpipeParams, bagpipePresets } from './params';
import { prepareStepped, replayPolicies, type ReplayResult } from './replay';
import { closedFormComparison, idsPerSecond, policiesTable, replayMetrics, throughputTable } from './runView';
import type { PolicyKey } from './policyTypes';
import { parseTraceFile } from './traceFile';
import { runGpuTraining } from './kernelRun';
import { fileSource, generatorSource, type TraceSource } from './traceSources';

/** Above this many generated ids a replay is refused (memory and minutes). */
export const MAX_REPLAY_IDS = 500_000_000;

export const bagpipe: Experiment = {
  id: 'bagpipe',
  title: 'Bagpipe: lookahead embedding caching',
  topic: 'Recommendation',
  summary:
    'Recommendation training spends most of each iteration fetching and synchronising embedding rows. Bagpipe ' +
    'looks ahead at the next L batches to keep exactly the rows that will be reused and prefetch the rest. Its Oracle Cacher, ' +
    "LRU, FAE and Belady's bound replay the same trace exactly; a modeled 8-trainer cluster turns the counts into iteration time.",
  paper: {
    title: 'Bagpipe: Accelerating Deep Recommendation Model Training',
    authors: 'Saurabh Agarwal, Chengpo Yan, Ziyi Zhang, Shivaram Venkataraman',
    venue: 'SOSP',
    year: 2023,
    url: 'https://arxiv.org/abs/2202.12429',
    claims: bagpipeClaims,
  },
  gpu: 'optional',
  params: bagpipeParams,
  presets: bagpipePresets,
  model: (p, calibration) => buildModelResult(p, calibration),
  run: runReplay,
};

interface ReplaySetup {
  source: TraceSource;
  cacheRows: number;
  cacheLabel: string;
  scale: number;
  notices: string[];
}

function setupReplay(p: ParamValues, ctx: RunContext): ReplaySetup {
  const notices: string[] = [];
  if (p.traceSource === 'file') {
    const file = ctx.files.traceFile;
    if (!file) throw new UserInputError('Access trace is "Your trace file": choose a trace file first');
    const raw = parseTraceFile(file.bytes, file.name);
    notices.push(
      `Replayed your trace "${file.name}" whole (${raw.batchStart.length - 1} batches, ${raw.ids.length} ids), unscaled, with C = ${p.cacheRows} rows.`,
    );
    return {
      source: fileSource(raw),
      cacheRows: p.cacheRows as number,
      cacheLabel: `cacheRows = ${p.cacheRows}`,
      scale: 1,
      notices,
    };
  }
  if (p.traceFile)
    notices.push(`The trace file "${String(p.traceFile)}" is used only when Access trace is "Your trace file".`);
  const w = workloadFrom(p);
  const scale = p.replayScale as number;
  const tables = scaledTables(w.dataset.tables, scale);
  const E = Math.max(1, Math.round(w.examplesPerBatch / scale));
  const B = p.replayBatches as number;
  const ids = B * E * tables.length;
  if (ids > MAX_REPLAY_IDS)
    throw new UserInputError(
      `the replay would generate ${ids.toExponential(2)} ids (${B} batches × ${E} examples × ${tables.length} tables); ` +
        `the limit is ${MAX_REPLAY_IDS.toExponential(0)}: lower "Batches to replay" or raise the scale-down factor`,
    );
  const cacheRows = Math.max(1, Math.round(w.cacheRows / scale));
  notices.push(
    `Replayed ${B} batches of a ${w.source === 'uniform' ? 'uniform' : w.dataset.name + '-like'} trace at 1/${scale} scale: ` +
      `${E} examples per batch, tables of ${tables.reduce((a, b) => a + b, 0)} rows in all, C = ${cacheRows} rows, ` +
      `L = ${w.lookahead} (lookahead and cleanup are in iterations and are not scaled), exponent s = ${w.exponent.toFixed(3)}.`,
  );
  return {
    source: generatorSource({
      name: w.dataset.name,
      tables,
      exponent: w.exponent,
      examplesPerBatch: E,
      numBatches: B,
      seed: ctx.seed,
    }),
    cacheRows,
    cacheLabel: scale === 1 ? `cacheRows = ${cacheRows}` : `cacheRows = ${w.cacheRows} ÷ ${scale} = ${cacheRows}`,
    scale,
    notices,
  };
}

async function runReplay(p: ParamValues, ctx: RunContext): Promise<RunResult> {
  const setup = setupReplay(p, ctx);
  const share = p.gpuRun && ctx.gpu ? 0.6 : 1; // of the progress bar, for the replay
  const hooks = { signal: ctx.signal, progress: (f: number, m: string) => ctx.progress(f * share, m) };
  const trainers = p.trainers as number;
  const { trace, spent } = await prepareStepped(setup.source, trainers, hooks);
  const replay = await replayPolicies(
    setup.source,
    trace,
    {
      lookahead: p.lookahead as number,
      cleanupFraction: p.cleanupFraction as number,
      cacheRows: setup.cacheRows,
      trainers,
      faeThreshold: p.faeHotShare as number,
      cacheLabel: setup.cacheLabel,
    },
    hooks,
  );
  const r: ReplayResult = { ...replay, trace, prepareSeconds: spent.seconds, prepareCpuSeconds: spent.cpuSeconds };
  const embDim = p.embDim as number;
  const title =
    p.traceSource === 'file'
      ? `Exact replay of your trace (${trace.numBatches} batches, ${trace.numRows} distinct rows)`
      : `Exact replay at 1/${setup.scale} scale (${trace.numBatches} batches, ${trace.numRows} distinct rows)`;
  const tables = [policiesTable(r, trainers, embDim, title), throughputTable(r)];
  const checks = [];
  if (p.traceSource !== 'file') {
    const w = workloadFrom(p);
    const e = expectedFor(w, setup.scale, trace.numBatches);
    const cmp = closedFormComparison(r, e);
    tables.push(cmp.table);
    checks.push(...cmp.checks);
  }
  if (r.fae.capped)
    setup.notices.push(
      `FAE: ${r.fae.aboveThreshold} rows pass the hot threshold on this trace; the ${r.fae.hotRows} most accessed fit the cache and are replicated.`,
    );
  const metrics = replayMetrics(r);
  // A replay too short to time (NaN) calibrates nothing: the model keeps the slider's speed.
  const speedOf = (k: PolicyKey, key: string) => {
    const v = idsPerSecond(r.timings.find((t) => t.key === k)!);
    return Number.isNaN(v) ? {} : { [key]: v };
  };
  const calibration = {
    ...speedOf('oracle', 'oracleIdsPerSecond'),
    ...speedOf('lru', 'lruIdsPerSecond'),
    ...countsToCalibration(r.counts),
  };
  let gpuPart = {};
  if (p.gpuRun && ctx.gpu) {
    const g = await runGpuTraining(ctx.gpu, p, {
      ...ctx,
      progress: (f, m) => ctx.progress(share + f * (1 - share), m),
    });
    setup.notices.push(...g.notices);
    gpuPart = { ...g, notices: [] };
  } else if (p.gpuRun)
    setup.notices.push('No WebGPU: the DLRM training run was skipped; the replay and the model need no GPU.');
  ctx.progress(1, 'done');
  return mergeResults(
    { notices: setup.notices },
    { tables, metrics, checks, calibration },
    gpuPart,
    buildModelResult(p, calibration),
  );
}
