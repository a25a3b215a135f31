// Decoding Speculative Decoding (Yan, Agarwal & Venkataraman, NAACL 2025): a draft's latency, not
// its language-modelling quality, decides the speedup, so shallow-and-wide drafts beat deeper ones.
import type { Experiment, RunResult } from '../types';
import { mergeResults } from '../mergeResults';
import { specClaims } from './paperClaims';
import { specParams, specPresets } from './params';
import { buildModelResult } from './modelView';
import { runReal } from './kernelRun';

export const specDecoding: Experiment = {
  id: 'spec-decoding',
  title: 'Decoding speculative decoding',
  topic: 'Attention & LLM inference',
  summary:
    'Which draft makes speculative decoding fastest? Train a target and drafts of equal size but different depth ' +
    'on your GPU and run the real draft–verify loop; a calibrated latency model shows the same effect for ' +
    'LLaMA-65B and OPT-66B with the paper’s wide drafts.',
  paper: {
    title: 'Decoding Speculative Decoding',
    authors: 'Minghao Yan, Saurabh Agarwal, Shivaram Venkataraman',
    venue: 'NAACL',
    year: 2025,
    url: 'https://arxiv.org/abs/2402.01528',
    claims: specClaims,
  },
  gpu: 'optional',
  params: specParams,
  presets: specPresets,
  model: (p, calibration) => buildModelResult(p, calibration),
  async run(p, ctx): Promise<RunResult> {
    if (!ctx.gpu) {
      return mergeResults(
        {
          notices: [
            'No WebGPU: the models were not trained and the real loop did not run; everything shown is modeled.',
          ],
        },
        buildModelResult(p),
      );
    }
    const measured = await runReal(ctx.gpu, p, ctx);
    ctx.progress(1, 'done');
    const { notices, ...real } = measured;
    return mergeResults({ notices }, buildModelResult(p, measured.calibration), real);
  },
};
