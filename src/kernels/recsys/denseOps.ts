// The element-wise pieces of a DLRM-style MLP that llm/linear's GEMM does not cover: bias add
// (+ ReLU) in place, ReLU backward in place, the bias gradient (column sums, one thread per
// column, deterministic) and plain SGD on a dense parameter. Shaders: src/shaders/recsys/
// denseOps.{bias,reluBackward,biasGrad,sgd}.wgsl.
import biasShader from '../../shaders/recsys/denseOps.bias.wgsl?raw';
import reluBackwardShader from '../../shaders/recsys/denseOps.reluBackward.wgsl?raw';
import biasGradShader from '../../shaders/recsys/denseOps.biasGrad.wgsl?raw';
import sgdShader from '../../shaders/recsys/denseOps.sgd.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';

const positive = (...n: number[]) => n.every((v) => Number.isInteger(v) && v >= 1);

async function plan(
  gpu: Gpu,
  name: string,
  code: string,
  buffers: GPUBuffer[],
  words: (number | { f32: number })[],
  items: number,
): Promise<KernelPlan> {
  const wg = deviceGrid(gpu, Math.ceil(items / 64), `${name} (${items})`);
  const pipeline = await gpu.pipeline({ name: `recsys/${name}`, code });
  const owned = new BufferSet();
  const params = owned.add(uniformWords(gpu, words, `${name}.params`));
  const group = gpu.bindGroup(pipeline, [...buffers, params], name);
  return { encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg), destroy: () => owned.destroy() };
}

/** y [rows, cols] = f(y + bias), f = ReLU or identity; in place. */
export function planBias(gpu: Gpu, y: GPUBuffer, bias: GPUBuffer, rows: number, cols: number, relu: boolean) {
  if (!positive(rows, cols)) throw new UserInputError(`bias: rows=${rows}, cols=${cols} must be positive integers`);
  return plan(gpu, 'denseOps.bias', biasShader, [y, bias], [rows, cols, relu ? 1 : 0, 0], rows * cols);
}

/** dy[i] = y[i] > 0 ? dy[i] : 0 over n elements; in place. */
export function planReluBackward(gpu: Gpu, dy: GPUBuffer, y: GPUBuffer, n: number) {
  if (!positive(n)) throw new UserInputError(`reluBackward: n=${n} must be a positive integer`);
  return plan(gpu, 'denseOps.reluBackward', reluBackwardShader, [dy, y], [n, 0, 0, 0], n);
}

/** db [cols] = column sums of dy [rows, cols]. */
export function planBiasGrad(gpu: Gpu, dy: GPUBuffer, db: GPUBuffer, rows: number, cols: number) {
  if (!positive(rows, cols)) throw new UserInputError(`biasGrad: rows=${rows}, cols=${cols} must be positive integers`);
  return plan(gpu, 'denseOps.biasGrad', biasGradShader, [dy, db], [rows, cols, 0, 0], cols);
}

/** w −= lr · g over n elements. */
export function planSgd(gpu: Gpu, w: GPUBuffer, g: GPUBuffer, n: number, lr: number) {
  if (!positive(n) || !(lr > 0))
    throw new UserInputError(`sgd: n=${n} must be a positive integer and lr=${lr} positive`);
  return plan(gpu, 'denseOps.sgd', sgdShader, [w, g], [n, { f32: lr }, 0, 0], n);
}

async function oneShot(
  gpu: Gpu,
  inputs: Float32Array[],
  make: (bufs: GPUBuffer[]) => Promise<KernelPlan>,
  read: number[],
) {
  const owned = new BufferSet();
  try {
    const bufs = inputs.map((a, i) => owned.add(gpu.upload(a, `denseOps.in${i}`)));
    const p = await make(bufs);
    try {
      await gpu.run(p.encode);
    } finally {
      p.destroy();
    }
    return await Promise.all(read.map((i) => gpu.readF32(bufs[i]!, inputs[i]!.length)));
  } finally {
    owned.destroy();
  }
}

const sized = (what: string, a: Float32Array, n: number) => {
  if (a.length !== n) throw new UserInputError(`${what} has ${a.length} values, expected ${n}`);
};

export async function biasAct(gpu: Gpu, y: Float32Array, bias: Float32Array, relu: boolean): Promise<Float32Array> {
  const cols = bias.length;
  if (cols === 0 || y.length % cols !== 0)
    throw new UserInputError(`bias: y has ${y.length} values, not a multiple of ${cols} columns`);
  const [out] = await oneShot(gpu, [y, bias], ([yb, bb]) => planBias(gpu, yb!, bb!, y.length / cols, cols, relu), [0]);
  return out!;
}

export async function reluBackward(gpu: Gpu, dy: Float32Array, y: Float32Array): Promise<Float32Array> {
  sized('reluBackward: y', y, dy.length);
  const [out] = await oneShot(gpu, [dy, y], ([d, yy]) => planReluBackward(gpu, d!, yy!, dy.length), [0]);
  return out!;
}

export async function biasGrad(gpu: Gpu, dy: Float32Array, cols: number): Promise<Float32Array> {
  if (!positive(cols) || dy.length % cols !== 0)
    throw new UserInputError(`biasGrad: dy has ${dy.length} values, not rows × ${cols}`);
  const [out] = await oneShot(
    gpu,
    [dy, new Float32Array(cols)],
    ([d, db]) => planBiasGrad(gpu, d!, db!, dy.length / cols, cols),
    [1],
  );
  return out!;
}

export async function sgd(gpu: Gpu, w: Float32Array, g: Float32Array, lr: number): Promise<Float32Array> {
  sized('sgd: g', g, w.length);
  const [out] = await oneShot(gpu, [w, g], ([wb, gb]) => planSgd(gpu, wb!, gb!, w.length, lr), [0]);
  return out!;
}
