// PolyThrottle's parameter schema and the paper's configurations as presets.
import { UserInputError, type ParamSpec, type ParamValues, type Preset } from '../types';
import { DEVICE_IDS, DEVICES, type DeviceId, type Precision } from './devices';
import type { ProblemSpec } from './problem';
import type { RealSettings } from './kernelRun';
import { KNOB_PROMPT, type KnobSettings } from './knobTuning';
import type { ReplaySettings } from './scheduler';
import { TRACE_KINDS, type TraceKind } from './traces';
import { WORKLOAD_IDS, findWorkload, type WorkloadId } from './workloads';

export const polythrottleParams: ParamSpec[] = [
  {
    key: 'device',
    label: 'Device',
    kind: 'enum',
    group: 'Device model',
    default: 'orin',
    options: DEVICE_IDS.map((d) => ({ value: d, label: DEVICES[d].name })),
  },
  {
    key: 'workload',
    label: 'Model',
    kind: 'enum',
    group: 'Device model',
    default: 'b7',
    options: WORKLOAD_IDS.map((w) => ({ value: w, label: findWorkload(w).name })),
  },
  {
    key: 'precision',
    label: 'Precision',
    kind: 'enum',
    group: 'Device model',
    default: 'fp16',
    options: [
      { value: 'fp16', label: 'FP16' },
      { value: 'fp32', label: 'FP32' },
    ],
  },
  {
    key: 'sloFactor',
    label: 'Latency SLO (× fastest batch-1 latency)',
    kind: 'number',
    min: 1,
    max: 20,
    step: 0.1,
    default: 2,
    group: 'Optimiser',
    help: 'The SLO of the frequency search, as a multiple of the latency with every clock at its top and batch 1.',
  },
  {
    key: 'noisePct',
    label: 'Measurement noise (σ)',
    kind: 'number',
    min: 0,
    max: 10,
    step: 0.5,
    default: 3,
    unit: '%',
    group: 'Optimiser',
    help: 'Each measured energy and latency is off by this relative standard deviation (2–5 % is typical of power rails).',
  },
  {
    key: 'seeds',
    label: 'Seeds in the search study',
    kind: 'int',
    min: 2,
    max: 500,
    default: 50,
    group: 'Optimiser',
  },
  {
    key: 'budget',
    label: 'Samples per optimiser run',
    kind: 'int',
    min: 6,
    max: 100,
    default: 30,
    group: 'Optimiser',
  },
  {
    key: 'sloS',
    label: 'Inference SLO',
    kind: 'number',
    min: 0.01,
    max: 10,
    step: 0.01,
    default: 0.7,
    unit: 's',
    group: 'Fine-tuning beside inference',
  },
  {
    key: 'rate',
    label: 'Mean request rate',
    kind: 'number',
    min: 0.1,
    max: 100,
    step: 0.1,
    default: 8,
    unit: 'req/s',
    group: 'Fine-tuning beside inference',
  },
  {
    key: 'durationS',
    label: 'Trace length',
    kind: 'number',
    min: 1,
    max: 600,
    step: 1,
    default: 30,
    unit: 's',
    group: 'Fine-tuning beside inference',
  },
  {
    key: 'ftBatch',
    label: 'Fine-tuning batch',
    kind: 'int',
    min: 1,
    max: 256,
    default: 64,
    group: 'Fine-tuning beside inference',
  },
  {
    key: 'ftIterations',
    label: 'Fine-tuning iterations',
    kind: 'int',
    min: 1,
    max: 200,
    default: 10,
    group: 'Fine-tuning beside inference',
  },
  {
    key: 'maxBatch',
    label: 'Largest inference batch',
    kind: 'int',
    min: 1,
    max: 16,
    default: 8,
    group: 'Fine-tuning beside inference',
    help: 'The server batches whatever is queued, up to this many requests.',
  },
  {
    key: 'timelineTrace',
    label: 'Trace on the timeline',
    kind: 'enum',
    group: 'Fine-tuning beside inference',
    default: 'poisson',
    options: TRACE_KINDS.map((t) => ({ value: t, label: t[0]!.toUpperCase() + t.slice(1) })),
  },
  {
    key: 'traceFile',
    label: 'Your arrival trace (optional)',
    kind: 'file',
    accept: ['.csv', '.txt'],
    default: '',
    group: 'Fine-tuning beside inference',
    help: 'One arrival time in seconds per line (the first number of each line); replayed beside the generated traces.',
  },
  {
    key: 'realRequests',
    label: 'Requests replayed on this GPU',
    kind: 'int',
    min: 4,
    max: 2000,
    default: 60,
    group: 'Real run on this GPU',
    help: 'Run replays this many requests in real time under each scheduler, with the tiny Llama on this GPU.',
  },
  {
    key: 'realFtBatch',
    label: 'Training batch on this GPU',
    kind: 'int',
    min: 1,
    max: 16,
    default: 4,
    group: 'Real run on this GPU',
  },
  {
    key: 'knobMaxBatch',
    label: 'Largest batch tuned on this GPU',
    kind: 'int',
    min: 1,
    max: 64,
    default: 16,
    group: 'Tuning this GPU',
    help: 'Run measures batch sizes 1, 2, 4, … up to this, each with both GEMM kernel paths and both weight formats, then lets the optimiser search them.',
  },
  {
    key: 'knobSloFactor',
    label: 'Latency SLO on this GPU (× batch-1 latency)',
    kind: 'number',
    min: 1,
    max: 50,
    step: 0.5,
    default: 4,
    group: 'Tuning this GPU',
    help: 'A batch must finish within this multiple of the measured latency of one request alone (f32 weights, default kernels).',
  },
  {
    key: 'knobNewTokens',
    label: 'Tokens generated per request',
    kind: 'int',
    min: 1,
    max: 48,
    default: 8,
    group: 'Tuning this GPU',
    help: 'Each request is an 8-token prompt and this many generated tokens (decode steps are where the kernel path and weight format matter).',
  },
  {
    key: 'knobReps',
    label: 'Timed runs per measurement',
    kind: 'int',
    min: 1,
    max: 20,
    default: 5,
    group: 'Tuning this GPU',
  },
];

