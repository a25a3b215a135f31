// Scaling inference-efficient language models (Bian, Yan & Venkataraman, ICML 2025): at a fixed
// parameter count, depth sets decode latency, so the law that predicts loss should see the model's
// shape. Live: both laws fitted to the paper's 76 training runs, modeled paper-scale latency and
// predict–rank–select. Run: decode latency of a same-size family and a training grid on this GPU.
import type { Experiment, RunResult } from '../types';
import { mergeResults } from '../mergeResults';
import { scalingLawClaims } from './paperClaims';
import { scalingLawParams } from './params';
import { scalingLawPresets } from './presets';
import { buildModelResult } from './modelView';
import { runOnDevice } from './kernelRun';

export const scalingLaws: Experiment = {
  id: 'scaling-laws',
  title: 'Inference-efficient scaling laws (Morph-1B)',
  topic: 'Attention & LLM inference',
  summary:
    'At the same parameter count, deeper models decode slower. The inference-aware law adds the aspect ratio ' +
    'd_model/n_layers to Chinchilla’s; fitted live to the paper’s training runs (27 to fit, 76 to test) it ranks shapes Chinchilla cannot, ' +
    'and predict–rank–select picks a shape under a latency limit. Run measures decode latency of a same-size family ' +
    'and trains a small grid on this GPU to fit both laws again.',
  paper: {
    title: 'Scaling Inference-Efficient Language Models',
    authors: 'Song Bian, Minghao Yan, Shivaram Venkataraman',
    venue: 'ICML',
    year: 2025,
    url: 'https://arxiv.org/abs/2501.18107',
    claims: scalingLawClaims,
  },
  gpu: 'optional',
  params: scalingLawParams,
  presets: scalingLawPresets,
  model: (p, calibration) => buildModelResult(p, calibration),
  async run(p, ctx): Promise<RunResult> {
    if (!ctx.gpu) {
      return mergeResults(
        {
          notices: [
            'No WebGPU: the decode-latency and training runs were skipped; the law fits and latencies shown are computed and modeled.',
          ],
        },
        buildModelResult(p),
      );
    }
    const measured = await runOnDevice(ctx.gpu, p, ctx);
    const modeled = buildModelResult(p, measured.calibration);
    ctx.progress(1, 'done');
    // The run's notices lead; its tables, metrics and charts follow the live view's.
    const { notices, ...rest } = measured;
    return mergeResults({ notices }, modeled, rest);
  },
};
