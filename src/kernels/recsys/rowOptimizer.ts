// The optimizer step on embedding rows after a sparse backward: SGD, or Adagrad with one
// accumulator per element (PyTorch's defaults: no decay, eps 1e-10), applied only to the rows the
// batch touched. Shader: src/shaders/recsys/rowOptimizer.wgsl.
import shader from '../../shaders/recsys/rowOptimizer.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { packUniform } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';

export type RowOptimizerKind = 'sgd' | 'adagrad';

export interface RowOptimizerSettings {
  kind: RowOptimizerKind;
  lr: number;
  /** Adagrad's ε (PyTorch default 1e-10). */
  eps?: number;
}

export interface RowOptimizerShape {
  /** Rows of the table (and of acc). */
  tableRows: number;
  dim: number;
  /** Most gradient rows per step: sizes grad and rows. */
  maxRows: number;
}

export interface RowOptimizerPlan extends KernelPlan {
  /** The number of gradient rows of the next step (call before the submit that encodes). */
  setCount(count: number): void;
}

/** Buffers: table and acc [tableRows, dim] f32, grad [maxRows, dim] f32, rows [maxRows] u32 (distinct). */
export async function planRowOptimizer(
  gpu: Gpu,
  bufs: { table: GPUBuffer; acc: GPUBuffer; grad: GPUBuffer; rows: GPUBuffer },
  shape: RowOptimizerShape,
  opt: RowOptimizerSettings,
): Promise<RowOptimizerPlan> {
  const { tableRows, dim, maxRows } = shape;
  if (![tableRows, dim, maxRows].every((n) => Number.isInteger(n) && n >= 1))
    throw new UserInputError(
      `rowOptimizer: tableRows=${tableRows}, dim=${dim}, maxRows=${maxRows} must be positive integers`,
    );
  if (!(opt.lr > 0)) throw new UserInputError(`rowOptimizer: learning rate ${opt.lr} must be positive`);
  const wg = deviceGrid(gpu, Math.ceil((maxRows * dim) / 64), `rowOptimizer [${maxRows}, ${dim}]`);
  const pipeline = await gpu.pipeline({ name: 'recsys/rowOptimizer', code: shader });
  const owned = new BufferSet();
  const words = (count: number) =>
    packUniform([count, dim, { f32: opt.lr }, { f32: opt.eps ?? 1e-10 }, opt.kind === 'adagrad' ? 1 : 0, 0, 0, 0]);
  const params = owned.add(gpu.uniform(words(0), 'rowOptimizer.params'));
  const group = gpu.bindGroup(pipeline, [bufs.table, bufs.acc, bufs.grad, bufs.rows, params], 'rowOptimizer');
  return {
    setCount(count) {
      if (!Number.isInteger(count) || count < 0 || count > maxRows)
        throw new UserInputError(`rowOptimizer: ${count} gradient rows, expected 0..${maxRows}`);
      gpu.device.queue.writeBuffer(params, 0, words(count));
    },
    encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg),
    destroy: () => owned.destroy(),
  };
}

/** One-shot: the updated table and accumulator after one step on `rows` (distinct, < table rows). */
export async function rowOptimizer(
  gpu: Gpu,
  table: Float32Array,
  acc: Float32Array,
  grad: Float32Array,
  rows: Uint32Array,
  dim: number,
  opt: RowOptimizerSettings,
): Promise<{ table: Float32Array; acc: Float32Array }> {
  const tableRows = table.length / dim;
  if (!Number.isInteger(tableRows) || acc.length !== table.length || grad.length !== rows.length * dim)
    throw new UserInputError(
      `rowOptimizer: table ${table.length}, acc ${acc.length}, grad ${grad.length} values do not fit dim ${dim} and ${rows.length} rows`,
    );
  const seen = new Set<number>();
  for (const r of rows) {
    if (r >= tableRows) throw new UserInputError(`rowOptimizer: row ${r} is outside [0, ${tableRows})`);
    if (seen.has(r)) throw new UserInputError(`rowOptimizer: row ${r} appears twice; rows must be distinct`);
    seen.add(r);
  }
  const maxRows = Math.max(1, rows.length);
  const owned = new BufferSet();
  try {
    const bufs = {
      table: owned.add(gpu.upload(table, 'rowOptimizer.table')),
      acc: owned.add(gpu.upload(acc, 'rowOptimizer.acc')),
      grad: owned.add(gpu.upload(grad.length ? grad : new Float32Array(dim), 'rowOptimizer.grad')),
      rows: owned.add(gpu.upload(rows.length ? rows : new Uint32Array(1), 'rowOptimizer.rows')),
    };
    const plan = await planRowOptimizer(gpu, bufs, { tableRows, dim, maxRows }, opt);
    try {
      plan.setCount(rows.length);
      await gpu.run(plan.encode);
    } finally {
      plan.destroy();
    }
    return { table: await gpu.readF32(bufs.table, table.length), acc: await gpu.readF32(bufs.acc, acc.length) };
  } finally {
    owned.destroy();
  }
}
