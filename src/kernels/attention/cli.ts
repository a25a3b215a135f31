// Kernel-CLI entries for exact cross-attention on one device (with and without a key mask), and
// the q/k/v readers the ring family's entries share. The CLI requires every declared input, so
// the optional mask is a separate entry ('attention-masked') rather than an optional input.
import type { Gpu } from '../../gpu/gpu';
import { ndarray, type NdArray } from '../../data/ndarray';
import { UserInputError, type NumberParam, type ParamValues } from '../../core';
import { attention, defaultScale, type AttentionOutput, type AttentionShape } from './flashAttention';
import type { KernelEntry, TensorSpec } from '../types';

export const QKV: TensorSpec[] = [
  { name: 'q', dtype: 'float32', shape: ['S_Q', 'h', 'd'] },
  {
    name: 'k',
    dtype: 'float32',
    shape: ['S_KV', 'h_kv', 'd'],
    help: 'h_kv must divide h (GQA: head j uses kv head j / (h / h_kv))',
  },
  { name: 'v', dtype: 'float32', shape: ['S_KV', 'h_kv', 'd'] },
];
const MASK: TensorSpec = { name: 'mask', dtype: 'int32', shape: ['S_KV'], help: '1 = attend, 0 = masked' };
export const OUTPUTS: TensorSpec[] = [
  { name: 'o', dtype: 'float32', shape: ['S_Q', 'h', 'd'] },
  {
    name: 'lse',
    dtype: 'float32',
    shape: ['S_Q', 'h'],
    help: 'log-sum-exp of the scaled scores (natural log); -inf for rows with no attended key',
  },
];

export const SCALE: NumberParam = {
  key: 'scale',
  label: 'Softmax scale',
  kind: 'number',
  min: -1e6,
  max: 1e6,
  default: 0,
  help: 'multiplies q·k before the softmax; 0 means the default 1/sqrt(d)',
};
function tensor(inputs: Record<string, NdArray>, spec: TensorSpec): NdArray {
  const t = inputs[spec.name];
  const want = `${spec.name} ${spec.dtype} [${spec.shape.join(', ')}]`;
  if (!t) throw new UserInputError(`missing input ${want}`);
  if (t.dtype !== spec.dtype) throw new UserInputError(`${spec.name} is ${t.dtype}, expected ${want}`);
  if (t.shape.length !== spec.shape.length)
    throw new UserInputError(`${spec.name} has shape [${t.shape.join(', ')}], expected ${want}`);
  return t;
}

/** Reads q, k, v (and the mask) and checks that their shapes agree, naming the expected shapes. */
export function readAttentionInputs(name: string, inputs: Record<string, NdArray>, withMask: boolean) {
  const [q, k, v] = QKV.map((spec) => tensor(inputs, spec)) as [NdArray, NdArray, NdArray];
  const [sQ, heads, headDim] = q.shape as [number, number, number];
  const [sKV, kvHeads, kd] = k.shape as [number, number, number];
  if (kd !== headDim)
    throw new UserInputError(
      `${name}: k has head dim ${kd} but q has d=${headDim}; expected k [S_KV, h_kv, ${headDim}]`,
    );
  if (v.shape.join() !== k.shape.join()) {
    throw new UserInputError(
      `${name}: v has shape [${v.shape.join(', ')}], expected the same as k [${k.shape.join(', ')}]`,
    );
  }
  const shape: AttentionShape = { sQ, sKV, heads, kvHeads, headDim };
  let mask: Int32Array | undefined;
  if (withMask) {
    const m = tensor(inputs, MASK);
    if (m.shape[0] !== sKV)
      throw new UserInputError(`${name}: mask has ${m.shape[0]} entries, expected [S_KV] = [${sKV}]`);
    mask = m.data as Int32Array;
  }
  return { q: q.data as Float32Array, k: k.data as Float32Array, v: v.data as Float32Array, shape, mask };
}

export function scaleOf(settings: ParamValues, headDim: number): number {
  const s = Number(settings.scale ?? 0);
  return s === 0 ? defaultScale(headDim) : s;
}

export function attentionOutputs(shape: AttentionShape, r: AttentionOutput): Record<string, NdArray> {
  return {
    o: ndarray('float32', [shape.sQ, shape.heads, shape.headDim], r.o),
    lse: ndarray('float32', [shape.sQ, shape.heads], r.lse),
  };
}

function singleDevice(name: string, withMask: boolean): KernelEntry {
  return {
    name,
    summary: `exact cross-attention forward in f32 (flash-style online softmax, GQA${withMask ? ', key mask' : ''}); outputs O and LSE`,
    inputs: withMask ? [...QKV, MASK] : QKV,
    outputs: OUTPUTS,
    settings: [SCALE],
    async run(gpu: Gpu, inputs, settings) {
      const x = readAttentionInputs(name, inputs, withMask);
      const r = await attention(gpu, x.q, x.k, x.v, x.shape, {
        scale: scaleOf(settings, x.shape.headDim),
        mask: x.mask,
      });
      return attentionOutputs(x.shape, r);
    },
  };
}

export const attentionKernel = singleDevice('attention', false);
export const attentionMaskedKernel = singleDevice('attention-masked', true);
