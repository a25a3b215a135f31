// Softmax cross-entropy of the LM head (src/shaders/llm/crossEntropy.wgsl): logits [T, V] and
// int32 targets [T] (−1 = ignored row) → per-row loss [T] (0 for ignored rows) and
// dlogits [T, V] = (softmax − onehot) / N, the gradient of the mean loss over the N counted rows.
// One workgroup per row, deterministic tree reductions, max-subtracted log-sum-exp.
import shader from '../../shaders/llm/crossEntropy.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';

export interface CrossEntropyShape {
  /** Token rows. */
  T: number;
  /** Vocabulary size (columns of the logits). */
  V: number;
}

/** The caller's buffers (the plan never frees them). `dlogits` must be distinct from `logits`. */
export interface CrossEntropyBuffers {
  /** f32 [T, V]. */
  logits: GPUBuffer;
  /** i32 [T]: a target id in [0, V), or −1 to ignore the row. */
  targets: GPUBuffer;
  /** f32 [T], written. */
  loss: GPUBuffer;
  /** f32 [T, V], written. */
  dlogits: GPUBuffer;
}

export interface CrossEntropyPlan extends KernelPlan {
  shape: CrossEntropyShape;
  /** Threads per workgroup (one workgroup per row). */
  workgroupSize: number;
  workgroups: [number, number];
}

export interface CrossEntropyResult {
  /** [T] per-row loss, 0 for ignored rows. */
  loss: Float32Array;
  /** [T, V] gradient of the mean loss. */
  dlogits: Float32Array;
  /** Mean loss over the counted rows, summed on the CPU in f64 from `loss` (0 when none counts). */
  meanLoss: number;
  /** Rows whose target is not −1. */
  count: number;
}

function describe(s: CrossEntropyShape): string {
  return `crossEntropy [T=${s.T}, V=${s.V}]`;
}

function validateShape(s: CrossEntropyShape): void {
  for (const k of ['T', 'V'] as const) {
    const v = s[k];
    if (!Number.isInteger(v) || v < 1) throw new UserInputError(`${describe(s)}: ${k}=${v} must be a positive integer`);
  }
}

/** Threads per row: a power of two from 32 to 256, about V (short rows do not idle 256 threads). */
export function crossEntropyWorkgroupSize(V: number): number {
  return Math.min(256, Math.max(32, 2 ** Math.ceil(Math.log2(Math.max(1, V)))));
}

/** Throws UserInputError naming the first row whose target is outside [−1, V). */
export function validateCrossEntropyTargets(targets: Int32Array, V: number): void {
  for (let t = 0; t < targets.length; t++) {
    const y = targets[t]!;
    if (y < -1 || y >= V) {
      throw new UserInputError(
        `crossEntropy: targets[${t}] = ${y} is outside [−1, ${V}) (a token id below the vocabulary size V=${V}, or −1 to ignore the row)`,
      );
    }
  }
}

function checkLimits(gpu: Gpu, s: CrossEntropyShape): [number, number] {
  const what = describe(s);
  gpu.checkBindingSize(s.T * s.V * 4, `${what}: logits / dlogits [${s.T}, ${s.V}]`);
  return deviceGrid(gpu, s.T, `${what}: one workgroup per row`);
}

/**
 * Binds the caller's buffers for one shape; only the small uniform belongs to the plan. Each
 * `encode` overwrites loss and dlogits from the current logits and targets.
 */
export async function planCrossEntropy(
  gpu: Gpu,
  buffers: CrossEntropyBuffers,
  shape: CrossEntropyShape,
): Promise<CrossEntropyPlan> {
  validateShape(shape);
  const what = describe(shape);
  const workgroups = checkLimits(gpu, shape);
  const { T, V } = shape;
  const need = { logits: T * V * 4, targets: T * 4, loss: T * 4, dlogits: T * V * 4 };
  for (const k of ['logits', 'targets', 'loss', 'dlogits'] as const) {
    if (buffers[k].size < need[k]) {
      throw new UserInputError(`${what}: buffer ${k} has ${buffers[k].size} bytes, needs ${need[k]}`);
    }
  }
  if (buffers.dlogits === buffers.logits) {
    throw new UserInputError(
      `${what}: dlogits must not be the logits buffer (WebGPU forbids aliasing a written binding)`,
    );
  }
  const workgroupSize = crossEntropyWorkgroupSize(V);
  const pipeline = await gpu.pipeline({ name: 'llm/crossEntropy', code: shader, constants: { WG: workgroupSize } });
  const owned = new BufferSet();
  try {
    const params = owned.add(uniformWords(gpu, [T, V, 0, 0], 'crossEntropy.params'));
    const group = gpu.bindGroup(
      pipeline,
      [buffers.logits, buffers.targets, buffers.loss, buffers.dlogits, params],
      'crossEntropy',
    );
    return {
      shape: { T, V },
      workgroupSize,
      workgroups,
      encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, workgroups),
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/** One-shot: uploads logits [T, V] and targets [T], runs, reads back loss and dlogits, frees everything. */
export async function crossEntropy(
  gpu: Gpu,
  logits: Float32Array,
  targets: Int32Array,
  shape: CrossEntropyShape,
): Promise<CrossEntropyResult> {
  validateShape(shape);
  const { T, V } = shape;
  const what = describe(shape);
  if (logits.length !== T * V)
    throw new UserInputError(`${what}: logits has ${logits.length} values, expected T·V = ${T * V}`);
  if (targets.length !== T)
    throw new UserInputError(`${what}: targets has ${targets.length} values, expected T = ${T}`);
  validateCrossEntropyTargets(targets, V);
  checkLimits(gpu, shape);
  const owned = new BufferSet();
  try {
    const buffers: CrossEntropyBuffers = {
      logits: owned.add(gpu.upload(logits, 'crossEntropy.logits')),
      targets: owned.add(gpu.upload(targets, 'crossEntropy.targets')),
      loss: owned.add(gpu.createBuffer(T * 4, 'crossEntropy.loss')),
      dlogits: owned.add(gpu.createBuffer(T * V * 4, 'crossEntropy.dlogits')),
    };
    const plan = await planCrossEntropy(gpu, buffers, shape);
    try {
      await gpu.run(plan.encode);
    } finally {
      plan.destroy();
    }
    const loss = await gpu.readF32(buffers.loss, T);
    const dlogits = await gpu.readF32(buffers.dlogits, T * V);
    let count = 0;
    let total = 0;
    for (let t = 0; t < T; t++) {
      if (targets[t]! < 0) continue;
      count++;
      total += loss[t]!;
    }
    return { loss, dlogits, meanLoss: count > 0 ? total / count : 0, count };
  } finally {
    owned.destroy();
  }
}
