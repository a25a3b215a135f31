// Causal self-attention over the KV cache, f32, forward and backward (README.md conventions).
//   q, o, dO, dq      [T, nHeads, d]          token rows of all sequences, flattened
//   kCache, vCache    [B, maxSeq, nKv, d]     per-layer caches; dK, dV in the same layout
//   rowSeq, rowPos    [T] u32                 row t attends keys 0..rowPos[t] of sequence rowSeq[t]
//   p                 [T, nHeads, maxSeq]     softmax probabilities, 0 beyond rowPos[t] (optional)
//   lse               [T, nHeads]             m + log Σ e^(s − m), natural log (optional)
// Query head h reads kv head h / (nHeads / nKv). scale defaults to 1/sqrt(d).
// Forward (causalAttention.forward.wgsl): one workgroup per (row, block of query heads sharing a kv
// head), keys split over the workgroup in chunks with an online softmax, so decode (one row per
// sequence over a long cache) reads each K/V element once per block. Backward: rowIndex (the
// (sequence, position) → row map), backwardDq (Δ = rowsum(dP ⊙ P) and dq, one workgroup per row
// block like the forward), backwardDkv (one workgroup per cache slot (b, j, kv head), summing over
// the rows and heads that see it: no atomics, deterministic). The backward pass is exact for any
// set of rows with distinct (sequence, position) pairs; training uses full causal blocks (each
// sequence's rows are its positions 0..S−1 and the cache holds exactly their keys), and cache
// slots no row attends get dK = dV = 0.
import forwardShader from '../../shaders/llm/causalAttention.forward.wgsl?raw';
import rowIndexShader from '../../shaders/llm/causalAttention.rowIndex.wgsl?raw';
import dqShader from '../../shaders/llm/causalAttention.backwardDq.wgsl?raw';
import dkvShader from '../../shaders/llm/causalAttention.backwardDkv.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { DeviceLimitError } from '../../gpu/errors';
import { bindAt } from '../../gpu/bindings';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';
import { UserInputError } from '../../core';
import { requireBufferSize, requireLength, requirePositiveInts, validateTokenRows } from './tokenRows';

export const CAUSAL_ATTENTION_MAX_HEAD_DIM = 128;
/** Invocations per workgroup of the forward, dq and dK/dV passes (WG in the shaders). */
const WG = 128;
/** Keys per chunk of the forward and dq passes (KC in the shaders). */
const KC = WG;
/** Most query heads one forward / dq workgroup handles (HG_MAX in the shaders). */
const HG_MAX = 8;
/** Invocations per workgroup of the rowIndex entries. */
const INDEX_WG = 64;

export interface CausalAttentionShape {
  /** Token rows (all sequences of the batch, flattened). */
  T: number;
  /** Sequences in the cache. */
  B: number;
  /** Positions per sequence in the cache. */
  maxSeq: number;
  nHeads: number;
  /** Key/value heads; must divide nHeads. */
  nKv: number;
  /** Head dim, at most CAUSAL_ATTENTION_MAX_HEAD_DIM. */
  d: number;
  /** Softmax scale; default 1/sqrt(d). */
  scale?: number;
}

export interface CausalAttentionOptions {
  /** Also write the probabilities P [T, nHeads, maxSeq] (default: when a `p` buffer is given). */
  saveP?: boolean;
  /** Also write the row log-sum-exp [T, nHeads] (default: when an `lse` buffer is given). */
  saveLse?: boolean;
}

const WHAT = 'causalAttention';
const WHAT_BWD = 'causalAttentionBackward';

export function causalAttentionScale(s: CausalAttentionShape): number {
  return s.scale ?? 1 / Math.sqrt(s.d);
}

