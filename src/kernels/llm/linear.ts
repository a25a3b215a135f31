// The linear layer's GEMM: C[M, N] (= or +=) op(A) · op(B) in f32, with weights in PyTorch layout
// W [out, in]. The three products of a linear layer are
//   forward          y[T, out]  = x[T, in] · Wᵀ     {M: T, N: out, K: in, transB: true}
//   input gradient   dx[T, in]  = dy[T, out] · W    {M: T, N: in, K: out}
//   weight gradient  dW[out, in] += dyᵀ · x         {M: out, N: in, K: T, transA: true, accumulate: true}
// Three paths, picked by `planLinear`:
//   'gemm'   the forward x · Wᵀ (f32 weights, M > 4 rows, K and N multiples of 4: the prefill
//            projections) on the register-blocked, autotuned GEMM of the matmul family
//            (src/kernels/matmul/gemm.ts with TRANS_B: W read as stored, vec4 loads along `in`).
//            The tile configuration is tuned once per process, adapter and shape class (fixed on
//            CPU emulation: there the candidates time within noise of each other and each compile
//            takes seconds). In every configuration each element is one chain of fma over k in the
//            same order, and the configurations give identical bits on SwiftShader (the tests
//            check it); WGSL lets a compiler split an fma into a multiply and an add, so on another
//            device the tests would show whether the choice can move the last bit.
//   'decode' x · Wᵀ with M ≤ 4 rows (linear.decode.wgsl: W read once, coalesced along `in`, one
//            workgroup per block of output columns).
//   'tiled'  everything else (src/shaders/llm/linear.tiled.wgsl: any flags, any M, any K and N),
//            the backward products among them, and x · Wᵀ on request (`path: 'tiled'`,
//            `gemm: 'off'`): one kernel for every M, so a row's result does not depend on how
//            many rows run with it.
// With `weightFormat: 'f16'` the forward x · Wᵀ reads W as packed f16 pairs (halfWeights.ts) through
// linear.tiledF16.wgsl / linear.decodeF16.wgsl: half the weight bytes, f32 accumulation.
import tiledShader from '../../shaders/llm/linear.tiled.wgsl?raw';
import decodeShader from '../../shaders/llm/linear.decode.wgsl?raw';
import tiledF16Shader from '../../shaders/llm/linear.tiledF16.wgsl?raw';
import decodeF16Shader from '../../shaders/llm/linear.decodeF16.wgsl?raw';
import { packedBytes, packedRowWords, packF16Rows, type WeightFormat } from './halfWeights';
import { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';
import {
  bindGemm,
  GEMM_CONFIGS,
  gemmConfigFits,
  gemmTile,
  tuneGemm,
  type GemmConfig,
  type GemmOperands,
} from '../matmul/gemm';

export interface LinearShape {
  /** Rows of C (and of op(A)). */
  M: number;
  /** Columns of C (and of op(B)). */
  N: number;
  /** The contracted dimension. */
  K: number;
  /** op(A) = Aᵀ: A is stored [K, M] instead of [M, K]. */
  transA?: boolean;
  /** op(B) = Bᵀ: B is stored [N, K] instead of [K, N] (a PyTorch weight [out, in] in x · Wᵀ). */
  transB?: boolean;
  /** C += op(A) · op(B) instead of C = op(A) · op(B). */
  accumulate?: boolean;
}

/** The caller's buffers (the plan never frees them): A, B as stored, C [M, N]. */
export interface LinearBuffers {
  a: GPUBuffer;
  b: GPUBuffer;
  c: GPUBuffer;
}

export type LinearPath = 'tiled' | 'decode' | 'gemm';

export interface LinearOptions {
  /**
   * Force a path (tests, benchmarks). By default x · Wᵀ takes decode for M ≤ LINEAR_DECODE_MAX_M,
   * else gemm where it applies (f32 weights, K and N multiples of 4); everything else tiled.
   */
  path?: LinearPath;
  /** 'auto' (default): the gemm path where it applies; 'off': tiled instead (unless `path` says gemm). */
  gemm?: 'auto' | 'off';
  /**
   * Gemm path tile configuration: 'tune' (autotune once per process, adapter and shape class) or a
   * fixed one, a member of GEMM_CONFIGS (matched by id; anything else is refused). Default: 'tune'
   * on a GPU, LINEAR_GEMM_EMULATION_CONFIG on CPU emulation (a fallback adapter), where the
   * candidates time within noise of each other and each compile takes seconds.
   */
  gemmConfig?: GemmConfig | 'tune';
  /** Decode path: threads per output column (a power of two, 1..256); by default from K. */
  decodeLanes?: number;
  /**
   * How B is stored: 'f32' (default) or 'f16', packed f16 pairs in u32 words, rows of
   * ceil(K / 2) words (halfWeights.ts). 'f16' serves the forward x · Wᵀ only (transB, no transA).
   */
  weightFormat?: WeightFormat;
}

export interface LinearPlan extends KernelPlan {
  shape: Required<LinearShape>;
  path: LinearPath;
  /** The dispatch grid. */
  workgroups: [number, number];
  /** Gemm path: the tile configuration used. */
  gemmConfig?: GemmConfig;
}

/**
 * The gemm path's tile configuration on CPU emulation (32×32 tiles, one of the two the emulation
 * autotune tries). Every configuration gives the same bits there (tested), so this choice changes
 * only speed.
 */
export const LINEAR_GEMM_EMULATION_CONFIG: GemmConfig = GEMM_CONFIGS.find((c) => c.id === '4x4/wg8x8/k16')!;

/** Up to this many rows, x · Wᵀ (transB, no transA) takes the decode path. */
export const LINEAR_DECODE_MAX_M = 4;
/** Threads per workgroup of the decode kernel (LANES · COLS). */
const DECODE_THREADS = 256;
/** The tiled kernel's C tile is (16·TM) × 64. */
const TILE_N = 64;

/** The flags filled in (false when absent). */
function fullShape(s: LinearShape): Required<LinearShape> {
  return {
    M: s.M,
    N: s.N,
    K: s.K,
    transA: s.transA ?? false,
    transB: s.transB ?? false,
    accumulate: s.accumulate ?? false,
  };
}

function describe(s: LinearShape): string {
  const flags = (['transA', 'transB', 'accumulate'] as const).filter((f) => s[f]);
  return `linear [M=${s.M}, N=${s.N}, K=${s.K}${flags.map((f) => `, ${f}`).join('')}]`;
}

/** Stored shapes of A and B, as [rows, cols]. */
function storedDims(s: Required<LinearShape>): { a: [number, number]; b: [number, number] } {
  return { a: s.transA ? [s.K, s.M] : [s.M, s.K], b: s.transB ? [s.N, s.K] : [s.K, s.N] };
}

/** 2·M·N·K multiply-adds counted as two flops (the accumulate's M·N adds are not counted). */
export function linearFlops(shape: LinearShape): number {
  return 2 * shape.M * shape.N * shape.K;
}

/** Minimum bytes moved: A and B read once, C written once (and read once when accumulating). */
export function linearBytes(shape: LinearShape): number {
  const { M, N, K } = shape;
  return 4 * (M * K + K * N + M * N * (shape.accumulate ? 2 : 1));
}

function validateShape(s: LinearShape): Required<LinearShape> {
  for (const k of ['M', 'N', 'K'] as const) {
    const v = s[k];
    if (!Number.isInteger(v) || v < 1) {
      throw new UserInputError(`${describe(s)}: ${k}=${v} must be a positive integer (no zero-size products)`);
    }
  }
  for (const k of ['transA', 'transB', 'accumulate'] as const) {
    const v = s[k];
    if (v !== undefined && typeof v !== 'boolean') {
      throw new UserInputError(`${describe(s)}: ${k} must be a boolean, got ${String(v)}`);
    }
  }
  return fullShape(s);
}

function nextPow2(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, n)));
}

