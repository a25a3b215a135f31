// DLRM's dot interaction: per example, the bottom-MLP output x [B, dim] and the T pooled
// embeddings e [B, T, dim] give z = [x, every pairwise dot product] [B, dim + T(T + 1)/2], in DLRM's
// pair order (a > c: a(a − 1)/2 + c, vector 0 = x). Forward and backward passes:
// src/shaders/recsys/dotInteraction.forward.wgsl and .backward.wgsl.
import forwardShader from '../../shaders/recsys/dotInteraction.forward.wgsl?raw';
import backwardShader from '../../shaders/recsys/dotInteraction.backward.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';

export interface InteractionShape {
  /** Examples. */
  B: number;
  /** Pooled embeddings per example (tables). */
  T: number;
  dim: number;
}

/** Width of z: dim + the T + 1 vectors' pairs. */
export const interactionWidth = ({ T, dim }: { T: number; dim: number }): number => dim + ((T + 1) * T) / 2;

function check(s: InteractionShape): void {
  if (![s.B, s.T, s.dim].every((n) => Number.isInteger(n) && n >= 1))
    throw new UserInputError(`dotInteraction: B=${s.B}, T=${s.T}, dim=${s.dim} must be positive integers`);
}

function need(bufs: Record<string, GPUBuffer>, sizes: Record<string, number>): void {
  for (const [k, n] of Object.entries(sizes))
    if (bufs[k]!.size < n * 4)
      throw new UserInputError(`dotInteraction: buffer ${k} has ${bufs[k]!.size} bytes, needs ${n * 4}`);
}

/** z [B, width] from x [B, dim] and e [B, T, dim] (the caller's buffers). */
export async function planDotInteraction(
  gpu: Gpu,
  bufs: { x: GPUBuffer; e: GPUBuffer; z: GPUBuffer },
  s: InteractionShape,
): Promise<KernelPlan> {
  check(s);
  const width = interactionWidth(s);
  need(bufs, { x: s.B * s.dim, e: s.B * s.T * s.dim, z: s.B * width });
  const wg = deviceGrid(gpu, Math.ceil((s.B * width) / 64), `dotInteraction [${s.B}, ${width}]`);
  const pipeline = await gpu.pipeline({ name: 'recsys/dotInteraction.forward', code: forwardShader });
  const owned = new BufferSet();
  const params = owned.add(uniformWords(gpu, [s.B, s.T, s.dim, width], 'dotInteraction.params'));
  const group = gpu.bindGroup(pipeline, [bufs.x, bufs.e, bufs.z, params], 'dotInteraction.forward');
  return { encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg), destroy: () => owned.destroy() };
}

/** dx [B, dim] and de [B, T, dim] from dz [B, width] (and the forward's x, e). */
export async function planDotInteractionBackward(
  gpu: Gpu,
  bufs: { x: GPUBuffer; e: GPUBuffer; dz: GPUBuffer; dx: GPUBuffer; de: GPUBuffer },
  s: InteractionShape,
): Promise<KernelPlan> {
  check(s);
  const width = interactionWidth(s);
  need(bufs, { x: s.B * s.dim, e: s.B * s.T * s.dim, dz: s.B * width, dx: s.B * s.dim, de: s.B * s.T * s.dim });
  const n = s.B * (s.T + 1) * s.dim;
  const wg = deviceGrid(gpu, Math.ceil(n / 64), `dotInteraction backward [${s.B}, ${s.T + 1}, ${s.dim}]`);
  const pipeline = await gpu.pipeline({ name: 'recsys/dotInteraction.backward', code: backwardShader });
  const owned = new BufferSet();
  const params = owned.add(uniformWords(gpu, [s.B, s.T, s.dim, width], 'dotInteraction.backward.params'));
  const group = gpu.bindGroup(pipeline, [bufs.x, bufs.e, bufs.dz, bufs.dx, bufs.de, params], 'dotInteraction.backward');
  return { encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg), destroy: () => owned.destroy() };
}

function sizes(x: Float32Array, e: Float32Array, s: InteractionShape): void {
  check(s);
  if (x.length !== s.B * s.dim || e.length !== s.B * s.T * s.dim)
    throw new UserInputError(
      `dotInteraction: x has ${x.length} values (expected [${s.B}, ${s.dim}]), e has ${e.length} (expected [${s.B}, ${s.T}, ${s.dim}])`,
    );
}

/** One-shot forward. */
export async function dotInteraction(
  gpu: Gpu,
  x: Float32Array,
  e: Float32Array,
  s: InteractionShape,
): Promise<Float32Array> {
  sizes(x, e, s);
  const width = interactionWidth(s);
  const owned = new BufferSet();
  try {
    const bufs = {
      x: owned.add(gpu.upload(x, 'dotInteraction.x')),
      e: owned.add(gpu.upload(e, 'dotInteraction.e')),
      z: owned.add(gpu.createBuffer(s.B * width * 4, 'dotInteraction.z')),
    };
    const plan = await planDotInteraction(gpu, bufs, s);
    try {
      await gpu.run(plan.encode);
    } finally {
      plan.destroy();
    }
    return await gpu.readF32(bufs.z, s.B * width);
  } finally {
    owned.destroy();
  }
}

/** One-shot backward. */
export async function dotInteractionBackward(
  gpu: Gpu,
  x: Float32Array,
  e: Float32Array,
  dz: Float32Array,
  s: InteractionShape,
): Promise<{ dx: Float32Array; de: Float32Array }> {
  sizes(x, e, s);
  const width = interactionWidth(s);
  if (dz.length !== s.B * width)
    throw new UserInputError(`dotInteraction: dz has ${dz.length} values, expected [${s.B}, ${width}]`);
  const owned = new BufferSet();
  try {
    const bufs = {
      x: owned.add(gpu.upload(x, 'dotInteraction.x')),
      e: owned.add(gpu.upload(e, 'dotInteraction.e')),
      dz: owned.add(gpu.upload(dz, 'dotInteraction.dz')),
      dx: owned.add(gpu.createBuffer(x.length * 4, 'dotInteraction.dx')),
      de: owned.add(gpu.createBuffer(e.length * 4, 'dotInteraction.de')),
    };
    const plan = await planDotInteractionBackward(gpu, bufs, s);
    try {
      await gpu.run(plan.encode);
    } finally {
      plan.destroy();
    }
    return { dx: await gpu.readF32(bufs.dx, x.length), de: await gpu.readF32(bufs.de, e.length) };
  } finally {
    owned.destroy();
  }
}
