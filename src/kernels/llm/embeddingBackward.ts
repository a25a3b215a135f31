// Backward of the token embedding (whose forward is the row gather, src/kernels/common/gatherRows):
// dEmbed [V, H] (+)= Σ_{t : tokens[t] = v} dx[t, :]. Deterministic without atomics: the host, which
// validates the ids anyway, groups the batch's rows by id (a sort of T indices), and the GPU sums
// each id's rows in ascending t, one workgroup per distinct id (embeddingBackward.rows.wgsl), after
// clearing dEmbed when not accumulating (embeddingBackward.zero.wgsl). The work is O(T·H) whatever
// the vocabulary size, plus O(V·H) for the clear.
import zeroShader from '../../shaders/llm/embeddingBackward.zero.wgsl?raw';
import rowsShader from '../../shaders/llm/embeddingBackward.rows.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';

export interface EmbeddingBackwardShape {
  /** Token rows of the batch (length of tokens, rows of dx). */
  T: number;
  /** Vocabulary size (rows of dEmbed). */
  V: number;
  /** Hidden size. */
  H: number;
}

export interface EmbeddingBackwardPlan extends KernelPlan {
  /**
   * Validates a new batch's token ids (T of them) and writes their grouping to the plan's buffers
   * through the queue: call it before submitting the pass that encodes this plan (an encode uses
   * the ids written last before its submit).
   */
  setTokens(tokens: Int32Array): void;
}

function checkShape(what: string, { T, V, H }: EmbeddingBackwardShape): void {
  if (![T, V, H].every((n) => Number.isInteger(n) && n >= 1)) {
    throw new UserInputError(`${what}: T=${T}, V=${V}, H=${H} must be positive integers (dx [T, H], dEmbed [V, H])`);
  }
}

/** Throws a UserInputError naming the first token id outside [0, V) and its position. */
export function checkTokenIds(tokens: Int32Array, V: number, what = 'embeddingBackward'): void {
  for (let t = 0; t < tokens.length; t++) {
    const id = tokens[t]!;
    if (id < 0 || id >= V) throw new UserInputError(`${what}: token id ${id} at position ${t} is outside [0, ${V})`);
  }
}

/**
 * The batch's rows grouped by id: order = row indices sorted by (id, t); segment g < count covers
 * order[segStart[g] .. segStart[g + 1]) and has id segId[g]; segStart[g] = T past the last segment.
 */
export function groupTokenRows(tokens: Int32Array): {
  order: Uint32Array;
  segStart: Uint32Array;
  segId: Uint32Array;
  count: number;
} {
  const T = tokens.length;
  const order = Uint32Array.from({ length: T }, (_, t) => t).sort((a, b) => tokens[a]! - tokens[b]! || a - b);
  const segStart = new Uint32Array(T + 1).fill(T);
  const segId = new Uint32Array(T);
  let count = 0;
  for (let j = 0; j < T; j++) {
    const id = tokens[order[j]!]!;
    if (j === 0 || id !== tokens[order[j - 1]!]) {
      segStart[count] = j;
      segId[count] = id;
      count++;
    }
  }
  return { order, segStart, segId, count };
}

/**
 * Encodes dEmbed [V, H] = Σ over the batch's rows of each id (or, with `accumulate`, adds that to
 * what dEmbed holds) from dx [T, H]. dx and dEmbed are the caller's; the plan owns the grouping
 * buffers, written from `tokens` now and by each setTokens.
 */
