// GraphSnapShot (Liu et al., arXiv 2406.17918): cache sampled local structure of high-degree
// nodes so mini-batch sampling reads small snapshots instead of full adjacency rows. The live
// model simulates FBL, FCR, OTF and their shared-cache variants on the CPU (the same hashes as
// the GPU) and applies a two-tier cost model and the paper's §7.1 formula; Run executes every
// sampler with real WGSL kernels, trains GraphSAGE with each, and times sampling and training.
// An uploaded edge list replaces the Graph choice for Run; without labels nothing trains and the
// run reports the cache, sampling and aggregation measurements only.
import type { Experiment, Metric, RunResult } from '../types';
import { uploadedGraphFrom } from '../../data/graphs/uploadedGraph';
import { snapshotClaims } from './paperClaims';
import { snapshotParams, snapshotPresets } from './params';
import { buildModelResult, GRAPH_SEED } from './modelView';
import { runSnapshot } from './kernelRun';

export const graphSnapshot: Experiment = {
  id: 'graphsnapshot',
  title: 'GraphSnapShot: cached neighbourhood snapshots',
  topic: 'Graph learning',
  summary:
    'Keep a sampled snapshot of each high-degree node\'s neighbourhood and sample mini-batches from ' +
    'it, refreshing fully (FCR) or partially on the fly (OTF). Compares resident edges, edges ' +
    'touched per batch, staleness, modeled and measured time per batch, and accuracy against plain ' +
    'sampling (FBL) with real WGSL sampling and GraphSAGE kernels.',
  paper: {
    title: 'GraphSnapShot: Caching Local Structure for Fast Graph Learning',
    authors: 'Dong Liu, Roger Waleffe, Meng Jiang, Shivaram Venkataraman',
    venue: 'arXiv',
    year: 2024,
    url: 'https://arxiv.org/abs/2406.17918',
    claims: snapshotClaims,
  },
  gpu: 'optional',
  params: snapshotParams,
  presets: snapshotPresets,
  model: (p, calibration) => buildModelResult(p, calibration),
  async run(p, ctx): Promise<RunResult> {
    // An uploaded edge list replaces the Graph sliders' graph for the whole run (model + kernels).
    const upload = uploadedGraphFrom(p, ctx.files, GRAPH_SEED);
    const task = upload?.task;
    const uploadNotices = upload ? [`Run uses the uploaded edge list "${String(p.edgeList)}" instead of the Graph choice.`, ...upload.notices] : [];
    if (!ctx.gpu) {
      const modeled = buildModelResult(p, undefined, task);
      return { ...modeled, notices: [...uploadNotices, 'No WebGPU: the real sampler runs were skipped; everything shown is modeled.', ...modeled.notices] };
    }
    const labelled = upload?.labelled ?? true;
    const measured = await runSnapshot(ctx.gpu, p, ctx, task, labelled);
    const modeled = buildModelResult(p, measured.calibration, task);
    ctx.progress(1, 'done');
    const fbl = measured.runs[0]!;
    const accuracy: Metric[] = labelled ? measured.runs.map((r) => ({ key: `runAcc-${r.stats.kind}`, label: `Real run test accuracy, ${r.stats.kind}`,
      value: r.testAcc!, provenance: 'measured' as const, note: r.stats.kind === 'FBL' ? undefined : `${(100 * (r.testAcc! - fbl.testAcc!)).toFixed(1)} points vs FBL` })) : [];
    return {
      tables: [...modeled.tables, ...measured.tables],
      metrics: [...modeled.metrics, ...accuracy,
        { key: 'runSamplingMs', label: 'Real run: sampling per batch, FBL (median)', value: fbl.samplingMs, unit: 'ms', provenance: 'measured' },
        ...(labelled ? [] : [{ key: 'runAggregationMs', label: 'Real run: aggregation per batch, FBL (median)', value: fbl.trainMs, unit: 'ms', provenance: 'measured' as const }])],
      checks: [...modeled.checks, ...measured.checks],
      charts: [...modeled.charts,
        ...(labelled ? [{ id: 'run-accuracy', title: 'Real run: test accuracy per epoch', kind: 'line' as const, table: 'run-curves', x: 'epoch', y: 'testAcc', series: 'sampler' }] : []),
        { id: 'run-time', title: 'Real run: sampling time per batch', kind: 'bar', table: 'run-samplers', x: 'sampler', y: 'samplingMs' }],
      notices: [...uploadNotices, ...measured.notices, ...modeled.notices],
      calibration: measured.calibration,
    };
  },
};
