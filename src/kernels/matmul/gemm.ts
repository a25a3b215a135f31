// Register-blocked, double-buffered f32 GEMM (src/shaders/matmul/gemm.*.wgsl) with a per-adapter
// autotune: several tile configurations (override constants of two shader variants) are timed on
// the caller's own A and B the first time a shape class is seen, and the fastest is remembered.
// Variants: B stored transposed (`transB`: a PyTorch weight W [out, in] in x · Wᵀ, the LLM
// engine's prefill projections) and C += A·B (`accumulate`).
import shader4x4 from '../../shaders/matmul/gemm.4x4.wgsl?raw';
import shader8x4 from '../../shaders/matmul/gemm.8x4.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { GpuInfo } from '../../gpu/types';
import type { KernelPlan } from '../../gpu/plan';
import { UserInputError } from '../../core';
import type { MatmulShape } from './shape';

/** One tile configuration: `rows`×4 outputs per thread, a wgX×wgY workgroup, K slabs of bk. */
export interface GemmConfig {
  id: string;
  /** Rows of C per thread (the shader variant): 4 → gemm.4x4.wgsl, 8 → gemm.8x4.wgsl. */
  rows: 4 | 8;
  wgX: number;
  wgY: number;
  bk: number;
}

const cfg = (rows: 4 | 8, wgX: number, wgY: number, bk: number): GemmConfig => ({
  id: `${rows}x4/wg${wgX}x${wgY}/k${bk}`,
  rows,
  wgX,
  wgY,
  bk,
});

/**
 * The candidates, from small tiles (more workgroups for small or skinny C) to 128×64 tiles
 * (more reuse per workgroup-memory load for large C). The tile is (rows·wgY) × (4·wgX).
 */
export const GEMM_CONFIGS: readonly GemmConfig[] = [
  cfg(4, 8, 8, 16), // 32×32
  cfg(4, 16, 8, 16), // 32×64
  cfg(4, 16, 16, 8), // 64×64
  cfg(8, 8, 8, 16), // 64×32
  cfg(8, 16, 8, 8), // 64×64
  cfg(8, 16, 16, 8), // 128×64
];

/**
 * On CPU emulation (SwiftShader) each pipeline compile takes seconds, so the default autotune
 * there tries only the two 32-column-wide tiles (together picked in three of five full-autotune
 * benchmark runs there; the other picks were within noise of them: docs/BENCHMARKS.md).
 */
const EMULATION_CANDIDATES = ['4x4/wg8x8/k16', '8x4/wg8x8/k16'];

/** The candidates the autotune tries by default on this adapter. */
export function defaultGemmCandidates(info: Pick<GpuInfo, 'isFallbackAdapter'>): readonly GemmConfig[] {
  return info.isFallbackAdapter ? GEMM_CONFIGS.filter((c) => EMULATION_CANDIDATES.includes(c.id)) : GEMM_CONFIGS;
}

export function gemmTile(c: GemmConfig): { rows: number; cols: number } {
  return { rows: c.rows * c.wgY, cols: 4 * c.wgX };
}

/** Workgroup memory of a configuration: two slabs each of A (rows × bk) and B (bk × cols). */
export function gemmWorkgroupBytes(c: GemmConfig): number {
  const t = gemmTile(c);
  return 2 * 4 * (t.rows * c.bk + c.bk * t.cols);
}

/** Whether the device limits allow a configuration (and the shader's ≤ 4 loads per thread). */
export function gemmConfigFits(c: GemmConfig, limits: Record<string, number>): boolean {
  const threads = c.wgX * c.wgY;
  const t = gemmTile(c);
  const loads = Math.max((t.rows * c.bk) / 4, (c.bk * t.cols) / 4) / threads;
  return (
    c.bk % 4 === 0 &&
    loads <= 4 &&
    threads <= (limits.maxComputeInvocationsPerWorkgroup ?? 256) &&
    c.wgX <= (limits.maxComputeWorkgroupSizeX ?? 256) &&
    c.wgY <= (limits.maxComputeWorkgroupSizeY ?? 256) &&
    gemmWorkgroupBytes(c) <= (limits.maxComputeWorkgroupStorageSize ?? 16384)
  );
}

/**
 * Operands already on the GPU: row-major with row strides in vec4s (≥ ceil(cols / 4)). A is
 * [M, K], C is [M, N], B is [K, N], or [N, K] with `transB` (then ldb4 ≥ ceil(K / 4)).
 */
export interface GemmOperands {
  shape: MatmulShape;
  a: GPUBuffer;
  b: GPUBuffer;
  c: GPUBuffer;
  lda4: number;
  ldb4: number;
  ldc4: number;
  /** C = A · Bᵀ with B stored [N, K] (default false). */
  transB?: boolean;
  /** C += A · B(ᵀ) instead of C = … (default false). */
  accumulate?: boolean;
}

export const vec4s = (n: number) => Math.ceil(n / 4);

