// AdamW with decoupled weight decay (as torch.optim.AdamW) over a list of parameter tensors
// (src/shaders/llm/adamw.update.wgsl), an optional gradient scale (for clipping by a global norm
// computed elsewhere), and `sumSquares` (adamw.sumSquares.wgsl): Σg² of a buffer by a
// deterministic two-level reduction, so the caller can compute that global norm.
// Per-step values (step t, lr, gradScale) live in one uniform the plan rewrites in `setStep`: the
// bind groups are made once. WebGPU applies queue writes at submit time, so each step is
// `setStep` then one submit of `encode` (a command buffer recording two steps would run both with
// the last values written).
import updateShader from '../../shaders/llm/adamw.update.wgsl?raw';
import sumSquaresShader from '../../shaders/llm/adamw.sumSquares.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { deviceGrid } from '../../gpu/dispatch';
import { packUniform, uniformWords } from '../../gpu/uniforms';
import { bindAt } from '../../gpu/bindings';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';

/** Threads per workgroup of both shaders. */
const WG = 256;
/** Most first-level workgroups of sumSquares (the second level reduces their partial sums). */
export const SUM_SQUARES_MAX_GROUPS = 1024;

export interface AdamWHyper {
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8. */
  eps?: number;
  /** Decoupled weight decay for tensors without their own; default 0.01 (torch's default). */
  weightDecay?: number;
}

/** One parameter tensor: the caller's buffers (never freed by the plan), each of `count` f32. */
export interface AdamWTensorBuffers {
  param: GPUBuffer;
  grad: GPUBuffer;
  /** First moment, zero before step 1. */
  m: GPUBuffer;
  /** Second moment, zero before step 1. */
  v: GPUBuffer;
  count: number;
  /** This tensor's weight decay (e.g. 0 for norms and biases); default the plan's. */
  weightDecay?: number;
}

export interface AdamWStepSettings {
  /** 1-based step count t of the bias corrections 1 − β^t. */
  step: number;
  lr: number;
  /** Multiplies every gradient before the update (e.g. min(1, maxNorm / norm)); default 1. */
  gradScale?: number;
}

export interface AdamWPlan extends KernelPlan {
  hyper: Required<AdamWHyper>;
  tensors: number;
  /** Writes the per-step uniform; call before each step's submit. */
  setStep(settings: AdamWStepSettings): void;
  /** The settings of the last setStep (null before the first). */
  readonly current: Readonly<Required<AdamWStepSettings>> | null;
}

function resolveHyper(h: AdamWHyper): Required<AdamWHyper> {
  const r = { beta1: h.beta1 ?? 0.9, beta2: h.beta2 ?? 0.999, eps: h.eps ?? 1e-8, weightDecay: h.weightDecay ?? 0.01 };
  for (const k of ['beta1', 'beta2'] as const) {
    if (!(r[k] >= 0 && r[k] < 1)) throw new UserInputError(`adamw: ${k}=${r[k]} must be in [0, 1)`);
  }
  if (!(r.eps > 0 && Number.isFinite(r.eps))) throw new UserInputError(`adamw: eps=${r.eps} must be a positive number`);
  validateDecay(r.weightDecay, 'weightDecay');
  return r;
}

function validateDecay(wd: number, what: string): void {
  if (!(wd >= 0 && Number.isFinite(wd))) throw new UserInputError(`adamw: ${what}=${wd} must be a finite number ≥ 0`);
}

function validateCount(count: number, what: string): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new UserInputError(`${what}: count=${count} must be an integer ≥ 0`);
  }
}

function validateStep(s: AdamWStepSettings): Required<AdamWStepSettings> {
  const gradScale = s.gradScale ?? 1;
  if (!Number.isInteger(s.step) || s.step < 1) throw new UserInputError(`adamw: step=${s.step} must be an integer ≥ 1`);
  if (!(s.lr >= 0 && Number.isFinite(s.lr))) throw new UserInputError(`adamw: lr=${s.lr} must be a finite number ≥ 0`);
  if (!Number.isFinite(gradScale)) throw new UserInputError(`adamw: gradScale=${gradScale} must be finite`);
  return { step: s.step, lr: s.lr, gradScale };
}

/** The `Step` uniform of adamw.update.wgsl: bias corrections in f64, rounded once to f32. */
function stepWords(h: Required<AdamWHyper>, s: Required<AdamWStepSettings>): ArrayBuffer {
  const bc1 = 1 - h.beta1 ** s.step;
  const bc2 = 1 - h.beta2 ** s.step;
  return packUniform([
    { f32: s.lr },
    { f32: s.lr / bc1 },
    { f32: Math.sqrt(bc2) },
    { f32: h.eps },
    { f32: h.beta1 },
    { f32: h.beta2 },
    { f32: s.gradScale },
    s.step,
  ]);
}

/**
 * Binds every tensor's buffers once. `encode` records one update dispatch per non-empty tensor
 * with the values of the last `setStep` (which must come first).
 */
