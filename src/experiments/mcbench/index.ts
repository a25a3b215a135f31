// Does compressing activations help model-parallel training? (Bian, Li, Wang, Xing & Venkataraman,
// MLSys 2024, MCBench). Live: a calibrated cost model of BERT-Large under tensor + pipeline
// parallelism with each compressor's bytes, collectives and own cost. Run: this device's WGSL
// compressors timed (the model's calibration) and their error on real activations of a small
// Llama trained here, and that model trained with compressed tensor-parallel partial sums.
import type { Experiment, RunResult } from '../types';
import { mergeResults } from '../mergeResults';
import { mcbenchClaims } from './paperClaims';
import { mcbenchParams, mcbenchPresets } from './params';
import { buildModelResult } from './modelView';
import { runOnDevice } from './kernelRun';

export const mcbench: Experiment = {
  id: 'mcbench',
  title: 'Compressing activations for model parallelism (MCBench)',
  topic: 'Model parallelism',
  summary:
    'Tensor and pipeline parallelism send activations between GPUs on every layer. Do autoencoders, top-k / rand-k ' +
    'or 2/4/8-bit quantisation make training faster once their own cost and the collectives they force are counted? ' +
    'A cost model of BERT-Large shows when (slow links, small models) and when not (NVLink, large hidden sizes, ' +
    'quantised all-gathers beyond p = 32/bits); Run times the compressors on your GPU and trains a small model with them.',
  paper: {
    title: 'Does Compressing Activations Help Model Parallel Training?',
    authors: 'Song Bian, Dacheng Li, Hongyi Wang, Eric Xing, Shivaram Venkataraman',
    venue: 'MLSys',
    year: 2024,
    url: 'https://arxiv.org/abs/2301.02654',
    claims: mcbenchClaims,
  },
  gpu: 'optional',
  params: mcbenchParams,
  presets: mcbenchPresets,
  model: (p, calibration) => buildModelResult(p, calibration),
  async run(p, ctx): Promise<RunResult> {
    if (!ctx.gpu) {
      return mergeResults(
        {
          notices: [
            'No WebGPU: the compressors were not timed and nothing was trained; everything shown is modeled with roofline estimates.',
          ],
        },
        buildModelResult(p),
      );
    }
    const measured = await runOnDevice(ctx.gpu, p, ctx);
    ctx.progress(1, 'done');
    const { notices, ...rest } = measured;
    return mergeResults({ notices }, buildModelResult(p, measured.calibration), rest);
  },
};
