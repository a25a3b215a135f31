// Compressor cost and quality on this device, for the experiment's calibration:
// - timeCompressorOverhead: the encode + decode time of each method for an activation of
//   [batch · seq, hidden], as one peer's compress + the receiver's decompress (quantise + pack +
//   unpack; top-k / rand-k select + densify; AE encode + decode GEMMs). Plans and inputs are built
//   once; Gpu.time warms up, then times repeated passes with timestamp queries (or submit-to-done
//   wall clock) and one readback at the end: no readback inside the timed loop.
// - compressRoundtrip / reconstructionError: x̂ for a host tensor and its relative L2 error and
//   cosine similarity (f64), e.g. on real activations from the LLM engine.
import type { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import type { TimingResult } from '../../gpu/types';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';
import { fillUniform } from '../../data/pcg32';
import { assertCompressor, compressorLabel, payloadBytes, type CompressorSpec } from './compressor';
import { planQuantizeRoundtrip } from './quantize';
import { planSparsify } from './sparsify';
import { planDensify } from './densify';
import { planAutoencoderDecode, planAutoencoderEncode, xavierUniform } from './autoencoder';

export interface ActivationShape {
  batch: number;
  seq: number;
  hidden: number;
}

export interface CompressorOverhead {
  compressor: CompressorSpec;
  label: string;
  shape: ActivationShape;
  /** Encode + decode of one [batch · seq, hidden] tensor (measured). */
  timing: TimingResult;
  /** Bytes one peer would send, in the reference code's formats (computed). */
  payloadBytes: number;
  /** Bytes of the uncompressed fp16 tensor (computed). */
  fp16Bytes: number;
}

/** Records compress + decompress of x [rows, h] into out (owned buffers; the caller's x and out). */
async function planRoundtrip(
  gpu: Gpu,
  c: CompressorSpec,
  x: GPUBuffer,
  out: GPUBuffer,
  rows: number,
  h: number,
  owned: BufferSet,
  plans: KernelPlan[],
): Promise<void> {
  const keep = async (p: Promise<KernelPlan>) => plans.push(await p);
  switch (c.kind) {
    case 'none':
      throw new UserInputError("compressor overhead: 'none' has nothing to time");
    case 'quantize':
      await keep(planQuantizeRoundtrip(gpu, { x, out }, { rows, h, bits: c.bits }));
      return;
    case 'topk':
    case 'randk': {
      const values = owned.add(gpu.createBuffer(4 * c.k, 'overhead.values'));
      const indices = owned.add(gpu.createBuffer(4 * c.k, 'overhead.indices'));
      await keep(
        planSparsify(
          gpu,
          { x, values, indices },
          { n: rows * h, k: c.k },
          c.kind,
          c.kind === 'randk' ? (c.seed ?? 0) : 0,
        ),
      );
      await keep(planDensify(gpu, { peers: [{ values, indices, k: c.k }], out }, rows * h));
      return;
    }
    case 'ae': {
      const s = { T: rows, h, k: c.dim };
      const we = owned.add(gpu.upload(xavierUniform(c.dim, h, 1), 'overhead.we'));
      const wd = owned.add(gpu.upload(xavierUniform(h, c.dim, 2), 'overhead.wd'));
      const z = owned.add(gpu.createBuffer(4 * rows * c.dim, 'overhead.z'));
      await keep(planAutoencoderEncode(gpu, { y: x, we, z }, s));
      await keep(planAutoencoderDecode(gpu, { z, wd, out }, s));
      return;
    }
  }
}

function assertShape(s: ActivationShape): void {
  for (const k of ['batch', 'seq', 'hidden'] as const)
    if (!Number.isInteger(s[k]) || s[k] < 1)
      throw new UserInputError(`compressor overhead: ${k}=${s[k]} must be a positive integer`);
}

/**
 * Measured encode + decode time per compressor for a [batch · seq, hidden] activation (uniform
 * random values in [−1, 1]: the selection and packing costs do not depend on the values' spread).
 */
export async function timeCompressorOverhead(
  gpu: Gpu,
  shape: ActivationShape,
  compressors: CompressorSpec[],
  opts: { warmup?: number; reps?: number; signal?: AbortSignal } = {},
): Promise<CompressorOverhead[]> {
  assertShape(shape);
  const rows = shape.batch * shape.seq;
  const h = shape.hidden;
  for (const c of compressors) assertCompressor(`compressor overhead (${compressorLabel(c)})`, c, rows, h);
  const owned = new BufferSet();
  const results: CompressorOverhead[] = [];
  try {
    const x = owned.add(gpu.upload(fillUniform(7, rows * h), 'overhead.x'));
    const out = owned.add(gpu.createBuffer(4 * rows * h, 'overhead.out'));
    for (const c of compressors) {
      const plans: KernelPlan[] = [];
      const scratch = new BufferSet();
      try {
        await planRoundtrip(gpu, c, x, out, rows, h, scratch, plans);
        const timing = await gpu.time(
          (pass) => {
            for (const p of plans) p.encode(pass);
          },
          { warmup: opts.warmup ?? 3, reps: opts.reps ?? 10, signal: opts.signal },
        );
        results.push({
          compressor: c,
          label: compressorLabel(c),
          shape,
          timing,
          payloadBytes: payloadBytes(c, rows, h),
          fp16Bytes: 2 * rows * h,
        });
      } finally {
        for (const p of plans) p.destroy();
        scratch.destroy();
      }
    }
    return results;
  } finally {
    owned.destroy();
  }
}

/**
 * One-shot x̂ = decompress(compress(x)) for a host tensor [rows, h] (a single peer). The
 * autoencoder uses its Xavier initialisation (seed `c.seed`): an untrained AE, so its error is
 * the starting point, not what training reaches.
 */
export async function compressRoundtrip(
  gpu: Gpu,
  x: Float32Array,
  rows: number,
  h: number,
  c: CompressorSpec,
): Promise<Float32Array> {
  if (x.length !== rows * h)
    throw new UserInputError(`compress roundtrip: x has ${x.length} values, expected [${rows}, ${h}]`);
  assertCompressor('compress roundtrip', c, rows, h);
  if (c.kind === 'none') return Float32Array.from(x);
  const owned = new BufferSet();
  const plans: KernelPlan[] = [];
  try {
    const xb = owned.add(gpu.upload(x, 'roundtrip.x'));
    const out = owned.add(gpu.createBuffer(4 * x.length, 'roundtrip.out'));
    if (c.kind === 'ae') {
      const s = { T: rows, h, k: c.dim };
      const we = owned.add(gpu.upload(xavierUniform(c.dim, h, 2 * (c.seed ?? 0)), 'roundtrip.we'));
      const wd = owned.add(gpu.upload(xavierUniform(h, c.dim, 2 * (c.seed ?? 0) + 1), 'roundtrip.wd'));
      const z = owned.add(gpu.createBuffer(4 * rows * c.dim, 'roundtrip.z'));
      plans.push(await planAutoencoderEncode(gpu, { y: xb, we, z }, s));
      plans.push(await planAutoencoderDecode(gpu, { z, wd, out }, s));
    } else {
      await planRoundtrip(gpu, c, xb, out, rows, h, owned, plans);
    }
    await gpu.run((pass) => plans.forEach((p) => p.encode(pass)));
    return await gpu.readF32(out, x.length);
  } finally {
    for (const p of plans) p.destroy();
    owned.destroy();
  }
}

/** Relative L2 error ‖x − x̂‖ / ‖x‖ and cosine similarity, in f64 (0 and 1 for a zero x reproduced exactly). */
export function reconstructionError(
  x: ArrayLike<number>,
  xhat: ArrayLike<number>,
): { relativeL2: number; cosine: number } {
  if (x.length !== xhat.length) throw new UserInputError(`reconstruction error: ${x.length} vs ${xhat.length} values`);
  let [dd, xx, yy, xy] = [0, 0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = xhat[i]!;
    dd += (a - b) ** 2;
    xx += a * a;
    yy += b * b;
    xy += a * b;
  }
  return {
    relativeL2: xx === 0 ? (dd === 0 ? 0 : Infinity) : Math.sqrt(dd / xx),
    cosine: xx === 0 || yy === 0 ? (xx === yy ? 1 : 0) : xy / Math.sqrt(xx * yy),
  };
}
