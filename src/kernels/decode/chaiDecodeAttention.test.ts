import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { UserInputError } from '../../core';
import { compareArrays } from '../compare';
import { ATTENTION_TOLERANCE } from '../attention';
import { gatherRepresentativeK, validateClusterMap } from './chaiClusterMap';
import { chaiDecodeAttention } from './chaiDecodeAttention';
import { decodeAttention, type DecodeShape } from './decodeAttention';
import { chaiDecodeAttentionReference, decodeAttentionReference } from './decodeAttention.reference';
import { randomDecodeInputs as decodeInputs } from './fixtures';

const shape = (batch: number, context: number, heads: number, headDim: number): DecodeShape => ({
  batch,
  context,
  heads,
  headDim,
});
const clustersIn = (map: number[]) => new Set(map).size;

/** Runs CHAI on the representatives' K gathered from a full K cache, and its CPU reference. */
async function runChai(gpu: Parameters<typeof chaiDecodeAttention>[0], s: DecodeShape, map: number[], seed: number) {
  const { q, k, v } = decodeInputs(seed, s);
  const clusters = clustersIn(map);
  const { representatives } = validateClusterMap(map, s.heads, clusters);
  const kRep = gatherRepresentativeK(k, s, representatives);
  const got = await chaiDecodeAttention(gpu, { q, kRep, v, clusterMap: map, clusters }, s);
  return { q, k, v, kRep, got, want: chaiDecodeAttentionReference(q, k, v, map, s) };
}

describe('CHAI clustered decode attention vs f64 CPU reference', () => {
  const gpu = useNodeGpu();
  const cases: [string, DecodeShape, number[]][] = [
    ['one big cluster (k = 1)', shape(1, 50, 6, 8), [0, 0, 0, 0, 0, 0]],
    ['mixed clusters, non-contiguous members', shape(1, 70, 6, 16), [0, 1, 0, 2, 1, 0]],
    ['singletons in a shuffled order (k = H)', shape(1, 33, 4, 8), [2, 0, 3, 1]],
    ['T = 1', shape(1, 1, 5, 8), [0, 0, 1, 1, 0]],
    ['T = 300 (partial score tile, two P·V chunks)', shape(1, 300, 3, 8), [0, 1, 1]],
    ['d = 5, batch 3', shape(3, 37, 4, 5), [0, 1, 1, 0]],
    ['d = 128', shape(1, 40, 3, 128), [0, 0, 1]],
  ];
  for (const [name, s, map] of cases) {
    it(name, async () => {
      const { got, want } = await runChai(gpu(), s, map, s.context + s.headDim);
      const check = compareArrays(name, got, want, ATTENTION_TOLERANCE);
      expect(check.passed, `${check.detail} (max abs ${check.maxAbsError}, tol ${check.tolerance})`).toBe(true);
    });
  }

  it('k = H with the identity map equals the baseline bit for bit', async () => {
    const s = shape(3, 81, 4, 5);
    const { q, k, v } = decodeInputs(11, s);
    const base = await decodeAttention(gpu(), q, k, v, s);
    const chai = await chaiDecodeAttention(gpu(), { q, kRep: k, v, clusterMap: [0, 1, 2, 3], clusters: 4 }, s);
    expect(chai).toEqual(base);
  });

  it('k = H with a permuted map (K re-ordered to match) also equals the baseline bit for bit', async () => {
    const s = shape(2, 45, 4, 8);
    const map = [3, 1, 0, 2];
    const { q, k, v, got } = await runChai(gpu(), s, map, 12);
    expect(got).toEqual(await decodeAttention(gpu(), q, k, v, s));
  });

  it('clustered output differs from the baseline when heads differ, and each head keeps its own V', async () => {
    const s = shape(1, 30, 4, 8);
    const map = [0, 0, 1, 1];
    const { q, k, v, got } = await runChai(gpu(), s, map, 13);
    const base = decodeAttentionReference(q, k, v, s);
    // Head 0 is its cluster's representative: its output is the baseline's.
    const d = s.headDim;
    expect(compareArrays('rep head', got.subarray(0, d), base.subarray(0, d), ATTENTION_TOLERANCE).passed).toBe(true);
    // Head 1 borrows head 0's scores: no longer the baseline, and not head 0's output either.
    expect(
      compareArrays('member head', got.subarray(d, 2 * d), base.subarray(d, 2 * d), ATTENTION_TOLERANCE).passed,
    ).toBe(false);
    expect(compareArrays('own V', got.subarray(d, 2 * d), got.subarray(0, d), ATTENTION_TOLERANCE).passed).toBe(false);
  });

  it('the reference reads the full K cache itself, so a wrong gather on the GPU side is caught', async () => {
    const s = shape(2, 23, 5, 8);
    const map = [0, 1, 0, 1, 2];
    const { q, k, v } = decodeInputs(21, s);
    const want = chaiDecodeAttentionReference(q, k, v, map, s);
    const right = gatherRepresentativeK(k, s, [0, 1, 4]);
    const ok = await chaiDecodeAttention(gpu(), { q, kRep: right, v, clusterMap: map, clusters: 3 }, s);
    expect(compareArrays('right gather', ok, want, ATTENTION_TOLERANCE).passed).toBe(true);
    // Simulated bugs: the highest-index member instead of the lowest, and clusters' K swapped.
    for (const wrongHeads of [
      [2, 3, 4],
      [1, 0, 4],
    ]) {
      const wrong = gatherRepresentativeK(k, s, wrongHeads);
      const got = await chaiDecodeAttention(gpu(), { q, kRep: wrong, v, clusterMap: map, clusters: 3 }, s);
      expect(
        compareArrays(`wrong gather ${wrongHeads}`, got, want, ATTENTION_TOLERANCE).passed,
        String(wrongHeads),
      ).toBe(false);
    }
  });

  it('bad cluster maps and k give errors naming the problem', async () => {
    const s = shape(1, 2, 3, 4);
    const { q, k, v } = decodeInputs(1, s);
    const run = (clusterMap: number[], clusters: number, kRep: Float32Array = k.slice(0, 2 * clusters * 4)) =>
      chaiDecodeAttention(gpu(), { q, kRep, v, clusterMap, clusters }, s);
    await expect(run([0, 1], 2)).rejects.toThrow(/cluster map has 2 entries but there are H=3 heads/);
    await expect(run([0, 1, 2], 2)).rejects.toThrow(/cluster map\[2\] = 2 is not a cluster id in \[0, 2\)/);
    await expect(run([0, -1, 1], 2)).rejects.toThrow(/map\[1\] = -1/);
    await expect(run([0, 0.5, 1], 2)).rejects.toThrow(/map\[1\] = 0.5/);
    await expect(run([0, 0, 2], 3)).rejects.toThrow(/cluster 1 has no heads/);
    await expect(run([0, 1, 2], 4, new Float32Array(2 * 4 * 4))).rejects.toThrow(/k=4 exceeds the number of heads H=3/);
    await expect(run([0, 0, 0], 0, new Float32Array(0))).rejects.toThrow(/k=0 must be an integer ≥ 1/);
    await expect(run([0, 1, 1], 2, new Float32Array(7))).rejects.toThrow(/k_rep has 7 values, expected \[B, T, k, d\]/);
    await expect(run([0, 1, 1], 2)).resolves.toHaveLength(12);
    await expect(run([0, 1, 1], 2, k)).rejects.toThrow(UserInputError);
  });
});
