// Marius++ / MariusGNN (Waleffe et al., EuroSys 2023): out-of-core GNN training through a
// partition buffer. The live model runs the BETA, COMET and SEQUENTIAL orderings exactly at paper
// scale and times an epoch on a simulated disk; Run trains GraphSAGE on this device's GPU in
// memory and out of core (BETA, COMET) on the same graph and compares accuracy and IO.
import type { Experiment, RunResult } from '../types';
import { mariusClaims } from './paperClaims';
import { mariusParams, mariusPresets } from './params';
import { buildModelResult } from './modelView';
import { runTraining } from './trainRun';

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
  model: (p, calibration) => buildModelResult(p, calibration),
  async run(p, ctx): Promise<RunResult> {
    if (!ctx.gpu) {
      const modeled = buildModelResult(p);
      return { ...modeled, notices: ['No WebGPU: the GraphSAGE training run was skipped; everything shown is modeled.', ...modeled.notices] };
    }
    const measured = await runTraining(ctx.gpu, p, ctx);
    const modeled = buildModelResult(p, measured.calibration);
    ctx.progress(1, 'done');
    const [inMem, beta, comet] = measured.summaries;
    return {
      tables: [...modeled.tables, ...measured.tables],
      metrics: [...modeled.metrics,
        ...measured.summaries.map((s) => ({ key: `runAcc-${s.mode}`, label: `Real run test accuracy, ${s.mode}`, value: s.testAcc, provenance: 'measured' as const })),
        { key: 'runIoRatio', label: 'Real run: bytes read, COMET / BETA', value: comet!.readBytes / Math.max(1, beta!.readBytes), provenance: 'measured' },
        { key: 'runAccGap', label: 'Real run: accuracy in memory − BETA', value: inMem!.testAcc - beta!.testAcc, provenance: 'measured' }],
      checks: [...modeled.checks, ...measured.checks],
      charts: [...modeled.charts,
        { id: 'run-accuracy', title: 'Real run: test accuracy per epoch', kind: 'line', table: 'run-curves', x: 'epoch', y: 'testAcc', series: 'mode' },
        { id: 'run-io', title: 'Real run: bytes read (all epochs)', kind: 'bar', table: 'run-summary', x: 'mode', y: 'readBytes' }],
      notices: [...measured.notices, ...modeled.notices],
      calibration: measured.calibration,
    };
  },
};
