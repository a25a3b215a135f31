// LV-XAttn (Chang & Venkataraman, ICML 2025): distributed exact cross-attention that keeps the
// large K/V blocks local and rotates the small Q blocks, against Ring Attention which rotates K/V.
import type { Experiment, RunResult } from '../types';
import { lvXattnClaims } from './paperClaims';
import { lvXattnParams, lvXattnPresets } from './params';
import { buildModelResult } from './modelView';
import { runKernels } from './kernelRun';

export const lvXattn: Experiment = {
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
    claims: lvXattnClaims,
  },
  gpu: 'optional',
  params: lvXattnParams,
  presets: lvXattnPresets,
  model: (p, calibration) => buildModelResult(p, calibration),
  async run(p, ctx): Promise<RunResult> {
    if (!ctx.gpu) {
      const modeled = buildModelResult(p);
      return { ...modeled, notices: ['No WebGPU: the real kernel run was skipped; everything shown is modeled.', ...modeled.notices] };
    }
    const measured = await runKernels(ctx.gpu, p, ctx);
    const modeled = buildModelResult(p, measured.calibration);
    ctx.progress(1, 'done');
    return {
      tables: [...modeled.tables, ...measured.tables],
      metrics: [...modeled.metrics, ...measured.metrics],
      checks: measured.checks,
      charts: [...modeled.charts,
        { id: 'kernel-steps', title: 'Real run: bytes sent per step', kind: 'bar', table: 'kernel-steps', x: 'step', y: 'bytes', series: 'algorithm' }],
      notices: [...measured.notices, ...modeled.notices],
      calibration: measured.calibration,
    };
  },
};
