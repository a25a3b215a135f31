// EmbeddingBag sparse backward (mode sum): the gradient of each distinct row the batch used,
// grad[g] = Σ over that row's entries of dOut[bag]. Sort by row, then segment reduce: the host
// sorts the batch's entries by (row, position) — it holds the ids anyway, and sorting a few
// thousand keys there costs less than a GPU radix sort's passes — and the GPU sums each segment
// in that fixed order (src/shaders/recsys/embeddingBagBackward.wgsl): deterministic, no atomics.
// The result is compact ([distinct rows, dim]) with the rows in ascending order, ready for
// rowOptimizer. Reference: embeddingBagBackward.reference.ts.
import shader from '../../shaders/recsys/embeddingBagBackward.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';
import { checkBags } from './embeddingBag';

export interface BagGrouping {
  /** Entry indices sorted by (row, position). */
  order: Uint32Array;
  /** Bag of each entry. */
  bagOf: Uint32Array;
  /** Segment bounds [maxSegments + 1]: segment g is order[segStart[g] .. segStart[g + 1]); padded with nnz. */
  segStart: Uint32Array;
  /** The distinct rows, ascending (segment g's row). */
  rows: Uint32Array;
  count: number;
}

/** Groups a batch's entries by row; `maxSegments` ≥ nnz pads segStart for a fixed-size plan. */
export function groupBagEntries(
  ids: ArrayLike<number>,
  offsets: ArrayLike<number>,
  maxSegments = ids.length,
): BagGrouping {
  const nnz = ids.length;
  const bagOf = new Uint32Array(nnz);
  for (let b = 0; b + 1 < offsets.length; b++) for (let j = offsets[b]!; j < offsets[b + 1]!; j++) bagOf[j] = b;
  const order = Uint32Array.from({ length: nnz }, (_, j) => j).sort((a, b) => ids[a]! - ids[b]! || a - b);
  const segStart = new Uint32Array(maxSegments + 1).fill(nnz);
  const rows = new Uint32Array(nnz);
  let count = 0;
  for (let k = 0; k < nnz; k++) {
    const id = ids[order[k]!]!;
    if (k === 0 || id !== ids[order[k - 1]!]) {
      segStart[count] = k;
      rows[count] = id;
      count++;
    }
  }
  return { order, bagOf, segStart, rows: rows.subarray(0, count), count };
}

export interface EmbeddingBagBackwardPlan extends KernelPlan {
  /** The distinct rows of the current batch, ascending (u32 [maxNnz]; the first `count` are valid). */
  readonly rowsBuffer: GPUBuffer;
  /** Validates and groups a batch's bags and writes the grouping (call before the submit that encodes). */
  setBags(ids: ArrayLike<number>, offsets: ArrayLike<number>): BagGrouping;
}

export interface EmbeddingBagBackwardShape {
  rows: number;
  dim: number;
  bags: number;
  maxNnz: number;
}

/** dOut [bags, dim] is the caller's; grad [maxNnz, dim] too. The plan owns the grouping buffers. */
export async function planEmbeddingBagBackward(
  gpu: Gpu,
  bufs: { dOut: GPUBuffer; grad: GPUBuffer },
  shape: EmbeddingBagBackwardShape,
): Promise<EmbeddingBagBackwardPlan> {
  const { rows, dim, bags, maxNnz } = shape;
  if (![rows, dim, bags, maxNnz].every((n) => Number.isInteger(n) && n >= 1))
    throw new UserInputError(
      `embeddingBagBackward: rows=${rows}, dim=${dim}, bags=${bags}, maxNnz=${maxNnz} must be positive integers`,
    );
  if (bufs.dOut.size < bags * dim * 4 || bufs.grad.size < maxNnz * dim * 4)
    throw new UserInputError(`embeddingBagBackward: dOut needs ${bags * dim * 4} bytes and grad ${maxNnz * dim * 4}`);
  const wg = deviceGrid(gpu, maxNnz, `embeddingBagBackward segments (${maxNnz})`);
  const pipeline = await gpu.pipeline({ name: 'recsys/embeddingBagBackward', code: shader });
  const owned = new BufferSet();
  try {
    const order = owned.add(gpu.createBuffer(maxNnz * 4, 'embeddingBagBackward.order'));
    const bagOf = owned.add(gpu.createBuffer(maxNnz * 4, 'embeddingBagBackward.bagOf'));
    const segStart = owned.add(gpu.createBuffer((maxNnz + 1) * 4, 'embeddingBagBackward.segStart'));
    const rowsBuffer = owned.add(gpu.createBuffer(maxNnz * 4, 'embeddingBagBackward.rows'));
    const params = owned.add(uniformWords(gpu, [maxNnz, dim, 0, 0], 'embeddingBagBackward.params'));
    const group = gpu.bindGroup(
      pipeline,
      [bufs.dOut, order, bagOf, segStart, bufs.grad, params],
      'embeddingBagBackward',
    );
    return {
      rowsBuffer,
      setBags(ids, offsets) {
        if (offsets.length !== bags + 1)
          throw new UserInputError(
            `embeddingBagBackward: offsets has ${offsets.length} values, expected [bags + 1] = ${bags + 1}`,
          );
        if (ids.length > maxNnz)
          throw new UserInputError(`embeddingBagBackward: ${ids.length} ids exceed maxNnz = ${maxNnz}`);
        checkBags(ids, offsets, rows, 'embeddingBagBackward');
        const g = groupBagEntries(ids, offsets, maxNnz);
        const q = gpu.device.queue;
        if (ids.length > 0) {
          q.writeBuffer(order, 0, g.order);
          q.writeBuffer(bagOf, 0, g.bagOf);
          q.writeBuffer(rowsBuffer, 0, g.rows);
        }
        q.writeBuffer(segStart, 0, g.segStart);
        return g;
      },
      encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg),
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/** One-shot: the distinct rows (ascending) and their gradient rows [count, dim]. */
export async function embeddingBagBackward(
  gpu: Gpu,
  dOut: Float32Array,
  dim: number,
  ids: Int32Array,
  offsets: Int32Array,
  rows: number,
): Promise<{ rows: Uint32Array; grad: Float32Array }> {
  const bags = offsets.length - 1;
  if (dOut.length !== bags * dim)
    throw new UserInputError(
      `embeddingBagBackward: dOut has ${dOut.length} values, expected [bags, dim] = ${bags * dim}`,
    );
  const maxNnz = Math.max(1, ids.length);
  const owned = new BufferSet();
  try {
    const bufs = {
      dOut: owned.add(gpu.upload(dOut, 'embeddingBagBackward.dOut')),
      grad: owned.add(gpu.createBuffer(maxNnz * dim * 4, 'embeddingBagBackward.grad')),
    };
    const plan = await planEmbeddingBagBackward(gpu, bufs, { rows, dim, bags, maxNnz });
    try {
      const g = plan.setBags(ids, offsets);
      await gpu.run(plan.encode);
      return { rows: g.rows.slice(), grad: await gpu.readF32(bufs.grad, g.count * dim) };
    } finally {
      plan.destroy();
    }
  } finally {
    owned.destroy();
  }
}
