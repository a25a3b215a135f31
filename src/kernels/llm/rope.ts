// Rotary position embedding (rope.wgsl), in place on q [T, nHeads, d] and k [T, nKvHeads, d], in
// the rotate-half convention of Hugging Face Llama, one dispatch per buffer. The inverse rotation
// (by −angle) is the backward pass: dq = Rᵀ dq', dk = Rᵀ dk'. The frequency table is computed on
// the host the way HF computes it in f32 and uploaded once per plan, so the shader's angle
// pos · invFreq[i] is the same f32 product HF forms.
import shader from '../../shaders/llm/rope.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';

export interface RopeShape {
  /** Token rows. */
  T: number;
  /** Query heads (rows of q are [nHeads, headDim]). */
  nHeads: number;
  /** Key heads (rows of k are [nKvHeads, headDim]). */
  nKvHeads: number;
  /** Head dimension d; must be even. */
  headDim: number;
}

export interface RopeOptions {
  /** rope_theta of the model config (10000 for Llama 2, 500000 for Llama 3). */
  theta: number;
  /** Rotate by −angle: the backward pass (the rotation's transpose). */
  inverse?: boolean;
  /** A precomputed inverse-frequency table [headDim / 2] (e.g. Llama 3.1's scaled one); overrides theta. */
  invFreq?: Float32Array;
}

export type RopePlan = KernelPlan;

const WORKGROUP = 64;
/** Largest position converted to f32 exactly (as HF converts its position ids). */
const MAX_EXACT_POSITION = 2 ** 24;

/**
 * inv_freq[i] = 1 / theta^(2i / d) for i < d / 2, evaluated in f32 step by step as Hugging Face
 * does (`1.0 / (base ** (arange(0, d, 2).float() / d))`): the exponent, the power and the
 * reciprocal each rounded to f32.
 */
export function ropeInvFreq(headDim: number, theta: number): Float32Array {
  checkHeadDim('ropeInvFreq', headDim);
  checkTheta('ropeInvFreq', theta);
  const f = Math.fround;
  const base = f(theta);
  return Float32Array.from({ length: headDim / 2 }, (_, i) => f(1 / f(base ** f((2 * i) / headDim))));
}

function checkHeadDim(what: string, headDim: number): void {
  if (!Number.isInteger(headDim) || headDim < 2 || headDim % 2 !== 0) {
    throw new UserInputError(
      `${what}: headDim=${headDim} must be a positive even integer (rotate-half pairs i, i + d/2)`,
    );
  }
}

function checkTheta(what: string, theta: number): void {
  if (!Number.isFinite(theta) || theta <= 0)
    throw new UserInputError(`${what}: theta=${theta} must be a positive number`);
}

function checkShape(what: string, s: RopeShape): void {
  for (const k of ['T', 'nHeads', 'nKvHeads'] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1) {
      throw new UserInputError(
        `${what}: ${k}=${s[k]} must be a positive integer (q [T, nHeads, d] = [${s.T}, ${s.nHeads}, ${s.headDim}], ` +
          `k [T, nKvHeads, d] = [${s.T}, ${s.nKvHeads}, ${s.headDim}])`,
      );
    }
  }
  checkHeadDim(what, s.headDim);
}

/** The inverse-frequency table the options ask for, validated against headDim. */
function invFreqOf(what: string, headDim: number, opts: RopeOptions): Float32Array {
  if (opts.invFreq === undefined) return ropeInvFreq(headDim, opts.theta);
  if (opts.invFreq.length !== headDim / 2) {
    throw new UserInputError(
      `${what}: invFreq has ${opts.invFreq.length} values, expected [headDim / 2] = ${headDim / 2}`,
    );
  }
  return opts.invFreq;
}

/**
 * Encodes the rotation of q [T, nHeads, d] and k [T, nKvHeads, d] in place (two dispatches) by the
 * angles rowPos[t] · invFreq[i] (rowPos: u32 [T]); with `inverse`, by their negatives. q, k and
 * rowPos are the caller's; the plan owns the frequency table and its uniforms.
 */