/** The dispatch grid of a configuration: one workgroup per tile of C. */
export function gemmWorkgroups(c: GemmConfig, s: MatmulShape): [number, number] {
  const t = gemmTile(c);
  return [Math.ceil(s.N / t.cols), Math.ceil(s.M / t.rows)];
}

export interface BoundGemm extends KernelPlan {
  workgroups: [number, number];
}

/** Binds one configuration to the operands (compiled once per configuration, B layout and device). */
export async function bindGemm(gpu: Gpu, c: GemmConfig, ops: GemmOperands): Promise<BoundGemm> {
  const { M, N, K } = ops.shape;
  const workgroups = gemmWorkgroups(c, ops.shape);
  gpu.checkWorkgroups(workgroups, `gemm ${M}×${N}×${K}`);
  const constants: Record<string, number> = { WG_X: c.wgX, WG_Y: c.wgY, BK: c.bk };
  // Only set when on, so the plain GEMM keeps its pipeline (and cache entry) of before.
  if (ops.transB) constants.TRANS_B = 1;
  const pipeline = await gpu.pipeline({
    name: c.rows === 8 ? 'matmul/gemm.8x4' : 'matmul/gemm.4x4',
    code: c.rows === 8 ? shader8x4 : shader4x4,
    constants,
  });
  const dims = gpu.uniform(
    new Uint32Array([M, N, K, ops.lda4, ops.ldb4, ops.ldc4, ops.accumulate ? 1 : 0, 0]).buffer,
    'gemm.dims',
  );
  const group = gpu.bindGroup(pipeline, [ops.a, ops.b, ops.c, dims], 'gemm');
  return {
    workgroups,
    encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, workgroups),
    destroy: () => dims.destroy(),
  };
}

/** Persisted choices: `${adapter key} ${shape class}` → configuration id. Pass one in to keep them. */
export type GemmTuneCache = Record<string, string>;

/** Identifies the adapter a tuning result belongs to. */
export function gemmAdapterKey(info: GpuInfo): string {
  return [info.host, info.vendor, info.architecture, info.device, info.description].join('|');
}

/**
 * Shapes tune together when each dimension rounds up to the same power of two and B has the same
 * layout (a transposed B loads differently, so it tunes apart: suffix `Bt`).
 */
export function gemmShapeClass({ M, N, K }: MatmulShape, transB = false): string {
  const p2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));
  return `M${p2(M)}N${p2(N)}K${p2(K)}${transB ? 'Bt' : ''}`;
}

const tuned = new Map<string, Promise<GemmTuneResult>>();

export interface GemmTuneResult {
  config: GemmConfig;
  /** 'tuned' (timed now), 'memory' (this page / process), 'cache' (the passed-in cache). */
  source: 'tuned' | 'memory' | 'cache';
  /** Each candidate's median and fastest repetition in ms, when tuned now (measured on this device). */
  timings?: { id: string; medianMs: number; minMs: number }[];
}

export interface GemmTuneOptions {
  cache?: GemmTuneCache;
  /** Candidates to try (default `defaultGemmCandidates`); those over the device limits are skipped. */
  candidates?: readonly GemmConfig[];
  /** Timed repetitions per candidate after one warm-up (default 3). */
  reps?: number;
}

/** Forgets every in-memory choice (tests; a new device in the same page keeps its own key). */
export function clearGemmTuning(): void {
  tuned.clear();
}

/**
 * The fastest feasible configuration for this adapter and shape class. Each candidate is timed on
 * the caller's A and B (one warm-up, `reps` repetitions; the lowest minimum wins) (`gpu.time`: all
 * repetitions submitted, one readback after them), writing a scratch C, so the caller's C is
 * never touched (with `accumulate` it may hold values to add to). Accumulation is timed too but
 * does not split the shape class.
 */
export async function tuneGemm(gpu: Gpu, ops: GemmOperands, opts: GemmTuneOptions = {}): Promise<GemmTuneResult> {
  const candidates = (opts.candidates ?? defaultGemmCandidates(gpu.info)).filter((c) =>
    gemmConfigFits(c, gpu.info.limits),
  );
  if (candidates.length === 0) throw new UserInputError('gemm: no tile configuration fits this device’s limits');
  const key = `${gemmAdapterKey(gpu.info)} ${gemmShapeClass(ops.shape, ops.transB)}`;
  const cachedId = opts.cache?.[key];
  const fromCache = candidates.find((c) => c.id === cachedId);
  if (fromCache) return { config: fromCache, source: 'cache' };
  const memoKey = `${key} ${candidates.map((c) => c.id).join(',')}`;
  let p = tuned.get(memoKey);
  const fresh = !p;
  if (!p) {
    p = timeCandidates(gpu, ops, candidates, opts.reps ?? 3);
    tuned.set(memoKey, p);
    p.catch(() => tuned.delete(memoKey));
  }
  const r = await p;
  if (opts.cache) opts.cache[key] = r.config.id;
  return fresh ? r : { config: r.config, source: 'memory' };
}