export async function planEmbeddingBackward(
  gpu: Gpu,
  bufs: { dx: GPUBuffer; dEmbed: GPUBuffer },
  shape: EmbeddingBackwardShape,
  tokens: Int32Array,
  opts: { accumulate?: boolean } = {},
): Promise<EmbeddingBackwardPlan> {
  checkShape('embeddingBackward', shape);
  const { T, V, H } = shape;
  const accumulate = opts.accumulate ?? false;
  gpu.checkBindingSize(T * H * 4, `embeddingBackward dx [${T}, ${H}]`);
  gpu.checkBindingSize(V * H * 4, `embeddingBackward dEmbed [${V}, ${H}]`);
  const rowsWg = deviceGrid(gpu, T, `embeddingBackward token rows (T=${T})`);
  const zeroWg = deviceGrid(gpu, Math.ceil((V * H) / 64), `embeddingBackward clear [${V}, ${H}]`);
  const check = (ids: Int32Array) => {
    if (ids.length !== T)
      throw new UserInputError(`embeddingBackward: tokens has ${ids.length} ids, expected [T] = [${T}]`);
    checkTokenIds(ids, V);
  };
  check(tokens);
  const [zeroPipeline, rowsPipeline] = await Promise.all([
    gpu.pipeline({ name: 'llm/embeddingBackward.zero', code: zeroShader }),
    gpu.pipeline({ name: 'llm/embeddingBackward.rows', code: rowsShader }),
  ]);
  const owned = new BufferSet();
  try {
    const order = owned.add(gpu.createBuffer(T * 4, 'embeddingBackward.order'));
    const segStart = owned.add(gpu.createBuffer((T + 1) * 4, 'embeddingBackward.segStart'));
    const segId = owned.add(gpu.createBuffer(T * 4, 'embeddingBackward.segId'));
    const rowsParams = owned.add(uniformWords(gpu, [T, H, accumulate ? 1 : 0, 0], 'embeddingBackward.rows.params'));
    const rowsGroup = gpu.bindGroup(
      rowsPipeline,
      [bufs.dx, order, segStart, segId, bufs.dEmbed, rowsParams],
      'embeddingBackward.rows',
    );
    let zeroGroup: GPUBindGroup | undefined;
    if (!accumulate) {
      const zeroParams = owned.add(uniformWords(gpu, [V * H, 0, 0, 0], 'embeddingBackward.zero.params'));
      zeroGroup = gpu.bindGroup(zeroPipeline, [bufs.dEmbed, zeroParams], 'embeddingBackward.zero');
    }
    const setTokens = (ids: Int32Array) => {
      check(ids);
      const g = groupTokenRows(ids);
      gpu.device.queue.writeBuffer(order, 0, g.order);
      gpu.device.queue.writeBuffer(segStart, 0, g.segStart);
      gpu.device.queue.writeBuffer(segId, 0, g.segId);
    };
    setTokens(tokens);
    return {
      setTokens,
      encode(pass) {
        if (zeroGroup) Gpu.encodeDispatch(pass, zeroPipeline, zeroGroup, zeroWg);
        Gpu.encodeDispatch(pass, rowsPipeline, rowsGroup, rowsWg);
      },
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/**
 * Host convenience: the embedding gradient [V, H] of a batch with token ids `tokens` [T] and
 * output gradient dx [T, H]. `dEmbed`, when given, is the gradient accumulated so far: the result
 * is dEmbed + this batch's gradient (the array itself is not modified).
 */
export async function embeddingBackward(
  gpu: Gpu,
  dx: Float32Array,
  tokens: Int32Array,
  shape: { V: number; H: number },
  opts: { dEmbed?: Float32Array } = {},
): Promise<Float32Array> {
  const full = { T: tokens.length, ...shape };
  checkShape('embeddingBackward', full);
  const { T, V, H } = full;
  if (dx.length !== T * H) {
    throw new UserInputError(
      `embeddingBackward: dx has ${dx.length} values, expected [T, H] = [${T}, ${H}] = ${T * H}`,
    );
  }
  if (opts.dEmbed && opts.dEmbed.length !== V * H) {
    throw new UserInputError(
      `embeddingBackward: dEmbed has ${opts.dEmbed.length} values, expected [V, H] = [${V}, ${H}] = ${V * H}`,
    );
  }
  checkTokenIds(tokens, V);
  const owned = new BufferSet();
  let plan: EmbeddingBackwardPlan | undefined;
  try {
    const bufs = {
      dx: owned.add(gpu.upload(dx, 'embeddingBackward.dx')),
      dEmbed: owned.add(
        opts.dEmbed
          ? gpu.upload(opts.dEmbed, 'embeddingBackward.dEmbed')
          : gpu.createBuffer(V * H * 4, 'embeddingBackward.dEmbed'),
      ),
    };
    plan = await planEmbeddingBackward(gpu, bufs, full, tokens, { accumulate: opts.dEmbed !== undefined });
    await gpu.run(plan.encode);
    return await gpu.readF32(bufs.dEmbed, V * H);
  } finally {
    plan?.destroy();
    owned.destroy();
  }
}
