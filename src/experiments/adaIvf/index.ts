// Ada-IVF (Mohoney et al., arXiv 2411.00970): incremental maintenance of an IVF vector index
// under streaming inserts and deletes. Real WGSL kernels (distances, top-k, k-means, IVF scan,
// exact k-NN) run six maintenance policies over the same drifting stream (kernelRun.ts); an
// analytic model counts each policy's maintenance work live from the parameters (model.ts,
// modelView.ts). This file holds the metadata and wires the two together.
import type { Experiment, RunResult } from '../types';
import { mergeResults } from '../mergeResults';
import { CPU_REPLAY_MAX_VECTORS, runOnCpu } from './cpuRun';
import { runKernels } from './kernelRun';
import { buildModelResult } from './modelView';
import { adaIvfClaims } from './paperClaims';
import { adaIvfParams, adaIvfPresets } from './params';

export const adaIvf: Experiment = {
  id: 'ada-ivf',
  title: 'Ada-IVF: incremental IVF index maintenance',
  topic: 'Vector search',
  summary:
    'Keep an IVF index fast under streaming inserts and deletes by re-clustering only the partitions that are ' +
    'hot and out of shape. Six policies (Frozen, Update, Rebuild, LIRE, DeDrift, Ada-IVF) replay the same drifting ' +
    "stream on real WGSL kernels; search and update throughput are compared with the paper's Table 3.",
  paper: {
    title: 'Incremental IVF Index Maintenance for Streaming Vector Search',
    authors:
      'Jason Mohoney, Anil Pacaci, Shihabur Rahman Chowdhury, Umar Farooq Minhas, Jeffery Pound, Cedric Renggli, Nima Reyhani, Ihab F. Ilyas, Theodoros Rekatsinas, Shivaram Venkataraman',
    venue: 'arXiv',
    year: 2024,
    url: 'https://arxiv.org/abs/2411.00970',
    claims: adaIvfClaims,
  },
  gpu: 'optional',
  params: adaIvfParams,
  presets: adaIvfPresets,
  model: (p, calibration) => buildModelResult(p, calibration),
  async run(p, ctx): Promise<RunResult> {
    if (!ctx.gpu) {
      const modeled = buildModelResult(p);
      const large = !p.vectorFile && p.dataset !== 'digits' && (p.vectors as number) > CPU_REPLAY_MAX_VECTORS;
      if (large)
        return mergeResults(
          {
            notices: [
              `No WebGPU, and ${String(p.vectors)} vectors are too many to replay on the CPU (at most ${CPU_REPLAY_MAX_VECTORS}): everything shown is modeled.`,
            ],
          },
          modeled,
        );
      // The exact CPU replay comes last so its counts are the headline and its reproductions stand.
      const replayed = await runOnCpu(p, ctx);
      ctx.progress(1, 'done');
      return mergeResults(
        { notices: replayed.notices },
        { ...modeled, metrics: modeled.metrics.map((m) => ({ ...m, primary: false })) },
        { ...replayed, notices: [] },
      );
    }
    const measured = await runKernels(ctx.gpu, p, ctx);
    const modeled = buildModelResult(p, measured.calibration);
    ctx.progress(1, 'done');
    // The measured Ada-vs-LIRE ratio is the headline when both ran; otherwise the modeled one.
    const measuredPrimary = measured.metrics.some((x) => x.primary);
    return mergeResults(measured, {
      ...modeled,
      metrics: modeled.metrics.map((m) => ({ ...m, primary: m.primary && !measuredPrimary })),
    });
  },
};
