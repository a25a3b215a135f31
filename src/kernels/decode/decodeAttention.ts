// Decode multi-head attention over a KV cache (one new query token per sequence), f32: the
// baseline that CHAI's clustered decode is measured against. Layouts (row-major):
//   q [B, H, d], k and v [B, T, H, d] → o [B, H, d] = softmax(scale · q·kᵀ) v per (sequence, head).
// Both this and CHAI run the same two passes (src/shaders/decode/decodeAttention.{scores,softmaxPv}.wgsl): pass 1 computes score rows for
// S "score heads", pass 2 does softmax + each head's own P·V through a head → score-row map.
// The baseline is S = H with identity maps; CHAI is S = k with the representatives' K and the
// cluster map. Sharing the passes makes the latency comparison about the work CHAI removes
// (k instead of H score rows and K reads), not about two differently tuned kernels.
import scoresShader from '../../shaders/decode/decodeAttention.scores.wgsl?raw';
import softmaxPvShader from '../../shaders/decode/decodeAttention.softmaxPv.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { DeviceLimitError } from '../../gpu/errors';
import { UserInputError } from '../../core';
import type { KernelPlan } from '../../gpu/plan';

export const DECODE_MAX_HEAD_DIM = 128;
/** Keys per workgroup in the score pass (must match KEYS in decodeAttention.scores.wgsl). */
export const DECODE_SCORE_KEYS = 64;

export interface DecodeShape {
  batch: number;
  /** Context length T (keys in the cache). */
  context: number;
  heads: number;
  headDim: number;
}

export interface DecodeOptions {
  /** Softmax scale; default 1/sqrt(d). */
  scale?: number;
}

const positiveInt = (v: number) => Number.isInteger(v) && v >= 1;

export function validateDecodeShape(s: DecodeShape, what = 'decode attention'): void {
  for (const key of ['batch', 'context', 'heads', 'headDim'] as const) {
    if (!positiveInt(s[key])) throw new UserInputError(`${what}: ${key}=${s[key]} must be a positive integer`);
  }
  if (s.headDim > DECODE_MAX_HEAD_DIM) {
    throw new UserInputError(`${what}: head dim d=${s.headDim} exceeds the kernel's maximum of ${DECODE_MAX_HEAD_DIM}`);
  }
}

/** Throws UserInputError if `data` does not hold exactly `dims` values. */
export function expectLength(what: string, name: string, data: ArrayLike<number>, dims: [string, number][]): void {
  const n = dims.reduce((a, [, v]) => a * v, 1);
  if (data.length !== n) {
    const text = dims.map(([k, v]) => `${k}=${v}`).join('·');
    throw new UserInputError(
      `${what}: ${name} has ${data.length} values, expected [${dims.map(([k]) => k).join(', ')}] = ${text} = ${n}`,
    );
  }
}

export function validateDecodeInputs(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  s: DecodeShape,
  opts: DecodeOptions = {},
): void {
  const what = 'decode attention';
  validateDecodeShape(s, what);
  expectLength(what, 'q', q, [
    ['B', s.batch],
    ['H', s.heads],
    ['d', s.headDim],
  ]);
  expectLength(what, 'k', k, [
    ['B', s.batch],
    ['T', s.context],
    ['H', s.heads],
    ['d', s.headDim],
  ]);
  expectLength(what, 'v', v, [
    ['B', s.batch],
    ['T', s.context],
    ['H', s.heads],
    ['d', s.headDim],
  ]);
  if (opts.scale !== undefined && !Number.isFinite(opts.scale))
    throw new UserInputError(`${what}: scale=${opts.scale} must be a finite number`);
}

export function decodeScale(s: DecodeShape, opts: DecodeOptions): number {
  return opts.scale ?? 1 / Math.sqrt(s.headDim);
}

/** Power of two ≥ d (at least 4): the column count of pass 2's thread layout. */
export function headDimBucket(d: number): number {
  let b = 4;
  while (b < d) b *= 2;
  return b;
}

function bufferLimit(gpu: Gpu, tensor: string, bytes: number, bytesPerToken: number): void {
  const max = gpu.info.limits.maxStorageBufferBindingSize!;
  if (bytes <= max) return;
  const err = new DeviceLimitError('maxStorageBufferBindingSize', bytes, max, `decode attention ${tensor}`);
  err.message += `; the largest context T that fits is ${Math.floor(max / bytesPerToken)}`;
  throw err;
}

/**
 * Refuses shapes whose buffers or dispatches exceed this device's limits, naming the limit:
 * the K cache of `scoreHeads` heads, the full V cache, the score rows, and the grid sizes.
 */
