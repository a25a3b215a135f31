// EmbeddingBag forward (mode sum), as PyTorch's nn.EmbeddingBag(mode="sum") with offsets:
// out[bag] = Σ of the table rows its entries name. A DLRM-style model pools one bag per (example,
// table); Bagpipe's trainer reads them from its GPU cache, the uncached baseline from a batch
// buffer. Shader: src/shaders/recsys/embeddingBag.wgsl (one invocation per output element).
import shader from '../../shaders/recsys/embeddingBag.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';

export interface EmbeddingBagShape {
  /** Rows of the table. */
  rows: number;
  dim: number;
  bags: number;
  /** Most entries (ids) a batch may have: sizes the ids buffer. */
  maxNnz: number;
}

/** The caller's buffers: table [rows, dim] f32, ids [maxNnz] u32, offsets [bags + 1] u32, out [bags, dim]. */
export interface EmbeddingBagBuffers {
  table: GPUBuffer;
  ids: GPUBuffer;
  offsets: GPUBuffer;
  out: GPUBuffer;
}

const positive = (n: number) => Number.isInteger(n) && n >= 1;

/** Throws a UserInputError naming the first bad offset or id. */
export function checkBags(ids: ArrayLike<number>, offsets: ArrayLike<number>, rows: number, what: string): void {
  const bags = offsets.length - 1;
  if (bags < 1)
    throw new UserInputError(`${what}: offsets needs at least 2 values ([bags + 1]), got ${offsets.length}`);
  if (offsets[0] !== 0) throw new UserInputError(`${what}: offsets[0] is ${offsets[0]}, must be 0`);
  for (let b = 0; b < bags; b++) {
    if (!(offsets[b + 1]! >= offsets[b]!))
      throw new UserInputError(`${what}: offsets[${b + 1}] = ${offsets[b + 1]} is below offsets[${b}] = ${offsets[b]}`);
  }
  if (offsets[bags] !== ids.length)
    throw new UserInputError(`${what}: offsets ends at ${offsets[bags]} but there are ${ids.length} ids`);
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j]!;
    if (!Number.isInteger(id) || id < 0 || id >= rows)
      throw new UserInputError(`${what}: id ${id} at position ${j} is outside [0, ${rows})`);
  }
}

export async function planEmbeddingBag(
  gpu: Gpu,
  bufs: EmbeddingBagBuffers,
  shape: EmbeddingBagShape,
): Promise<KernelPlan> {
  const { rows, dim, bags, maxNnz } = shape;
  if (![rows, dim, bags, maxNnz].every(positive))
    throw new UserInputError(
      `embeddingBag: rows=${rows}, dim=${dim}, bags=${bags}, maxNnz=${maxNnz} must be positive integers`,
    );
  gpu.checkBindingSize(rows * dim * 4, `embeddingBag table [${rows}, ${dim}]`);
  gpu.checkBindingSize(bags * dim * 4, `embeddingBag out [${bags}, ${dim}]`);
  const need: [keyof EmbeddingBagBuffers, number][] = [
    ['table', rows * dim * 4],
    ['ids', maxNnz * 4],
    ['offsets', (bags + 1) * 4],
    ['out', bags * dim * 4],
  ];
  for (const [k, bytes] of need)
    if (bufs[k].size < bytes)
      throw new UserInputError(`embeddingBag: buffer ${k} has ${bufs[k].size} bytes, needs ${bytes}`);
  const wg = deviceGrid(gpu, Math.ceil((bags * dim) / 64), `embeddingBag [${bags}, ${dim}]`);
  const pipeline = await gpu.pipeline({ name: 'recsys/embeddingBag', code: shader });
  const owned = new BufferSet();
  const params = owned.add(uniformWords(gpu, [bags, dim, 0, 0], 'embeddingBag.params'));
  const group = gpu.bindGroup(pipeline, [bufs.table, bufs.ids, bufs.offsets, bufs.out, params], 'embeddingBag');
  return { encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg), destroy: () => owned.destroy() };
}

/** One-shot: pooled rows [bags, dim] of `table` [rows, dim] for bags given by ids and offsets. */
export async function embeddingBag(
  gpu: Gpu,
  table: Float32Array,
  dim: number,
  ids: Int32Array,
  offsets: Int32Array,
): Promise<Float32Array> {
  if (!positive(dim) || table.length % dim !== 0 || table.length === 0)
    throw new UserInputError(`embeddingBag: table has ${table.length} values, not a positive multiple of dim ${dim}`);
  const rows = table.length / dim;
  checkBags(ids, offsets, rows, 'embeddingBag');
  const bags = offsets.length - 1;
  const owned = new BufferSet();
  try {
    const bufs = {
      table: owned.add(gpu.upload(table, 'embeddingBag.table')),
      ids: owned.add(gpu.upload(Uint32Array.from(ids), 'embeddingBag.ids')),
      offsets: owned.add(gpu.upload(Uint32Array.from(offsets), 'embeddingBag.offsets')),
      out: owned.add(gpu.createBuffer(bags * dim * 4, 'embeddingBag.out')),
    };
    const plan = await planEmbeddingBag(gpu, bufs, { rows, dim, bags, maxNnz: Math.max(1, ids.length) });
    try {
      await gpu.run(plan.encode);
    } finally {
      plan.destroy();
    }
    return await gpu.readF32(bufs.out, bags * dim);
  } finally {
    owned.destroy();
  }
}