interface Layout {
  path: LinearPath;
  workgroups: [number, number];
  /** Tiled: rows of C per thread. */
  tm: number;
  /** Decode: threads per column, columns per workgroup. */
  lanes: number;
  cols: number;
}

/** Bytes of B as stored. */
function bBytes(s: Required<LinearShape>, format: WeightFormat): number {
  return format === 'f16' ? packedBytes(s.N, s.K) : s.K * s.N * 4;
}

function weightFormatOf(s: Required<LinearShape>, opts: LinearOptions): WeightFormat {
  const f = opts.weightFormat ?? 'f32';
  if (f !== 'f32' && f !== 'f16')
    throw new UserInputError(`${describe(s)}: weightFormat must be 'f32' or 'f16', got '${String(f)}'`);
  if (f === 'f16' && (s.transA || !s.transB))
    throw new UserInputError(`${describe(s)}: f16 weights serve the forward x · Wᵀ only (transB, no transA)`);
  return f;
}

/** Picks the path and grid, and checks the shape, flags, bindings and grid against the device's limits. */
function layoutFor(gpu: Gpu, s: Required<LinearShape>, opts: LinearOptions): Layout {
  const { M, N, K } = s;
  const what = describe(s);
  const format = weightFormatOf(s, opts);
  const decodable = !s.transA && s.transB && M <= LINEAR_DECODE_MAX_M;
  // The GEMM reads whole vec4 rows: A [M, K] and W [N, K] need K % 4 = 0, C [M, N] needs N % 4 = 0.
  const gemmable = !s.transA && s.transB && format === 'f32' && K % 4 === 0 && N % 4 === 0;
  if (opts.path !== undefined && opts.path !== 'tiled' && opts.path !== 'decode' && opts.path !== 'gemm') {
    throw new UserInputError(`${what}: path must be 'tiled', 'decode' or 'gemm', got '${String(opts.path)}'`);
  }
  if (opts.gemm !== undefined && opts.gemm !== 'auto' && opts.gemm !== 'off') {
    throw new UserInputError(`${what}: gemm must be 'auto' or 'off', got '${String(opts.gemm)}'`);
  }
  if (opts.path === 'decode' && !decodable) {
    throw new UserInputError(
      `${what}: the decode path computes x · Wᵀ (transB, no transA) for M ≤ ${LINEAR_DECODE_MAX_M} rows`,
    );
  }
  if (opts.path === 'gemm' && !gemmable) {
    throw new UserInputError(
      `${what}: the gemm path computes x · Wᵀ (transB, no transA) with f32 weights and K, N multiples of 4`,
    );
  }
  const asked = gemmConfigOption(what, opts);
  if (asked !== undefined && asked !== 'tune' && !gemmConfigFits(asked, gpu.info.limits)) {
    throw new UserInputError(`${what}: gemm configuration ${asked.id} does not fit this device's limits`);
  }
  const dims = storedDims(s);
  gpu.checkBindingSize(M * K * 4, `${what}: A [${dims.a.join(', ')}]`);
  gpu.checkBindingSize(bBytes(s, format), `${what}: B [${dims.b.join(', ')}]${format === 'f16' ? ' (f16)' : ''}`);
  gpu.checkBindingSize(M * N * 4, `${what}: C [${M}, ${N}]`);
  const path: LinearPath = opts.path ?? (decodable ? 'decode' : gemmable && opts.gemm !== 'off' ? 'gemm' : 'tiled');
  if (path === 'gemm') {
    // Before tuning, the narrowest and the shortest candidate tiles bound the grid in each dimension.
    const fixed = gemmConfigOf(gpu, opts, what);
    const tiles = (fixed ? [fixed] : GEMM_CONFIGS).map(gemmTile);
    const rows = Math.min(...tiles.map((t) => t.rows));
    const cols = Math.min(...tiles.map((t) => t.cols));
    const workgroups: [number, number] = [Math.ceil(N / cols), Math.ceil(M / rows)];
    gpu.checkWorkgroups(workgroups, `${what} (gemm, ${rows}×${cols} tiles)`);
    return { path, workgroups, tm: 0, lanes: 0, cols: 0 };
  }
  if (path === 'decode') {
    // Lanes per column: at least 8 (a 32-byte sector of W per team), about K / 64 so each lane
    // makes tens of loads, at most 64; columns fill a 256-thread workgroup.
    // Packed f16: a lane's load is a word of two values, so count words.
    const loads = format === 'f16' ? packedRowWords(K) : K;
    const lanes = opts.decodeLanes ?? Math.min(64, Math.max(8, nextPow2(Math.ceil(loads / 64))));
    if (!Number.isInteger(lanes) || lanes < 1 || lanes > DECODE_THREADS || nextPow2(lanes) !== lanes) {
      throw new UserInputError(`${what}: decodeLanes=${lanes} must be a power of two from 1 to ${DECODE_THREADS}`);
    }
    const cols = DECODE_THREADS / lanes;
    const workgroups = deviceGrid(gpu, Math.ceil(N / cols), `${what} (decode, ${cols} columns per workgroup)`);
    return { path, workgroups, tm: 0, lanes, cols };
  }
  const tm = M <= 16 ? 1 : M <= 32 ? 2 : 4;
  const workgroups: [number, number] = [Math.ceil(N / TILE_N), Math.ceil(M / (16 * tm))];
  gpu.checkWorkgroups(workgroups, `${what} (tiled, ${16 * tm}×${TILE_N} tiles)`);
  return { path, workgroups, tm, lanes: 0, cols: 0 };
}

