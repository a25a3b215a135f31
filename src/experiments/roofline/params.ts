// Roofline explorer parameter schema and presets: the kernel's arithmetic intensity, the target
// GPU from the datasheet catalog (src/sim/hardware.ts), precision and achieved efficiency; presets
// are common kernels (GEMV decode, elementwise add, square GEMM).
import { GPU_CATALOG } from '../../sim/hardware';
import type { ParamSpec, Preset } from '../types';

export const rooflineParams: ParamSpec[] = [
  {
    key: 'intensity',
    label: 'Arithmetic intensity',
    kind: 'number',
    min: 0.01,
    max: 10_000,
    step: 0.01,
    default: 10,
    unit: 'FLOP/B',
    log: true,
    group: 'Kernel',
    help: 'FLOPs per byte moved to/from memory. GEMV ≈ 0.5 (f32), large square GEMM ≈ n/6.',
  },
  {
    key: 'gpuModel',
    label: 'Target GPU',
    kind: 'enum',
    group: 'Hardware',
    default: 'a100-80gb',
    options: GPU_CATALOG.map((g) => ({ value: g.id, label: g.name })),
  },
  {
    key: 'precision',
    label: 'Precision',
    kind: 'enum',
    group: 'Hardware',
    default: 'fp32',
    options: [
      { value: 'fp32', label: 'f32 (CUDA cores)' },
      { value: 'fp16-tensor', label: 'fp16/bf16 tensor cores' },
    ],
  },
  {
    key: 'efficiency',
    label: 'Achieved fraction of roof',
    kind: 'number',
    min: 0.05,
    max: 1,
    step: 0.05,
    default: 1,
    group: 'Hardware',
    help: 'Scale the roof down to what real kernels reach (e.g. 0.6).',
  },
];

export const rooflinePresets: Preset[] = [
  { id: 'gemv-decode', label: 'GEMV (LLM decode, f32)', values: { intensity: 0.5, precision: 'fp32' } },
  { id: 'elementwise', label: 'Elementwise add (f32)', values: { intensity: 0.08, precision: 'fp32' } },
  { id: 'gemm-4096', label: 'Square GEMM 4096 (f32)', values: { intensity: 683, precision: 'fp32' } },
  {
    id: 'gemm-4096-bf16',
    label: 'Square GEMM 4096 (bf16 tensor)',
    values: { intensity: 1365, precision: 'fp16-tensor' },
  },
];
