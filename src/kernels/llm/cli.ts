// Kernel-CLI entries for the Llama engine on a Hugging Face checkpoint (model.safetensors +
// config.json, given as 'file' settings whose bytes arrive in `files`): `llama-logits` (one
// prefill of B sequences, logits for every position) and `llama-generate` (prefill of B prompts,
// then decode steps sampled on the GPU), so PyTorch users can check our engine against
// transformers on their own model and tokens.
import type { Gpu } from '../../gpu/gpu';
import { ndarray, type NdArray } from '../../data/ndarray';
import type { LlamaConfig } from '../../data/llamaConfig';
import {
  assertValidParams,
  UserInputError,
  type BoolParam,
  type EnumParam,
  type FileParam,
  type LoadedFile,
  type NumberParam,
  type ParamSpec,
  type ParamValues,
} from '../../core';
import { readLlamaCheckpoint, readLlamaConfig } from './llamaCheckpoint';
import { LlamaGpuWeights } from './llamaWeights';
import { LlamaInference, type LlamaInferenceOptions } from './llamaInference';
import type { SamplingSettings } from './sampling';
import type { WeightFormat } from './halfWeights';
import { speculativeGenerate } from './speculativeDecoding';
import type { KernelEntry, TensorSpec } from '../types';

const WEIGHTS: FileParam = {
  key: 'weights',
  label: 'Weights',
  kind: 'file',
  accept: ['.safetensors'],
  default: '',
  help: 'required: Hugging Face Llama checkpoint (F32, F16 or BF16 tensors with HF names)',
};
const CONFIG: FileParam = {
  key: 'config',
  label: 'Config',
  kind: 'file',
  accept: ['.json'],
  default: '',
  help: "required: the checkpoint's Hugging Face config.json (LlamaConfig)",
};
const WEIGHT_FORMAT: EnumParam = {
  key: 'weightFormat',
  label: 'Weight storage',
  kind: 'enum',
  options: [
    { value: 'f32', label: 'f32' },
    { value: 'f16', label: 'f16 (half the bytes; logits within f16 rounding)' },
  ],
  default: 'f32',
  help: 'f32, or f16: matrices stored as packed f16 pairs and unpacked in the kernels (f32 arithmetic)',
};
const MAX_NEW: NumberParam = {
  key: 'maxNew',
  label: 'New tokens',
  kind: 'int',
  min: 1,
  max: 4096,
  default: 16,
  help: 'tokens generated per prompt; prompt length + maxNew must fit max_position_embeddings',
};
const GREEDY: BoolParam = {
  key: 'greedy',
  label: 'Greedy',
  kind: 'bool',
  default: true,
  help: 'argmax (ties → lowest id); false samples at the temperature (and top-p)',
};
const TEMPERATURE: NumberParam = {
  key: 'temperature',
  label: 'Temperature',
  kind: 'number',
  min: 0.001,
  max: 100,
  default: 1,
  help: 'softmax temperature when greedy=false',
};
const TOP_P: NumberParam = {
  key: 'topP',
  label: 'Top-p',
  kind: 'number',
  min: 0.001,
  max: 1,
  default: 1,
  help: 'nucleus sampling when greedy=false; 1 = plain temperature sampling',
};
const SEED: NumberParam = {
  key: 'seed',
  label: 'Seed',
  kind: 'int',
  min: 0,
  max: 0xffffffff,
  default: 0,
  help: 'sampling seed (token i of row r depends only on seed, step i and r)',
};

const TOKENS: TensorSpec = {
  name: 'tokens',
  dtype: 'int32',
  shape: ['B', 'S'],
  optionalLeadingDims: 1,
  help: 'token ids in [0, vocab_size); all B sequences run as one prefill',
};
const PROMPT: TensorSpec = {
  name: 'prompt',
  dtype: 'int32',
  shape: ['B', 'S'],
  optionalLeadingDims: 1,
  help: 'B prompts of equal length S, token ids in [0, vocab_size)',
};
const LOGITS: TensorSpec = {
  name: 'logits',
  dtype: 'float32',
  shape: ['B', 'S', 'vocab'],
  optionalLeadingDims: 1,
  help: 'next-token logits at every position',
};
const NEW_TOKENS: TensorSpec = {
  name: 'tokens',
  dtype: 'int32',
  shape: ['B', 'maxNew'],
  optionalLeadingDims: 1,
  help: 'the generated tokens only, without the prompt',
};