export async function planRope(
  gpu: Gpu,
  bufs: { q: GPUBuffer; k: GPUBuffer; rowPos: GPUBuffer },
  shape: RopeShape,
  opts: RopeOptions,
): Promise<RopePlan> {
  checkShape('rope', shape);
  const { T, nHeads, nKvHeads, headDim } = shape;
  const half = headDim / 2;
  const invFreq = invFreqOf('rope', headDim, opts);
  gpu.checkBindingSize(T * nHeads * headDim * 4, `rope q [${T}, ${nHeads}, ${headDim}]`);
  gpu.checkBindingSize(T * nKvHeads * headDim * 4, `rope k [${T}, ${nKvHeads}, ${headDim}]`);
  const qWg = deviceGrid(gpu, Math.ceil((T * nHeads * half) / WORKGROUP), `rope q [${T}, ${nHeads}, ${headDim}]`);
  const kWg = deviceGrid(gpu, Math.ceil((T * nKvHeads * half) / WORKGROUP), `rope k [${T}, ${nKvHeads}, ${headDim}]`);
  const pipeline = await gpu.pipeline({ name: 'llm/rope', code: shader });
  const inverse = opts.inverse ? 1 : 0;
  const owned = new BufferSet();
  try {
    const table = owned.add(gpu.upload(invFreq, 'rope.invFreq'));
    const qParams = owned.add(uniformWords(gpu, [T, nHeads, half, inverse], 'rope.q.params'));
    const kParams = owned.add(uniformWords(gpu, [T, nKvHeads, half, inverse], 'rope.k.params'));
    const qGroup = gpu.bindGroup(pipeline, [bufs.q, bufs.rowPos, table, qParams], 'rope.q');
    const kGroup = gpu.bindGroup(pipeline, [bufs.k, bufs.rowPos, table, kParams], 'rope.k');
    return {
      encode(pass) {
        Gpu.encodeDispatch(pass, pipeline, qGroup, qWg);
        Gpu.encodeDispatch(pass, pipeline, kGroup, kWg);
      },
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/** Host convenience: returns rotated copies of q [T, nHeads, d] and k [T, nKvHeads, d]. */
export async function rope(
  gpu: Gpu,
  q: Float32Array,
  k: Float32Array,
  rowPos: Uint32Array,
  shape: RopeShape,
  opts: RopeOptions,
): Promise<{ q: Float32Array; k: Float32Array }> {
  checkShape('rope', shape);
  const { T, nHeads, nKvHeads, headDim } = shape;
  if (q.length !== T * nHeads * headDim) {
    throw new UserInputError(`rope: q has ${q.length} values, expected [T, nHeads, d] = [${T}, ${nHeads}, ${headDim}]`);
  }
  if (k.length !== T * nKvHeads * headDim) {
    throw new UserInputError(
      `rope: k has ${k.length} values, expected [T, nKvHeads, d] = [${T}, ${nKvHeads}, ${headDim}]`,
    );
  }
  if (rowPos.length !== T) throw new UserInputError(`rope: rowPos has ${rowPos.length} entries, expected [T] = [${T}]`);
  const far = rowPos.findIndex((p) => p > MAX_EXACT_POSITION);
  if (far >= 0) {
    throw new UserInputError(
      `rope: rowPos[${far}] = ${rowPos[far]} exceeds 2^24, past which f32 cannot hold a position`,
    );
  }
  const owned = new BufferSet();
  let plan: RopePlan | undefined;
  try {
    const bufs = {
      q: owned.add(gpu.upload(q, 'rope.q')),
      k: owned.add(gpu.upload(k, 'rope.k')),
      rowPos: owned.add(gpu.upload(rowPos, 'rope.rowPos')),
    };
    plan = await planRope(gpu, bufs, shape, opts);
    await gpu.run(plan.encode);
    return { q: await gpu.readF32(bufs.q, q.length), k: await gpu.readF32(bufs.k, k.length) };
  } finally {
    plan?.destroy();
    owned.destroy();
  }
}
