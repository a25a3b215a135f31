// LV-XAttn parameter schema and paper presets.
import { GPU_CATALOG } from '../../sim/hardware';
import { LINK_CATALOG } from '../../sim/links';
import type { ParamSpec, Preset } from '../types';
import { MLLMS } from './mllms';

export const THIS_DEVICE = 'this-device';

export const lvXAttnParams: ParamSpec[] = [
  {
    key: 'model',
    essential: true,
    label: 'Model',
    kind: 'enum',
    group: 'Workload',
    default: 'llama3v-11b',
    options: MLLMS.map((m) => ({ value: m.id, label: m.name })),
  },
  {
    key: 'frames',
    essential: true,
    label: 'Video frames / images',
    kind: 'int',
    min: 1,
    max: 100_000,
    default: 192,
    log: true,
    group: 'Workload',
    help: "Visual tokens S_KV = frames × the model's tokens per frame.",
  },
  {
    key: 'textTokens',
    label: 'Text tokens (S_Q)',
    kind: 'int',
    min: 16,
    max: 131_072,
    default: 1008,
    log: true,
    group: 'Workload',
  },
  {
    key: 'visionEncoder',
    label: 'Run the frozen vision encoder every iteration',
    kind: 'bool',
    default: true,
    group: 'Workload',
    help: 'Off = visual features cached ahead of training (the encoder is frozen).',
  },
  {
    key: 'gpuModel',
    label: 'GPU',
    kind: 'enum',
    group: 'Cluster',
    default: 'a100-80gb',
    options: [
      ...GPU_CATALOG.map((g) => ({ value: g.id, label: g.name })),
      { value: THIS_DEVICE, label: 'This device (measured by Run)' },
    ],
  },
  { key: 'nodes', label: 'Nodes', kind: 'int', min: 1, max: 64, default: 4, group: 'Cluster', essential: true },
  {
    key: 'gpusPerNode',
    label: 'GPUs per node',
    kind: 'int',
    min: 1,
    max: 8,
    default: 4,
    group: 'Cluster',
    essential: true,
  },
  {
    key: 'intraLink',
    label: 'Intra-node link',
    kind: 'enum',
    group: 'Cluster',
    default: 'nvlink3',
    options: LINK_CATALOG.map((l) => ({ value: l.id, label: l.name })),
  },
  {
    key: 'interLink',
    label: 'Inter-node link',
    kind: 'enum',
    group: 'Cluster',
    default: 'ib-200',
    options: LINK_CATALOG.map((l) => ({ value: l.id, label: l.name })),
  },
  {
    key: 'efficiencySource',
    label: 'Compute efficiency from',
    kind: 'enum',
    group: 'Calibration',
    default: 'slider',
    options: [
      { value: 'slider', label: 'the slider below' },
      { value: 'measured', label: "this device's attention kernel (after Run; f32, no tensor cores)" },
    ],
  },
  {
    key: 'efficiency',
    label: 'Fraction of peak reached',
    kind: 'number',
    min: 0.05,
    max: 1,
    step: 0.01,
    default: 0.5,
    group: 'Calibration',
    help: "Assumption: kernels reach this share of the GPU's bf16 tensor-core peak. Default 0.5, the low end of the 50–73 % FlashAttention-2 reports on A100 (Dao, 2023), because each GPU's query block here is small. The cross-attention speedup scales with it wherever Ring Attention waits on its links.",
  },
  {
    key: 'recompute',
    label: "LV-XAttn's recomputation (keep O and LSE, re-project K/V)",
    kind: 'bool',
    default: true,
    group: 'Calibration',
  },
  {
    key: 'checkpointing',
    label: 'Activation checkpointing (re-run each layer forward in backward)',
    kind: 'bool',
    default: true,
    group: 'Calibration',
    help: "The paper trains every method with activation recomputation. Ring Attention then runs its forward ring pass twice; LV-XAttn's own recomputation needs no second attention pass.",
  },
  {
    key: 'kernelDevices',
    label: 'Simulated GPUs (device partitions)',
    kind: 'int',
    min: 1,
    max: 16,
    default: 4,
    group: 'Real kernel run',
    help: 'The real run splits Q and K/V over this many partitions on this device.',
  },
  {
    key: 'kernelTextTokens',
    label: 'S_Q for the real run',
    kind: 'int',
    min: 1,
    max: 4096,
    default: 64,
    log: true,
    group: 'Real kernel run',
  },
  {
    key: 'kernelVisualTokens',
    label: 'S_KV for the real run',
    kind: 'int',
    min: 1,
    max: 262_144,
    default: 1024,
    log: true,
    group: 'Real kernel run',
  },
  {
    key: 'kernelHeads',
    label: 'Heads (h) for the real run',
    kind: 'int',
    min: 1,
    max: 64,
    default: 4,
    group: 'Real kernel run',
  },
  {
    key: 'kernelKvHeads',
    label: 'KV heads (h_kv) for the real run',
    kind: 'int',
    min: 1,
    max: 64,
    default: 2,
    group: 'Real kernel run',
    help: 'Must divide h (GQA).',
  },
  {
    key: 'kernelHeadDim',
    label: 'Head dim for the real run',
    kind: 'int',
    min: 1,
    max: 128,
    default: 64,
    group: 'Real kernel run',
  },
];

