// b-bit activation quantisation as in the MCBench code (megatron/compression/quantize.py), on the
// GPU: a per-hidden-channel scale = max |x| over every other dimension (x is [rows, h], rows =
// batch · sequence flattened), codes q = clip(round(x / scale · 2^(b−1)), −2^(b−1), 2^(b−1) − 1)
// + 2^(b−1) packed 8/b per byte, and dequantisation x̂ = (q − 2^(b−1)) / 2^(b−1) · scale.
// Passes: quantize.partialMax + quantize.scale (the scale, no atomics), quantize.pack, and
// quantize.unpack (which can add into its output: the sum over peers of a quantised all-gather).
// Two documented departures from the Python code: the scale stays f32 (the code rounds it to fp16)
// and the divisor is the scale itself (the code adds 1e-6); an all-zero channel reconstructs as 0
// in both. Byte layout: see src/shaders/compression/quantize.pack.wgsl and the README.
import partialMaxShader from '../../shaders/compression/quantize.partialMax.wgsl?raw';
import scaleShader from '../../shaders/compression/quantize.scale.wgsl?raw';
import packShader from '../../shaders/compression/quantize.pack.wgsl?raw';
import unpackShader from '../../shaders/compression/quantize.unpack.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';
import { assertFinite } from './sparsify';

export const QUANT_BITS = [2, 4, 8] as const;
export type QuantBits = (typeof QUANT_BITS)[number];

/** Rows per chunk of the first scale pass. */
const SCALE_CHUNK = 64;

export interface QuantizeShape {
  /** Every dimension but the hidden one, flattened (batch · sequence). */
  rows: number;
  /** Hidden channels (one scale each). */
  h: number;
  bits: QuantBits;
}

export function assertBits(what: string, bits: number): asserts bits is QuantBits {
  if (!(QUANT_BITS as readonly number[]).includes(bits))
    throw new UserInputError(`${what}: bits=${bits} must be 2, 4 or 8`);
}

export function assertQuantizeShape(what: string, s: QuantizeShape): void {
  for (const k of ['rows', 'h'] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1)
      throw new UserInputError(`${what}: ${k}=${s[k]} must be a positive integer (x is [rows, h])`);
  }
  assertBits(what, s.bits);
}

/** Bytes per packed row: ceil(h / (8 / bits)). */
export function packedBytesPerRow(h: number, bits: QuantBits): number {
  return Math.ceil(h / (8 / bits));
}

/** Bytes of the packed codes of [rows, h]. */
export function packedBytes(s: QuantizeShape): number {
  return s.rows * packedBytesPerRow(s.h, s.bits);
}

export interface QuantizeBuffers {
  /** x [rows, h] f32 (read). */
  x: GPUBuffer;
  /** Packed codes, ≥ ceil(packedBytes / 4) u32 words (written). */
  packed: GPUBuffer;
  /** scale [h] f32 (written). */
  scale: GPUBuffer;
}

