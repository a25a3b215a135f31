// Marius++ / MariusGNN (Waleffe et al., EuroSys 2023): out-of-core GNN training through a
// partition buffer. The live model runs the BETA, COMET and SEQUENTIAL orderings exactly at paper
// scale and times an epoch on a simulated disk; Run trains GraphSAGE on this device's GPU in
// memory and out of core (BETA, COMET) on the same graph and compares accuracy and IO. An uploaded
// edge list (file parameter) replaces the real-run graph; without labels only IO is reported.
import type { Experiment, ParamValues, RunContext, RunResult } from '../types';
import { uploadedGraphFrom, uploadModelNotice, type UploadedGraph } from '../../data/graphs/uploadedGraph';
import { mariusClaims } from './paperClaims';
import { mariusParams, mariusPresets } from './params';
import { buildModelResult } from './modelView';
import { runTraining, type TrainRunResult } from './trainRun';
import { uploadedIoTable, uploadedModelView } from './uploadedRun';

export const marius: Experiment = {
  id: 'marius',
  title: 'Marius++: out-of-core GNN training',
  topic: 'Graph learning',
  summary:
    'Train GNNs on graphs bigger than memory by streaming node partitions through a buffer in a ' +
    'disk-friendly order. BETA and COMET orderings run exactly (BETA\'s swap count checked against ' +
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
  model: (p, calibration) => {
    const r = buildModelResult(p, calibration);
    const upload = uploadModelNotice(p, 'the Workload sliders');
    return upload ? { ...r, notices: [upload, ...r.notices] } : r;
  },
  async run(p, ctx): Promise<RunResult> {
    const upload = uploadedGraphFrom(p, ctx.files, ctx.seed);
    if (upload) return runUploaded(upload, p, ctx);
    if (!ctx.gpu) {
      const modeled = buildModelResult(p);
      return { ...modeled, notices: ['No WebGPU: the GraphSAGE training run was skipped; everything shown is modeled.', ...modeled.notices] };
    }
    const measured = await runTraining(ctx.gpu, p, ctx);
    const modeled = buildModelResult(p, measured.calibration);
    ctx.progress(1, 'done');
    return withTraining(modeled, measured);
  },
};

/** The modeled view plus a training run's metrics, tables and charts. */
function withTraining(modeled: RunResult, measured: TrainRunResult): RunResult {
  const [inMem, beta, comet] = measured.summaries;
  return {
    tables: [...modeled.tables, ...measured.tables],
    metrics: [...modeled.metrics,
      ...measured.summaries.map((s) => ({ key: `runAcc-${s.mode}`, label: `Real run test accuracy, ${s.mode}`, value: s.testAcc, provenance: 'measured' as const })),
      { key: 'runIoRatio', label: 'Real run: bytes a disk would read (counted from the plan, 8 B/edge), COMET / BETA', value: comet!.readBytes / Math.max(1, beta!.readBytes), provenance: 'modeled',
        note: 'the disk is simulated: bytes are counted from the buffer plan, not measured I/O' },
      { key: 'runAccGap', label: 'Real run: accuracy in memory − BETA', value: inMem!.testAcc - beta!.testAcc, provenance: 'measured' }],
    checks: [...modeled.checks, ...measured.checks],
    charts: [...modeled.charts,
      { id: 'run-accuracy', title: 'Real run: test accuracy per epoch', kind: 'line', table: 'run-curves', x: 'epoch', y: 'testAcc', series: 'mode' },
      { id: 'run-io', title: 'Real run: bytes read (all epochs)', kind: 'bar', table: 'run-summary', x: 'mode', y: 'readBytes' }],
    notices: [...measured.notices, ...modeled.notices],
    calibration: measured.calibration,
  };
}

/**
 * An uploaded edge list replaces the real run's graph: the buffer IO on it and the model with its
 * counts always; training (in memory, BETA, COMET) only with labels and a GPU.
 */
async function runUploaded(upload: UploadedGraph, p: ParamValues, ctx: RunContext): Promise<RunResult> {
  const notices = [`Run uses the uploaded edge list "${String(p.edgeList)}" instead of the real-run graph choice.`, ...upload.notices];
  const io = uploadedIoTable(upload, p, ctx.seed);
  let measured: TrainRunResult | null = null;
  if (upload.labelled && ctx.gpu) measured = await runTraining(ctx.gpu, p, ctx, upload.task);
  else if (upload.labelled) notices.push('No WebGPU: the GraphSAGE training run was skipped; the buffer IO below needs no GPU.');
  const modeled = uploadedModelView(upload, p, measured?.calibration, notices) ?? { tables: [], metrics: [], checks: [], charts: [], notices: [] };
  ctx.progress(1, 'done');
  const [, beta, comet] = io.rows as number[][];
  const base: RunResult = measured ? withTraining(modeled, measured) : modeled;
  return {
    ...base,
    tables: [...base.tables, io],
    metrics: [...base.metrics,
      { key: 'uploadBetaBytes', label: 'Uploaded graph: bytes read per epoch, BETA', value: beta![4]!, unit: 'B', provenance: 'measured', primary: base.metrics.length === 0 },
      { key: 'uploadCometBytes', label: 'Uploaded graph: bytes read per epoch, COMET', value: comet![4]!, unit: 'B', provenance: 'measured' },
      { key: 'uploadBetaSwaps', label: 'Uploaded graph: BETA swaps per epoch', value: beta![2]!, provenance: 'measured' }],
    charts: [...base.charts, { id: 'upload-io', title: 'Uploaded graph: bytes read per epoch', kind: 'bar', table: 'upload-io', x: 'mode', y: 'readBytes' }],
    notices: [...notices, ...base.notices],
  };
}
