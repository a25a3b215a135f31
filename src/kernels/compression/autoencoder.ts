// The learned compressor of MCBench ('ae'): an encoder W_e [k, h] and a decoder W_d [h, k],
// Xavier-uniform initialised and trained with the model. z = y · W_eᵀ is what travels (k of h
// numbers per token); ŷ = z · W_dᵀ. The encoder is linear, so the sum over tensor-parallel peers of
// their codes is the code of the summed partial sums: a compressed all-reduce. No WGSL of its own:
// every product is the llm family's linear kernel (forward and the backward products).
import type { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';
import { hashUniform } from '../../data/pcg32';
import { planLinear } from '../llm/linear';

export interface AutoencoderShape {
  /** Token rows. */
  T: number;
  /** Hidden width. */
  h: number;
  /** Code width, 1 ≤ k ≤ h. */
  k: number;
}

export function assertAutoencoderShape(what: string, s: AutoencoderShape): void {
  for (const key of ['T', 'h', 'k'] as const)
    if (!Number.isInteger(s[key]) || s[key] < 1)
      throw new UserInputError(`${what}: ${key}=${s[key]} must be a positive integer`);
  if (s.k > s.h) throw new UserInputError(`${what}: code width k=${s.k} is larger than the hidden width h=${s.h}`);
}

/** Xavier-uniform [rows, cols]: U(−a, a), a = √(6 / (rows + cols)), from the PCG hash stream `seed`. */
export function xavierUniform(rows: number, cols: number, seed: number): Float32Array {
  const a = Math.sqrt(6 / (rows + cols));
  return Float32Array.from({ length: rows * cols }, (_, i) => hashUniform(seed, i, -a, a));
}

function composite(plans: KernelPlan[]): KernelPlan {
  return {
    encode: (pass) => {
      for (const p of plans) p.encode(pass);
    },
    destroy: () => {
      for (const p of plans) p.destroy();
    },
  };
}

/** z (+)= y · W_eᵀ: y [T, h], W_e [k, h], z [T, k]. */
export async function planAutoencoderEncode(
  gpu: Gpu,
  bufs: { y: GPUBuffer; we: GPUBuffer; z: GPUBuffer },
  s: AutoencoderShape,
  opts: { accumulate?: boolean } = {},
): Promise<KernelPlan> {
  assertAutoencoderShape('autoencoder encode', s);
  return planLinear(
    gpu,
    { a: bufs.y, b: bufs.we, c: bufs.z },
    { M: s.T, N: s.k, K: s.h, transB: true, accumulate: opts.accumulate },
  );
}

/** out (+)= z · W_dᵀ: z [T, k], W_d [h, k], out [T, h]. */
export async function planAutoencoderDecode(
  gpu: Gpu,
  bufs: { z: GPUBuffer; wd: GPUBuffer; out: GPUBuffer },
  s: AutoencoderShape,
  opts: { accumulate?: boolean } = {},
): Promise<KernelPlan> {
  assertAutoencoderShape('autoencoder decode', s);
  return planLinear(
    gpu,
    { a: bufs.z, b: bufs.wd, c: bufs.out },
    { M: s.T, N: s.h, K: s.k, transB: true, accumulate: opts.accumulate },
  );
}

export interface AutoencoderBackwardBuffers {
  /** dL/dŷ [T, h] (read). */
  dyhat: GPUBuffer;
  /** The forward's code z [T, k] and input y [T, h] (read). */
  z: GPUBuffer;
  y: GPUBuffer;
  we: GPUBuffer;
  wd: GPUBuffer;
  /** dL/dz [T, k], dL/dy [T, h], dL/dW_e [k, h], dL/dW_d [h, k] (written). */
  dz: GPUBuffer;
  dy: GPUBuffer;
  dWe: GPUBuffer;
  dWd: GPUBuffer;
}

/** dz = dŷ · W_d, dy = dz · W_e, dW_d = dŷᵀ · z, dW_e = dzᵀ · y (four linear-kernel products). */
export async function planAutoencoderBackward(
  gpu: Gpu,
  b: AutoencoderBackwardBuffers,
  s: AutoencoderShape,
): Promise<KernelPlan> {
  assertAutoencoderShape('autoencoder backward', s);
  const { T, h, k } = s;
  const plans: KernelPlan[] = [];
  try {
    plans.push(await planLinear(gpu, { a: b.dyhat, b: b.wd, c: b.dz }, { M: T, N: k, K: h }));
    plans.push(await planLinear(gpu, { a: b.dz, b: b.we, c: b.dy }, { M: T, N: h, K: k }));
    plans.push(await planLinear(gpu, { a: b.dyhat, b: b.z, c: b.dWd }, { M: h, N: k, K: T, transA: true }));
    plans.push(await planLinear(gpu, { a: b.dz, b: b.y, c: b.dWe }, { M: k, N: h, K: T, transA: true }));
    return composite(plans);
  } catch (e) {
    for (const p of plans) p.destroy();
    throw e;
  }
}

export interface AutoencoderResult {
  z: Float32Array;
  yhat: Float32Array;
}

function checkLengths(what: string, s: AutoencoderShape, arrays: [string, Float32Array, number][]): void {
  for (const [name, a, n] of arrays)
    if (a.length !== n) throw new UserInputError(`${what}: ${name} has ${a.length} values, expected ${n}`);
  void s;
}

/** One-shot encode + decode of y [T, h]. */
export async function autoencoderRoundtrip(
  gpu: Gpu,
  y: Float32Array,
  we: Float32Array,
  wd: Float32Array,
  s: AutoencoderShape,
): Promise<AutoencoderResult> {
  assertAutoencoderShape('autoencoder', s);
  const { T, h, k } = s;
  checkLengths('autoencoder', s, [
    ['y', y, T * h],
    ['W_e', we, k * h],
    ['W_d', wd, h * k],
  ]);
  const owned = new BufferSet();
  const plans: KernelPlan[] = [];
  try {
    const [yb, web, wdb] = [
      owned.add(gpu.upload(y, 'ae.y')),
      owned.add(gpu.upload(we, 'ae.we')),
      owned.add(gpu.upload(wd, 'ae.wd')),
    ];
    const z = owned.add(gpu.createBuffer(4 * T * k, 'ae.z'));
    const out = owned.add(gpu.createBuffer(4 * T * h, 'ae.yhat'));
    plans.push(await planAutoencoderEncode(gpu, { y: yb, we: web, z }, s));
    plans.push(await planAutoencoderDecode(gpu, { z, wd: wdb, out }, s));
    await gpu.run((pass) => plans.forEach((p) => p.encode(pass)));
    return { z: await gpu.readF32(z, T * k), yhat: await gpu.readF32(out, T * h) };
  } finally {
    for (const p of plans) p.destroy();
    owned.destroy();
  }
}

/** One-shot backward: the gradients of y, W_e and W_d for dL/dŷ. */
export async function autoencoderBackward(
  gpu: Gpu,
  y: Float32Array,
  we: Float32Array,
  wd: Float32Array,
  dyhat: Float32Array,
  s: AutoencoderShape,
): Promise<{ dy: Float32Array; dWe: Float32Array; dWd: Float32Array }> {
  const { z } = await autoencoderRoundtrip(gpu, y, we, wd, s);
  const { T, h, k } = s;
  checkLengths('autoencoder backward', s, [['dŷ', dyhat, T * h]]);
  const owned = new BufferSet();
  try {
    const up = (a: Float32Array, l: string) => owned.add(gpu.upload(a, l));
    const buf = (n: number, l: string) => owned.add(gpu.createBuffer(4 * n, l));
    const b: AutoencoderBackwardBuffers = {
      dyhat: up(dyhat, 'ae.dyhat'),
      z: up(z, 'ae.z'),
      y: up(y, 'ae.y'),
      we: up(we, 'ae.we'),
      wd: up(wd, 'ae.wd'),
      dz: buf(T * k, 'ae.dz'),
      dy: buf(T * h, 'ae.dy'),
      dWe: buf(k * h, 'ae.dWe'),
      dWd: buf(h * k, 'ae.dWd'),
    };
    const plan = await planAutoencoderBackward(gpu, b, s);
    try {
      await gpu.run((pass) => plan.encode(pass));
    } finally {
      plan.destroy();
    }
    return {
      dy: await gpu.readF32(b.dy, T * h),
      dWe: await gpu.readF32(b.dWe, k * h),
      dWd: await gpu.readF32(b.dWd, h * k),
    };
  } finally {
    owned.destroy();
  }
}
