// CHAI (Agarwal et al., ICML 2024): heads that attend alike share one score row during decode,
// so only one K head per cluster is computed and cached, while every head keeps its own V.
import { checkDecodeLimits } from '../../kernels/decode';
import type { Experiment, RunResult } from '../types';
import { mergeResults } from '../mergeResults';
import { runSynthetic } from './analysis';
import { runKernels } from './kernelRun';
import { buildModelResult, configFrom } from './modelView';
import { chaiClaims } from './paperClaims';
import { chaiParams, chaiPresets, chaiSettings } from './params';

export const chai: Experiment = {
  id: 'chai',
  title: 'CHAI: clustered head attention',
  topic: 'Attention & LLM inference',
  summary:
    'Cluster attention heads by their first-token score patterns and compute one score row per cluster, ' +
    "caching only the representatives' K. Real WGSL decode kernels (baseline and clustered) on a synthetic " +
    'model with a redundancy dial; elbow plots, head-similarity heatmap, output deviation; modeled KV savings and ' +
    'decode speedups for the released LLaMA configs.',
  paper: {
    title: 'CHAI: Clustered Head Attention for Efficient LLM Inference',
    authors:
      'Saurabh Agarwal, Bilge Acun, Basil Hosmer, Mostafa Elhoushi, Yejin Lee, Shivaram Venkataraman, Dimitris Papailiopoulos, Carole-Jean Wu',
    venue: 'ICML',
    year: 2024,
    url: 'https://arxiv.org/abs/2403.08058',
    claims: chaiClaims,
  },
  gpu: 'optional',
  params: chaiParams,
  presets: chaiPresets,
  model: (p, calibration) => buildModelResult(p, calibration),
  async run(p, ctx): Promise<RunResult> {
    const s = chaiSettings(p);
    configFrom(p); // validates the modeled part's settings before any work
    // Refuse shapes this device cannot hold before building them on the CPU.
    if (ctx.gpu) checkDecodeLimits(ctx.gpu, { batch: s.batch, context: s.context, heads: s.heads, headDim: s.headDim });
    ctx.progress(0.02, 'synthetic model, elbows and clustering');
    const syn = runSynthetic(s, ctx.rng);
    const deviation = syn.metrics.find((m) => m.key === 'deviation')!.value as number;
    if (!ctx.gpu) {
      const notice =
        'No WebGPU: the kernels were not run; clustering and output deviation come from the CPU reference, the rest is modeled.';
      return mergeResults({ notices: [notice] }, buildModelResult(p, undefined, deviation), syn);
    }
    const measured = await runKernels(ctx.gpu, s, syn, ctx);
    const modeled = buildModelResult(p, measured.calibration, deviation);
    ctx.progress(1, 'done');
    // The kernels' notices lead; the tables go model, kernels, synthetic-model analysis.
    const { notices, ...kernels } = measured;
    return mergeResults({ notices }, modeled, kernels, syn, {
      notices: ['The model loads no real weights (no GGUF loader): head redundancy comes from the synthetic model.'],
    });
  },
};