/** Records the scale and the packing of x; owns only its uniforms and the chunk maxima. */
export async function planQuantize(gpu: Gpu, bufs: QuantizeBuffers, shape: QuantizeShape): Promise<KernelPlan> {
  const what = `quantize [${shape.rows}, ${shape.h}] to ${shape.bits} bits`;
  assertQuantizeShape('quantize', shape);
  const { rows, h, bits } = shape;
  const m = packedBytesPerRow(h, bits);
  const words = Math.ceil((rows * m) / 4);
  const chunks = Math.ceil(rows / SCALE_CHUNK);
  gpu.checkBindingSize(4 * rows * h, `${what}: x`);
  for (const [name, b, need] of [
    ['x', bufs.x, 4 * rows * h],
    ['packed', bufs.packed, 4 * words],
    ['scale', bufs.scale, 4 * h],
  ] as const) {
    if (b.size < need) throw new UserInputError(`${what}: buffer ${name} has ${b.size} bytes, needs ${need}`);
  }
  const [partialMax, scale, pack] = await Promise.all([
    gpu.pipeline({
      name: 'compression/quantize.partialMax',
      code: partialMaxShader,
      constants: { CHUNK: SCALE_CHUNK },
    }),
    gpu.pipeline({ name: 'compression/quantize.scale', code: scaleShader }),
    gpu.pipeline({ name: 'compression/quantize.pack', code: packShader, constants: { BITS: bits } }),
  ]);
  const owned = new BufferSet();
  try {
    const partial = owned.add(gpu.createBuffer(4 * chunks * h, 'quantize.partialMax'));
    const scaleParams = owned.add(uniformWords(gpu, [rows, h, chunks, 0], 'quantize.scale.params'));
    const packParams = owned.add(uniformWords(gpu, [rows, h, m, words], 'quantize.pack.params'));
    const g1 = gpu.bindGroup(partialMax, [bufs.x, partial, scaleParams], 'quantize.partialMax');
    const g2 = gpu.bindGroup(scale, [partial, bufs.scale, scaleParams], 'quantize.scale');
    const g3 = gpu.bindGroup(pack, [bufs.x, bufs.scale, bufs.packed, packParams], 'quantize.pack');
    const w1 = deviceGrid(gpu, Math.ceil((chunks * h) / 64), `${what} (chunk maxima)`);
    const w2 = deviceGrid(gpu, Math.ceil(h / 64), `${what} (scales)`);
    const w3 = deviceGrid(gpu, Math.ceil(words / 64), `${what} (packing)`);
    return {
      encode: (pass) => {
        Gpu.encodeDispatch(pass, partialMax, g1, w1);
        Gpu.encodeDispatch(pass, scale, g2, w2);
        Gpu.encodeDispatch(pass, pack, g3, w3);
      },
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/** Records x̂ = dequantise(packed, scale) into out (or out += x̂ with accumulate). */
export async function planDequantize(
  gpu: Gpu,
  bufs: { packed: GPUBuffer; scale: GPUBuffer; out: GPUBuffer },
  shape: QuantizeShape,
  opts: { accumulate?: boolean } = {},
): Promise<KernelPlan> {
  assertQuantizeShape('dequantize', shape);
  const { rows, h, bits } = shape;
  const m = packedBytesPerRow(h, bits);
  const words = Math.ceil((rows * m) / 4);
  const what = `dequantize [${rows}, ${h}] from ${bits} bits`;
  for (const [name, b, need] of [
    ['packed', bufs.packed, 4 * words],
    ['scale', bufs.scale, 4 * h],
    ['out', bufs.out, 4 * rows * h],
  ] as const) {
    if (b.size < need) throw new UserInputError(`${what}: buffer ${name} has ${b.size} bytes, needs ${need}`);
  }
  const pipeline = await gpu.pipeline({
    name: 'compression/quantize.unpack',
    code: unpackShader,
    constants: { BITS: bits, ACCUMULATE: opts.accumulate ? 1 : 0 },
  });
  const wg = deviceGrid(gpu, Math.ceil((rows * h) / 64), what);
  const owned = new BufferSet();
  const params = owned.add(uniformWords(gpu, [rows, h, m, words], 'quantize.unpack.params'));
  const group = owned.guard(() =>
    gpu.bindGroup(pipeline, [bufs.packed, bufs.scale, bufs.out, params], 'quantize.unpack'),
  );
  return {
    encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg),
    destroy: () => owned.destroy(),
  };
}

export interface QuantizeRoundtripPlan extends KernelPlan {
  /** The packed codes (owned): what a peer would send. */
  packed: GPUBuffer;
  /** The per-channel scales [h] (owned). */
  scale: GPUBuffer;
}

/**
 * Quantise x and dequantise into out (out may be x itself: the packing has finished reading x
 * before the unpacking writes). With accumulate, out += x̂.
 */
export async function planQuantizeRoundtrip(
  gpu: Gpu,
  bufs: { x: GPUBuffer; out: GPUBuffer },
  shape: QuantizeShape,
  opts: { accumulate?: boolean } = {},
): Promise<QuantizeRoundtripPlan> {
  assertQuantizeShape('quantize roundtrip', shape);
  if (opts.accumulate && bufs.x === bufs.out)
    throw new UserInputError('quantize roundtrip: accumulate needs an output buffer other than x');
  const owned = new BufferSet();
  const plans: KernelPlan[] = [];
  try {
    const packed = owned.add(gpu.createBuffer(4 * Math.ceil(packedBytes(shape) / 4), 'quantize.packed'));
    const scale = owned.add(gpu.createBuffer(4 * shape.h, 'quantize.scale'));
    plans.push(await planQuantize(gpu, { x: bufs.x, packed, scale }, shape));
    plans.push(await planDequantize(gpu, { packed, scale, out: bufs.out }, shape, opts));
    return {
      packed,
      scale,
      encode: (pass) => {
        for (const p of plans) p.encode(pass);
      },
      destroy: () => {
        for (const p of plans) p.destroy();
        owned.destroy();
      },
    };
  } catch (e) {
    for (const p of plans) p.destroy();
    owned.destroy();
    throw e;
  }
}

export interface QuantizeRoundtripResult {
  /** x̂ [rows, h]. */
  xhat: Float32Array;
  /** Packed codes [rows, ceil(h / (8 / bits))]. */
  packed: Uint8Array;
  /** Per-channel scales [h]. */
  scale: Float32Array;
}

/** One-shot (x finite): uploads x [rows, h], quantises, dequantises, reads back x̂, the packed codes and the scales. */
export async function quantizeRoundtrip(
  gpu: Gpu,
  x: Float32Array,
  shape: QuantizeShape,
): Promise<QuantizeRoundtripResult> {
  assertQuantizeShape('quantize roundtrip', shape);
  if (x.length !== shape.rows * shape.h)
    throw new UserInputError(
      `quantize roundtrip: x has ${x.length} values, expected [${shape.rows}, ${shape.h}] = ${shape.rows * shape.h}`,
    );
  // A NaN or ±Inf would make its channel's scale NaN / Inf and every code of the channel garbage.
  assertFinite('quantize roundtrip', x);
  const owned = new BufferSet();
  try {
    const xb = owned.add(gpu.upload(x, 'quantize.x'));
    const out = owned.add(gpu.createBuffer(4 * x.length, 'quantize.xhat'));
    const plan = await planQuantizeRoundtrip(gpu, { x: xb, out }, shape);
    try {
      await gpu.run((pass) => plan.encode(pass));
      const bytes = packedBytes(shape);
      return {
        xhat: await gpu.readF32(out, x.length),
        packed: new Uint8Array(await gpu.read(plan.packed, 4 * Math.ceil(bytes / 4))).slice(0, bytes),
        scale: await gpu.readF32(plan.scale, shape.h),
      };
    } finally {
      plan.destroy();
    }
  } finally {
    owned.destroy();
  }
}
