import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { UserInputError } from '../../core';
import { embeddingBag } from './embeddingBag';
import { embeddingBagReference } from './embeddingBag.reference';
import { bagsOf, expectClose, FORWARD, uniform } from './fixtures';

describe('embeddingBag (GPU) vs the f64 reference', () => {
  const gpu = useNodeGpu();
  const cases = [
    { rows: 1, dim: 1, lengths: [1] },
    { rows: 7, dim: 3, lengths: [2, 0, 5, 1] }, // an empty bag, repeated ids likely
    { rows: 40, dim: 65, lengths: [3, 3, 3, 3, 3] }, // dim past one workgroup
    { rows: 300, dim: 5, lengths: Array.from({ length: 70 }, (_, i) => i % 4) }, // bags · dim > 64·n
  ];
  for (const { rows, dim, lengths } of cases) {
    it(`rows=${rows} dim=${dim} bags=${lengths.length}`, async () => {
      const table = uniform(rows * 7 + dim, rows * dim);
      const { ids, offsets } = bagsOf(rows + dim, lengths, rows);
      const got = await embeddingBag(gpu(), table, dim, ids, offsets);
      expectClose('out', got, embeddingBagReference(table, dim, ids, offsets), FORWARD);
    });
  }

  it('names the bad id or offset', async () => {
    const table = uniform(1, 12);
    await expect(embeddingBag(gpu(), table, 3, Int32Array.of(0, 4), Int32Array.of(0, 2))).rejects.toThrow(
      'embeddingBag: id 4 at position 1 is outside [0, 4)',
    );
    await expect(embeddingBag(gpu(), table, 3, Int32Array.of(0, 1), Int32Array.of(0, 2, 1))).rejects.toThrow(
      'offsets[2] = 1 is below offsets[1] = 2',
    );
    await expect(embeddingBag(gpu(), table, 3, Int32Array.of(0), Int32Array.of(0, 2))).rejects.toThrow(UserInputError);
  });
});
