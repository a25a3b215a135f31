// Element-wise y += x on the GPU (residualAdd.wgsl): joins a residual stream's gradient with the
// gradient that came back through its branch. The caller's buffers must not alias.
import shader from '../../shaders/llm/residualAdd.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';

export async function planResidualAdd(gpu: Gpu, bufs: { x: GPUBuffer; y: GPUBuffer }, n: number): Promise<KernelPlan> {
  if (!Number.isInteger(n) || n < 0) throw new UserInputError(`residualAdd: n=${n} must be an integer ≥ 0`);
  if (bufs.x === bufs.y) throw new UserInputError('residualAdd: x and y must be different buffers');
  for (const [name, b] of Object.entries(bufs)) {
    if (b.size < 4 * n) throw new UserInputError(`residualAdd: buffer ${name} has ${b.size} bytes, needs ${4 * n}`);
  }
  const pipeline = await gpu.pipeline({ name: 'llm/residualAdd', code: shader });
  const params = uniformWords(gpu, [n, 0, 0, 0], 'residualAdd.params');
  const group = gpu.bindGroup(pipeline, [bufs.x, bufs.y, params], 'residualAdd');
  const wg = deviceGrid(gpu, Math.ceil(n / 64), `residualAdd of ${n} values`);
  return {
    encode: (pass) => {
      if (n > 0) Gpu.encodeDispatch(pass, pipeline, group, wg);
    },
    destroy: () => params.destroy(),
  };
}

/** One-shot: returns y + x. */
export async function residualAdd(gpu: Gpu, x: Float32Array, y: Float32Array): Promise<Float32Array> {
  if (x.length !== y.length) throw new UserInputError(`residualAdd: x has ${x.length} values, y has ${y.length}`);
  const xb = gpu.upload(x, 'residualAdd.x');
  const yb = gpu.upload(y, 'residualAdd.y');
  try {
    const plan = await planResidualAdd(gpu, { x: xb, y: yb }, x.length);
    await gpu.run((pass) => plan.encode(pass));
    plan.destroy();
    return await gpu.readF32(yb, y.length);
  } finally {
    xb.destroy();
    yb.destroy();
  }
}
