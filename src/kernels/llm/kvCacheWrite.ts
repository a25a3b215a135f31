// KV-cache append (kvCacheWrite.wgsl): the new token rows' keys and values go into the per-layer
// caches at (rowSeq[t], rowPos[t]). Layouts: k, v [T, nKv, d]; kCache, vCache [B, maxSeq, nKv, d];
// rowSeq, rowPos [T] u32. Prefill writes a sequence's positions 0..S−1, decode one position per
// sequence, speculative verification γ + 1 positions; the kernel is the same.
import shader from '../../shaders/llm/kvCacheWrite.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';
import { requireBufferSize, requireLength, requirePositiveInts, validateTokenRows } from './tokenRows';

/** Invocations per workgroup of kvCacheWrite.wgsl (one per element of k). */
export const KV_CACHE_WRITE_WORKGROUP = 64;

export interface KvCacheShape {
  /** Token rows written. */
  T: number;
  /** Sequences in the cache. */
  B: number;
  /** Positions per sequence in the cache. */
  maxSeq: number;
  /** Key/value heads. */
  nKv: number;
  /** Head dim. */
  d: number;
}

/** The caller's buffers; the plan writes kCache and vCache in place. */
export interface KvCacheWriteBuffers {
  k: GPUBuffer;
  v: GPUBuffer;
  rowSeq: GPUBuffer;
  rowPos: GPUBuffer;
  kCache: GPUBuffer;
  vCache: GPUBuffer;
}

export interface KvCacheWritePlan extends KernelPlan {
  shape: KvCacheShape;
}

const WHAT = 'kvCacheWrite';

export function validateKvCacheShape(s: KvCacheShape, what = WHAT): void {
  requirePositiveInts(what, s, ['T', 'B', 'maxSeq', 'nKv', 'd']);
}

/** Refuses shapes whose buffers exceed this device's binding limit, naming the tensor. */
export function checkKvCacheLimits(gpu: Gpu, s: KvCacheShape): void {
  gpu.checkBindingSize(4 * s.T * s.nKv * s.d, `${WHAT} k/v [T=${s.T}, nKv=${s.nKv}, d=${s.d}]`);
  gpu.checkBindingSize(
    4 * s.B * s.maxSeq * s.nKv * s.d,
    `${WHAT} cache [B=${s.B}, maxSeq=${s.maxSeq}, nKv=${s.nKv}, d=${s.d}]`,
  );
}

/**
 * Binds the copy once; `encode` records it. Rows naming a sequence ≥ B or a position ≥ maxSeq are
 * skipped on the GPU; two rows naming the same slot race (the one-shot helper refuses both).
 */
export async function planKvCacheWrite(
  gpu: Gpu,
  bufs: KvCacheWriteBuffers,
  shape: KvCacheShape,
): Promise<KvCacheWritePlan> {
  validateKvCacheShape(shape);
  checkKvCacheLimits(gpu, shape);
  const { T, B, maxSeq, nKv, d } = shape;
  const rowBytes = 4 * T * nKv * d;
  const cacheBytes = 4 * B * maxSeq * nKv * d;
  requireBufferSize(WHAT, 'k', bufs.k, rowBytes, `[T, nKv, d]`);
  requireBufferSize(WHAT, 'v', bufs.v, rowBytes, `[T, nKv, d]`);
  requireBufferSize(WHAT, 'rowSeq', bufs.rowSeq, 4 * T, `[T]`);
  requireBufferSize(WHAT, 'rowPos', bufs.rowPos, 4 * T, `[T]`);
  requireBufferSize(WHAT, 'kCache', bufs.kCache, cacheBytes, `[B, maxSeq, nKv, d]`);
  requireBufferSize(WHAT, 'vCache', bufs.vCache, cacheBytes, `[B, maxSeq, nKv, d]`);
  const grid = deviceGrid(
    gpu,
    Math.ceil((T * nKv * d) / KV_CACHE_WRITE_WORKGROUP),
    `${WHAT} (T=${T}, nKv·d=${nKv * d})`,
  );
  const pipeline = await gpu.pipeline({ name: 'llm/kvCacheWrite', code: shader });
  const owned = new BufferSet();
  try {
    const params = owned.add(uniformWords(gpu, [T, B, maxSeq, nKv * d], `${WHAT}.params`));
    const group = gpu.bindGroup(
      pipeline,
      [bufs.k, bufs.v, bufs.rowSeq, bufs.rowPos, bufs.kCache, bufs.vCache, params],
      WHAT,
    );
    return {
      shape,
      encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, grid),
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

export interface KvCacheWriteInputs {
  k: Float32Array;
  v: Float32Array;
  rowSeq: Uint32Array;
  rowPos: Uint32Array;
  /** The caches before the write; zeros when absent. */
  kCache?: Float32Array;
  vCache?: Float32Array;
}

/** Checks the one-shot inputs on the CPU (lengths, rows in range and unique). */
export function validateKvCacheWriteInputs(x: KvCacheWriteInputs, s: KvCacheShape): void {
  validateKvCacheShape(s);
  const row: [string, number][] = [
    ['T', s.T],
    ['nKv', s.nKv],
    ['d', s.d],
  ];
  const cache: [string, number][] = [
    ['B', s.B],
    ['maxSeq', s.maxSeq],
    ['nKv', s.nKv],
    ['d', s.d],
  ];
  requireLength(WHAT, 'k', x.k, row);
  requireLength(WHAT, 'v', x.v, row);
  if (x.kCache) requireLength(WHAT, 'kCache', x.kCache, cache);
  if (x.vCache) requireLength(WHAT, 'vCache', x.vCache, cache);
  validateTokenRows(WHAT, x.rowSeq, x.rowPos, s, { unique: true });
}

/** Uploads, writes the rows into the caches, reads both caches back and frees everything. */
export async function kvCacheWrite(
  gpu: Gpu,
  x: KvCacheWriteInputs,
  shape: KvCacheShape,
): Promise<{ kCache: Float32Array; vCache: Float32Array }> {
  validateKvCacheWriteInputs(x, shape);
  checkKvCacheLimits(gpu, shape);
  const cacheLen = shape.B * shape.maxSeq * shape.nKv * shape.d;
  const bufs = new BufferSet();
  let plan: KvCacheWritePlan | undefined;
  try {
    const b: KvCacheWriteBuffers = {
      k: bufs.add(gpu.upload(x.k, `${WHAT}.k`)),
      v: bufs.add(gpu.upload(x.v, `${WHAT}.v`)),
      rowSeq: bufs.add(gpu.upload(x.rowSeq, `${WHAT}.rowSeq`)),
      rowPos: bufs.add(gpu.upload(x.rowPos, `${WHAT}.rowPos`)),
      kCache: bufs.add(
        x.kCache ? gpu.upload(x.kCache, `${WHAT}.kCache`) : gpu.createBuffer(4 * cacheLen, `${WHAT}.kCache`),
      ),
      vCache: bufs.add(
        x.vCache ? gpu.upload(x.vCache, `${WHAT}.vCache`) : gpu.createBuffer(4 * cacheLen, `${WHAT}.vCache`),
      ),
    };
    plan = await planKvCacheWrite(gpu, b, shape);
    await gpu.run(plan.encode);
    return { kCache: await gpu.readF32(b.kCache, cacheLen), vCache: await gpu.readF32(b.vCache, cacheLen) };
  } finally {
    plan?.destroy();
    bufs.destroy();
  }
}