interface Model {
  config: LlamaConfig;
  tensors: Record<string, Float32Array>;
  weights: WeightFormat;
}

function requireFile(entry: string, files: Record<string, LoadedFile> | undefined, spec: FileParam): LoadedFile {
  const file = files?.[spec.key];
  if (!file) {
    throw new UserInputError(
      `${entry}: the ${spec.key} setting is required: a ${spec.accept.join(' / ')} file (--set ${spec.key}=PATH${spec.accept[0]})`,
    );
  }
  return file;
}

/** The config (parsed and checked against what the engine implements); the weights come later. */
function loadConfig(
  entry: string,
  files: Record<string, LoadedFile> | undefined,
): { config: LlamaConfig; name: string } {
  const file = requireFile(entry, files, CONFIG);
  const config = readLlamaConfig(new TextDecoder().decode(file.bytes), file.name);
  if (config.ropeScaling !== null) {
    throw new UserInputError(
      `${file.name}: "rope_scaling" ${JSON.stringify(config.ropeScaling)} is not supported (this engine applies plain rotary embeddings from rope_theta)`,
    );
  }
  return { config, name: file.name };
}

/** Every tensor of the checkpoint, checked by name, shape and dtype against the config. */
function loadModel(
  entry: string,
  files: Record<string, LoadedFile> | undefined,
  config: LlamaConfig,
  weights: WeightFormat = 'f32',
): Model {
  const file = requireFile(entry, files, WEIGHTS);
  return { config, tensors: readLlamaCheckpoint(file.bytes, config, file.name, { weights }).tensors, weights };
}

/** Token ids [S] or [B, S], each checked against the config's vocabulary. */
function readTokens(
  entry: string,
  inputs: Record<string, NdArray>,
  spec: TensorSpec,
  config: LlamaConfig,
  configName: string,
): { ids: Int32Array; B: number; S: number; batched: boolean } {
  const t = inputs[spec.name];
  const want = `${spec.name} int32 [B, S] or [S]`;
  if (!t) throw new UserInputError(`${entry}: missing input ${want}`);
  if (t.dtype !== 'int32') throw new UserInputError(`${entry}: ${spec.name} is ${t.dtype}, expected ${want}`);
  if (t.shape.length !== 1 && t.shape.length !== 2)
    throw new UserInputError(`${entry}: ${spec.name} has shape [${t.shape.join(', ')}], expected ${want}`);
  const batched = t.shape.length === 2;
  const [B, S] = batched ? (t.shape as [number, number]) : [1, t.shape[0]!];
  if (B < 1 || S < 1)
    throw new UserInputError(`${entry}: ${spec.name} has shape [${t.shape.join(', ')}]; B and S must be at least 1`);
  const ids = t.data as Int32Array;
  const V = config.vocabSize;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id >= V) {
      const at = batched ? `[${Math.floor(i / S)}, ${i % S}]` : `[${i}]`;
      throw new UserInputError(
        `${entry}: ${spec.name}${at} = ${id} is outside [0, ${V}) (vocab_size in ${configName})`,
      );
    }
  }
  return { ids, B, S, batched };
}

function checkPositions(entry: string, what: string, positions: number, config: LlamaConfig, configName: string): void {
  if (positions > config.maxPositionEmbeddings) {
    throw new UserInputError(
      `${entry}: ${what} = ${positions} positions exceed max_position_embeddings ${config.maxPositionEmbeddings} in ${configName}`,
    );
  }
}