/** The paper's two fine-tuning settings (Tables 5 and 6), as presets and for the reproduction records. */
export const orinB7 = {
  device: 'orin',
  workload: 'b7',
  precision: 'fp16',
  sloS: 0.7,
  rate: 8,
  ftBatch: 64,
  ftIterations: 10,
};
export const tx2B4 = {
  device: 'tx2',
  workload: 'b4',
  precision: 'fp16',
  sloS: 1,
  rate: 4,
  ftBatch: 8,
  ftIterations: 10,
};

export const polythrottlePresets: Preset[] = [
  {
    id: 'orin-b7',
    label: 'Orin · EfficientNet-B7 (Table 5: SLO 0.7 s, 8 req/s, fine-tuning batch 64)',
    values: orinB7,
    note: 'Fine-tuning: 10 iterations, output dimension 1000, 30-s replay.',
  },
  {
    id: 'tx2-b4',
    label: 'TX2 · EfficientNet-B4 (Table 6: SLO 1 s, 4 req/s, fine-tuning batch 8)',
    values: tx2B4,
    note: 'The paper does not give the number of TX2 iterations; 10 as on Orin.',
  },
  { id: 'orin-b0', label: 'Orin · EfficientNet-B0 (Table 3 row)', values: { device: 'orin', workload: 'b0' } },
  { id: 'tx2-bert', label: 'TX2 · BERT-base (Table 2 row)', values: { device: 'tx2', workload: 'bert' } },
  {
    id: 'quick-study',
    label: 'Orin · B7, short search study (10 seeds)',
    values: { device: 'orin', workload: 'b7', seeds: 10, budget: 20 },
  },
];

export interface Settings {
  problem: ProblemSpec;
  replay: ReplaySettings;
  device: DeviceId;
  workload: WorkloadId;
  seeds: number;
  budget: number;
  rate: number;
  durationS: number;
  timelineTrace: TraceKind;
  real: RealSettings;
  knobs: KnobSettings;
}

export function settingsFrom(p: ParamValues): Settings {
  const sloS = p.sloS as number;
  if (!(sloS > 0)) throw new UserInputError(`the inference SLO must be positive, got ${sloS} s`);
  return {
    problem: {
      device: p.device as string,
      workload: p.workload as string,
      precision: p.precision as Precision,
      sloFactor: p.sloFactor as number,
      noise: (p.noisePct as number) / 100,
    },
    replay: {
      sloS,
      maxBatch: p.maxBatch as number,
      ftBatch: p.ftBatch as number,
      ftIterations: p.ftIterations as number,
    },
    device: p.device as DeviceId,
    workload: p.workload as WorkloadId,
    seeds: p.seeds as number,
    budget: p.budget as number,
    rate: p.rate as number,
    durationS: p.durationS as number,
    timelineTrace: p.timelineTrace as TraceKind,
    real: {
      requests: p.realRequests as number,
      ftBatch: p.realFtBatch as number,
      maxBatch: p.maxBatch as number,
      ftSteps: p.ftIterations as number,
    },
    knobs: {
      maxBatch: p.knobMaxBatch as number,
      prompt: KNOB_PROMPT,
      newTokens: p.knobNewTokens as number,
      reps: p.knobReps as number,
      sloFactor: p.knobSloFactor as number,
      seeds: p.seeds as number,
    },
  };
}
