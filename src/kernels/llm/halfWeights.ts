// Packed-f16 weights: a matrix [rows, cols] stored as IEEE binary16 pairs in u32 words, unpacked
// with WGSL's core `unpack2x16float` inside the kernels that read it (the linear layer's tiled and
// decode paths, the embedding gather here), accumulating in f32. Half the weight bytes of f32 on
// every device, without the optional shader-f16 feature (SwiftShader has none).
// Layout: row r takes ceil(cols / 2) words; word j holds element 2j in its low 16 bits and 2j + 1
// in its high 16 bits; an odd row ends with a zero half, so every row starts on a word boundary
// (the kernels index rows by word, never straddle two rows in one word).
import shader from '../../shaders/llm/halfWeights.gather.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';
import { f16ToF32, f32ToF16 } from '../../data/safetensors';

/** Storage format of weight matrices: plain f32, or f16 pairs packed in u32 words. */
export type WeightFormat = 'f32' | 'f16';

/** Largest finite binary16 value. */
export const F16_MAX = 65504;
/** Smallest normal binary16 value; below it values keep fewer significant bits (subnormals). */
export const F16_MIN_NORMAL = 2 ** -14;
/** Unit roundoff of binary16 (11-bit significand): |round(w) − w| ≤ 2⁻¹¹·|w| for normal w. */
export const F16_UNIT_ROUNDOFF = 2 ** -11;

/** u32 words of one packed row of `cols` values. */
export const packedRowWords = (cols: number): number => Math.ceil(cols / 2);

/** Bytes of a packed [rows, cols] matrix. */
export const packedBytes = (rows: number, cols: number): number => 4 * rows * packedRowWords(cols);

export interface PackedF16 {
  words: Uint32Array;
  /** Values not exactly representable in f16 (rounded to nearest even). */
  rounded: number;
  /** Non-zero values below the normal range (stored as subnormals or zero: fewer bits kept). */
  tiny: number;
}

/**
 * Rounds [rows, cols] f32 values to f16 and packs them. Throws UserInputError naming `what` if a
 * finite value exceeds the f16 range (it would become infinity), so a model that needs f32 is
 * refused rather than silently broken.
 */
export function packF16Rows(data: Float32Array, rows: number, cols: number, what = 'matrix'): PackedF16 {
  if (data.length !== rows * cols)
    throw new UserInputError(`${what}: ${data.length} values, expected [${rows}, ${cols}] = ${rows * cols}`);
  const rw = packedRowWords(cols);
  const words = new Uint32Array(rows * rw);
  let rounded = 0;
  let tiny = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c]!;
      const h = f32ToF16(v);
      const back = f16ToF32(h);
      if (back !== v && !(Number.isNaN(v) && Number.isNaN(back))) {
        if (!Number.isFinite(back) && Number.isFinite(v)) {
          throw new UserInputError(
            `${what}: value ${v} at [${r}, ${c}] exceeds the f16 range (±${F16_MAX}); load these weights as f32`,
          );
        }
        rounded++;
      }
      if (v !== 0 && Math.abs(v) < F16_MIN_NORMAL) tiny++;
      const at = r * rw + (c >> 1);
      words[at] = (words[at]! | (c & 1 ? h << 16 : h)) >>> 0;
    }
  }
  return { words, rounded, tiny };
}

/** The f32 values of a packed [rows, cols] matrix (exact: every f16 is an f32). */
export function unpackF16Rows(words: Uint32Array, rows: number, cols: number): Float32Array {
  const rw = packedRowWords(cols);
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const w = words[r * rw + (c >> 1)]!;
      out[r * cols + c] = f16ToF32(c & 1 ? w >>> 16 : w & 0xffff);
    }
  }
  return out;
}

/** Invocations per workgroup of halfWeights.gather.wgsl. */
const GATHER_WORKGROUP = 64;

/**
 * Binds a gather of `rows` rows of width `cols` from a packed-f16 matrix x (resident) by ids
 * (resident i32 buffer, trusted: the caller validates token ids) into the f32 buffer out.
 */
export async function planGatherRowsF16(
  gpu: Gpu,
  bufs: { x: GPUBuffer; ids: GPUBuffer; out: GPUBuffer },
  shape: { rows: number; cols: number },
): Promise<KernelPlan> {
  const { rows, cols } = shape;
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1)
    throw new UserInputError(`gather (f16 rows): rows=${rows}, cols=${cols} must be positive integers`);
  if (bufs.out.size < rows * cols * 4 || bufs.ids.size < rows * 4 || bufs.x.size < 4 * packedRowWords(cols)) {
    throw new UserInputError(`gather (f16 rows): buffers too small for [${rows}, ${cols}]`);
  }
  const pipeline = await gpu.pipeline({ name: 'llm/halfWeights.gather', code: shader });
  const owned = new BufferSet();
  try {
    const params = owned.add(uniformWords(gpu, [rows, cols, 0, 0], 'gatherF16.params'));
    const group = gpu.bindGroup(pipeline, [bufs.x, bufs.ids, bufs.out, params], 'gatherF16');
    const wg = deviceGrid(gpu, Math.ceil((rows * cols) / GATHER_WORKGROUP), 'gather rows (f16)');
    return {
      encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg),
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/** One-shot gather: uploads the packed matrix and ids, runs, reads back [ids.length, cols]. */
export async function gatherRowsF16(
  gpu: Gpu,
  words: Uint32Array,
  nRows: number,
  cols: number,
  ids: Int32Array,
): Promise<Float32Array> {
  if (words.length !== nRows * packedRowWords(cols))
    throw new UserInputError(`gather (f16 rows): ${words.length} words, expected ${nRows * packedRowWords(cols)}`);
  for (const [i, id] of ids.entries())
    if (!Number.isInteger(id) || id < 0 || id >= nRows)
      throw new UserInputError(`gather (f16 rows): id ${id} at position ${i} is outside [0, ${nRows})`);
  const owned = new BufferSet();
  try {
    const x = owned.add(gpu.upload(words, 'gatherF16.x'));
    const idBuf = owned.add(gpu.upload(ids, 'gatherF16.ids'));
    const out = owned.add(gpu.createBuffer(ids.length * cols * 4, 'gatherF16.out'));
    const plan = await planGatherRowsF16(gpu, { x, ids: idBuf, out }, { rows: ids.length, cols });
    try {
      await gpu.run(plan.encode);
    } finally {
      plan.destroy();
    }
    return await gpu.readF32(out, ids.length * cols);
  } finally {
    owned.destroy();
  }
}