/** Uploads the weights, runs `body` on an engine, and frees every GPU buffer whatever happens. */
async function withEngine<T>(
  gpu: Gpu,
  model: Model,
  opts: LlamaInferenceOptions,
  body: (engine: LlamaInference) => Promise<T>,
): Promise<T> {
  const weights = LlamaGpuWeights.upload(gpu, model.config, model.tensors, { format: model.weights });
  let engine: LlamaInference | undefined;
  try {
    engine = new LlamaInference(gpu, weights, opts);
    return await body(engine);
  } finally {
    engine?.destroy();
    weights.destroy();
  }
}

const LOGITS_SETTINGS: ParamSpec[] = [WEIGHTS, CONFIG, WEIGHT_FORMAT];
const GENERATE_SETTINGS: ParamSpec[] = [WEIGHTS, CONFIG, WEIGHT_FORMAT, MAX_NEW, GREEDY, TEMPERATURE, TOP_P, SEED];

export const llamaLogitsKernel: KernelEntry = {
  name: 'llama-logits',
  summary:
    'Llama forward of a Hugging Face checkpoint (f32, or f16 weight storage): B token sequences in one prefill, logits at every position',
  inputs: [TOKENS],
  outputs: [LOGITS],
  settings: LOGITS_SETTINGS,
  async run(gpu: Gpu, inputs, settings: ParamValues, files) {
    const name = 'llama-logits';
    const s = assertValidParams(LOGITS_SETTINGS, settings);
    const { config, name: configName } = loadConfig(name, files);
    const tokens = readTokens(name, inputs, TOKENS, config, configName);
    checkPositions(name, 'S', tokens.S, config, configName);
    const model = loadModel(name, files, config, s.weightFormat as WeightFormat);
    const { B, S } = tokens;
    const V = config.vocabSize;
    const logits = await withEngine(gpu, model, { batch: B, maxSeq: S, maxRows: B * S }, (engine) =>
      engine.logits(
        tokens.ids,
        Uint32Array.from({ length: B * S }, (_, t) => Math.floor(t / S)),
      ),
    );
    return { logits: ndarray('float32', tokens.batched ? [B, S, V] : [S, V], logits) };
  },
};

export const llamaGenerateKernel: KernelEntry = {
  name: 'llama-generate',
  summary:
    'Llama generation from a Hugging Face checkpoint: prefill of B equal-length prompts, then maxNew decode steps sampled on the GPU (greedy, temperature or top-p)',
  inputs: [PROMPT],
  outputs: [NEW_TOKENS],
  settings: GENERATE_SETTINGS,
  async run(gpu: Gpu, inputs, settings: ParamValues, files) {
    const name = 'llama-generate';
    const s = assertValidParams(GENERATE_SETTINGS, settings);
    const maxNew = s.maxNew as number;
    const { config, name: configName } = loadConfig(name, files);
    const prompt = readTokens(name, inputs, PROMPT, config, configName);
    const { B, S } = prompt;
    checkPositions(name, `S + maxNew = ${S} + ${maxNew}`, S + maxNew, config, configName);
    const sampling: SamplingSettings = s.greedy
      ? { mode: 'greedy' }
      : {
          mode: (s.topP as number) < 1 ? 'topP' : 'temperature',
          temperature: s.temperature as number,
          topP: s.topP as number,
          seed: s.seed as number,
        };
    const model = loadModel(name, files, config, s.weightFormat as WeightFormat);
    const prompts = Array.from({ length: B }, (_, b) => prompt.ids.subarray(b * S, (b + 1) * S));
    const rows = await withEngine(gpu, model, { batch: B, maxSeq: S + maxNew, maxRows: B * S }, (engine) =>
      engine.generate(prompts, maxNew, sampling),
    );
    const out = new Int32Array(B * maxNew);
    rows.forEach((r, b) => out.set(r, b * maxNew));
    return { tokens: ndarray('int32', prompt.batched ? [B, maxNew] : [maxNew], out) };
  },
};

