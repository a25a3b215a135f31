// Marius++ / MariusGNN (Waleffe et al., EuroSys 2023): out-of-core GNN training through a
// partition buffer. The live model runs the BETA, COMET and SEQUENTIAL orderings exactly at paper
// scale and times an epoch on a simulated disk; Run trains GraphSAGE on this device's GPU in
// memory and out of core (BETA, COMET) on the same graph and compares accuracy and IO. An uploaded
// edge list (file parameter) replaces the real-run graph; without labels only IO is reported.
import type { Experiment, ParamValues, RunContext, RunResult } from '../types';
import { mergeResults } from '../mergeResults';
import { uploadedGraphFrom, uploadModelNotice, type UploadedGraph } from '../../data/graphs/uploadedGraph';
import { mariusClaims } from './paperClaims';
import { mariusParams, mariusPresets } from './params';
import { buildModelResult } from './modelView';
import { runTraining, type TrainRunResult } from './kernelRun';
import { uploadedIoResult, uploadedIoTable, uploadedModelView } from './uploadedRun';

export const marius: Experiment = {
  id: 'marius',
  title: 'Marius++: out-of-core GNN training',
  topic: 'Graph learning',
  summary:
    'Train GNNs on graphs bigger than memory by streaming node partitions through a buffer in a ' +
    "disk-friendly order. BETA and COMET orderings run exactly (BETA's swap count checked against " +
    'its closed form) and an epoch is timed on a simulated disk; the Run trains GraphSAGE with real ' +
    'WGSL sampling and aggregation kernels in memory vs out of core.',
  paper: {
    title: 'MariusGNN: Resource-Efficient Out-of-Core Training of Graph Neural Networks',
    authors: 'Roger Waleffe, Jason Mohoney, Theodoros Rekatsinas, Shivaram Venkataraman',
    venue: 'EuroSys',
    year: 2023,
    url: 'https://arxiv.org/abs/2202.02365',
    claims: mariusClaims,
  },
  gpu: 'optional',
  params: mariusParams,
  presets: mariusPresets,
  model: (p, calibration) => mergeResults({ notices: uploadNotice(p) }, buildModelResult(p, calibration)),
  async run(p, ctx): Promise<RunResult> {
    const upload = uploadedGraphFrom(p, ctx.files, ctx.seed);
    if (upload) return runUploaded(upload, p, ctx);
    if (!ctx.gpu) {
      return mergeResults(
        { notices: ['No WebGPU: the GraphSAGE training run was skipped; everything shown is modeled.'] },
        buildModelResult(p),
      );
    }
    const measured = await runTraining(ctx.gpu, p, ctx);
    const modeled = buildModelResult(p, measured.calibration);
    ctx.progress(1, 'done');
    return withTraining(modeled, measured);
  },
};

/** The live view names a chosen edge list: the sliders, not the file, drive it. */
function uploadNotice(p: ParamValues): string[] {
  const notice = uploadModelNotice(p, 'the Workload sliders');
  return notice ? [notice] : [];
}

/** The modeled view plus a training run: the run's notices lead, its tables, metrics and charts follow the model's. */
function withTraining(modeled: RunResult, measured: TrainRunResult): RunResult {
  const { notices, ...training } = measured;
  return mergeResults({ notices }, modeled, training);
}

/**
 * An uploaded edge list replaces the real run's graph: the buffer IO on it and the model with its
 * counts always; training (in memory, BETA, COMET) only with labels and a GPU.
 */
async function runUploaded(upload: UploadedGraph, p: ParamValues, ctx: RunContext): Promise<RunResult> {
  const notices = [
    `Run uses the uploaded edge list "${String(p.edgeList)}" instead of the real-run graph choice.`,
    ...upload.notices,
  ];
  const io = uploadedIoTable(upload, p, ctx.seed);
  let measured: TrainRunResult | null = null;
  if (upload.labelled && ctx.gpu) measured = await runTraining(ctx.gpu, p, ctx, upload.task);
  else if (upload.labelled)
    notices.push('No WebGPU: the GraphSAGE training run was skipped; the buffer IO below needs no GPU.');
  const modeled = uploadedModelView(upload, p, measured?.calibration, notices) ?? mergeResults();
  ctx.progress(1, 'done');
  const base = measured ? withTraining(modeled, measured) : modeled;
  return mergeResults({ notices }, base, uploadedIoResult(io, base.metrics.length === 0));
}