async function timeCandidates(
  gpu: Gpu,
  ops: GemmOperands,
  candidates: readonly GemmConfig[],
  reps: number,
): Promise<GemmTuneResult> {
  const timings: { id: string; medianMs: number; minMs: number }[] = [];
  let best: GemmConfig | undefined;
  let bestMs = Infinity;
  // Compile every candidate first and concurrently (pipeline creation is async), then time them
  // one after another so they do not share the device while timed.
  const scratch = gpu.createBuffer(ops.shape.M * ops.ldc4 * 16, 'gemm.tuneC');
  const timed = { ...ops, c: scratch };
  const bound = await Promise.allSettled(candidates.map((c) => bindGemm(gpu, c, timed)));
  try {
    for (const [i, c] of candidates.entries()) {
      const b = bound[i]!;
      if (b.status === 'rejected') throw b.reason;
      const t = await gpu.time(b.value.encode, { warmup: 1, reps });
      timings.push({ id: c.id, medianMs: t.medianMs, minMs: t.minMs });
      // The fastest repetition decides: on a shared device other work only ever adds time.
      if (t.minMs < bestMs) {
        bestMs = t.minMs;
        best = c;
      }
    }
  } finally {
    for (const b of bound) if (b.status === 'fulfilled') b.value.destroy();
    scratch.destroy();
  }
  return { config: best ?? candidates[0]!, source: 'tuned', timings };
}

/** Copies a rows×cols matrix into rows×(4·ld4) with zero padding; returns the input when aligned. */
export function padRows(m: Float32Array, rows: number, cols: number): Float32Array {
  const ld = 4 * vec4s(cols);
  if (ld === cols) return m;
  const out = new Float32Array(rows * ld);
  for (let r = 0; r < rows; r++) out.set(m.subarray(r * cols, (r + 1) * cols), r * ld);
  return out;
}

export function unpadRows(m: Float32Array, rows: number, cols: number): Float32Array {
  const ld = 4 * vec4s(cols);
  if (ld === cols) return m;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) out.set(m.subarray(r * ld, r * ld + cols), r * cols);
  return out;
}

export interface GemmPlanOptions {
  /** Skip tuning and use this configuration. */
  config?: GemmConfig;
  tuneCache?: GemmTuneCache;
  candidates?: readonly GemmConfig[];
  /** b is Bᵀ, stored [N, K] (a PyTorch weight [out, in]); C = A · Bᵀ… as transB in GemmOperands. */
  transB?: boolean;
}

export interface GemmPlan extends KernelPlan {
  shape: MatmulShape;
  /** C with rows padded to `ldc4` vec4s; read it with `read()`. */
  c: GPUBuffer;
  ldc4: number;
  tuning: GemmTuneResult;
  read(): Promise<Float32Array>;
}

/**
 * Uploads A and B (rows padded to whole vec4s when their length is not a multiple of 4) and binds
 * the tuned GEMM. B is [K, N], or [N, K] with `transB`.
 */
export async function planGemm(
  gpu: Gpu,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
  opts: GemmPlanOptions = {},
): Promise<GemmPlan> {
  const { M, N, K } = shape;
  const transB = opts.transB ?? false;
  const [bRows, bCols] = transB ? [N, K] : [K, N];
  const lda4 = vec4s(K);
  const ldb4 = vec4s(bCols);
  const ldc4 = vec4s(N);
  // Every binding is checked before anything is allocated.
  gpu.checkBindingSize(M * lda4 * 16, `matmul.a [${M}×${K}]`);
  gpu.checkBindingSize(bRows * ldb4 * 16, `matmul.b [${bRows}×${bCols}]`);
  gpu.checkBindingSize(M * ldc4 * 16, `matmul.c [${M}×${N}]`);
  const made: GPUBuffer[] = [];
  const keep = (buf: GPUBuffer) => {
    made.push(buf);
    return buf;
  };
  try {
    const ops: GemmOperands = {
      shape,
      a: keep(gpu.upload(padRows(a, M, K), 'matmul.a')),
      b: keep(gpu.upload(padRows(b, bRows, bCols), 'matmul.b')),
      c: keep(gpu.createBuffer(M * ldc4 * 16, 'matmul.c')),
      lda4,
      ldb4,
      ldc4,
      transB,
    };
    const tuning: GemmTuneResult = opts.config
      ? { config: opts.config, source: 'cache' }
      : await tuneGemm(gpu, ops, { cache: opts.tuneCache, candidates: opts.candidates });
    const bound = await bindGemm(gpu, tuning.config, ops);
    return {
      shape,
      c: ops.c,
      ldc4,
      tuning,
      encode: bound.encode,
      read: async () => unpadRows(await gpu.readF32(ops.c, M * ldc4 * 4), M, N),
      destroy: () => {
        bound.destroy();
        for (const buf of made) buf.destroy();
      },
    };
  } catch (e) {
    for (const buf of made) buf.destroy();
    throw e;
  }
}
