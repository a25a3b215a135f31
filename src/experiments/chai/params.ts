// CHAI parameter schema, presets, and the typed settings read from them (cross-checked).
import { CHAI_GPUS } from './gpus';
import { UserInputError, type ParamSpec, type ParamValues, type Preset } from '../types';

export const THIS_DEVICE = 'this-device';

const SYN = 'Synthetic model (Run)';
const DEC = 'Decode kernels (Run)';
const TGT = 'Target model (modeled, live)';

export const chaiParams: ParamSpec[] = [
  {
    key: 'headModel',
    label: 'Heads',
    kind: 'enum',
    group: SYN,
    default: 'prototypes',
    options: [
      { value: 'prototypes', label: 'Drawn around prototypes (redundancy dial)' },
      { value: 'random-init', label: 'Random init (no redundancy, control)' },
    ],
  },
  {
    key: 'heads',
    label: 'Heads H',
    kind: 'int',
    min: 1,
    max: 128,
    default: 16,
    group: SYN,
    help: 'Also the head count of the "custom" target model.',
  },
  { key: 'headDim', label: 'Head dim d', kind: 'int', min: 1, max: 128, default: 32, group: SYN },
  {
    key: 'hidden',
    label: 'Hidden size D',
    kind: 'int',
    min: 4,
    max: 256,
    default: 32,
    group: SYN,
    help: 'Size of the synthetic token states that Q, K, V are projected from.',
  },
  {
    key: 'prototypes',
    label: 'Prototypes',
    kind: 'int',
    min: 1,
    max: 128,
    default: 4,
    group: SYN,
    help: 'Heads are spread evenly over this many prototype heads.',
  },
  {
    key: 'redundancy',
    label: 'Redundancy r (last layer)',
    kind: 'number',
    min: 0,
    max: 1,
    step: 0.001,
    default: 0.99,
    group: SYN,
    help: 'Weight correlation of heads within a prototype group. Layer l of L gets r·l/(L−1): the first layer has none, the last has r.',
  },
  {
    key: 'logitScale',
    label: 'Logit spread τ',
    kind: 'number',
    min: 0.1,
    max: 10,
    step: 0.1,
    default: 2.5,
    group: SYN,
    help: 'Standard deviation of the attention logits; larger = peakier attention.',
  },
  { key: 'layers', label: 'Synthetic layers', kind: 'int', min: 1, max: 8, default: 4, group: SYN },
  {
    key: 'samples',
    label: 'Prompts for the elbow',
    kind: 'int',
    min: 1,
    max: 16,
    default: 4,
    group: SYN,
    help: "k-means inertia is summed over this many prompts, as in CHAI's offline step.",
  },
  {
    key: 'clusters',
    essential: true,
    label: 'Clusters k',
    kind: 'int',
    min: 1,
    max: 128,
    default: 4,
    group: DEC,
    help: 'Clusters in the last layer of the synthetic model (the one the kernels run); also k of the "custom" target model. Must be ≤ H.',
  },
  { key: 'context', label: 'Context T', kind: 'int', min: 1, max: 65_536, default: 256, log: true, group: DEC },
  {
    key: 'batch',
    label: 'Batch B',
    kind: 'int',
    min: 1,
    max: 8,
    default: 1,
    group: DEC,
    help: "Sequences decoded together; the cluster map comes from the first one's prompt (the paper runs batch 1).",
  },
  { key: 'reps', label: 'Timed repetitions', kind: 'int', min: 1, max: 50, default: 5, group: DEC },
  {
    key: 'config',
    essential: true,
    label: 'Target model',
    kind: 'enum',
    group: TGT,
    default: 'llama-7b',
    options: [
      { value: 'llama-7b', label: 'LLaMA-7B, released CHAI config' },
      { value: 'llama-33b', label: 'LLaMA-33B, released CHAI config' },
      { value: 'custom', label: 'Custom: H, d, k from above' },
    ],
  },
  { key: 'modelLayers', label: 'Custom: layers', kind: 'int', min: 1, max: 128, default: 32, group: TGT },
  {
    key: 'clusteredLayers',
    label: 'Custom: clustered (last) layers',
    kind: 'int',
    min: 0,
    max: 128,
    default: 14,
    group: TGT,
  },
  {
    key: 'modelContext',
    essential: true,
    label: 'Context (modeled)',
    kind: 'int',
    min: 16,
    max: 131_072,
    default: 2048,
    log: true,
    unit: 'tokens',
    group: TGT,
  },
  {
    key: 'modelBatch',
    label: 'Batch (modeled)',
    kind: 'int',
    min: 1,
    max: 256,
    default: 1,
    log: true,
    group: TGT,
    essential: true,
  },
  {
    key: 'cacheDtype',
    label: 'Weights and KV cache',
    kind: 'enum',
    group: TGT,
    default: 'fp16',
    options: [
      { value: 'fp16', label: 'fp16 / bf16 (2 bytes)' },
      { value: 'fp32', label: 'fp32 (4 bytes)' },
    ],
  },
  {
    key: 'gpuModel',
    label: 'GPU',
    kind: 'enum',
    group: TGT,
    default: 'a100-80gb',
    options: [
      ...CHAI_GPUS.map((g) => ({ value: g.id, label: g.name })),
      { value: THIS_DEVICE, label: 'This device (measured by Run)' },
    ],
  },
  {
    key: 'efficiency',
    label: 'Fraction of peak reached',
    kind: 'number',
    min: 0.05,
    max: 1,
    step: 0.01,
    default: 0.8,
    group: TGT,
    help: 'Assumption: the share of the datasheet bandwidth (decode) and tensor-core peak (prefill) that kernels reach.',
  },
  {
    key: 'clusteringMs',
    label: 'Clustering time per clustered layer',
    kind: 'number',
    min: 0,
    max: 20,
    step: 0.1,
    default: 1,
    unit: 'ms',
    group: TGT,
    help: "Assumption: CHAI's code clusters each clustered layer's heads on the host at every prompt (scores of the first 5 tokens copied off the GPU, then average-linkage clustering). It counts in the time to first token, not in later tokens.",
  },
];

