// Optional hooks into LlamaTrainer's recorded step, for simulating model-parallel training on one
// device (the activation-compression experiment): a hook may replace each layer's row-parallel
// projections (attention o_proj and MLP down_proj, whose tensor-parallel outputs are all-reduced)
// with its own computation, e.g. p partial sums over column partitions of the input, each
// compressed before they are summed; and it may rewrite the activation and its gradient at one
// pipeline-stage boundary. Without a hook the trainer records exactly what it always did. The
// implementation lives in src/kernels/compression (trainingHook.ts); only these types live here,
// so the llm family does not depend on it.
import type { KernelPlan } from '../../gpu/plan';

/** A recorded step: a compute plan, or a buffer copy (which the trainer records outside compute passes). */
export type TrainingItem = { plan: KernelPlan } | { copy: [from: GPUBuffer, to: GPUBuffer, bytes: number] };

export type RowParallelProjection = 'o_proj' | 'down_proj';

/** One row-parallel projection y = x · Wᵀ of one layer, added to the residual stream. */
export interface RowParallelSite {
  /** 0-based layer index. */
  layer: number;
  projection: RowParallelProjection;
  /** Token rows, output width (hidden size) and input width. */
  T: number;
  N: number;
  K: number;
  /** Input x [T, K] (read). */
  x: GPUBuffer;
  /** Weight W [N, K] (read). */
  w: GPUBuffer;
  /** Residual stream [T, N]: the forward must add its y into it. */
  out: GPUBuffer;
  /** During the backward pass, the gradient at `out` [T, N] (read only). */
  dOut: GPUBuffer;
}

export interface RowParallelOverride {
  /** Records out += y, y as the hook computes it. */
  forward: TrainingItem[];
  /** Records dL/dy from dOut (recorded just before the projection's input and weight gradients). */
  backward: TrainingItem[];
  /** The buffer holding dL/dy after `backward` (dOut itself when the gradient passes straight through). */
  dProjection: GPUBuffer;
}

/** The activation between layer `afterLayer` and the next, and its gradient. */
export interface BoundarySite {
  afterLayer: number;
  T: number;
  H: number;
  /** The activation [T, H] the next stage receives: the forward rewrites it in place. */
  x: GPUBuffer;
  /** During the backward pass, the gradient at x [T, H]: the backward rewrites it in place. */
  dx: GPUBuffer;
}

export interface BoundaryOverride {
  forward: TrainingItem[];
  backward: TrainingItem[];
}

/** A trainable tensor owned by the hook (e.g. an autoencoder's weights): AdamW updates it with the model. */
export interface HookParameter {
  name: string;
  param: GPUBuffer;
  grad: GPUBuffer;
  /** f32 elements. */
  count: number;
}

export interface LlamaTrainingHook {
  /** Called once per layer and row-parallel projection while the step is built; null keeps the plain product. */
  rowParallel?(site: RowParallelSite): Promise<RowParallelOverride | null>;
  /** The 0-based layer after which a pipeline-stage boundary sits (0 ≤ afterLayer ≤ layers − 2). */
  boundaryAfterLayer?: number;
  boundary?(site: BoundarySite): Promise<BoundaryOverride>;
  /** Trainable tensors of the hook (asked once, after the step is built). */
  parameters?(): HookParameter[];
  /** Before every forward pass; `update` is true when an optimizer step follows (not for evaluation). */
  beforeForward?(update: boolean): void;
  /** After every optimizer step: record state updates (e.g. error-feedback residuals). */
  afterStep?(encoder: GPUCommandEncoder): void;
}