export async function planAdamW(gpu: Gpu, tensors: AdamWTensorBuffers[], hyper: AdamWHyper = {}): Promise<AdamWPlan> {
  const h = resolveHyper(hyper);
  const grids = tensors.map((t, k) => {
    const what = `adamw tensor ${k}`;
    validateCount(t.count, what);
    if (t.weightDecay !== undefined) validateDecay(t.weightDecay, `tensor ${k} weightDecay`);
    gpu.checkBindingSize(t.count * 4, `${what} [${t.count}]`);
    for (const b of ['param', 'grad', 'm', 'v'] as const) {
      if (t[b].size < t.count * 4)
        throw new UserInputError(`${what}: buffer ${b} has ${t[b].size} bytes, needs ${t.count * 4}`);
    }
    if (new Set([t.param, t.grad, t.m, t.v]).size !== 4) {
      throw new UserInputError(`${what}: param, grad, m and v must be four distinct buffers`);
    }
    return deviceGrid(gpu, Math.ceil(t.count / WG), `${what}: ${t.count} elements`);
  });
  const pipeline = await gpu.pipeline({ name: 'llm/adamw.update', code: updateShader });
  const owned = new BufferSet();
  try {
    const stepBuf = owned.add(gpu.uniform(new ArrayBuffer(32), 'adamw.step'));
    const groups = tensors.map((t, k) => {
      const tensorBuf = owned.add(
        uniformWords(gpu, [t.count, { f32: t.weightDecay ?? h.weightDecay }, 0, 0], `adamw.tensor${k}`),
      );
      return gpu.bindGroup(pipeline, [t.param, t.grad, t.m, t.v, tensorBuf, stepBuf], `adamw.tensor${k}`);
    });
    let current: Required<AdamWStepSettings> | null = null;
    return {
      hyper: h,
      tensors: tensors.length,
      get current() {
        return current;
      },
      setStep(settings) {
        const s = validateStep(settings);
        gpu.device.queue.writeBuffer(stepBuf, 0, stepWords(h, s));
        current = s;
      },
      encode(pass) {
        if (!current) throw new Error('adamw: setStep must be called before encode');
        tensors.forEach((t, k) => {
          if (t.count > 0) Gpu.encodeDispatch(pass, pipeline, groups[k]!, grids[k]!);
        });
      },
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/** Host-side state of one tensor for the one-shot `adamw`. */
export interface AdamWTensorState {
  param: Float32Array;
  /** Default zeros (a fresh optimizer). */
  m?: Float32Array;
  v?: Float32Array;
  weightDecay?: number;
}

export interface AdamWStepInput {
  /** One gradient per tensor, in the order of the tensors. */
  grads: Float32Array[];
  lr: number;
  gradScale?: number;
}

export interface AdamWTensorResult {
  param: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

/**
 * One-shot: uploads the tensors, runs `steps` AdamW steps (numbered firstStep, firstStep + 1, …)
 * through one plan, each step writing its gradients into the same buffers, and reads back the
 * new parameters and moments.
 */
export async function adamw(
  gpu: Gpu,
  tensors: AdamWTensorState[],
  steps: AdamWStepInput[],
  hyper: AdamWHyper = {},
  firstStep = 1,
): Promise<AdamWTensorResult[]> {
  resolveHyper(hyper);
  tensors.forEach((t, k) => {
    const n = t.param.length;
    for (const key of ['m', 'v'] as const) {
      const a = t[key];
      if (a && a.length !== n) throw new UserInputError(`adamw tensor ${k}: ${key} has ${a.length} values, param ${n}`);
    }
  });
  steps.forEach((s, j) => {
    validateStep({ ...s, step: firstStep + j });
    if (s.grads.length !== tensors.length) {
      throw new UserInputError(`adamw step ${j}: ${s.grads.length} gradients for ${tensors.length} tensors`);
    }
    s.grads.forEach((g, k) => {
      if (g.length !== tensors[k]!.param.length) {
        throw new UserInputError(
          `adamw step ${j}: gradient ${k} has ${g.length} values, param ${tensors[k]!.param.length}`,
        );
      }
    });
  });
  for (const t of tensors) gpu.checkBindingSize(t.param.byteLength, `adamw tensor [${t.param.length}]`);
  const owned = new BufferSet();
  try {
    const bufs: AdamWTensorBuffers[] = tensors.map((t, k) => {
      const n = t.param.length;
      return {
        param: owned.add(gpu.upload(t.param, `adamw.param${k}`)),
        grad: owned.add(gpu.createBuffer(n * 4, `adamw.grad${k}`)),
        m: owned.add(gpu.upload(t.m ?? new Float32Array(n), `adamw.m${k}`)),
        v: owned.add(gpu.upload(t.v ?? new Float32Array(n), `adamw.v${k}`)),
        count: n,
        weightDecay: t.weightDecay,
      };
    });
    const plan = await planAdamW(gpu, bufs, hyper);
    try {
      for (let j = 0; j < steps.length; j++) {
        const s = steps[j]!;
        s.grads.forEach((g, k) => {
          if (g.length > 0) gpu.device.queue.writeBuffer(bufs[k]!.grad, 0, g.buffer, g.byteOffset, g.byteLength);
        });
        plan.setStep({ step: firstStep + j, lr: s.lr, gradScale: s.gradScale });
        await gpu.run(plan.encode);
      }
    } finally {
      plan.destroy();
    }
    const out: AdamWTensorResult[] = [];
    for (const b of bufs) {
      out.push({
        param: await gpu.readF32(b.param, b.count),
        m: await gpu.readF32(b.m, b.count),
        v: await gpu.readF32(b.v, b.count),
      });
    }
    return out;
  } finally {
    owned.destroy();
  }
}

// ---- Σx² for global-norm clipping -----------------------------------------------------------

/** The caller's buffers: `x` (count f32) is read; `out` receives Σx² at `outIndex`. */
export interface SumSquaresBuffers {
  x: GPUBuffer;
  out: GPUBuffer;
}

export interface SumSquaresPlan extends KernelPlan {
  count: number;
  /** First-level workgroups (partial sums), fixed by count. */
  groups: number;
  outIndex: number;
}

/** First-level workgroups for `count` values: one per 256 values, at most SUM_SQUARES_MAX_GROUPS. */
export function sumSquaresGroups(count: number): number {
  return Math.min(SUM_SQUARES_MAX_GROUPS, Math.max(1, Math.ceil(count / WG)));
}

/**
 * Two dispatches per `encode`: partial sums into a scratch buffer the plan owns, then their sum
 * into out[outIndex]. Plans for several tensors can share one `out` buffer (distinct outIndex), so
 * the squared global norm is one readback and a CPU sum away.
 */
export async function planSumSquares(
  gpu: Gpu,
  buffers: SumSquaresBuffers,
  count: number,
  outIndex = 0,
): Promise<SumSquaresPlan> {
  validateCount(count, 'sumSquares');
  if (!Number.isInteger(outIndex) || outIndex < 0)
    throw new UserInputError(`sumSquares: outIndex=${outIndex} must be an integer ≥ 0`);
  gpu.checkBindingSize(count * 4, `sumSquares x [${count}]`);
  if (buffers.x.size < count * 4)
    throw new UserInputError(`sumSquares: buffer x has ${buffers.x.size} bytes, needs ${count * 4}`);
  if (buffers.out.size < (outIndex + 1) * 4) {
    throw new UserInputError(
      `sumSquares: buffer out has ${buffers.out.size} bytes, needs ${(outIndex + 1) * 4} for outIndex ${outIndex}`,
    );
  }
  if (buffers.out === buffers.x) throw new UserInputError('sumSquares: out must not be the x buffer');
  const groups = sumSquaresGroups(count);
  const [partials, finish] = await Promise.all([
    gpu.pipeline({ name: 'llm/adamw.sumSquares', code: sumSquaresShader, entryPoint: 'partials' }),
    gpu.pipeline({ name: 'llm/adamw.sumSquares', code: sumSquaresShader, entryPoint: 'finish' }),
  ]);
  const owned = new BufferSet();
  try {
    const scratch = owned.add(gpu.createBuffer(groups * 4, 'sumSquares.partials'));
    const params = owned.add(uniformWords(gpu, [count, groups, outIndex, 0], 'sumSquares.params'));
    const g1 = bindAt(
      gpu,
      partials,
      [
        [0, buffers.x],
        [1, scratch],
        [3, params],
      ],
      'sumSquares.partials',
    );
    const g2 = bindAt(
      gpu,
      finish,
      [
        [1, scratch],
        [2, buffers.out],
        [3, params],
      ],
      'sumSquares.finish',
    );
    return {
      count,
      groups,
      outIndex,
      encode(pass) {
        Gpu.encodeDispatch(pass, partials, g1, [groups]);
        Gpu.encodeDispatch(pass, finish, g2, [1]);
      },
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/** One-shot Σx² of a host array on the GPU (f32 accumulation, deterministic order). */
export async function sumSquares(gpu: Gpu, x: Float32Array): Promise<number> {
  gpu.checkBindingSize(x.byteLength, `sumSquares x [${x.length}]`);
  const owned = new BufferSet();
  try {
    const xb = owned.add(gpu.upload(x, 'sumSquares.x'));
    const out = owned.add(gpu.createBuffer(4, 'sumSquares.out'));
    const plan = await planSumSquares(gpu, { x: xb, out }, x.length);
    try {
      await gpu.run(plan.encode);
    } finally {
      plan.destroy();
    }
    return (await gpu.readF32(out, 1))[0]!;
  } finally {
    owned.destroy();
  }
}

/**
 * The gradient scale that clips a global norm √sumSquares to maxNorm, as torch's
 * clip_grad_norm_: min(1, maxNorm / (norm + 1e-6)).
 */
export function clipGradScale(sumSquaresTotal: number, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new UserInputError(`clipGradScale: maxNorm=${maxNorm} must be positive`);
  return Math.min(1, maxNorm / (Math.sqrt(sumSquaresTotal) + 1e-6));
}
