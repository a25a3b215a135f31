import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { ndarray, type NdArray } from '../../data/ndarray';
import { UserInputError } from '../../core';
import { attentionReference } from './flashAttention.reference';
import { compareAttention } from './attentionCheck';
import { attentionKernel, attentionMaskedKernel } from './cli';
import { lvXAttnKernel, ringAttentionKernel } from '../ring/cli';
import { findKernel } from '../registry';

function tensor(seed: number, shape: number[]): NdArray {
  const rng = createRng(seed);
  const a = ndarray('float32', shape);
  for (let i = 0; i < a.data.length; i++) a.data[i] = rng.uniform(-1, 1);
  return a;
}

describe('attention kernel-CLI entries', () => {
  const gpu = useNodeGpu();
  const q = tensor(1, [6, 4, 8]);
  const k = tensor(2, [11, 2, 8]);
  const v = tensor(3, [11, 2, 8]);
  const shape = { sQ: 6, sKV: 11, heads: 4, kvHeads: 2, headDim: 8 };
  const qkv = (x: NdArray) => x.data as Float32Array;

  it('are registered for `npm run kernel`', () => {
    for (const name of ['attention', 'attention-masked', 'lv-xattn', 'ring-attention'])
      expect(findKernel(name)?.name).toBe(name);
  });

  it('attention: o [S_Q,h,d] and lse [S_Q,h]; scale 0 means 1/sqrt(d)', async () => {
    const out = await attentionKernel.run(gpu(), { q, k, v }, { scale: 0 });
    expect(out.o!.shape).toEqual([6, 4, 8]);
    expect(out.lse!.shape).toEqual([6, 4]);
    const want = attentionReference(qkv(q), qkv(k), qkv(v), shape);
    for (const c of compareAttention('cli', { o: out.o!.data, lse: out.lse!.data }, want)) expect(c.passed).toBe(true);
    const scaled = await attentionKernel.run(gpu(), { q, k, v }, { scale: 0.5 });
    const want2 = attentionReference(qkv(q), qkv(k), qkv(v), shape, { scale: 0.5 });
    for (const c of compareAttention('cli', { o: scaled.o!.data, lse: scaled.lse!.data }, want2))
      expect(c.passed).toBe(true);
  });

  it('attention-masked takes an int32 mask [S_KV]', async () => {
    const mask = ndarray(
      'int32',
      [11],
      Int32Array.from({ length: 11 }, (_, j) => j % 2),
    );
    const out = await attentionMaskedKernel.run(gpu(), { q, k, v, mask }, {});
    const want = attentionReference(qkv(q), qkv(k), qkv(v), shape, { mask: mask.data as Int32Array });
    for (const c of compareAttention('masked', { o: out.o!.data, lse: out.lse!.data }, want))
      expect(c.passed).toBe(true);
    await expect(attentionMaskedKernel.run(gpu(), { q, k, v, mask: ndarray('int32', [10]) }, {})).rejects.toThrow(
      /mask has 10 entries, expected \[S_KV\] = \[11\]/,
    );
  });

  it('lv-xattn and ring-attention take `devices` and match the reference', async () => {
    const want = attentionReference(qkv(q), qkv(k), qkv(v), shape);
    for (const entry of [lvXAttnKernel, ringAttentionKernel]) {
      const out = await entry.run(gpu(), { q, k, v }, { devices: 4 });
      for (const c of compareAttention(entry.name, { o: out.o!.data, lse: out.lse!.data }, want))
        expect(c.passed).toBe(true);
    }
    await expect(lvXAttnKernel.run(gpu(), { q, k, v }, { devices: 0 })).rejects.toThrow(
      /devices=0 must be an integer in \[1, 64\]/,
    );
  });

  it('shape errors name the expected shapes', async () => {
    const k3 = tensor(4, [11, 3, 8]);
    await expect(attentionKernel.run(gpu(), { q, k: k3, v: k3 }, {})).rejects.toThrow(
      /k has 3 heads but h=4 is not a multiple of h_kv=3/,
    );
    await expect(attentionKernel.run(gpu(), { q, k: tensor(5, [11, 2, 7]), v }, {})).rejects.toThrow(
      /expected k \[S_KV, h_kv, 8\]/,
    );
    await expect(attentionKernel.run(gpu(), { q, k, v: tensor(6, [10, 2, 8]) }, {})).rejects.toThrow(
      /v has shape \[10, 2, 8\], expected the same as k \[11, 2, 8\]/,
    );
    await expect(attentionKernel.run(gpu(), { q: tensor(7, [6, 32]), k, v }, {})).rejects.toThrow(UserInputError);
    await expect(attentionKernel.run(gpu(), { q: tensor(7, [6, 32]), k, v }, {})).rejects.toThrow(
      /expected q float32 \[S_Q, h, d\]/,
    );
  });
});
