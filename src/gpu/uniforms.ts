// Uniform buffers from a list of 32-bit words, as the shaders' `Params` structs declare them:
// a plain number is a u32, `{ f32: x }` an f32. Sizes round up to 16 bytes (uniform alignment).
import type { Gpu } from './gpu';

export type UniformWord = number | { f32: number };

export function packUniform(words: UniformWord[]): ArrayBuffer {
  const buf = new ArrayBuffer(Math.max(16, Math.ceil(words.length / 4) * 16));
  const view = new DataView(buf);
  words.forEach((w, i) => {
    if (typeof w === 'number') view.setUint32(i * 4, w >>> 0, true);
    else view.setFloat32(i * 4, w.f32, true);
  });
  return buf;
}

/** packUniform of u32 words only. */
export const u32s = (...values: number[]): ArrayBuffer => packUniform(values);

/** A new uniform buffer holding `words`; the caller destroys it. */
export function uniformWords(gpu: Gpu, words: UniformWord[], label: string): GPUBuffer {
  return gpu.uniform(packUniform(words), label);
}
