// Exact (flash-style) cross-attention forward in f32: typed wrapper, shape/limit validation,
// low-level binding helpers reused by the ring algorithms, and a timing helper.
// Layouts: q [S_Q, h, d], k and v [S_KV, h_kv, d], optional key mask [S_KV] int32 (1 attend,
// 0 masked); outputs o [S_Q, h, d] (normalised) and lse [S_Q, h] (natural log). A query row
// whose keys are all masked gets o = 0 and lse = -Infinity.
import shader from '../../shaders/attention/flashAttention.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { DeviceLimitError } from '../../gpu/errors';
import type { TimingOptions, TimingResult } from '../../gpu/types';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import type { KernelPlan } from '../../gpu/plan';

export const ATTENTION_MAX_HEAD_DIM = 128;
const WORKGROUP_SIZE = 128;
const KEY_ROWS = 16;
const COLS_PER_THREAD = 8;

export interface AttentionShape {
  sQ: number;
  sKV: number;
  heads: number;
  kvHeads: number;
  headDim: number;
}

export interface AttentionOptions {
  /** Softmax scale; default 1/sqrt(d). */
  scale?: number;
  /** Key mask [S_KV]: 1 = attend, 0 = masked. Absent = attend to every key. */
  mask?: Int32Array;
}

export interface AttentionOutput {
  o: Float32Array;
  lse: Float32Array;
}

/** Tile shape for one head dim. Each thread owns 8 output columns, so a 128-thread workgroup
 *  covers QUERY_ROWS = 1024 / bucket rows; K/V stream in 16-key tiles through one shared buffer.
 *  Workgroup memory is 8.3–13.1 KiB depending on the bucket, inside the 16 KiB WebGPU default. */
export interface AttentionTiles {
  headDimBucket: number;
  threadsPerRow: number;
  queryRows: number;
  keyRows: number;
  workgroupSize: number;
  workgroupBytes: number;
}

export function attentionTiles(headDim: number): AttentionTiles {
  let bucket = COLS_PER_THREAD;
  while (bucket < headDim) bucket *= 2;
  const threadsPerRow = bucket / COLS_PER_THREAD;
  const queryRows = WORKGROUP_SIZE / threadsPerRow;
  const stride = bucket + 1;
  const words = queryRows * stride + KEY_ROWS * stride + queryRows * KEY_ROWS + KEY_ROWS;
  return {
    headDimBucket: bucket,
    threadsPerRow,
    queryRows,
    keyRows: KEY_ROWS,
    workgroupSize: WORKGROUP_SIZE,
    workgroupBytes: 4 * words,
  };
}

/** Forward FLOPs counted the usual way: 2·S_Q·S_KV·d for q·kᵀ plus the same for p·v, per head. */
export function attentionFlops(s: Pick<AttentionShape, 'sQ' | 'sKV' | 'heads' | 'headDim'>): number {
  return 4 * s.sQ * s.sKV * s.heads * s.headDim;
}

export function defaultScale(headDim: number): number {
  return 1 / Math.sqrt(headDim);
}

const positiveInt = (v: number) => Number.isInteger(v) && v >= 1;

/** Throws UserInputError naming what is wrong with a shape (S_Q, S_KV ≥ 1). */
export function validateAttentionShape(s: AttentionShape, what = 'attention'): void {
  for (const key of ['sQ', 'sKV', 'heads', 'kvHeads', 'headDim'] as const) {
    if (!positiveInt(s[key])) throw new UserInputError(`${what}: ${key}=${s[key]} must be a positive integer`);
  }
  if (s.heads % s.kvHeads !== 0) {
    throw new UserInputError(
      `${what}: k has ${s.kvHeads} heads but h=${s.heads} is not a multiple of h_kv=${s.kvHeads}`,
    );
  }
  if (s.headDim > ATTENTION_MAX_HEAD_DIM) {
    throw new UserInputError(
      `${what}: head dim d=${s.headDim} exceeds the kernel's maximum of ${ATTENTION_MAX_HEAD_DIM}`,
    );
  }
}