/** Throws UserInputError naming what is wrong with a shape. */
export function validateCausalAttentionShape(s: CausalAttentionShape, what = WHAT): void {
  requirePositiveInts(what, s, ['T', 'B', 'maxSeq', 'nHeads', 'nKv', 'd']);
  if (s.nHeads % s.nKv !== 0) {
    throw new UserInputError(`${what}: nHeads=${s.nHeads} is not a multiple of nKv=${s.nKv} (grouped-query attention)`);
  }
  if (s.d > CAUSAL_ATTENTION_MAX_HEAD_DIM) {
    throw new UserInputError(
      `${what}: head dim d=${s.d} exceeds the kernel's maximum of ${CAUSAL_ATTENTION_MAX_HEAD_DIM}`,
    );
  }
  if (s.scale !== undefined && !Number.isFinite(s.scale))
    throw new UserInputError(`${what}: scale=${s.scale} must be a finite number`);
}

/** Power of two ≥ d: the column count of the shaders' ROWS × COLS layout. */
export function headDimBucket(d: number): number {
  let b = 1;
  while (b < d) b *= 2;
  return b;
}

/** How a pass is tiled for a shape on this device. */
export interface CausalAttentionTiling {
  /** Query heads per forward / dq workgroup (a divisor of nHeads / nKv, ≤ 8). */
  headsPerWorkgroup: number;
  /** Head-dim bucket (COLS). */
  cols: number;
  /** Workgroup memory of the forward / dq pass, bytes. */
  workgroupBytes: number;
}

function workgroupLimit(gpu: Gpu): number {
  return gpu.info.limits.maxComputeWorkgroupStorageSize ?? 16384;
}

/** Picks the largest head block whose workgroup memory fits (forward: q, scores, reductions; dq: + dO). */
export function causalAttentionTiling(
  gpu: Gpu,
  s: CausalAttentionShape,
  pass: 'forward' | 'backward',
): CausalAttentionTiling {
  const cols = headDimBucket(s.d);
  const group = s.nHeads / s.nKv;
  const perHead = 4 * ((pass === 'forward' ? 1 : 2) * cols + KC + WG);
  const fixed = pass === 'forward' ? 0 : 4;
  const limit = workgroupLimit(gpu);
  for (let hg = Math.min(HG_MAX, group); hg >= 1; hg--) {
    if (group % hg === 0 && fixed + hg * perHead <= limit)
      return { headsPerWorkgroup: hg, cols, workgroupBytes: fixed + hg * perHead };
  }
  throw new DeviceLimitError(
    'maxComputeWorkgroupStorageSize',
    fixed + perHead,
    limit,
    `${WHAT} ${pass} workgroup for d=${s.d}`,
  );
}

const rowsDims = (s: CausalAttentionShape) => `[T=${s.T}, nHeads=${s.nHeads}, d=${s.d}]`;
const cacheDims = (s: CausalAttentionShape) => `[B=${s.B}, maxSeq=${s.maxSeq}, nKv=${s.nKv}, d=${s.d}]`;
const probDims = (s: CausalAttentionShape) => `[T=${s.T}, nHeads=${s.nHeads}, maxSeq=${s.maxSeq}]`;

/** Words of the backward pass's u32 scratch: rowOf [B·maxSeq], seqEnd [B], rowBase [T], Δ [T·nHeads]. */
function workLayout(s: CausalAttentionShape) {
  const offSeqEnd = s.B * s.maxSeq;
  const offRowBase = offSeqEnd + s.B;
  const offDelta = offRowBase + s.T;
  return { offSeqEnd, offRowBase, offDelta, words: offDelta + s.T * s.nHeads };
}

/**
 * Refuses shapes whose buffers, dispatches or workgroup memory exceed this device's limits,
 * naming the limit and the tensor. `withP`: the P buffer is bound too.
 */
