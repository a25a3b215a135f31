// PolyThrottle (Yan, Wang & Venkataraman, MLSys 2024): energy-optimal GPU, memory and CPU clocks
// for inference on edge devices by constrained Bayesian optimisation, and fine-tuning beside
// inference under a latency SLO. The Jetson boards are a calibrated model; the optimiser, the
// NNLS predictor and the schedulers are real code running on that model, and with WebGPU the same
// schedulers also run for real on this GPU (a tiny Llama serving and fine-tuning at once).
import { throwIfAborted } from '../runner';
import { mergeResults } from '../mergeResults';
import type { Experiment, RunResult } from '../types';
import { buildModelResult, problemFor, rememberTrajectory } from './modelView';
import { polythrottleClaims } from './paperClaims';
import { polythrottleParams, polythrottlePresets, settingsFrom } from './params';
import { runStudy } from './study';
import { studyResult } from './studyView';
import { runReal } from './kernelRun';
import { realResult } from './realView';
import { runKnobStudy } from './knobTuning';
import { knobResult } from './knobView';
import { describeDevice } from '../csv';
import { parseTrace } from './traces';

export const polythrottle: Experiment = {
  id: 'polythrottle',
  title: 'PolyThrottle: energy-optimal clocks for edge inference',
  topic: 'Energy',
  summary:
    'Tune GPU, memory and CPU clocks and the batch size of Jetson TX2 and Orin for the least energy per query under a ' +
    'latency SLO with constrained Bayesian optimisation (two Gaussian processes, EI × probability of feasibility), ' +
    'against random search and the exhaustive grid; then schedule fine-tuning beside inference with an NNLS latency ' +
    'predictor. The boards are a model calibrated to the paper; the optimiser and schedulers are real.',
  paper: {
    title: 'PolyThrottle: Energy-efficient Neural Network Inference on Edge Devices',
    authors: 'Minghao Yan, Hongyi Wang, Shivaram Venkataraman',
    venue: 'MLSys',
    year: 2024,
    url: 'https://arxiv.org/abs/2310.19991',
    claims: polythrottleClaims,
  },
  gpu: 'optional',
  params: polythrottleParams,
  presets: polythrottlePresets,
  model: (p) => buildModelResult(p),
  async run(p, ctx): Promise<RunResult> {
    const s = settingsFrom(p);
    const file = ctx.files.traceFile;
    const userTrace = file ? parseTrace(new TextDecoder().decode(file.bytes)) : undefined;
    ctx.progress(0.01, 'device model and fine-tuning replays');
    const live = buildModelResult(p, { userTrace, seed: ctx.rng.nextU32(), withoutSearch: true });
    throwIfAborted(ctx.signal);
    const problem = problemFor(s.problem);
    // With a GPU the study takes the first third of the progress bar, the real replay the second
    // and the tuning of this GPU's knobs the last.
    const share = ctx.gpu ? 0.33 : 0.97;
    const study = await runStudy(problem, ctx.rng.fork(77), {
      seeds: s.seeds,
      budget: s.budget,
      signal: ctx.signal,
      progress: (f, msg) => ctx.progress(0.02 + share * f, msg),
    });
    rememberTrajectory(s.problem, study.seeds[0]!);
    if (!ctx.gpu) {
      ctx.progress(1, 'done');
      return mergeResults(
        {
          notices: [
            'No WebGPU: the real fine-tuning replay and the tuning of this GPU’s knobs were skipped; everything shown is modeled.',
          ],
        },
        live,
        studyResult(problem, study),
      );
    }
    const part = (from: number, span: number) => ({
      ...ctx,
      progress: (f: number, m?: string) => ctx.progress(from + span * f, m),
    });
    const real = await runReal(ctx.gpu, s.real, part(0.35, 0.32), ctx.rng.fork(78));
    const knobs = await runKnobStudy(ctx.gpu, s.knobs, part(0.67, 0.32), ctx.rng.fork(79));
    ctx.progress(1, 'done');
    const emulated = ctx.gpu.isCpuEmulation;
    return mergeResults(
      live,
      studyResult(problem, study),
      realResult(real, emulated),
      knobResult(knobs, describeDevice(ctx.gpu.info), emulated),
    );
  },
};