/** Checks data lengths, mask values and scale against the shape. */
export function validateAttentionInputs(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  s: AttentionShape,
  opts: AttentionOptions = {},
  what = 'attention',
): void {
  validateAttentionShape(s, what);
  const want = (name: string, got: number, dims: string, n: number) => {
    if (got !== n) throw new UserInputError(`${what}: ${name} has ${got} values, expected ${dims} = ${n}`);
  };
  want('q', q.length, `S_Q·h·d = ${s.sQ}·${s.heads}·${s.headDim}`, s.sQ * s.heads * s.headDim);
  want('k', k.length, `S_KV·h_kv·d = ${s.sKV}·${s.kvHeads}·${s.headDim}`, s.sKV * s.kvHeads * s.headDim);
  want('v', v.length, `S_KV·h_kv·d = ${s.sKV}·${s.kvHeads}·${s.headDim}`, s.sKV * s.kvHeads * s.headDim);
  if (opts.mask) {
    want('mask', opts.mask.length, 'S_KV', s.sKV);
    const bad = opts.mask.findIndex((x) => x !== 0 && x !== 1);
    if (bad >= 0)
      throw new UserInputError(
        `${what}: mask[${bad}] = ${opts.mask[bad]}; mask values must be 0 (masked) or 1 (attend)`,
      );
  }
  if (opts.scale !== undefined && !Number.isFinite(opts.scale)) {
    throw new UserInputError(`${what}: scale=${opts.scale} must be a finite number`);
  }
}

function limitError(gpu: Gpu, tensor: string, bytes: number, perRow: number, dim: string): DeviceLimitError {
  const max = gpu.info.limits.maxStorageBufferBindingSize!;
  const err = new DeviceLimitError('maxStorageBufferBindingSize', bytes, max, `attention ${tensor}`);
  err.message += `; the largest ${dim} that fits is ${Math.floor(max / perRow)}`;
  return err;
}

/** Refuses shapes whose buffers or dispatch exceed this device's limits, naming the limit. */
export function checkAttentionLimits(gpu: Gpu, s: AttentionShape): void {
  const max = gpu.info.limits.maxStorageBufferBindingSize!;
  const qRow = 4 * s.heads * s.headDim;
  const kvRow = 4 * s.kvHeads * s.headDim;
  if (s.sQ * qRow > max) throw limitError(gpu, `q/o [S_Q=${s.sQ}, ${s.heads}, ${s.headDim}]`, s.sQ * qRow, qRow, 'S_Q');
  if (s.sKV * kvRow > max)
    throw limitError(gpu, `k/v [S_KV=${s.sKV}, ${s.kvHeads}, ${s.headDim}]`, s.sKV * kvRow, kvRow, 'S_KV');
  const tiles = attentionTiles(s.headDim);
  gpu.checkWorkgroups([Math.ceil(s.sQ / tiles.queryRows), s.heads], `attention dispatch (S_Q=${s.sQ}, h=${s.heads})`);
  const shared = gpu.info.limits.maxComputeWorkgroupStorageSize;
  if (shared !== undefined && tiles.workgroupBytes > shared) {
    throw new DeviceLimitError(
      'maxComputeWorkgroupStorageSize',
      tiles.workgroupBytes,
      shared,
      `attention tile for d=${s.headDim}`,
    );
  }
}

// ---- Low-level pieces, shared with the ring algorithms (which bind many buffer sets). ----

export interface AttentionPipeline {
  pipeline: GPUComputePipeline;
  tiles: AttentionTiles;
}

/** Compiled once per head-dim bucket (the pipeline cache keys on the override constants). */
export async function attentionPipeline(gpu: Gpu, headDim: number): Promise<AttentionPipeline> {
  const tiles = attentionTiles(headDim);
  const pipeline = await gpu.pipeline({
    name: 'attention/flashAttention',
    code: shader,
    constants: { HEAD_DIM_MAX: tiles.headDimBucket, THREADS_PER_ROW: tiles.threadsPerRow, QUERY_ROWS: tiles.queryRows },
  });
  return { pipeline, tiles };
}

/** Dims of one dispatch; S_Q = 0 dispatches nothing, S_KV = 0 yields o = 0, lse = -inf. */
export interface AttentionDims {
  sQ: number;
  sKV: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  scale: number;
  hasMask: boolean;
}

export function attentionParamsBuffer(gpu: Gpu, dims: AttentionDims, label = 'attention.params'): GPUBuffer {
  const words = new ArrayBuffer(32);
  new Uint32Array(words, 0, 6).set([dims.sQ, dims.sKV, dims.heads, dims.kvHeads, dims.headDim, dims.hasMask ? 1 : 0]);
  new Float32Array(words, 24, 1)[0] = dims.scale;
  return gpu.uniform(words, label);
}

export interface AttentionBindings {
  q: GPUBuffer;
  k: GPUBuffer;
  v: GPUBuffer;
  /** Any buffer when the dims say hasMask = false (it is bound but never read). */
  mask: GPUBuffer;
  o: GPUBuffer;
  lse: GPUBuffer;
  params: GPUBuffer;
}