export function checkDecodeLimits(gpu: Gpu, s: DecodeShape, scoreHeads = s.heads): void {
  const { batch: B, context: T, heads: H, headDim: d } = s;
  bufferLimit(
    gpu,
    `K cache [B=${B}, T=${T}, ${scoreHeads}, d=${d}]`,
    4 * B * T * scoreHeads * d,
    4 * B * scoreHeads * d,
  );
  bufferLimit(gpu, `V cache [B=${B}, T=${T}, H=${H}, d=${d}]`, 4 * B * T * H * d, 4 * B * H * d);
  bufferLimit(gpu, `score rows [B=${B}, ${scoreHeads}, T=${T}]`, 4 * B * scoreHeads * T, 4 * B * scoreHeads);
  const tiles = Math.ceil(T / DECODE_SCORE_KEYS);
  const max = gpu.info.limits.maxComputeWorkgroupsPerDimension!;
  if (tiles > max) {
    const err = new DeviceLimitError(
      'maxComputeWorkgroupsPerDimension',
      tiles,
      max,
      `decode score pass (T=${T} in tiles of ${DECODE_SCORE_KEYS} keys)`,
    );
    err.message += `; the largest context T that fits is ${max * DECODE_SCORE_KEYS}`;
    throw err;
  }
  gpu.checkWorkgroups([tiles, scoreHeads, B], `decode score pass (T=${T}, ${scoreHeads} score heads, B=${B})`);
  gpu.checkWorkgroups([H, B], `decode softmax·V pass (H=${H}, B=${B})`);
}

/** The two-pass plan, general in the number of score heads; baseline and CHAI both build one. */
export interface DecodePlan extends KernelPlan {
  shape: DecodeShape;
  scoreHeads: number;
  o: GPUBuffer;
}

export interface DecodePlanInputs {
  q: Float32Array;
  /** K cache of the score heads, [B, T, S, d]. */
  kCache: Float32Array;
  v: Float32Array;
  /** [S]: the query head that scores for each score head. */
  qHeadOf: Uint32Array;
  /** [H]: the score row each head's softmax uses. */
  scoreHeadOf: Uint32Array;
}

/** Uploads the inputs once and binds both passes; the caller has validated shapes and maps. */
export async function planTwoPassDecode(
  gpu: Gpu,
  x: DecodePlanInputs,
  shape: DecodeShape,
  scale: number,
  label: string,
): Promise<DecodePlan> {
  const S = x.qHeadOf.length;
  checkDecodeLimits(gpu, shape, S);
  const { batch: B, context: T, heads: H, headDim: d } = shape;
  // Both passes compile concurrently: each async pipeline creation reports its own errors.
  const [scoresPipe, pvPipe] = await Promise.all([
    gpu.pipeline({ name: 'decode/decodeAttention.scores', code: scoresShader }),
    gpu.pipeline({
      name: 'decode/decodeAttention.softmaxPv',
      code: softmaxPvShader,
      constants: { COLS: headDimBucket(d) },
    }),
  ]);
  const buffers: GPUBuffer[] = [];
  const keep = (b: GPUBuffer) => {
    buffers.push(b);
    return b;
  };
  const words = new ArrayBuffer(24);
  new Uint32Array(words, 0, 5).set([B, T, H, S, d]);
  new Float32Array(words, 20, 1)[0] = scale;
  const params = keep(gpu.uniform(words, `${label}.params`));
  const q = keep(gpu.upload(x.q, `${label}.q`));
  const k = keep(gpu.upload(x.kCache, `${label}.kCache`));
  const v = keep(gpu.upload(x.v, `${label}.v`));
  const qHeadOf = keep(gpu.upload(x.qHeadOf, `${label}.qHeadOf`));
  const scoreHeadOf = keep(gpu.upload(x.scoreHeadOf, `${label}.scoreHeadOf`));
  const scores = keep(gpu.createBuffer(4 * B * S * T, `${label}.scores`));
  const o = keep(gpu.createBuffer(4 * B * H * d, `${label}.o`));
  const scoresGroup = gpu.bindGroup(scoresPipe, [q, k, qHeadOf, scores, params], `${label}.scores`);
  const pvGroup = gpu.bindGroup(pvPipe, [scores, scoreHeadOf, v, o, params], `${label}.softmaxPv`);
  return {
    shape,
    scoreHeads: S,
    o,
    encode: (pass) => {
      Gpu.encodeDispatch(pass, scoresPipe, scoresGroup, [Math.ceil(T / DECODE_SCORE_KEYS), S, B]);
      Gpu.encodeDispatch(pass, pvPipe, pvGroup, [H, B]);
    },
    destroy: () => {
      for (const b of buffers) b.destroy();
    },
  };
}

export const identityMap = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

export async function planDecodeAttention(
  gpu: Gpu,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  shape: DecodeShape,
  opts: DecodeOptions = {},
): Promise<DecodePlan> {
  validateDecodeInputs(q, k, v, shape, opts);
  const ids = identityMap(shape.heads);
  return planTwoPassDecode(
    gpu,
    { q, kCache: k, v, qHeadOf: ids, scoreHeadOf: ids },
    shape,
    decodeScale(shape, opts),
    'decode',
  );
}

/** Runs a plan once and reads o back, then frees the plan. */
export async function runDecodePlan(gpu: Gpu, plan: DecodePlan): Promise<Float32Array> {
  try {
    await gpu.run(plan.encode);
    const { batch, heads, headDim } = plan.shape;
    return await gpu.readF32(plan.o, batch * heads * headDim);
  } finally {
    plan.destroy();
  }
}

export async function decodeAttention(
  gpu: Gpu,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  shape: DecodeShape,
  opts: DecodeOptions = {},
): Promise<Float32Array> {
  return runDecodePlan(gpu, await planDecodeAttention(gpu, q, k, v, shape, opts));
}
