// RMSNorm (Llama's pre-attention / pre-MLP norm) on the GPU: forward y = x · rstd ⊙ w, saving
// rstd [T] for the backward pass; backward dx by one workgroup per row (rmsNorm.backward.wgsl) and
// dw by a deterministic column sum (rmsNorm.weightGrad.wgsl), optionally accumulated into the dw
// already in its buffer so gradients can add up over micro-batches.
import forwardShader from '../../shaders/llm/rmsNorm.forward.wgsl?raw';
import backwardShader from '../../shaders/llm/rmsNorm.backward.wgsl?raw';
import weightGradShader from '../../shaders/llm/rmsNorm.weightGrad.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';

export interface RmsNormShape {
  /** Token rows. */
  T: number;
  /** Hidden size (row width). */
  H: number;
}

export type RmsNormPlan = KernelPlan;
export type RmsNormBackwardPlan = KernelPlan;

/** Threads per row workgroup: wide rows get more threads for the row reduction (a power of two). */
export function rmsNormWorkgroupSize(H: number): number {
  return H >= 1024 ? 256 : 64;
}

function checkShape(what: string, { T, H }: RmsNormShape): void {
  if (!Number.isInteger(T) || T < 1 || !Number.isInteger(H) || H < 1) {
    throw new UserInputError(`${what}: shape [T, H] = [${T}, ${H}] must be positive integers`);
  }
}

function checkEps(what: string, eps: number): void {
  if (!Number.isFinite(eps) || eps < 0) throw new UserInputError(`${what}: eps=${eps} must be a finite number ≥ 0`);
}

function checkLength(what: string, name: string, got: number, dims: string, want: number): void {
  if (got !== want) throw new UserInputError(`${what}: ${name} has ${got} values, expected ${dims} = ${want}`);
}

/**
 * Encodes y = x · rstd ⊙ w and rstd[t] = 1 / sqrt(mean(x[t]²) + eps) for x, y [T, H], w [H],
 * rstd [T]. All buffers are the caller's; the plan owns only its uniform.
 */
export async function planRmsNorm(
  gpu: Gpu,
  bufs: { x: GPUBuffer; w: GPUBuffer; y: GPUBuffer; rstd: GPUBuffer },
  shape: RmsNormShape,
  eps: number,
): Promise<RmsNormPlan> {
  checkShape('rmsNorm', shape);
  checkEps('rmsNorm', eps);
  const { T, H } = shape;
  gpu.checkBindingSize(T * H * 4, `rmsNorm x, y [${T}, ${H}]`);
  const wg = deviceGrid(gpu, T, `rmsNorm rows (T=${T})`);
  const pipeline = await gpu.pipeline({
    name: 'llm/rmsNorm.forward',
    code: forwardShader,
    constants: { WG: rmsNormWorkgroupSize(H) },
  });
  const params = uniformWords(gpu, [T, H, { f32: eps }, 0], 'rmsNorm.params');
  try {
    const group = gpu.bindGroup(pipeline, [bufs.x, bufs.w, bufs.y, bufs.rstd, params], 'rmsNorm.forward');
    return {
      encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg),
      destroy: () => params.destroy(),
    };
  } catch (e) {
    params.destroy();
    throw e;
  }
}

/**
 * Encodes the backward pass of planRmsNorm: dx [T, H] (overwritten) and dw [H] (overwritten, or
 * with `accumulate` added to what the buffer holds) from dy, x [T, H], w [H] and the forward's
 * rstd [T]. dx is one workgroup per row; dw a column sum over rows in a fixed order (no atomics).
 */
