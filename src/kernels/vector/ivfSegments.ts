// Stable, deterministic counting sort of row indices by key on the GPU (ivfSegments.wgsl): builds
// the IVF list layout (CSR: `order` holds the rows of list c at offsets[c] .. offsets[c+1]) and
// orders k-means points by cluster for the segmented centroid reduction. Keys are i32 in [-1, K);
// rows with key -1 (deleted / not inserted) are left out. Within a list rows stay in ascending
// order, so repeated builds of the same assignment give bit-identical layouts.
import shader from '../../shaders/vector/ivfSegments.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { bindAt } from '../../gpu/bindings';
import { destroyAll } from '../../gpu/resources';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import type { KernelPlan } from '../../gpu/plan';

const BLOCK = 256;

export interface SegmentPlan extends KernelPlan {
  /** [n] i32: rows grouped by key (only the first offsets[K] entries are meaningful). */
  order: GPUBuffer;
  /** [K + 1] u32 list boundaries. */
  offsets: GPUBuffer;
}

function pipelines(gpu: Gpu) {
  const get = (entryPoint: string) => gpu.pipeline({ name: 'vector/ivfSegments', code: shader, entryPoint });
  return Promise.all([get('blockRanks'), get('columnScan'), get('keyOffsets'), get('scatter')]);
}

/** Bytes of scratch the sort needs for n rows and K keys (the [blocks, K] count table dominates). */
export function segmentScratchBytes(n: number, K: number): number {
  return Math.ceil(Math.max(1, n) / BLOCK) * K * 4;
}

/** Plans the four dispatches over an existing keys buffer [n]; K ≥ 1. */
export async function planSegments(gpu: Gpu, keys: GPUBuffer, n: number, K: number): Promise<SegmentPlan> {
  if (!Number.isInteger(K) || K < 1) throw new UserInputError(`segments: K=${K} must be a positive integer`);
  const blocks = Math.max(1, Math.ceil(n / BLOCK));
  gpu.checkBindingSize(segmentScratchBytes(n, K), `IVF list layout: ${blocks} blocks × ${K} lists of counts`);
  const [ranksP, scanP, offsetsP, scatterP] = await pipelines(gpu);
  const ranks = gpu.createBuffer(Math.max(1, n) * 4, 'segments.ranks');
  const blockCounts = gpu.createBuffer(blocks * K * 4, 'segments.blockCounts');
  const totals = gpu.createBuffer(K * 4, 'segments.totals');
  const offsets = gpu.createBuffer((K + 1) * 4, 'segments.offsets');
  const order = gpu.createBuffer(Math.max(1, n) * 4, 'segments.order');
  const params = uniformWords(gpu, [n, K, blocks, 0], 'segments.params');
  const g1 = bindAt(gpu, ranksP, [
    [0, keys],
    [1, ranks],
    [2, blockCounts],
    [6, params],
  ]);
  const g2 = bindAt(gpu, scanP, [
    [2, blockCounts],
    [3, totals],
    [6, params],
  ]);
  const g3 = bindAt(gpu, offsetsP, [
    [3, totals],
    [4, offsets],
    [6, params],
  ]);
  const g4 = bindAt(gpu, scatterP, [
    [0, keys],
    [1, ranks],
    [2, blockCounts],
    [4, offsets],
    [5, order],
    [6, params],
  ]);
  const wgBlocks = deviceGrid(gpu, blocks, 'segments: row blocks');
  const wgKeys = deviceGrid(gpu, Math.ceil(K / 64), 'segments: keys');
  return {
    order,
    offsets,
    encode(pass) {
      Gpu.encodeDispatch(pass, ranksP, g1, wgBlocks);
      Gpu.encodeDispatch(pass, scanP, g2, wgKeys);
      Gpu.encodeDispatch(pass, offsetsP, g3, [1]);
      if (n > 0) Gpu.encodeDispatch(pass, scatterP, g4, wgBlocks);
    },
    destroy: () => destroyAll([ranks, blockCounts, totals, offsets, order, params]),
  };
}

export function assertKeys(keys: Int32Array, K: number, what: string): void {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (!Number.isInteger(k) || k < -1 || k >= K)
      throw new UserInputError(`${what}: key ${k} at row ${i} is outside [-1, ${K})`);
  }
}

/** Host convenience: group rows by key; returns the CSR layout. */
export async function segmentByKey(
  gpu: Gpu,
  keys: Int32Array,
  K: number,
): Promise<{ order: Int32Array; offsets: Uint32Array }> {
  assertKeys(keys, K, 'segments');
  const keyBuf = gpu.upload(keys, 'segments.keys');
  const plan = await planSegments(gpu, keyBuf, keys.length, K);
  try {
    await gpu.run(plan.encode);
    const offsets = new Uint32Array(await gpu.read(plan.offsets, (K + 1) * 4));
    const order = await gpu.readI32(plan.order, offsets[K]!);
    return { order, offsets };
  } finally {
    plan.destroy();
    keyBuf.destroy();
  }
}
