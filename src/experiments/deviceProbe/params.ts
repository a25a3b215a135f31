// Device probe parameter schema and presets: timing effort (repetitions, target time per
// repetition) and problem sizes (largest copy buffer, matmul size). Kept out of index.ts so the
// experiment file is metadata and the run.
import type { Gpu } from '../../gpu/gpu';
import type { ParamSpec, Preset } from '../types';

const MATMUL_SIZES = ['auto', '128', '256', '512', '1024', '2048', '4096'];

export const deviceProbeParams: ParamSpec[] = [
  {
    key: 'reps',
    label: 'Timed repetitions',
    kind: 'int',
    min: 3,
    max: 100,
    default: 10,
    group: 'Timing',
    help: 'Repetitions after warm-up; median and min are reported.',
  },
  {
    key: 'targetMs',
    label: 'Target time per repetition',
    kind: 'number',
    min: 1,
    max: 200,
    step: 1,
    default: 8,
    unit: 'ms',
    group: 'Timing',
    help: 'Problem sizes grow until one repetition takes this long.',
  },
  {
    key: 'maxCopyMiB',
    label: 'Largest copy buffer',
    kind: 'int',
    min: 1,
    max: 2048,
    default: 256,
    unit: 'MiB',
    log: true,
    group: 'Sizes',
    help: "Capped by the device's maxStorageBufferBindingSize.",
  },
  {
    key: 'matmulSize',
    label: 'Matmul size (n×n×n)',
    kind: 'enum',
    group: 'Sizes',
    default: 'auto',
    options: MATMUL_SIZES.map((v) => ({
      value: v,
      label: v === 'auto' ? 'auto (128 on CPU emulation, 2048 on GPUs)' : v,
    })),
  },
];

export const deviceProbePresets: Preset[] = [
  { id: 'quick', label: 'Quick', values: { reps: 5, targetMs: 4 } },
  { id: 'standard', label: 'Standard', values: { reps: 10, targetMs: 8 } },
  { id: 'thorough', label: 'Thorough', values: { reps: 30, targetMs: 25 } },
];

/** The matmul size the run uses: the chosen one, or for "auto" one that suits this device. */
export function matmulSize(choice: string, gpu: Gpu): number {
  if (choice !== 'auto') return Number(choice);
  // SwiftShader runs ~0.1 GFLOP/s: 128³ takes ~60 ms there; real GPUs need 2048³ to fill.
  return gpu.isCpuEmulation ? 128 : 2048;
}