export function bindAttention(gpu: Gpu, p: AttentionPipeline, b: AttentionBindings, label?: string): GPUBindGroup {
  return gpu.bindGroup(p.pipeline, [b.q, b.k, b.v, b.mask, b.o, b.lse, b.params], label);
}

export function encodeAttention(
  pass: GPUComputePassEncoder,
  p: AttentionPipeline,
  group: GPUBindGroup,
  sQ: number,
  heads: number,
): void {
  if (sQ === 0) return;
  Gpu.encodeDispatch(pass, p.pipeline, group, [Math.ceil(sQ / p.tiles.queryRows), heads]);
}

// ---- Single-device attention. ----

/** GPU buffers and a bound dispatch for one problem; reuse it to time or rerun without re-uploading. */
export interface AttentionPlan extends KernelPlan {
  shape: AttentionShape;
  tiles: AttentionTiles;
  o: GPUBuffer;
  lse: GPUBuffer;
}

export async function planAttention(
  gpu: Gpu,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  shape: AttentionShape,
  opts: AttentionOptions = {},
): Promise<AttentionPlan> {
  validateAttentionInputs(q, k, v, shape, opts);
  checkAttentionLimits(gpu, shape);
  const p = await attentionPipeline(gpu, shape.headDim);
  const buffers: GPUBuffer[] = [];
  const keep = (b: GPUBuffer) => {
    buffers.push(b);
    return b;
  };
  const bindings: AttentionBindings = {
    q: keep(gpu.upload(q, 'attention.q')),
    k: keep(gpu.upload(k, 'attention.k')),
    v: keep(gpu.upload(v, 'attention.v')),
    mask: keep(opts.mask ? gpu.upload(opts.mask, 'attention.mask') : gpu.createBuffer(4, 'attention.noMask')),
    o: keep(gpu.createBuffer(q.byteLength, 'attention.o')),
    lse: keep(gpu.createBuffer(4 * shape.sQ * shape.heads, 'attention.lse')),
    params: keep(
      attentionParamsBuffer(gpu, {
        ...shape,
        scale: opts.scale ?? defaultScale(shape.headDim),
        hasMask: opts.mask !== undefined,
      }),
    ),
  };
  const group = bindAttention(gpu, p, bindings, 'attention');
  return {
    shape,
    tiles: p.tiles,
    o: bindings.o,
    lse: bindings.lse,
    encode: (pass) => encodeAttention(pass, p, group, shape.sQ, shape.heads),
    destroy: () => {
      for (const b of buffers) b.destroy();
    },
  };
}

export async function attention(
  gpu: Gpu,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  shape: AttentionShape,
  opts: AttentionOptions = {},
): Promise<AttentionOutput> {
  const plan = await planAttention(gpu, q, k, v, shape, opts);
  try {
    await gpu.run(plan.encode);
    const o = await gpu.readF32(plan.o, shape.sQ * shape.heads * shape.headDim);
    const lse = await gpu.readF32(plan.lse, shape.sQ * shape.heads);
    return { o, lse };
  } finally {
    plan.destroy();
  }
}

export interface AttentionTiming extends TimingResult {
  shape: AttentionShape;
  flops: number;
  gflops: number;
  /** True on SwiftShader / fallback adapters: the numbers are CPU emulation, not GPU speed. */
  cpuEmulation: boolean;
}

/** Times the kernel alone on seeded uniform(-1, 1) inputs; GFLOP/s from the median. */
export async function timeAttention(
  gpu: Gpu,
  shape: AttentionShape,
  opts: TimingOptions & { scale?: number; seed?: number } = {},
): Promise<AttentionTiming> {
  validateAttentionShape(shape);
  checkAttentionLimits(gpu, shape);
  const rng = createRng(opts.seed ?? 1);
  const fill = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
  const q = fill(shape.sQ * shape.heads * shape.headDim);
  const k = fill(shape.sKV * shape.kvHeads * shape.headDim);
  const v = fill(shape.sKV * shape.kvHeads * shape.headDim);
  const plan = await planAttention(gpu, q, k, v, shape, { scale: opts.scale });
  try {
    const t = await gpu.time(plan.encode, opts);
    const flops = attentionFlops(shape);
    return { ...t, shape, flops, gflops: flops / (t.medianMs * 1e6), cpuEmulation: gpu.isCpuEmulation };
  } finally {
    plan.destroy();
  }
}