export function checkCausalAttentionLimits(
  gpu: Gpu,
  s: CausalAttentionShape,
  opts: { withP?: boolean; backward?: boolean } = {},
): void {
  const what = opts.backward ? WHAT_BWD : WHAT;
  gpu.checkBindingSize(4 * s.T * s.nHeads * s.d, `${what} q/o ${rowsDims(s)}`);
  gpu.checkBindingSize(4 * s.B * s.maxSeq * s.nKv * s.d, `${what} cache ${cacheDims(s)}`);
  if (opts.withP) gpu.checkBindingSize(4 * s.T * s.nHeads * s.maxSeq, `${what} P ${probDims(s)}`);
  const tiling = causalAttentionTiling(gpu, s, opts.backward ? 'backward' : 'forward');
  deviceGrid(gpu, (s.T * s.nHeads) / tiling.headsPerWorkgroup, `${what} row blocks (T=${s.T}, nHeads=${s.nHeads})`);
  if (opts.backward) {
    gpu.checkBindingSize(4 * workLayout(s).words, `${what} scratch (row index and Δ)`);
    deviceGrid(gpu, s.B * s.maxSeq * s.nKv, `${what} dK/dV slots (B=${s.B}, maxSeq=${s.maxSeq}, nKv=${s.nKv})`);
    deviceGrid(gpu, Math.ceil((s.B * s.maxSeq) / INDEX_WG), `${what} row index (B·maxSeq=${s.B * s.maxSeq})`);
    const dkvBytes = 4 * (2 * headDimBucket(s.d) + 5 * WG);
    if (dkvBytes > workgroupLimit(gpu)) {
      throw new DeviceLimitError(
        'maxComputeWorkgroupStorageSize',
        dkvBytes,
        workgroupLimit(gpu),
        `${what} dK/dV workgroup for d=${s.d}`,
      );
    }
  }
}

function requireBuffers(what: string, list: [string, GPUBuffer | undefined, number, string][]): void {
  for (const [name, buf, bytes, dims] of list) if (buf) requireBufferSize(what, name, buf, bytes, dims);
}

// ---- Forward. ----

/** The caller's buffers. o, p and lse are created (and owned) by the plan when absent. */
export interface CausalAttentionBuffers {
  q: GPUBuffer;
  kCache: GPUBuffer;
  vCache: GPUBuffer;
  rowSeq: GPUBuffer;
  rowPos: GPUBuffer;
  o?: GPUBuffer;
  p?: GPUBuffer;
  lse?: GPUBuffer;
}

export interface CausalAttentionPlan extends KernelPlan {
  shape: CausalAttentionShape;
  scale: number;
  tiling: CausalAttentionTiling;
  o: GPUBuffer;
  /** Present when P is written. */
  p?: GPUBuffer;
  /** Present when the LSE is written (f32; −∞ for a row outside the cache). */
  lse?: GPUBuffer;
}

/**
 * Binds the forward pass once; `encode` records one dispatch. Rows with rowSeq ≥ B or
 * rowPos ≥ maxSeq attend nothing on the GPU (o = 0); the one-shot helper refuses them.
 */
