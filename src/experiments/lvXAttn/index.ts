// LV-XAttn (Chang & Venkataraman, ICML 2025): distributed exact cross-attention that keeps the
// large K/V blocks local and rotates the small Q blocks, against Ring Attention which rotates K/V.
import type { Experiment, RunResult } from '../types';
import { mergeResults } from '../mergeResults';
import { lvXAttnClaims } from './paperClaims';
import { lvXAttnParams, lvXAttnPresets } from './params';
import { buildModelResult } from './modelView';
import { runKernels } from './kernelRun';

export const lvXAttn: Experiment = {
  id: 'lv-xattn',
  title: 'LV-XAttn: distributed cross-attention',
  topic: 'Attention & LLM inference',
  summary:
    'Keep the big visual K/V blocks on their GPUs and pass the small text Q blocks around the ring. ' +
    'Real WGSL flash-attention on device partitions checks exactness and counts the bytes; a ' +
    'calibrated cluster model gives cross-attention and end-to-end speedups at paper scale.',
  paper: {
    title: 'LV-XAttn: Distributed Cross-Attention for Long Visual Inputs in Multimodal Large Language Models',
    authors: 'Tzu-Tao Chang, Shivaram Venkataraman',
    venue: 'ICML',
    year: 2025,
    url: 'https://arxiv.org/abs/2502.02406',
    claims: lvXAttnClaims,
  },
  gpu: 'optional',
  params: lvXAttnParams,
  presets: lvXAttnPresets,
  model: (p, calibration) => buildModelResult(p, calibration),
  async run(p, ctx): Promise<RunResult> {
    if (!ctx.gpu) {
      return mergeResults(
        { notices: ['No WebGPU: the real kernel run was skipped; everything shown is modeled.'] },
        buildModelResult(p),
      );
    }
    const measured = await runKernels(ctx.gpu, p, ctx);
    const modeled = buildModelResult(p, measured.calibration);
    ctx.progress(1, 'done');
    // The real run's notices lead; its tables, metrics and charts follow the model's.
    const { notices, ...kernels } = measured;
    return mergeResults({ notices }, modeled, kernels);
  },
};
