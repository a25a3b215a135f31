import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { ndarray } from '../../data/ndarray';
import { compareArrays } from '../compare';
import { ATTENTION_TOLERANCE } from '../attention';
import { gatherRepresentativeK } from './chaiClusterMap';
import { chaiDecodeAttentionReference, decodeAttentionReference } from './decodeAttention.reference';
import { chaiDecodeAttentionKernel, decodeAttentionKernel } from './cli';
import { randomDecodeInputs } from './fixtures';
import { findKernel } from '../registry';

describe('decode-attention kernel-CLI entries', () => {
  const gpu = useNodeGpu();
  const s = { batch: 2, context: 9, heads: 3, headDim: 4 };
  const x = randomDecodeInputs(5, s);
  const q = ndarray('float32', [2, 3, 4], x.q);
  const k = ndarray('float32', [2, 9, 3, 4], x.k);
  const v = ndarray('float32', [2, 9, 3, 4], x.v);
  const map = Int32Array.of(0, 1, 0);
  const kRep = ndarray('float32', [2, 9, 2, 4], gatherRepresentativeK(x.k, s, [0, 1]));

  it('are registered for `npm run kernel`', () => {
    expect(findKernel('decode-attention')).toBe(decodeAttentionKernel);
    expect(findKernel('chai-decode-attention')).toBe(chaiDecodeAttentionKernel);
  });

  it('decode-attention: o [B, H, d] matches the reference; scale 0 means 1/sqrt(d)', async () => {
    const out = await decodeAttentionKernel.run(gpu(), { q, k, v }, { scale: 0 });
    expect(out.o!.shape).toEqual([2, 3, 4]);
    expect(
      compareArrays('cli', out.o!.data, decodeAttentionReference(x.q, x.k, x.v, s), ATTENTION_TOLERANCE).passed,
    ).toBe(true);
    const scaled = await decodeAttentionKernel.run(gpu(), { q, k, v }, { scale: 2 });
    expect(
      compareArrays('cli', scaled.o!.data, decodeAttentionReference(x.q, x.k, x.v, s, 2), ATTENTION_TOLERANCE).passed,
    ).toBe(true);
  });

  it("chai-decode-attention: k comes from k_rep's shape; output matches the CHAI reference", async () => {
    const out = await chaiDecodeAttentionKernel.run(
      gpu(),
      { q, k_rep: kRep, v, cluster_map: ndarray('int32', [3], map) },
      {},
    );
    const want = chaiDecodeAttentionReference(x.q, x.k, x.v, map, s);
    expect(compareArrays('cli', out.o!.data, want, ATTENTION_TOLERANCE).passed).toBe(true);
  });

  it('shape and map errors name what was expected', async () => {
    const run = chaiDecodeAttentionKernel.run.bind(chaiDecodeAttentionKernel, gpu());
    await expect(
      run({ q, k_rep: kRep, v, cluster_map: ndarray('int32', [3], Int32Array.of(0, 2, 1)) }, {}),
    ).rejects.toThrow(/cluster map\[1\] = 2 is not a cluster id in \[0, 2\)/);
    await expect(
      run({ q, k_rep: kRep, v, cluster_map: ndarray('int32', [2], Int32Array.of(0, 1)) }, {}),
    ).rejects.toThrow(/2 entries but there are H=3 heads/);
    await expect(
      run({ q, k_rep: kRep, v: ndarray('float32', [2, 8, 3, 4]), cluster_map: ndarray('int32', [3], map) }, {}),
    ).rejects.toThrow(/v has shape \[2, 8, 3, 4\], expected \[B, T, H, d\] = \[2, 9, 3, 4\]/);
    await expect(
      run({ q, k_rep: ndarray('float32', [2, 9, 2, 5]), v, cluster_map: ndarray('int32', [3], map) }, {}),
    ).rejects.toThrow(/k_rep has shape \[2, 9, 2, 5\]/);
    await expect(run({ q, k_rep: kRep, v, cluster_map: ndarray('float32', [3]) }, {})).rejects.toThrow(
      /cluster_map is float32, expected/,
    );
    await expect(decodeAttentionKernel.run(gpu(), { q, k: ndarray('float32', [2, 9, 2, 4]), v }, {})).rejects.toThrow(
      /k has 2 heads but q has H=3/,
    );
  });
});
