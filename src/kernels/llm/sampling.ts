// Next-token sampling (src/shaders/llm/sampling.wgsl): logits [B, V] → int32 tokens [B], one
// workgroup per row, by greedy argmax (ties → lowest id), temperature sampling, or top-p (nucleus)
// sampling at a temperature, and optionally the distribution each row was drawn from [B, V]
// (softmax at the temperature after top-p renormalisation; one-hot for greedy), which
// speculative decoding needs for its target and draft models.
// Randomness: row r's uniform is hash_float(pcg_hash(seed ^ pcg_hash(step)), r) from the shared
// PCG hash (samplingUniform in sampling.reference.ts draws the same number), so a (seed, step)
// pair fixes every token and the CPU reference reproduces them. The top-p kept set is
// {j : p_j ≥ τ} for the largest τ whose kept mass reaches topP: ties at the threshold are all
// kept (see the shader's header for the bisection that finds τ without sorting).
import shader from '../../shaders/llm/sampling.wgsl?raw';
import { pcgPrelude } from '../common';
import { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { deviceGrid } from '../../gpu/dispatch';
import { packUniform } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';

export type SamplingMode = 'greedy' | 'temperature' | 'topP';

const MODE_CODE: Record<SamplingMode, number> = { greedy: 0, temperature: 1, topP: 2 };

export interface SamplingSettings {
  mode: SamplingMode;
  /** > 0; default 1. Ignored by greedy. */
  temperature?: number;
  /** In (0, 1]; default 1 (keep all). Used by mode 'topP' only. */
  topP?: number;
  /** u32; default 0. */
  seed?: number;
  /** u32 (e.g. the decode step); default 0. */
  step?: number;
}

export type ResolvedSamplingSettings = Required<SamplingSettings>;

export interface SamplingShape {
  /** Rows (sequences). */
  B: number;
  /** Vocabulary size. */
  V: number;
}

/** The caller's buffers (never freed by the plan). */
export interface SamplingBuffers {
  /** f32 [B, V]. */
  logits: GPUBuffer;
  /** i32 [B], written. */
  tokens: GPUBuffer;
  /** f32 [B, V], written when given: the distribution each token was drawn from. */
  probs?: GPUBuffer;
}

export interface SamplingPlan extends KernelPlan {
  shape: SamplingShape;
  workgroupSize: number;
  workgroups: [number, number];
  readonly settings: Readonly<ResolvedSamplingSettings>;
  /** Rewrites the uniform (e.g. `{ step }` each decode step); bind groups are kept. Takes effect at the next submit. */
  update(changes: Partial<SamplingSettings>): void;
}

export interface SamplingResult {
  tokens: Int32Array;
  /** [B, V], when asked for. */
  probs?: Float32Array;
}

function describe(s: SamplingShape): string {
  return `sampling [B=${s.B}, V=${s.V}]`;
}

function validateShape(s: SamplingShape): void {
  for (const k of ['B', 'V'] as const) {
    const v = s[k];
    if (!Number.isInteger(v) || v < 1) throw new UserInputError(`${describe(s)}: ${k}=${v} must be a positive integer`);
  }
}

const isU32 = (v: number): boolean => Number.isInteger(v) && v >= 0 && v <= 0xffffffff;

/** Fills in defaults and checks every setting; throws UserInputError naming the bad one. */
export function resolveSamplingSettings(s: SamplingSettings): ResolvedSamplingSettings {
  const r = { mode: s.mode, temperature: s.temperature ?? 1, topP: s.topP ?? 1, seed: s.seed ?? 0, step: s.step ?? 0 };
  if (!Object.hasOwn(MODE_CODE, r.mode))
    throw new UserInputError(`sampling: mode '${String(r.mode)}' must be greedy, temperature or topP`);
  if (!(r.temperature > 0 && Number.isFinite(r.temperature))) {
    throw new UserInputError(
      `sampling: temperature=${r.temperature} must be a positive number (use mode 'greedy' for T → 0)`,
    );
  }
  if (!(r.topP > 0 && r.topP <= 1)) throw new UserInputError(`sampling: topP=${r.topP} must be in (0, 1]`);
  if (!isU32(r.seed)) throw new UserInputError(`sampling: seed=${r.seed} must be an integer in [0, 2^32)`);
  if (!isU32(r.step)) throw new UserInputError(`sampling: step=${r.step} must be an integer in [0, 2^32)`);
  return r;
}

/** Threads per row: a power of two from 32 to 256, about V. */
export function samplingWorkgroupSize(V: number): number {
  return Math.min(256, Math.max(32, 2 ** Math.ceil(Math.log2(Math.max(1, V)))));
}

function checkLimits(gpu: Gpu, s: SamplingShape): [number, number] {
  const what = describe(s);
  gpu.checkBindingSize(s.B * s.V * 4, `${what}: logits / probs [${s.B}, ${s.V}]`);
  return deviceGrid(gpu, s.B, `${what}: one workgroup per row`);
}

function paramWords(shape: SamplingShape, s: ResolvedSamplingSettings, writeProbs: boolean): ArrayBuffer {
  return packUniform([
    shape.B,
    shape.V,
    MODE_CODE[s.mode],
    writeProbs ? 1 : 0,
    { f32: 1 / s.temperature },
    { f32: s.topP },
    s.seed,
    s.step,
  ]);
}

/** Binds the caller's buffers once; only the uniform (and a 4-byte stand-in for absent probs) belongs to the plan. */
export async function planSampling(
  gpu: Gpu,
  buffers: SamplingBuffers,
  shape: SamplingShape,
  settings: SamplingSettings,
): Promise<SamplingPlan> {
  validateShape(shape);
  let current = resolveSamplingSettings(settings);
  const what = describe(shape);
  const workgroups = checkLimits(gpu, shape);
  const { B, V } = shape;
  const need: [keyof SamplingBuffers, number][] = [
    ['logits', B * V * 4],
    ['tokens', B * 4],
    ['probs', B * V * 4],
  ];
  for (const [k, bytes] of need) {
    const b = buffers[k];
    if (b && b.size < bytes) throw new UserInputError(`${what}: buffer ${k} has ${b.size} bytes, needs ${bytes}`);
  }
  if (buffers.tokens === buffers.logits || buffers.probs === buffers.logits || buffers.probs === buffers.tokens) {
    throw new UserInputError(`${what}: logits, tokens and probs must be distinct buffers`);
  }
  const workgroupSize = samplingWorkgroupSize(V);
  const pipeline = await gpu.pipeline({
    name: 'llm/sampling',
    code: shader,
    prelude: [pcgPrelude],
    constants: { WG: workgroupSize },
  });
  const writeProbs = buffers.probs !== undefined;
  const owned = new BufferSet();
  try {
    const params = owned.add(gpu.uniform(paramWords(shape, current, writeProbs), 'sampling.params'));
    const probs = buffers.probs ?? owned.add(gpu.createBuffer(4, 'sampling.noProbs'));
    const group = gpu.bindGroup(pipeline, [buffers.logits, buffers.tokens, probs, params], 'sampling');
    return {
      shape: { B, V },
      workgroupSize,
      workgroups,
      get settings() {
        return current;
      },
      update(changes) {
        const next = resolveSamplingSettings({ ...current, ...changes });
        gpu.device.queue.writeBuffer(params, 0, paramWords(shape, next, writeProbs));
        current = next;
      },
      encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, workgroups),
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/** One-shot: uploads logits [B, V], samples one token per row, reads back (and the distributions if asked). */
export async function sampling(
  gpu: Gpu,
  logits: Float32Array,
  shape: SamplingShape,
  settings: SamplingSettings,
  options: { probs?: boolean } = {},
): Promise<SamplingResult> {
  validateShape(shape);
  resolveSamplingSettings(settings);
  const { B, V } = shape;
  if (logits.length !== B * V) {
    throw new UserInputError(`${describe(shape)}: logits has ${logits.length} values, expected B·V = ${B * V}`);
  }
  checkLimits(gpu, shape);
  const owned = new BufferSet();
  try {
    const buffers: SamplingBuffers = {
      logits: owned.add(gpu.upload(logits, 'sampling.logits')),
      tokens: owned.add(gpu.createBuffer(B * 4, 'sampling.tokens')),
      probs: options.probs ? owned.add(gpu.createBuffer(B * V * 4, 'sampling.probs')) : undefined,
    };
    const plan = await planSampling(gpu, buffers, shape, settings);
    try {
      await gpu.run(plan.encode);
    } finally {
      plan.destroy();
    }
    const tokens = await gpu.readI32(buffers.tokens, B);
    return buffers.probs ? { tokens, probs: await gpu.readF32(buffers.probs, B * V) } : { tokens };
  } finally {
    owned.destroy();
  }
}