export async function planCausalAttention(
  gpu: Gpu,
  bufs: CausalAttentionBuffers,
  shape: CausalAttentionShape,
  opts: CausalAttentionOptions = {},
): Promise<CausalAttentionPlan> {
  validateCausalAttentionShape(shape);
  const saveP = opts.saveP ?? bufs.p !== undefined;
  const saveLse = opts.saveLse ?? bufs.lse !== undefined;
  checkCausalAttentionLimits(gpu, shape, { withP: saveP });
  const { T, B, maxSeq, nHeads, nKv, d } = shape;
  const rowBytes = 4 * T * nHeads * d;
  const cacheBytes = 4 * B * maxSeq * nKv * d;
  const pBytes = 4 * T * nHeads * maxSeq;
  requireBuffers(WHAT, [
    ['q', bufs.q, rowBytes, '[T, nHeads, d]'],
    ['kCache', bufs.kCache, cacheBytes, '[B, maxSeq, nKv, d]'],
    ['vCache', bufs.vCache, cacheBytes, '[B, maxSeq, nKv, d]'],
    ['rowSeq', bufs.rowSeq, 4 * T, '[T]'],
    ['rowPos', bufs.rowPos, 4 * T, '[T]'],
    ['o', bufs.o, rowBytes, '[T, nHeads, d]'],
    ['p', saveP ? bufs.p : undefined, pBytes, '[T, nHeads, maxSeq]'],
    ['lse', saveLse ? bufs.lse : undefined, 4 * T * nHeads, '[T, nHeads]'],
  ]);
  const tiling = causalAttentionTiling(gpu, shape, 'forward');
  const hg = tiling.headsPerWorkgroup;
  const grid = deviceGrid(gpu, (T * nHeads) / hg, `${WHAT} row blocks (T=${T}, nHeads=${nHeads})`);
  const pipeline = await gpu.pipeline({
    name: 'llm/causalAttention.forward',
    code: forwardShader,
    constants: { HG: hg, COLS: tiling.cols },
  });
  const scale = causalAttentionScale(shape);
  const owned = new BufferSet();
  try {
    const o = bufs.o ?? owned.add(gpu.createBuffer(rowBytes, `${WHAT}.o`));
    const p = saveP ? (bufs.p ?? owned.add(gpu.createBuffer(pBytes, `${WHAT}.p`))) : undefined;
    const lse = saveLse ? (bufs.lse ?? owned.add(gpu.createBuffer(4 * T * nHeads, `${WHAT}.lse`))) : undefined;
    // An unused output is bound to a one-word placeholder the shader never touches (one each:
    // writable storage bindings of a dispatch must not alias).
    const pBound = p ?? owned.add(gpu.createBuffer(4, `${WHAT}.noP`));
    const lseBound = lse ?? owned.add(gpu.createBuffer(4, `${WHAT}.noLse`));
    const flags = (saveP ? 1 : 0) | (saveLse ? 2 : 0);
    const params = owned.add(
      uniformWords(gpu, [T, B, maxSeq, nHeads, nKv, d, { f32: scale }, flags, nHeads / hg], `${WHAT}.params`),
    );
    const group = gpu.bindGroup(
      pipeline,
      [bufs.q, bufs.kCache, bufs.vCache, bufs.rowSeq, bufs.rowPos, o, pBound, lseBound, params],
      WHAT,
    );
    return {
      shape,
      scale,
      tiling,
      o,
      p,
      lse,
      encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, grid),
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/** One-shot inputs: the caches as they are when the rows attend (their own keys already written). */
export interface CausalAttentionInputs {
  q: Float32Array;
  kCache: Float32Array;
  vCache: Float32Array;
  rowSeq: Uint32Array;
  rowPos: Uint32Array;
}

export interface CausalAttentionOutput {
  o: Float32Array;
  p?: Float32Array;
  lse?: Float32Array;
}

function validateInputs(what: string, x: CausalAttentionInputs, s: CausalAttentionShape, unique: boolean): void {
  validateCausalAttentionShape(s, what);
  const rows: [string, number][] = [
    ['T', s.T],
    ['nHeads', s.nHeads],
    ['d', s.d],
  ];
  const cache: [string, number][] = [
    ['B', s.B],
    ['maxSeq', s.maxSeq],
    ['nKv', s.nKv],
    ['d', s.d],
  ];
  requireLength(what, 'q', x.q, rows);
  requireLength(what, 'kCache', x.kCache, cache);
  requireLength(what, 'vCache', x.vCache, cache);
  validateTokenRows(what, x.rowSeq, x.rowPos, s, { unique });
}

/** Checks the one-shot forward inputs on the CPU: lengths and every row inside the cache. */
export function validateCausalAttentionInputs(x: CausalAttentionInputs, s: CausalAttentionShape): void {
  validateInputs(WHAT, x, s, false);
}

/** Uploads, runs the forward pass, reads o (and P / LSE when asked) back and frees everything. */
export async function causalAttention(
  gpu: Gpu,
  x: CausalAttentionInputs,
  shape: CausalAttentionShape,
  opts: CausalAttentionOptions = {},
): Promise<CausalAttentionOutput> {
  validateCausalAttentionInputs(x, shape);
  checkCausalAttentionLimits(gpu, shape, { withP: opts.saveP });
  const bufs = new BufferSet();
  let plan: CausalAttentionPlan | undefined;
  try {
    plan = await planCausalAttention(
      gpu,
      {
        q: bufs.add(gpu.upload(x.q, `${WHAT}.q`)),
        kCache: bufs.add(gpu.upload(x.kCache, `${WHAT}.kCache`)),
        vCache: bufs.add(gpu.upload(x.vCache, `${WHAT}.vCache`)),
        rowSeq: bufs.add(gpu.upload(x.rowSeq, `${WHAT}.rowSeq`)),
        rowPos: bufs.add(gpu.upload(x.rowPos, `${WHAT}.rowPos`)),
      },
      shape,
      opts,
    );
    await gpu.run(plan.encode);
    const { T, nHeads, d, maxSeq } = shape;
    const out: CausalAttentionOutput = { o: await gpu.readF32(plan.o, T * nHeads * d) };
    if (plan.p) out.p = await gpu.readF32(plan.p, T * nHeads * maxSeq);
    if (plan.lse) out.lse = await gpu.readF32(plan.lse, T * nHeads);
    return out;
  } finally {
    plan?.destroy();
    bufs.destroy();
  }
}

// ---- Backward. ----

/**
 * The caller's buffers: dO and the forward pass's inputs, plus its P or its LSE (with both, P is
 * read and nothing is recomputed). dq, dK and dV are created (and owned) by the plan when absent.
 */
export interface CausalAttentionBackwardBuffers {
  dO: GPUBuffer;
  q: GPUBuffer;
  kCache: GPUBuffer;
  vCache: GPUBuffer;
  rowSeq: GPUBuffer;
  rowPos: GPUBuffer;
  p?: GPUBuffer;
  lse?: GPUBuffer;
  dq?: GPUBuffer;
  dK?: GPUBuffer;
  dV?: GPUBuffer;
}

export interface CausalAttentionBackwardPlan extends KernelPlan {
  shape: CausalAttentionShape;
  scale: number;
  tiling: CausalAttentionTiling;
  /** True when P is read; false when it is recomputed from the LSE. */
  usesP: boolean;
  dq: GPUBuffer;
  dK: GPUBuffer;
  dV: GPUBuffer;
}

/**
 * Binds the four backward dispatches once (row index clear + scatter, dq, dK/dV); `encode` records
 * them in order. Rows must name distinct (sequence, position) pairs (the one-shot helper checks).
 */
export async function planCausalAttentionBackward(
  gpu: Gpu,
  bufs: CausalAttentionBackwardBuffers,
  shape: CausalAttentionShape,
): Promise<CausalAttentionBackwardPlan> {
  validateCausalAttentionShape(shape, WHAT_BWD);
  const probs = bufs.p ?? bufs.lse;
  if (!probs) throw new UserInputError(`${WHAT_BWD}: needs the forward pass's P or its LSE`);
  const usesP = bufs.p !== undefined;
  checkCausalAttentionLimits(gpu, shape, { withP: usesP, backward: true });
  const { T, B, maxSeq, nHeads, nKv, d } = shape;
  const rowBytes = 4 * T * nHeads * d;
  const cacheBytes = 4 * B * maxSeq * nKv * d;
  requireBuffers(WHAT_BWD, [
    ['dO', bufs.dO, rowBytes, '[T, nHeads, d]'],
    ['q', bufs.q, rowBytes, '[T, nHeads, d]'],
    ['kCache', bufs.kCache, cacheBytes, '[B, maxSeq, nKv, d]'],
    ['vCache', bufs.vCache, cacheBytes, '[B, maxSeq, nKv, d]'],
    ['rowSeq', bufs.rowSeq, 4 * T, '[T]'],
    ['rowPos', bufs.rowPos, 4 * T, '[T]'],
    ['p', bufs.p, 4 * T * nHeads * maxSeq, '[T, nHeads, maxSeq]'],
    ['lse', usesP ? undefined : bufs.lse, 4 * T * nHeads, '[T, nHeads]'],
    ['dq', bufs.dq, rowBytes, '[T, nHeads, d]'],
    ['dK', bufs.dK, cacheBytes, '[B, maxSeq, nKv, d]'],
    ['dV', bufs.dV, cacheBytes, '[B, maxSeq, nKv, d]'],
  ]);
  const tiling = causalAttentionTiling(gpu, shape, 'backward');
  const hg = tiling.headsPerWorkgroup;
  const layout = workLayout(shape);
  const clearGrid = deviceGrid(gpu, Math.ceil((B * maxSeq) / INDEX_WG), `${WHAT_BWD} row index clear`);
  const scatterGrid = deviceGrid(gpu, Math.ceil(T / INDEX_WG), `${WHAT_BWD} row index scatter`);
  const dqGrid = deviceGrid(gpu, (T * nHeads) / hg, `${WHAT_BWD} row blocks (T=${T}, nHeads=${nHeads})`);
  const dkvGrid = deviceGrid(gpu, B * maxSeq * nKv, `${WHAT_BWD} dK/dV slots`);
  const [clearPipe, scatterPipe, dqPipe, dkvPipe] = await Promise.all([
    gpu.pipeline({ name: 'llm/causalAttention.rowIndex', code: rowIndexShader, entryPoint: 'clear' }),
    gpu.pipeline({ name: 'llm/causalAttention.rowIndex', code: rowIndexShader, entryPoint: 'scatter' }),
    gpu.pipeline({ name: 'llm/causalAttention.backwardDq', code: dqShader, constants: { HG: hg, COLS: tiling.cols } }),
    gpu.pipeline({ name: 'llm/causalAttention.backwardDkv', code: dkvShader, constants: { COLS: tiling.cols } }),
  ]);
  const scale = causalAttentionScale(shape);
  const owned = new BufferSet();
  try {
    const dq = bufs.dq ?? owned.add(gpu.createBuffer(rowBytes, `${WHAT_BWD}.dq`));
    const dK = bufs.dK ?? owned.add(gpu.createBuffer(cacheBytes, `${WHAT_BWD}.dK`));
    const dV = bufs.dV ?? owned.add(gpu.createBuffer(cacheBytes, `${WHAT_BWD}.dV`));
    const work = owned.add(gpu.createBuffer(4 * layout.words, `${WHAT_BWD}.work`));
    const params = owned.add(
      uniformWords(
        gpu,
        [
          T,
          B,
          maxSeq,
          nHeads,
          nKv,
          d,
          { f32: scale },
          usesP ? 1 : 0,
          nHeads / hg,
          layout.offSeqEnd,
          layout.offRowBase,
          layout.offDelta,
        ],
        `${WHAT_BWD}.params`,
      ),
    );
    const clearGroup = bindAt(
      gpu,
      clearPipe,
      [
        [2, work],
        [3, params],
      ],
      `${WHAT_BWD}.clear`,
    );
    const scatterGroup = bindAt(
      gpu,
      scatterPipe,
      [
        [0, bufs.rowSeq],
        [1, bufs.rowPos],
        [2, work],
        [3, params],
      ],
      `${WHAT_BWD}.scatter`,
    );
    const dqGroup = gpu.bindGroup(
      dqPipe,
      [bufs.q, bufs.kCache, bufs.vCache, bufs.dO, probs, work, dq, params],
      `${WHAT_BWD}.dq`,
    );
    const dkvGroup = gpu.bindGroup(
      dkvPipe,
      [bufs.q, bufs.kCache, bufs.vCache, bufs.dO, probs, work, dK, dV, params],
      `${WHAT_BWD}.dkv`,
    );
    return {
      shape,
      scale,
      tiling,
      usesP,
      dq,
      dK,
      dV,
      encode: (pass) => {
        Gpu.encodeDispatch(pass, clearPipe, clearGroup, clearGrid);
        Gpu.encodeDispatch(pass, scatterPipe, scatterGroup, scatterGrid);
        Gpu.encodeDispatch(pass, dqPipe, dqGroup, dqGrid);
        Gpu.encodeDispatch(pass, dkvPipe, dkvGroup, dkvGrid);
      },
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

export interface CausalAttentionBackwardInputs extends CausalAttentionInputs {
  dO: Float32Array;
  /** The forward pass's P [T, nHeads, maxSeq]; or give `lse`. */
  p?: Float32Array;
  /** The forward pass's LSE [T, nHeads]; P is recomputed from it when `p` is absent. */
  lse?: Float32Array;
}

export interface CausalAttentionGradients {
  dq: Float32Array;
  dK: Float32Array;
  dV: Float32Array;
}

/** Checks the one-shot backward inputs on the CPU: lengths, rows inside the cache and distinct. */
export function validateCausalAttentionBackwardInputs(x: CausalAttentionBackwardInputs, s: CausalAttentionShape): void {
  validateInputs(WHAT_BWD, x, s, true);
  requireLength(WHAT_BWD, 'dO', x.dO, [
    ['T', s.T],
    ['nHeads', s.nHeads],
    ['d', s.d],
  ]);
  if (x.p)
    requireLength(WHAT_BWD, 'p', x.p, [
      ['T', s.T],
      ['nHeads', s.nHeads],
      ['maxSeq', s.maxSeq],
    ]);
  else if (x.lse)
    requireLength(WHAT_BWD, 'lse', x.lse, [
      ['T', s.T],
      ['nHeads', s.nHeads],
    ]);
  else throw new UserInputError(`${WHAT_BWD}: needs the forward pass's P or its LSE`);
}

/** Uploads, runs the backward pass, reads dq, dK and dV back and frees everything. */
export async function causalAttentionBackward(
  gpu: Gpu,
  x: CausalAttentionBackwardInputs,
  shape: CausalAttentionShape,
): Promise<CausalAttentionGradients> {
  validateCausalAttentionBackwardInputs(x, shape);
  checkCausalAttentionLimits(gpu, shape, { withP: x.p !== undefined, backward: true });
  const bufs = new BufferSet();
  let plan: CausalAttentionBackwardPlan | undefined;
  try {
    plan = await planCausalAttentionBackward(
      gpu,
      {
        dO: bufs.add(gpu.upload(x.dO, `${WHAT_BWD}.dO`)),
        q: bufs.add(gpu.upload(x.q, `${WHAT_BWD}.q`)),
        kCache: bufs.add(gpu.upload(x.kCache, `${WHAT_BWD}.kCache`)),
        vCache: bufs.add(gpu.upload(x.vCache, `${WHAT_BWD}.vCache`)),
        rowSeq: bufs.add(gpu.upload(x.rowSeq, `${WHAT_BWD}.rowSeq`)),
        rowPos: bufs.add(gpu.upload(x.rowPos, `${WHAT_BWD}.rowPos`)),
        p: x.p ? bufs.add(gpu.upload(x.p, `${WHAT_BWD}.p`)) : undefined,
        lse: !x.p && x.lse ? bufs.add(gpu.upload(x.lse, `${WHAT_BWD}.lse`)) : undefined,
      },
      shape,
    );
    await gpu.run(plan.encode);
    const { T, B, maxSeq, nHeads, nKv, d } = shape;
    return {
      dq: await gpu.readF32(plan.dq, T * nHeads * d),
      dK: await gpu.readF32(plan.dK, B * maxSeq * nKv * d),
      dV: await gpu.readF32(plan.dV, B * maxSeq * nKv * d),
    };
  } finally {
    plan?.destroy();
    bufs.destroy();
  }
}
