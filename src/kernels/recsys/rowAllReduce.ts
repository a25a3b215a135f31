// All-reduce of embedding-row gradients among data-parallel trainers on one GPU (Bagpipe's
// sync_now / sync_later): each output row is the sum, in trainer order, of up to K trainers'
// gradient rows gathered from one buffer, divided by a divisor (1 in Bagpipe's run, whose trainers
// already weight their gradients by their shard's share of the batch; K would give the average;
// 1 also parks one trainer's gradient as an exact copy). The host holds the batch ids, so it passes, per output
// row, where each trainer's gradient sits (or −1). Shader: src/shaders/recsys/rowAllReduce.wgsl.
import shader from '../../shaders/recsys/rowAllReduce.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { packUniform } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';

export interface RowAllReduceShape {
  /** Rows of `src` and of `out`. */
  srcRows: number;
  outRows: number;
  dim: number;
  /** Sources per output row (the trainers). */
  K: number;
  /** Most output rows per dispatch. */
  maxCount: number;
}

export interface RowAllReducePlan extends KernelPlan {
  /**
   * The next dispatch's rows (call before the submit that encodes it): index [count · K] (rows of
   * src, −1 = none), dst [count] (distinct rows of out), and the divisor.
   */
  set(index: ArrayLike<number>, dst: ArrayLike<number>, divisor: number): void;
}

/** Buffers: src [srcRows, dim] f32, out [outRows, dim] f32 (distinct from src). */
export async function planRowAllReduce(
  gpu: Gpu,
  bufs: { src: GPUBuffer; out: GPUBuffer },
  shape: RowAllReduceShape,
): Promise<RowAllReducePlan> {
  const { srcRows, outRows, dim, K, maxCount } = shape;
  if (![srcRows, outRows, dim, K, maxCount].every((n) => Number.isInteger(n) && n >= 1))
    throw new UserInputError(
      `rowAllReduce: srcRows=${srcRows}, outRows=${outRows}, dim=${dim}, K=${K}, maxCount=${maxCount} must be positive integers`,
    );
  if (bufs.src === bufs.out) throw new UserInputError('rowAllReduce: src and out must be different buffers');
  for (const [k, rows] of [
    ['src', srcRows],
    ['out', outRows],
  ] as const)
    if (bufs[k].size < rows * dim * 4)
      throw new UserInputError(`rowAllReduce: buffer ${k} has ${bufs[k].size} bytes, needs ${rows * dim * 4}`);
  const wg = deviceGrid(gpu, Math.ceil((maxCount * dim) / 64), `rowAllReduce [${maxCount}, ${dim}]`);
  const pipeline = await gpu.pipeline({ name: 'recsys/rowAllReduce', code: shader });
  const owned = new BufferSet();
  const words = (count: number, divisor: number) => packUniform([count, dim, K, { f32: divisor }]);
  const index = owned.add(gpu.createBuffer(maxCount * K * 4, 'rowAllReduce.index'));
  const dst = owned.add(gpu.createBuffer(maxCount * 4, 'rowAllReduce.dst'));
  const params = owned.add(gpu.uniform(words(0, 1), 'rowAllReduce.params'));
  const group = owned.guard(() => gpu.bindGroup(pipeline, [bufs.src, bufs.out, index, dst, params], 'rowAllReduce'));
  const q = gpu.device.queue;
  return {
    set(idx, to, divisor) {
      const n = to.length;
      if (n > maxCount || idx.length !== n * K)
        throw new UserInputError(
          `rowAllReduce: ${n} rows (at most ${maxCount}) need ${n * K} indices, got ${idx.length}`,
        );
      if (!(divisor > 0) || !Number.isFinite(divisor))
        throw new UserInputError(`rowAllReduce: divisor ${divisor} must be positive`);
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) {
        const r = to[i]!;
        if (!Number.isInteger(r) || r < 0 || r >= outRows)
          throw new UserInputError(`rowAllReduce: output row ${r} is outside [0, ${outRows})`);
        if (seen.has(r)) throw new UserInputError(`rowAllReduce: output row ${r} appears twice`);
        seen.add(r);
      }
      for (let j = 0; j < idx.length; j++) {
        const r = idx[j]!;
        if (!Number.isInteger(r) || r < -1 || r >= srcRows)
          throw new UserInputError(`rowAllReduce: source row ${r} is outside [−1, ${srcRows})`);
      }
      if (n > 0) {
        q.writeBuffer(index, 0, Int32Array.from(idx));
        q.writeBuffer(dst, 0, Uint32Array.from(to));
      }
      q.writeBuffer(params, 0, words(n, divisor));
    },
    encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg),
    destroy: () => owned.destroy(),
  };
}

/** One-shot: `out` after one all-reduce dispatch (rows not in dst unchanged). */
export async function rowAllReduce(
  gpu: Gpu,
  src: Float32Array,
  out: Float32Array,
  index: ArrayLike<number>,
  dst: ArrayLike<number>,
  dim: number,
  K: number,
  divisor: number,
): Promise<Float32Array> {
  const srcRows = src.length / dim;
  const outRows = out.length / dim;
  if (!Number.isInteger(srcRows) || !Number.isInteger(outRows) || srcRows < 1 || outRows < 1)
    throw new UserInputError(`rowAllReduce: src ${src.length} and out ${out.length} values do not fit dim ${dim}`);
  const owned = new BufferSet();
  try {
    const bufs = {
      src: owned.add(gpu.upload(src, 'rowAllReduce.src')),
      out: owned.add(gpu.upload(out, 'rowAllReduce.out')),
    };
    const plan = await planRowAllReduce(gpu, bufs, { srcRows, outRows, dim, K, maxCount: Math.max(1, dst.length) });
    try {
      plan.set(index, dst, divisor);
      await gpu.run(plan.encode);
    } finally {
      plan.destroy();
    }
    return await gpu.readF32(bufs.out, out.length);
  } finally {
    owned.destroy();
  }
}
