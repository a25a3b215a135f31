// GraphSnapShot (Liu et al., arXiv 2406.17918): cache sampled local structure of high-degree
// nodes so mini-batch sampling reads small snapshots instead of full adjacency rows. The live
// model simulates FBL, FCR, OTF and their shared-cache variants on the CPU (the same hashes as
// the GPU) and applies a two-tier cost model and the paper's §7.1 formula; Run executes every
// sampler with real WGSL kernels, trains GraphSAGE with each, and times sampling and training.
// An uploaded edge list replaces the Graph choice for Run; without labels nothing trains and the
// run reports the cache, sampling and aggregation measurements only.
import { UserInputError, type Experiment, type RunResult } from '../types';
import { mergeResults } from '../mergeResults';
import { uploadedGraphFrom } from '../../data/graphs/uploadedGraph';
import { snapshotClaims } from './paperClaims';
import { snapshotParams, snapshotPresets } from './params';
import { buildModelResult, GRAPH_SEED } from './modelView';
import { runSnapshot } from './kernelRun';
import { liveGraphTooLarge } from './ogbLike';

export const graphSnapshot: Experiment = {
  id: 'graph-snapshot',
  legacyIds: ['graphsnapshot'],
  title: 'GraphSnapShot: cached neighbourhood snapshots',
  topic: 'Graph learning',
  summary:
    "Keep a sampled snapshot of each high-degree node's neighbourhood and sample mini-batches from " +
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
  model: (p, calibration) => {
    const tooLarge = liveGraphTooLarge(p.graph, p.ogbScale as number);
    if (tooLarge) throw new UserInputError(tooLarge);
    return buildModelResult(p, calibration);
  },
  async run(p, ctx): Promise<RunResult> {
    // An uploaded edge list replaces the Graph sliders' graph for the whole run (model + kernels).
    const upload = uploadedGraphFrom(p, ctx.files, GRAPH_SEED);
    const task = upload?.task;
    const uploadNotices = upload
      ? [`Run uses the uploaded edge list "${String(p.edgeList)}" instead of the Graph choice.`, ...upload.notices]
      : [];
    if (!ctx.gpu) {
      return mergeResults(
        { notices: [...uploadNotices, 'No WebGPU: the real sampler runs were skipped; everything shown is modeled.'] },
        buildModelResult(p, undefined, task),
      );
    }
    const measured = await runSnapshot(ctx.gpu, p, ctx, task, upload?.labelled ?? true);
    const modeled = buildModelResult(p, measured.calibration, task);
    ctx.progress(1, 'done');
    // The upload's and the real run's notices lead; its tables, metrics and charts follow the model's.
    const { notices, ...kernels } = measured;
    return mergeResults({ notices: [...uploadNotices, ...notices] }, modeled, kernels);
  },
};
