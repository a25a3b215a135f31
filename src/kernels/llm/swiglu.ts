// SwiGLU, the gate of Llama's MLP, on the GPU: h = silu(gate) ⊙ up (swiglu.forward.wgsl) and its
// backward dgate, dup (swiglu.backward.wgsl). Both elementwise over [T, F]; the up/gate/down
// projections around it are linear layers.
import forwardShader from '../../shaders/llm/swiglu.forward.wgsl?raw';
import backwardShader from '../../shaders/llm/swiglu.backward.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';

export interface SwigluShape {
  /** Token rows. */
  T: number;
  /** Intermediate (MLP) width. */
  F: number;
}

export type SwigluPlan = KernelPlan;
export type SwigluBackwardPlan = KernelPlan;

const WORKGROUP = 64;

function checkShape(what: string, { T, F }: SwigluShape): void {
  if (!Number.isInteger(T) || T < 1 || !Number.isInteger(F) || F < 1) {
    throw new UserInputError(`${what}: shape [T, F] = [${T}, ${F}] must be positive integers`);
  }
}

function checkLengths(what: string, arrays: Record<string, Float32Array>, { T, F }: SwigluShape): void {
  for (const [name, a] of Object.entries(arrays)) {
    if (a.length !== T * F) {
      throw new UserInputError(`${what}: ${name} has ${a.length} values, expected [T, F] = [${T}, ${F}] = ${T * F}`);
    }
  }
}

/** One elementwise dispatch over n = T·F elements with bindings `buffers` + its uniform. */
async function planElementwise(
  gpu: Gpu,
  what: string,
  name: string,
  code: string,
  buffers: GPUBuffer[],
  { T, F }: SwigluShape,
): Promise<KernelPlan> {
  checkShape(what, { T, F });
  const n = T * F;
  gpu.checkBindingSize(n * 4, `${what} [${T}, ${F}]`);
  const wg = deviceGrid(gpu, Math.ceil(n / WORKGROUP), `${what} [${T}, ${F}]`);
  const pipeline = await gpu.pipeline({ name, code });
  const params = uniformWords(gpu, [n, 0, 0, 0], `${what}.params`);
  try {
    const group = gpu.bindGroup(pipeline, [...buffers, params], what);
    return {
      encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg),
      destroy: () => params.destroy(),
    };
  } catch (e) {
    params.destroy();
    throw e;
  }
}

/** Encodes h = silu(gate) ⊙ up for gate, up, h [T, F] (the caller's buffers). */
export function planSwiglu(
  gpu: Gpu,
  bufs: { gate: GPUBuffer; up: GPUBuffer; h: GPUBuffer },
  shape: SwigluShape,
): Promise<SwigluPlan> {
  return planElementwise(gpu, 'swiglu', 'llm/swiglu.forward', forwardShader, [bufs.gate, bufs.up, bufs.h], shape);
}

/** Encodes dgate = dh ⊙ up ⊙ silu'(gate) and dup = dh ⊙ silu(gate), all [T, F] (the caller's buffers). */
export function planSwigluBackward(
  gpu: Gpu,
  bufs: { dh: GPUBuffer; gate: GPUBuffer; up: GPUBuffer; dgate: GPUBuffer; dup: GPUBuffer },
  shape: SwigluShape,
): Promise<SwigluBackwardPlan> {
  return planElementwise(
    gpu,
    'swigluBackward',
    'llm/swiglu.backward',
    backwardShader,
    [bufs.dh, bufs.gate, bufs.up, bufs.dgate, bufs.dup],
    shape,
  );
}

/** Host convenience: h = silu(gate) ⊙ up. */
export async function swiglu(
  gpu: Gpu,
  gate: Float32Array,
  up: Float32Array,
  shape: SwigluShape,
): Promise<Float32Array> {
  checkShape('swiglu', shape);
  checkLengths('swiglu', { gate, up }, shape);
  const n = shape.T * shape.F;
  const owned = new BufferSet();
  let plan: SwigluPlan | undefined;
  try {
    const bufs = {
      gate: owned.add(gpu.upload(gate, 'swiglu.gate')),
      up: owned.add(gpu.upload(up, 'swiglu.up')),
      h: owned.add(gpu.createBuffer(n * 4, 'swiglu.h')),
    };
    plan = await planSwiglu(gpu, bufs, shape);
    await gpu.run(plan.encode);
    return await gpu.readF32(bufs.h, n);
  } finally {
    plan?.destroy();
    owned.destroy();
  }
}

/** Host convenience: the SwiGLU backward pass, dgate and dup from dh, gate, up. */
export async function swigluBackward(
  gpu: Gpu,
  dh: Float32Array,
  gate: Float32Array,
  up: Float32Array,
  shape: SwigluShape,
): Promise<{ dgate: Float32Array; dup: Float32Array }> {
  checkShape('swigluBackward', shape);
  checkLengths('swigluBackward', { dh, gate, up }, shape);
  const n = shape.T * shape.F;
  const owned = new BufferSet();
  let plan: SwigluBackwardPlan | undefined;
  try {
    const bufs = {
      dh: owned.add(gpu.upload(dh, 'swigluBackward.dh')),
      gate: owned.add(gpu.upload(gate, 'swigluBackward.gate')),
      up: owned.add(gpu.upload(up, 'swigluBackward.up')),
      dgate: owned.add(gpu.createBuffer(n * 4, 'swigluBackward.dgate')),
      dup: owned.add(gpu.createBuffer(n * 4, 'swigluBackward.dup')),
    };
    plan = await planSwigluBackward(gpu, bufs, shape);
    await gpu.run(plan.encode);
    return { dgate: await gpu.readF32(bufs.dgate, n), dup: await gpu.readF32(bufs.dup, n) };
  } finally {
    plan?.destroy();
    owned.destroy();
  }
}
