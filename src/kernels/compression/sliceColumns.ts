// A block of columns of a row-major matrix, made contiguous on the GPU (sliceColumns.wgsl):
// out [rows, width] = x[:, c0 : c0 + width]. The tensor-parallel simulation uses it to give each
// partition its slice of a row-parallel projection's input [T, K] and weight [N, K] (recorded every
// step, since the weight changes), so the llm linear kernel multiplies contiguous blocks.
import shader from '../../shaders/compression/sliceColumns.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';

export interface SliceShape {
  rows: number;
  cols: number;
  c0: number;
  width: number;
}

function check(s: SliceShape): void {
  for (const k of ['rows', 'cols', 'width'] as const)
    if (!Number.isInteger(s[k]) || s[k] < 1) throw new UserInputError(`slice columns: ${k}=${s[k]} must be ≥ 1`);
  if (!Number.isInteger(s.c0) || s.c0 < 0 || s.c0 + s.width > s.cols)
    throw new UserInputError(`slice columns: columns [${s.c0}, ${s.c0 + s.width}) are outside [0, ${s.cols})`);
}

export async function planSliceColumns(
  gpu: Gpu,
  bufs: { x: GPUBuffer; out: GPUBuffer },
  s: SliceShape,
): Promise<KernelPlan> {
  check(s);
  if (bufs.x.size < 4 * s.rows * s.cols || bufs.out.size < 4 * s.rows * s.width)
    throw new UserInputError(`slice columns [${s.rows}, ${s.cols}] → [${s.rows}, ${s.width}]: a buffer is too small`);
  const pipeline = await gpu.pipeline({ name: 'compression/sliceColumns', code: shader });
  const owned = new BufferSet();
  const params = owned.add(uniformWords(gpu, [s.rows, s.cols, s.c0, s.width], 'sliceColumns.params'));
  const group = gpu.bindGroup(pipeline, [bufs.x, bufs.out, params], 'sliceColumns');
  const grid = deviceGrid(gpu, Math.ceil((s.rows * s.width) / 64), 'slice columns');
  return { encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, grid), destroy: () => owned.destroy() };
}

/** One-shot slice of a host matrix. */
export async function sliceColumns(gpu: Gpu, x: Float32Array, s: SliceShape): Promise<Float32Array> {
  check(s);
  if (x.length !== s.rows * s.cols)
    throw new UserInputError(`slice columns: x has ${x.length} values, expected [${s.rows}, ${s.cols}]`);
  const owned = new BufferSet();
  try {
    const xb = owned.add(gpu.upload(x, 'slice.x'));
    const out = owned.add(gpu.createBuffer(4 * s.rows * s.width, 'slice.out'));
    const plan = await planSliceColumns(gpu, { x: xb, out }, s);
    try {
      await gpu.run((pass) => plan.encode(pass));
    } finally {
      plan.destroy();
    }
    return await gpu.readF32(out, s.rows * s.width);
  } finally {
    owned.destroy();
  }
}

/** Contiguous column partitions of K into p parts, the first K mod p one wider (Megatron needs p | K). */
export function columnPartitions(K: number, p: number): { c0: number; width: number }[] {
  if (!Number.isInteger(p) || p < 1 || p > K)
    throw new UserInputError(`tensor parallel: ${p} partitions of ${K} columns; expected 1 ≤ p ≤ ${K}`);
  const base = Math.floor(K / p);
  const extra = K % p;
  const parts: { c0: number; width: number }[] = [];
  let c0 = 0;
  for (let j = 0; j < p; j++) {
    const width = base + (j < extra ? 1 : 0);
    parts.push({ c0, width });
    c0 += width;
  }
  return parts;
}
