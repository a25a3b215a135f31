// Binary cross-entropy on logits for click prediction: per-example loss (summed on the host for
// the batch mean) and the gradient of the mean loss with respect to each logit, (σ(z) − y)/B. A
// data-parallel trainer holding B of a batch's E examples passes meanOver = E: its gradient is
// then its share of the whole batch's mean, and the trainers' gradients simply add up.
// Shader: src/shaders/recsys/bceLoss.wgsl.
import shader from '../../shaders/recsys/bceLoss.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { packUniform } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';

function checkMeanOver(B: number, meanOver: number): void {
  if (!Number.isInteger(B) || B < 1) throw new UserInputError(`bceLoss: B=${B} must be a positive integer`);
  if (!Number.isInteger(meanOver) || meanOver < B)
    throw new UserInputError(`bceLoss: meanOver=${meanOver} must be an integer of at least B=${B}`);
}

/**
 * Buffers [B] f32: logits, labels (in [0, 1]), loss (out), dLogits (out) = (σ(z) − y)/meanOver, the
 * gradient of the mean over meanOver examples (default B: this batch's mean).
 */
export async function planBceLoss(
  gpu: Gpu,
  bufs: { logits: GPUBuffer; labels: GPUBuffer; loss: GPUBuffer; dLogits: GPUBuffer },
  B: number,
  meanOver = B,
): Promise<KernelPlan> {
  checkMeanOver(B, meanOver);
  for (const [k, b] of Object.entries(bufs))
    if (b.size < B * 4) throw new UserInputError(`bceLoss: buffer ${k} has ${b.size} bytes, needs ${B * 4}`);
  const wg = deviceGrid(gpu, Math.ceil(B / 64), `bceLoss (${B})`);
  const pipeline = await gpu.pipeline({ name: 'recsys/bceLoss', code: shader });
  const owned = new BufferSet();
  const params = owned.add(gpu.uniform(packUniform([B, { f32: 1 / meanOver }, 0, 0]), 'bceLoss.params'));
  const group = gpu.bindGroup(pipeline, [bufs.logits, bufs.labels, bufs.loss, bufs.dLogits, params], 'bceLoss');
  return { encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg), destroy: () => owned.destroy() };
}

export async function bceLoss(
  gpu: Gpu,
  logits: Float32Array,
  labels: Float32Array,
  meanOver = logits.length,
): Promise<{ loss: Float32Array; dLogits: Float32Array }> {
  const B = logits.length;
  if (labels.length !== B) throw new UserInputError(`bceLoss: ${labels.length} labels for ${B} logits`);
  checkMeanOver(B, meanOver);
  for (let b = 0; b < B; b++)
    if (!(labels[b]! >= 0 && labels[b]! <= 1))
      throw new UserInputError(`bceLoss: label ${labels[b]} at ${b} is outside [0, 1]`);
  const owned = new BufferSet();
  try {
    const bufs = {
      logits: owned.add(gpu.upload(logits, 'bceLoss.logits')),
      labels: owned.add(gpu.upload(labels, 'bceLoss.labels')),
      loss: owned.add(gpu.createBuffer(B * 4, 'bceLoss.loss')),
      dLogits: owned.add(gpu.createBuffer(B * 4, 'bceLoss.dLogits')),
    };
    const plan = await planBceLoss(gpu, bufs, B, meanOver);
    try {
      await gpu.run(plan.encode);
    } finally {
      plan.destroy();
    }
    return { loss: await gpu.readF32(bufs.loss, B), dLogits: await gpu.readF32(bufs.dLogits, B) };
  } finally {
    owned.destroy();
  }
}