const DRAFT_WEIGHTS: FileParam = {
  ...WEIGHTS,
  key: 'draftWeights',
  label: 'Draft weights',
  help: 'the draft model (same vocabulary as the target)',
};
const DRAFT_CONFIG: FileParam = {
  ...CONFIG,
  key: 'draftConfig',
  label: 'Draft config',
  help: "the draft's config.json",
};
const GAMMA: NumberParam = {
  key: 'gamma',
  label: 'Draft tokens per iteration (γ)',
  kind: 'int',
  min: 1,
  max: 32,
  default: 4,
};
const ACCEPTED: TensorSpec = {
  name: 'accepted',
  dtype: 'int32',
  shape: ['B', 'iterations'],
  optionalLeadingDims: 1,
  help: 'tokens each iteration emitted minus one (draft tokens accepted, 0..γ; the last iteration may stop early at maxNew); -1 after a sequence finished',
};
const SPECULATIVE_SETTINGS: ParamSpec[] = [
  WEIGHTS,
  CONFIG,
  DRAFT_WEIGHTS,
  DRAFT_CONFIG,
  GAMMA,
  MAX_NEW,
  GREEDY,
  TEMPERATURE,
  TOP_P,
  SEED,
];

export const speculativeGenerateKernel: KernelEntry = {
  name: 'speculative-generate',
  summary:
    'Speculative decoding with two Hugging Face checkpoints: the draft proposes γ tokens, the target verifies them in one pass; output distributed as the target’s own generation (greedy: the same tokens, up to floating-point ties)',
  inputs: [PROMPT],
  outputs: [NEW_TOKENS, ACCEPTED],
  settings: SPECULATIVE_SETTINGS,
  async run(gpu: Gpu, inputs, settings: ParamValues, files) {
    const name = 'speculative-generate';
    const s = assertValidParams(SPECULATIVE_SETTINGS, settings);
    const [maxNew, gamma] = [s.maxNew as number, s.gamma as number];
    const target = loadConfig(name, files);
    const draftFiles = files && { config: files.draftConfig!, weights: files.draftWeights! };
    if (!files?.draftConfig) requireFile(name, files, DRAFT_CONFIG);
    const draft = loadConfig(name, draftFiles);
    if (draft.config.vocabSize !== target.config.vocabSize) {
      throw new UserInputError(
        `${name}: the draft's vocab_size (${draft.config.vocabSize}, ${draft.name}) differs from the target's (${target.config.vocabSize}, ${target.name})`,
      );
    }
    const prompt = readTokens(name, inputs, PROMPT, target.config, target.name);
    const { B, S } = prompt;
    const span = S + maxNew + gamma;
    checkPositions(name, `S + maxNew + γ = ${S} + ${maxNew} + ${gamma}`, span, target.config, target.name);
    checkPositions(name, `S + maxNew + γ = ${S} + ${maxNew} + ${gamma}`, span, draft.config, draft.name);
    const targetModel = loadModel(name, files, target.config);
    if (!files?.draftWeights) requireFile(name, files, DRAFT_WEIGHTS);
    const draftModel = loadModel(name, draftFiles, draft.config);
    const mode = s.greedy ? 'greedy' : (s.topP as number) < 1 ? 'topP' : 'temperature';
    const prompts = Array.from({ length: B }, (_, b) => prompt.ids.subarray(b * S, (b + 1) * S));
    const opts: LlamaInferenceOptions = { batch: B, maxSeq: span + 1, maxRows: B * Math.max(S, gamma + 1) };
    const r = await withEngine(gpu, targetModel, opts, (t) =>
      withEngine(gpu, draftModel, opts, (d) =>
        speculativeGenerate(t, d, prompts, {
          mode,
          gamma,
          maxNew,
          temperature: s.temperature as number,
          topP: s.topP as number,
          seed: s.seed as number,
        }),
      ),
    );
    const tokens = new Int32Array(B * maxNew);
    r.tokens.forEach((row, b) => tokens.set(row, b * maxNew));
    const iterations = Math.max(...r.emitted.map((e) => e.length));
    const accepted = new Int32Array(B * iterations).fill(-1);
    r.emitted.forEach((e, b) => e.forEach((n, i) => (accepted[b * iterations + i] = n - 1)));
    return {
      tokens: ndarray('int32', prompt.batched ? [B, maxNew] : [maxNew], tokens),
      accepted: ndarray('int32', prompt.batched ? [B, iterations] : [iterations], accepted),
    };
  },
};