const cluster1 = { gpuModel: 'a100-80gb', nodes: 4, gpusPerNode: 4, intraLink: 'nvlink3', interLink: 'ib-200' };
const cluster2 = { gpuModel: 'a30', nodes: 8, gpusPerNode: 1, intraLink: 'pcie4', interLink: 'eth-10' };
const cluster3 = { gpuModel: 'a100-40gb', nodes: 4, gpusPerNode: 3, intraLink: 'pcie-64', interLink: 'ib-200' };

/**
 * The Llama 3-V combinations of Tables 3–4's values: S_Q ∈ {1K, 2K} × S_KV ≈ 1200K or 2401K visual
 * tokens. The paper ran three of these four per model and cluster; which three is not published.
 */
export const LLAMA_PAPER_WORKLOADS = [
  { id: 'llama3v-16xa100-1k-1200k', textTokens: 1024, frames: 187 },
  { id: 'llama3v-16xa100-1k-2401k', textTokens: 1024, frames: 375 },
  { id: 'llama3v-16xa100-2k-1200k', textTokens: 2048, frames: 187 },
  { id: 'llama3v-16xa100-2k-2401k', textTokens: 2048, frames: 375 },
] as const;

const paperSetup = { visionEncoder: false, checkpointing: true, recompute: true };

export const lvXAttnPresets: Preset[] = [
  ...LLAMA_PAPER_WORKLOADS.map((x): Preset => ({
    id: x.id,
    label: `Llama 3-V 11B · 16×A100 · S_Q ${x.textTokens / 1024}K, S_KV ${x.frames === 375 ? '2401K' : '≈1200K'}`,
    values: { model: 'llama3v-11b', frames: x.frames, textTokens: x.textTokens, ...paperSetup, ...cluster1 },
    note:
      `One of the four Llama 3-V combinations of the paper's values (it ran three of them and does not say which): ${x.textTokens} text tokens and ${x.frames} frames × 6404 visual tokens ` +
      `(${((x.frames * 6404) / 1000).toFixed(1)}K; the paper's "≈1200K" is 187.5 frames, rounded here to whole frames), ` +
      'forward and backward, 4 nodes × 4 A100 with NVLink inside a node and 25 GB/s between nodes. Inputs are ready-made visual tokens, so no vision encoder runs.',
  })),
  {
    id: 'llama3v-16xa100',
    label: "Llama 3-V 11B · 16×A100 · the code's benchmark (63 text tokens, 12 images per GPU)",
    values: { model: 'llama3v-11b', frames: 192, textTokens: 1008, ...paperSetup, ...cluster1 },
    note: "The official code's benchmark script, not a paper table: 63 text tokens and 12 images (6404 tokens each) per GPU, vision encoder frozen (features counted as cached here).",
  },
  {
    id: 'owl3-7b-16xa100',
    label: 'mPLUG-Owl3 7B · 16×A100',
    values: { model: 'mplug-owl3-7b', frames: 2048, textTokens: 1024, ...paperSetup, ...cluster1 },
  },
  {
    id: 'owl3-2b-16xa100',
    label: 'mPLUG-Owl3 2B · 16×A100',
    values: { model: 'mplug-owl3-2b', frames: 2048, textTokens: 1024, ...paperSetup, ...cluster1 },
  },
  {
    id: 'owl3-1b-16xa100',
    label: 'mPLUG-Owl3 1B · 16×A100',
    values: { model: 'mplug-owl3-1b', frames: 2048, textTokens: 1024, ...paperSetup, ...cluster1 },
  },
  {
    id: 'openflamingo-9b-16xa100',
    label: 'OpenFlamingo 9B · 16×A100',
    values: { model: 'openflamingo-9b', frames: 4096, textTokens: 4096, ...paperSetup, ...cluster1 },
  },
  {
    id: 'openflamingo-3b-16xa100',
    label: 'OpenFlamingo 3B · 16×A100',
    values: { model: 'openflamingo-3b', frames: 4096, textTokens: 4096, ...paperSetup, ...cluster1 },
  },
  {
    id: 'owl3-7b-8xa30',
    label: 'mPLUG-Owl3 7B · 8×A30 (8 nodes, 1.25 GB/s)',
    values: { model: 'mplug-owl3-7b', frames: 512, textTokens: 1024, ...paperSetup, ...cluster2 },
  },
  {
    id: 'openflamingo-3b-12xa100-40',
    label: 'OpenFlamingo 3B · 12×A100-40GB (4 nodes)',
    values: { model: 'openflamingo-3b', frames: 2048, textTokens: 4096, ...paperSetup, ...cluster3 },
  },
];