const decodeOnSwiftShader = { context: 256, batch: 1, reps: 5 };

export const chaiPresets: Preset[] = [
  {
    id: 'llama-7b',
    label: 'LLaMA-7B (32 × 32 heads, k = 4 in layers 18–31)',
    values: {
      config: 'llama-7b',
      gpuModel: 'v100-32gb',
      modelContext: 2048,
      modelBatch: 1,
      cacheDtype: 'fp16',
      heads: 32,
      headDim: 128,
      prototypes: 4,
      clusters: 4,
      redundancy: 0.99,
      ...decodeOnSwiftShader,
    },
    note: "The paper's latency setup: LLaMA-7B on one V100, sequence length 2048, fp16. Modeled part: the released per-layer k. Run: a synthetic 32-head, d = 128 layer with 4 prototypes, clustered to k = 4.",
  },
  {
    id: 'llama-33b',
    label: 'LLaMA-33B (60 × 52 heads, k = 48/36/24/8/6)',
    values: {
      config: 'llama-33b',
      heads: 52,
      headDim: 128,
      prototypes: 6,
      clusters: 6,
      redundancy: 0.99,
      ...decodeOnSwiftShader,
    },
    note: 'Layer order from params33b.json: 48 ×18, 36 ×8, 24 ×6, 8 ×2, 6 ×26 from layer 0. The paper prints no latency or memory figure for LLaMA-33B. Run: a synthetic 52-head layer at k = 6.',
  },
  {
    id: 'synthetic-redundant',
    label: 'Synthetic: 16 heads around 4 prototypes',
    values: {
      headModel: 'prototypes',
      heads: 16,
      headDim: 32,
      prototypes: 4,
      redundancy: 0.99,
      clusters: 4,
      config: 'custom',
      modelLayers: 32,
      clusteredLayers: 14,
    },
  },
  {
    id: 'random-init',
    label: 'Control: random-init heads (no redundancy)',
    values: {
      headModel: 'random-init',
      heads: 16,
      headDim: 32,
      clusters: 4,
      config: 'custom',
      modelLayers: 32,
      clusteredLayers: 14,
    },
    note: 'Every head independent: clustering has nothing to find, so the output deviation at k < H is large.',
  },
];

/** Largest K cache (B·T·H·d values) the synthetic model builds in memory and the f64 CPU reference checks. */
export const MAX_CACHE_VALUES = 2 ** 23;

export interface ChaiSettings {
  randomInit: boolean;
  heads: number;
  headDim: number;
  hidden: number;
  prototypes: number;
  redundancy: number;
  logitScale: number;
  layers: number;
  samples: number;
  clusters: number;
  context: number;
  batch: number;
  reps: number;
}

/** Typed settings of the measured part, with the checks the schema's ranges cannot express. */
export function chaiSettings(p: ParamValues): ChaiSettings {
  const s: ChaiSettings = {
    randomInit: p.headModel === 'random-init',
    heads: p.heads as number,
    headDim: p.headDim as number,
    hidden: p.hidden as number,
    prototypes: p.prototypes as number,
    redundancy: p.redundancy as number,
    logitScale: p.logitScale as number,
    layers: p.layers as number,
    samples: p.samples as number,
    clusters: p.clusters as number,
    context: p.context as number,
    batch: p.batch as number,
    reps: p.reps as number,
  };
  if (s.clusters > s.heads)
    throw new UserInputError(`clusters k=${s.clusters} exceeds the number of heads H=${s.heads}; k must be in [1, H]`);
  if (!s.randomInit && s.prototypes > s.heads) {
    throw new UserInputError(
      `prototypes (${s.prototypes}) exceed the number of heads H=${s.heads}; each prototype needs a head`,
    );
  }
  const values = s.batch * s.context * s.heads * s.headDim;
  if (values > MAX_CACHE_VALUES) {
    throw new UserInputError(
      `the last layer's K cache would hold B·T·H·d = ${s.batch}·${s.context}·${s.heads}·${s.headDim} = ${values} values; ` +
        `the synthetic model and CPU reference are limited to ${MAX_CACHE_VALUES} (lower the context T, batch, heads or head dim)`,
    );
  }
  return s;
}

/** Redundancy of synthetic layer l of L: none in the first layer, r in the last (the paper finds later layers more redundant). */
export function layerRedundancy(s: ChaiSettings, l: number): number {
  return s.layers === 1 ? s.redundancy : (s.redundancy * l) / (s.layers - 1);
}
