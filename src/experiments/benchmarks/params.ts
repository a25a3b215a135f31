// Parameters of the benchmarks experiment: size, repetitions, which peers, and one switch per
// case (generated from the case registry, so a new case gets its switch for free).
import type { ParamSpec, ParamValues } from '../types';
import type { BenchCase, BenchSize } from './types';

export const MIN_REPS = 10;

export function benchParams(cases: readonly BenchCase[]): ParamSpec[] {
  return [
    {
      key: 'size',
      label: 'Shapes',
      kind: 'enum',
      default: 'auto',
      group: 'Run',
      options: [
        { value: 'auto', label: 'auto (small on CPU emulation, realistic on GPUs)' },
        { value: 'small', label: 'small (CI / SwiftShader)' },
        { value: 'realistic', label: 'realistic (transformer / search sizes)' },
      ],
      help: 'Realistic shapes take minutes on CPU emulation; small shapes say little about a real GPU.',
    },
    {
      key: 'reps',
      label: 'Timed repetitions',
      kind: 'int',
      min: MIN_REPS,
      max: 200,
      default: MIN_REPS,
      group: 'Run',
      help: 'Per implementation, after warm-up; median and min are reported.',
    },
    { key: 'warmup', label: 'Warm-up runs', kind: 'int', min: 1, max: 20, default: 2, group: 'Run' },
    {
      key: 'ort',
      label: 'ONNX Runtime Web (WebGPU EP)',
      kind: 'bool',
      default: true,
      group: 'Peers',
      help: 'Loaded on first use (≈27 MB of WebAssembly from this site); needs WebGPU: the browser’s, or in Node our own device.',
    },
    {
      key: 'tfjs',
      label: 'TensorFlow.js (WebGPU backend)',
      kind: 'bool',
      default: true,
      group: 'Peers',
      help: 'Loaded on first use; needs WebGPU: the browser’s, or in Node our own device.',
    },
    ...cases.map((c): ParamSpec => ({
      key: c.id,
      label: c.title,
      kind: 'bool',
      default: true,
      group: 'Cases',
      help: `Compared with ${c.peers.join(', ')}`,
    })),
  ];
}

export interface BenchSettings {
  size: BenchSize;
  reps: number;
  warmup: number;
  ort: boolean;
  tfjs: boolean;
  cases: BenchCase[];
}

export function readSettings(p: ParamValues, cases: readonly BenchCase[], cpuEmulation: boolean): BenchSettings {
  const choice = p.size as string;
  const size: BenchSize = choice === 'auto' ? (cpuEmulation ? 'small' : 'realistic') : (choice as BenchSize);
  return {
    size,
    reps: p.reps as number,
    warmup: p.warmup as number,
    ort: p.ort as boolean,
    tfjs: p.tfjs as boolean,
    cases: cases.filter((c) => p[c.id] === true),
  };
}
