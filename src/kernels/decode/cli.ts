// Kernel-CLI entries for decode attention: the baseline (`decode-attention`) and CHAI's clustered
// decode (`chai-decode-attention`), so numpy / PyTorch users can check both on their own tensors.
import type { Gpu } from '../../gpu/gpu';
import { ndarray, type NdArray } from '../../data/ndarray';
import { UserInputError, type NumberParam, type ParamValues } from '../../core';
import { chaiDecodeAttention } from './chaiDecodeAttention';
import { decodeAttention, type DecodeShape } from './decodeAttention';
import type { KernelEntry, TensorSpec } from '../types';

const Q: TensorSpec = { name: 'q', dtype: 'float32', shape: ['B', 'H', 'd'], help: 'one decode query per sequence' };
const K: TensorSpec = { name: 'k', dtype: 'float32', shape: ['B', 'T', 'H', 'd'] };
const V: TensorSpec = { name: 'v', dtype: 'float32', shape: ['B', 'T', 'H', 'd'], help: 'every head keeps its own V' };
const K_REP: TensorSpec = {
  name: 'k_rep',
  dtype: 'float32',
  shape: ['B', 'T', 'k', 'd'],
  help: 'K cache of the k cluster representatives only (cluster c at index c)',
};
const MAP: TensorSpec = {
  name: 'cluster_map',
  dtype: 'int32',
  shape: ['H'],
  help: 'cluster of each head, ids in [0, k), every id used; the representative is the lowest-index head of a cluster',
};
const O: TensorSpec = { name: 'o', dtype: 'float32', shape: ['B', 'H', 'd'] };

const SCALE: NumberParam = {
  key: 'scale',
  label: 'Softmax scale',
  kind: 'number',
  min: -1e6,
  max: 1e6,
  default: 0,
  help: 'multiplies q·k before the softmax; 0 means the default 1/sqrt(d)',
};

function tensor(kernel: string, inputs: Record<string, NdArray>, spec: TensorSpec): NdArray {
  const t = inputs[spec.name];
  const want = `${spec.name} ${spec.dtype} [${spec.shape.join(', ')}]`;
  if (!t) throw new UserInputError(`${kernel}: missing input ${want}`);
  if (t.dtype !== spec.dtype) throw new UserInputError(`${kernel}: ${spec.name} is ${t.dtype}, expected ${want}`);
  if (t.shape.length !== spec.shape.length)
    throw new UserInputError(`${kernel}: ${spec.name} has shape [${t.shape.join(', ')}], expected ${want}`);
  return t;
}

/** Shape from q and the K-like tensor; checks that every tensor agrees with it. */
function shapeOf(kernel: string, q: NdArray, kLike: NdArray, v: NdArray, kName: string): DecodeShape {
  const [batch, heads, headDim] = q.shape as [number, number, number];
  const [kb, context, , kd] = kLike.shape as [number, number, number, number];
  if (kb !== batch || kd !== headDim) {
    throw new UserInputError(
      `${kernel}: ${kName} has shape [${kLike.shape.join(', ')}] but q is [B=${batch}, H=${heads}, d=${headDim}]; expected ${kName} [${batch}, T, ·, ${headDim}]`,
    );
  }
  const wantV = [batch, context, heads, headDim];
  if (v.shape.join() !== wantV.join()) {
    throw new UserInputError(
      `${kernel}: v has shape [${v.shape.join(', ')}], expected [B, T, H, d] = [${wantV.join(', ')}]`,
    );
  }
  return { batch, context, heads, headDim };
}

function scaleOf(settings: ParamValues, headDim: number): number {
  const s = Number(settings.scale ?? 0);
  return s === 0 ? 1 / Math.sqrt(headDim) : s;
}

export const decodeAttentionKernel: KernelEntry = {
  name: 'decode-attention',
  summary: 'multi-head decode attention over a KV cache in f32 (one query token per sequence): the CHAI baseline',
  inputs: [Q, K, V],
  outputs: [O],
  settings: [SCALE],
  async run(gpu: Gpu, inputs, settings) {
    const name = 'decode-attention';
    const [q, k, v] = [Q, K, V].map((spec) => tensor(name, inputs, spec)) as [NdArray, NdArray, NdArray];
    const s = shapeOf(name, q, k, v, 'k');
    if (k.shape[2] !== s.heads)
      throw new UserInputError(
        `${name}: k has ${k.shape[2]} heads but q has H=${s.heads}; expected k [B, T, ${s.heads}, d]`,
      );
    const o = await decodeAttention(gpu, q.data as Float32Array, k.data as Float32Array, v.data as Float32Array, s, {
      scale: scaleOf(settings, s.headDim),
    });
    return { o: ndarray('float32', [s.batch, s.heads, s.headDim], o) };
  },
};

export const chaiDecodeAttentionKernel: KernelEntry = {
  name: 'chai-decode-attention',
  summary:
    "CHAI clustered decode attention in f32: scores once per cluster from the representatives' K, shared by the cluster's heads, each head's own V",
  inputs: [Q, K_REP, V, MAP],
  outputs: [O],
  settings: [SCALE],
  async run(gpu: Gpu, inputs, settings) {
    const name = 'chai-decode-attention';
    const [q, kRep, v, map] = [Q, K_REP, V, MAP].map((spec) => tensor(name, inputs, spec)) as [
      NdArray,
      NdArray,
      NdArray,
      NdArray,
    ];
    const s = shapeOf(name, q, kRep, v, 'k_rep');
    const o = await chaiDecodeAttention(
      gpu,
      {
        q: q.data as Float32Array,
        kRep: kRep.data as Float32Array,
        v: v.data as Float32Array,
        clusterMap: map.data,
        clusters: kRep.shape[2]!,
      },
      s,
      { scale: scaleOf(settings, s.headDim) },
    );
    return { o: ndarray('float32', [s.batch, s.heads, s.headDim], o) };
  },
};