export async function planRmsNormBackward(
  gpu: Gpu,
  bufs: { dy: GPUBuffer; x: GPUBuffer; w: GPUBuffer; rstd: GPUBuffer; dx: GPUBuffer; dw: GPUBuffer },
  shape: RmsNormShape,
  opts: { accumulate?: boolean } = {},
): Promise<RmsNormBackwardPlan> {
  checkShape('rmsNormBackward', shape);
  const { T, H } = shape;
  gpu.checkBindingSize(T * H * 4, `rmsNormBackward dy, x, dx [${T}, ${H}]`);
  const rowsWg = deviceGrid(gpu, T, `rmsNormBackward rows (T=${T})`);
  const colsWg = deviceGrid(gpu, Math.ceil(H / 64), `rmsNormBackward columns (H=${H})`);
  const [dxPipeline, dwPipeline] = await Promise.all([
    gpu.pipeline({ name: 'llm/rmsNorm.backward', code: backwardShader, constants: { WG: rmsNormWorkgroupSize(H) } }),
    gpu.pipeline({ name: 'llm/rmsNorm.weightGrad', code: weightGradShader }),
  ]);
  const owned = new BufferSet();
  try {
    const dxParams = owned.add(uniformWords(gpu, [T, H, 0, 0], 'rmsNormBackward.dx.params'));
    const dwParams = owned.add(uniformWords(gpu, [T, H, opts.accumulate ? 1 : 0, 0], 'rmsNormBackward.dw.params'));
    const dxGroup = gpu.bindGroup(
      dxPipeline,
      [bufs.dy, bufs.x, bufs.w, bufs.rstd, bufs.dx, dxParams],
      'rmsNormBackward.dx',
    );
    const dwGroup = gpu.bindGroup(dwPipeline, [bufs.dy, bufs.x, bufs.rstd, bufs.dw, dwParams], 'rmsNormBackward.dw');
    return {
      encode(pass) {
        Gpu.encodeDispatch(pass, dxPipeline, dxGroup, rowsWg);
        Gpu.encodeDispatch(pass, dwPipeline, dwGroup, colsWg);
      },
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/** Host convenience: RMSNorm of x [T, H] with weight w [H]; returns y [T, H] and rstd [T]. */
export async function rmsNorm(
  gpu: Gpu,
  x: Float32Array,
  w: Float32Array,
  shape: RmsNormShape,
  eps: number,
): Promise<{ y: Float32Array; rstd: Float32Array }> {
  checkShape('rmsNorm', shape);
  checkEps('rmsNorm', eps);
  const { T, H } = shape;
  checkLength('rmsNorm', 'x', x.length, `[T, H] = [${T}, ${H}]`, T * H);
  checkLength('rmsNorm', 'w', w.length, `[H] = [${H}]`, H);
  const owned = new BufferSet();
  let plan: RmsNormPlan | undefined;
  try {
    const bufs = {
      x: owned.add(gpu.upload(x, 'rmsNorm.x')),
      w: owned.add(gpu.upload(w, 'rmsNorm.w')),
      y: owned.add(gpu.createBuffer(T * H * 4, 'rmsNorm.y')),
      rstd: owned.add(gpu.createBuffer(T * 4, 'rmsNorm.rstd')),
    };
    plan = await planRmsNorm(gpu, bufs, shape, eps);
    await gpu.run(plan.encode);
    return { y: await gpu.readF32(bufs.y, T * H), rstd: await gpu.readF32(bufs.rstd, T) };
  } finally {
    plan?.destroy();
    owned.destroy();
  }
}

/**
 * Host convenience: the RMSNorm backward pass. `dw`, when given, is the gradient accumulated so
 * far: the result is dw + this batch's weight gradient (the array itself is not modified).
 */
export async function rmsNormBackward(
  gpu: Gpu,
  dy: Float32Array,
  x: Float32Array,
  w: Float32Array,
  rstd: Float32Array,
  shape: RmsNormShape,
  opts: { dw?: Float32Array } = {},
): Promise<{ dx: Float32Array; dw: Float32Array }> {
  checkShape('rmsNormBackward', shape);
  const { T, H } = shape;
  checkLength('rmsNormBackward', 'dy', dy.length, `[T, H] = [${T}, ${H}]`, T * H);
  checkLength('rmsNormBackward', 'x', x.length, `[T, H] = [${T}, ${H}]`, T * H);
  checkLength('rmsNormBackward', 'w', w.length, `[H] = [${H}]`, H);
  checkLength('rmsNormBackward', 'rstd', rstd.length, `[T] = [${T}]`, T);
  if (opts.dw) checkLength('rmsNormBackward', 'dw', opts.dw.length, `[H] = [${H}]`, H);
  const owned = new BufferSet();
  let plan: RmsNormBackwardPlan | undefined;
  try {
    const bufs = {
      dy: owned.add(gpu.upload(dy, 'rmsNormBackward.dy')),
      x: owned.add(gpu.upload(x, 'rmsNormBackward.x')),
      w: owned.add(gpu.upload(w, 'rmsNormBackward.w')),
      rstd: owned.add(gpu.upload(rstd, 'rmsNormBackward.rstd')),
      dx: owned.add(gpu.createBuffer(T * H * 4, 'rmsNormBackward.dx')),
      dw: owned.add(
        opts.dw ? gpu.upload(opts.dw, 'rmsNormBackward.dw') : gpu.createBuffer(H * 4, 'rmsNormBackward.dw'),
      ),
    };
    plan = await planRmsNormBackward(gpu, bufs, shape, { accumulate: opts.dw !== undefined });
    await gpu.run(plan.encode);
    return { dx: await gpu.readF32(bufs.dx, T * H), dw: await gpu.readF32(bufs.dw, H) };
  } finally {
    plan?.destroy();
    owned.destroy();
  }
}