/**
 * Binds the caller's A, B, C for one shape and compiles the chosen path's pipeline. Only the small
 * uniform buffer belongs to the plan. `encode` records one dispatch: with `accumulate`, each
 * encode adds op(A) · op(B) into C once more.
 */
export async function planLinear(
  gpu: Gpu,
  buffers: LinearBuffers,
  shape: LinearShape,
  options: LinearOptions = {},
): Promise<LinearPlan> {
  const s = validateShape(shape);
  const layout = layoutFor(gpu, s, options);
  const f16 = weightFormatOf(s, options) === 'f16';
  const what = describe(s);
  const need = { a: s.M * s.K * 4, b: bBytes(s, f16 ? 'f16' : 'f32'), c: s.M * s.N * 4 };
  for (const k of ['a', 'b', 'c'] as const) {
    if (buffers[k].size < need[k]) {
      throw new UserInputError(`${what}: buffer ${k} has ${buffers[k].size} bytes, needs ${need[k]}`);
    }
  }
  if (buffers.c === buffers.a || buffers.c === buffers.b) {
    throw new UserInputError(`${what}: C must not be the same buffer as A or B`);
  }
  if (layout.path === 'gemm') return planGemmPath(gpu, buffers, s, options);
  const pipeline = await gpu.pipeline(
    layout.path === 'decode'
      ? {
          name: f16 ? 'llm/linear.decodeF16' : 'llm/linear.decode',
          code: f16 ? decodeF16Shader : decodeShader,
          constants: { ACCUMULATE: s.accumulate ? 1 : 0, LANES: layout.lanes, COLS: layout.cols },
        }
      : f16
        ? {
            name: 'llm/linear.tiledF16',
            code: tiledF16Shader,
            constants: { ACCUMULATE: s.accumulate ? 1 : 0, TM: layout.tm },
          }
        : {
            name: 'llm/linear.tiled',
            code: tiledShader,
            constants: {
              TRANS_A: s.transA ? 1 : 0,
              TRANS_B: s.transB ? 1 : 0,
              ACCUMULATE: s.accumulate ? 1 : 0,
              TM: layout.tm,
            },
          },
  );
  const owned = new BufferSet();
  try {
    const dims = owned.add(uniformWords(gpu, [s.M, s.N, s.K, 0], 'linear.dims'));
    const group = gpu.bindGroup(pipeline, [buffers.a, buffers.b, buffers.c, dims], `linear.${layout.path}`);
    const workgroups = layout.workgroups;
    return {
      shape: s,
      path: layout.path,
      workgroups,
      encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, workgroups),
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/**
 * `gemmConfig` checked: 'tune', or the member of GEMM_CONFIGS with the given id (that member, so a
 * look-alike object cannot pick a shader variant its fields do not describe); undefined if absent.
 */
function gemmConfigOption(what: string, opts: LinearOptions): GemmConfig | 'tune' | undefined {
  const c: unknown = opts.gemmConfig;
  if (c === undefined || c === 'tune') return c;
  const id = typeof c === 'object' && c !== null ? (c as { id?: unknown }).id : undefined;
  const known = GEMM_CONFIGS.find((k) => k.id === id);
  if (known) return known;
  const got = typeof c === 'string' ? `'${c}'` : typeof id === 'string' ? `a configuration with id '${id}'` : String(c);
  throw new UserInputError(
    `${what}: gemmConfig must be 'tune' or one of the GEMM configurations (${GEMM_CONFIGS.map((k) => k.id).join(', ')}), got ${got}`,
  );
}

/** The fixed gemm configuration the options and adapter ask for; undefined: autotune. */
function gemmConfigOf(gpu: Gpu, opts: LinearOptions, what: string): GemmConfig | undefined {
  const c = gemmConfigOption(what, opts) ?? (gpu.info.isFallbackAdapter ? LINEAR_GEMM_EMULATION_CONFIG : 'tune');
  return c === 'tune' ? undefined : c;
}

/** The forward x · Wᵀ on the matmul family's GEMM (layoutFor has checked that it applies). */
async function planGemmPath(
  gpu: Gpu,
  buffers: LinearBuffers,
  s: Required<LinearShape>,
  options: LinearOptions,
): Promise<LinearPlan> {
  const ops: GemmOperands = {
    shape: { M: s.M, N: s.N, K: s.K },
    ...buffers,
    lda4: s.K / 4,
    ldb4: s.K / 4,
    ldc4: s.N / 4,
    transB: true,
    accumulate: s.accumulate,
  };
  // Tuning is memoised per process, adapter and shape class: only a class's first plan pays it.
  const config = gemmConfigOf(gpu, options, describe(s)) ?? (await tuneGemm(gpu, ops)).config;
  const bound = await bindGemm(gpu, config, ops);
  return {
    shape: s,
    path: 'gemm',
    workgroups: bound.workgroups,
    gemmConfig: config,
    encode: bound.encode,
    destroy: bound.destroy,
  };
}

/**
 * One-shot C = op(A) · op(B), or C = cInit + op(A) · op(B) with `accumulate` (C starts at zero when
 * cInit is absent): uploads, runs, reads back C [M, N] and frees everything. With
 * `weightFormat: 'f16'`, b (f32 [N, K]) is rounded to f16 and packed on upload.
 */
export async function linear(
  gpu: Gpu,
  a: Float32Array,
  b: Float32Array,
  shape: LinearShape,
  cInit?: Float32Array,
  options: LinearOptions = {},
): Promise<Float32Array> {
  const s = validateShape(shape);
  const what = describe(s);
  const dims = storedDims(s);
  if (a.length !== s.M * s.K) {
    throw new UserInputError(`${what}: a has ${a.length} values, expected [${dims.a.join(', ')}] = ${s.M * s.K}`);
  }
  if (b.length !== s.K * s.N) {
    throw new UserInputError(`${what}: b has ${b.length} values, expected [${dims.b.join(', ')}] = ${s.K * s.N}`);
  }
  if (cInit !== undefined) {
    if (!s.accumulate) throw new UserInputError(`${what}: cInit is only used with accumulate`);
    if (cInit.length !== s.M * s.N) {
      throw new UserInputError(`${what}: cInit has ${cInit.length} values, expected [${s.M}, ${s.N}] = ${s.M * s.N}`);
    }
  }
  // Every limit is checked before the first buffer is made.
  layoutFor(gpu, s, options);
  const owned = new BufferSet();
  try {
    const bufA = owned.add(gpu.upload(a, 'linear.a'));
    const bufB = owned.add(
      gpu.upload(weightFormatOf(s, options) === 'f16' ? packF16Rows(b, s.N, s.K, 'linear b').words : b, 'linear.b'),
    );
    const bufC = owned.add(cInit ? gpu.upload(cInit, 'linear.c') : gpu.createBuffer(s.M * s.N * 4, 'linear.c'));
    const plan = await planLinear(gpu, { a: bufA, b: bufB, c: bufC }, s, options);
    try {
      await gpu.run(plan.encode);
    } finally {
      plan.destroy();
    }
    return await gpu.readF32(bufC, s.M * s.N);
  } finally {
    owned.destroy();
  }
}
