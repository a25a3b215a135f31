// Top-k and rand-k sparsification on the GPU: the k elements of a flat tensor with the largest
// |x| (ties to the lower index), or k distinct positions chosen by a seeded PCG hash, as values
// (f32) and int32 indices, written in ascending index order. MCBench's topk_int / randk_int flatten
// the activation and keep k absolute elements; here one radix select serves both: the key of
// element i is the bit pattern of |x[i]| (top-k) or pcg_hash(pcg_hash(seed) ^ i) (rand-k, so the
// chosen set is the k largest hashes: distinct, uniform up to hash ties, which go to the lower
// index). Passes: sparsify.init, then 4 × (sparsify.histogram, sparsify.pick) to find the k-th
// largest key τ byte by byte, then sparsify.count / .scan / .scatter to compact in index order.
// 12 dispatches, no readback, integer atomics only (exact in any order).
import initShader from '../../shaders/compression/sparsify.init.wgsl?raw';
import histogramShader from '../../shaders/compression/sparsify.histogram.wgsl?raw';
import pickShader from '../../shaders/compression/sparsify.pick.wgsl?raw';
import countShader from '../../shaders/compression/sparsify.count.wgsl?raw';
import scanShader from '../../shaders/compression/sparsify.scan.wgsl?raw';
import scatterShader from '../../shaders/compression/sparsify.scatter.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { deviceGrid } from '../../gpu/dispatch';
import { packUniform, uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';
import { pcgPrelude } from '../common/pcg';

export type SparsifyMode = 'topk' | 'randk';

/** Elements per workgroup of the histogram pass (256 invocations × 16). */
const HIST_ITEMS = 256 * 16;
/** Elements per block of the compaction passes (256 invocations × 4). */
const BLOCK = 1024;

export interface SparsifyShape {
  /** Elements of the flattened tensor. */
  n: number;
  /** Elements kept, 1 ≤ k ≤ n. */
  k: number;
}

export function assertSparsifyShape(what: string, s: SparsifyShape): void {
  if (!Number.isInteger(s.n) || s.n < 1 || s.n >= 2 ** 31)
    throw new UserInputError(`${what}: the tensor has ${s.n} elements; expected 1 to 2^31 − 1`);
  if (!Number.isInteger(s.k) || s.k < 1) throw new UserInputError(`${what}: k=${s.k} must be an integer ≥ 1`);
  if (s.k > s.n) throw new UserInputError(`${what}: k=${s.k} is larger than the tensor's ${s.n} elements`);
}

export interface SparsifyBuffers {
  /** x [n] f32 (read). */
  x: GPUBuffer;
  /** values [k] f32 (written). */
  values: GPUBuffer;
  /** indices [k] i32 (written). */
  indices: GPUBuffer;
}

export interface SparsifyPlan extends KernelPlan {
  readonly mode: SparsifyMode;
  /** Rand-k: the seed of the next encodes (writes one uniform; no effect for top-k). */
  setSeed(seed: number): void;
  /** Per 1024-element block after an encode: (keys above τ, keys equal to τ), [2 · blocks] u32 (for checks). */
  readonly blockCounts: GPUBuffer;
}

export async function planSparsify(
  gpu: Gpu,
  bufs: SparsifyBuffers,
  shape: SparsifyShape,
  mode: SparsifyMode,
  seed = 0,
): Promise<SparsifyPlan> {
  const name = mode === 'topk' ? 'top-k' : 'rand-k';
  assertSparsifyShape(name, shape);
  if (mode !== 'topk' && mode !== 'randk') throw new UserInputError(`sparsify: mode must be topk or randk`);
  const { n, k } = shape;
  const what = `${name} of ${k} from ${n} elements`;
  for (const [label, b, need] of [
    ['x', bufs.x, 4 * n],
    ['values', bufs.values, 4 * k],
    ['indices', bufs.indices, 4 * k],
  ] as const) {
    if (b.size < need) throw new UserInputError(`${what}: buffer ${label} has ${b.size} bytes, needs ${need}`);
  }
  gpu.checkBindingSize(4 * n, `${what}: x`);
  const MODE = mode === 'topk' ? 0 : 1;
  const keyed = (file: string, code: string) =>
    gpu.pipeline({ name: `compression/sparsify.${file}`, code, prelude: [pcgPrelude], constants: { MODE } });
  const [init, histogram, pick, count, scan, scatter] = await Promise.all([
    gpu.pipeline({ name: 'compression/sparsify.init', code: initShader }),
    keyed('histogram', histogramShader),
    gpu.pipeline({ name: 'compression/sparsify.pick', code: pickShader }),
    keyed('count', countShader),
    gpu.pipeline({ name: 'compression/sparsify.scan', code: scanShader }),
    keyed('scatter', scatterShader),
  ]);
  const blocks = Math.ceil(n / BLOCK);
  const owned = new BufferSet();
  try {
    const params = owned.add(uniformWords(gpu, [n, k, seed >>> 0, 0], 'sparsify.params'));
    const scanParams = owned.add(uniformWords(gpu, [blocks, 0, 0, 0], 'sparsify.scan.params'));
    const state = owned.add(gpu.createBuffer(16, 'sparsify.state'));
    const hist = owned.add(gpu.createBuffer(4 * 256, 'sparsify.histogram'));
    const counts = owned.add(gpu.createBuffer(8 * blocks, 'sparsify.counts'));
    const offsets = owned.add(gpu.createBuffer(8 * blocks, 'sparsify.offsets'));
    const gInit = gpu.bindGroup(init, [state, hist, params], 'sparsify.init');
    const gHist = gpu.bindGroup(histogram, [bufs.x, state, hist, params], 'sparsify.histogram');
    const gPick = gpu.bindGroup(pick, [state, hist], 'sparsify.pick');
    const gCount = gpu.bindGroup(count, [bufs.x, state, counts, params], 'sparsify.count');
    const gScan = gpu.bindGroup(scan, [counts, offsets, scanParams], 'sparsify.scan');
    const gScatter = gpu.bindGroup(
      scatter,
      [bufs.x, state, offsets, bufs.values, bufs.indices, params],
      'sparsify.scatter',
    );
    const wHist = deviceGrid(gpu, Math.ceil(n / HIST_ITEMS), `${what} (histogram)`);
    const wBlocks = deviceGrid(gpu, blocks, `${what} (compaction)`);
    return {
      mode,
      blockCounts: counts,
      setSeed: (s: number) => gpu.device.queue.writeBuffer(params, 0, packUniform([n, k, s >>> 0, 0])),
      encode: (pass) => {
        Gpu.encodeDispatch(pass, init, gInit, [1]);
        for (let round = 0; round < 4; round++) {
          Gpu.encodeDispatch(pass, histogram, gHist, wHist);
          Gpu.encodeDispatch(pass, pick, gPick, [1]);
        }
        Gpu.encodeDispatch(pass, count, gCount, wBlocks);
        Gpu.encodeDispatch(pass, scan, gScan, [1]);
        Gpu.encodeDispatch(pass, scatter, gScatter, wBlocks);
      },
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

export interface SparseTensor {
  /** The kept values, in ascending index order. */
  values: Float32Array;
  /** Their flat indices into x, ascending. */
  indices: Int32Array;
}

/** NaN has no order and ±Inf no magnitude to compare: refuse them before they reach the GPU. */
export function assertFinite(what: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]!)) throw new UserInputError(`${what}: element ${i} is not finite (${x[i]})`);
}

/** One-shot top-k (by |x|) or rand-k of a host tensor; x must be finite. */
export async function sparsify(
  gpu: Gpu,
  x: Float32Array,
  k: number,
  mode: SparsifyMode,
  seed = 0,
): Promise<SparseTensor> {
  const name = mode === 'topk' ? 'top-k' : 'rand-k';
  assertSparsifyShape(name, { n: x.length, k });
  assertFinite(name, x);
  const owned = new BufferSet();
  try {
    const xb = owned.add(gpu.upload(x, 'sparsify.x'));
    const values = owned.add(gpu.createBuffer(4 * k, 'sparsify.values'));
    const indices = owned.add(gpu.createBuffer(4 * k, 'sparsify.indices'));
    const plan = await planSparsify(gpu, { x: xb, values, indices }, { n: x.length, k }, mode, seed);
    try {
      await gpu.run((pass) => plan.encode(pass));
    } finally {
      plan.destroy();
    }
    return { values: await gpu.readF32(values, k), indices: await gpu.readI32(indices, k) };
  } finally {
    owned.destroy();
  }
}
