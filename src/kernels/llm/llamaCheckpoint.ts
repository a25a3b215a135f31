// Llama checkpoints in the Hugging Face format: a config.json (LlamaConfig) plus one safetensors
// file with HF tensor names. Loading checks every tensor against the config (names, shapes,
// dtypes) and converts F16/BF16 to f32 (exact), saying in its notes what an f16 engine (weights
// stored as packed f16, halfWeights.ts) will keep of them; saving writes F32 tensors and a config that transformers
// opens, so a model trained here can be loaded in Python. Also a seeded initialisation for models
// trained from scratch (and for latency runs, which do not depend on the weights' values).
import { UserInputError } from '../../core';
import { F16_MAX, F16_MIN_NORMAL, type WeightFormat } from './halfWeights';
import { createRng } from '../../data/pcg32';
import {
  checkLlamaTensors,
  llamaTensorNames,
  parseLlamaConfig,
  serializeLlamaConfig,
  type LlamaConfig,
} from '../../data/llamaConfig';
import {
  encodeSafetensors,
  parseSafetensors,
  safetensorsToFloat32,
  type SafetensorsWriteTensor,
} from '../../data/safetensors';

export interface LlamaCheckpoint {
  config: LlamaConfig;
  tensors: Record<string, Float32Array>;
  /** What loading passed over or converted, in words (shown to the user). */
  notes: string[];
}

/** Tensors some exporters add that carry no weights (rotary frequencies are recomputed here). */
const IGNORABLE = /\.rotary_emb\.inv_freq$/;

/** Parses config JSON text (or an object). Errors name the file and field. */
export function readLlamaConfig(json: string | unknown, name = 'config.json'): LlamaConfig {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new UserInputError(`${name}: not valid JSON (${(e as Error).message})`);
    }
  }
  return parseLlamaConfig(value, name);
}

export interface ReadCheckpointOptions {
  /**
   * The storage the weights are meant for ('f32' default): with 'f16' the notes say what f16
   * keeps (F16 exactly; BF16 exactly inside f16's range; F32 rounded), and a BF16/F32 value past
   * f16's range is refused here, naming the tensor.
   */
  weights?: WeightFormat;
}

/** Loads a checkpoint: every expected tensor present with its shape, converted to f32. */
export function readLlamaCheckpoint(
  safetensors: Uint8Array,
  config: LlamaConfig,
  name = 'model.safetensors',
  opts: ReadCheckpointOptions = {},
): LlamaCheckpoint {
  const target = opts.weights ?? 'f32';
  const file = parseSafetensors(safetensors, name);
  const notes: string[] = [];
  const kept = new Map([...file.tensors].filter(([n]) => !IGNORABLE.test(n)));
  const skipped = file.tensors.size - kept.size;
  if (skipped) notes.push(`${skipped} rotary frequency tensor(s) in ${name} ignored (recomputed from rope_theta)`);
  const check = checkLlamaTensors(config, { tensors: kept });
  if (!check.ok) {
    const more = check.problems.length > 6 ? ` (and ${check.problems.length - 6} more)` : '';
    throw new UserInputError(`${name} does not match the config: ${check.problems.slice(0, 6).join('; ')}${more}`);
  }
  const tensors: Record<string, Float32Array> = {};
  const converted = new Set<string>();
  const dtypes = new Set<string>();
  let bf16Tiny = 0;
  for (const spec of llamaTensorNames(config)) {
    const t = kept.get(spec.name)!;
    if (t.dtype !== 'F32' && t.dtype !== 'F16' && t.dtype !== 'BF16') {
      throw new UserInputError(`${name}: tensor ${spec.name} is ${t.dtype}; weights must be F32, F16 or BF16`);
    }
    if (t.dtype !== 'F32') converted.add(t.dtype);
    dtypes.add(t.dtype);
    const data = safetensorsToFloat32(t);
    if (target === 'f16' && t.dtype !== 'F16' && spec.shape.length === 2) {
      // BF16 and F32 reach further than f16 (max 65504): refuse here, naming the tensor.
      for (let i = 0; i < data.length; i++) {
        const a = Math.abs(data[i]!);
        if (a > F16_MAX && Number.isFinite(a)) {
          throw new UserInputError(
            `${name}: tensor ${spec.name} holds ${data[i]}, past the f16 range (±${F16_MAX}); load it with f32 weights`,
          );
        }
        if (t.dtype === 'BF16' && a !== 0 && a < F16_MIN_NORMAL) bf16Tiny++;
      }
    }
    tensors[spec.name] = data;
  }
  if (target === 'f32') {
    if (converted.size) notes.push(`${[...converted].join(' and ')} weights converted to f32 (exactly)`);
  } else {
    if (dtypes.has('F16')) notes.push('F16 weights kept exactly as f16');
    if (dtypes.has('BF16')) {
      notes.push(
        'BF16 weights re-encoded as f16: exact for magnitudes from 6.1e-5 to 65504 (f16 keeps 3 more significand bits than BF16 but has less range)' +
          (bf16Tiny ? `; ${bf16Tiny} smaller values keep fewer bits (f16 subnormals or zero)` : ''),
      );
    }
    if (dtypes.has('F32')) notes.push('F32 weights rounded to f16 (relative error ≤ 2⁻¹¹ each)');
  }
  return { config, tensors, notes };
}

/** The two files of a checkpoint: model.safetensors (F32) and config.json. */
export function writeLlamaCheckpoint(
  config: LlamaConfig,
  tensors: Record<string, Float32Array>,
): { safetensors: Uint8Array; configJson: string } {
  const out = new Map<string, SafetensorsWriteTensor>();
  for (const spec of llamaTensorNames(config)) {
    const data = tensors[spec.name];
    if (!data) throw new UserInputError(`checkpoint: no tensor ${spec.name} to save`);
    out.set(spec.name, { dtype: 'F32', shape: spec.shape, data });
  }
  return { safetensors: encodeSafetensors(out, { format: 'pt' }), configJson: serializeLlamaConfig(config) };
}

/**
 * Random weights: normal(0, std) for every matrix and the embedding (std 0.02, as transformers'
 * initializer_range), ones for the norms. Each tensor draws from its own stream of the seed, so
 * a tensor's values do not depend on the others' sizes.
 */
export function initLlamaTensors(config: LlamaConfig, seed: number, std = 0.02): Record<string, Float32Array> {
  const rng = createRng(seed);
  const out: Record<string, Float32Array> = {};
  llamaTensorNames(config).forEach((spec, k) => {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.name.endsWith('norm.weight')) {
      out[spec.name] = new Float32Array(n).fill(1);
      return;
    }
    const r = rng.fork(k + 1);
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = std * r.normal();
    out[spec.name] = a;
  });
  return out;
}

export { serializeLlamaConfig };
