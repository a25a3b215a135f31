import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { embeddingBagReference } from './embeddingBag.reference';
import { embeddingBagBackward, groupBagEntries } from './embeddingBagBackward';
import { embeddingBagBackwardReference } from './embeddingBagBackward.reference';
import { BACKWARD, bagsOf, expectClose, uniform } from './fixtures';

describe('embeddingBag backward reference', () => {
  it('matches finite differences of L = Σ out · g', () => {
    const [rows, dim] = [5, 2];
    const ids = [3, 1, 3, 4, 3];
    const offsets = [0, 2, 2, 5];
    const table = Array.from(uniform(1, rows * dim));
    const g = Array.from(uniform(2, 3 * dim));
    const loss = (t: number[]) => embeddingBagReference(t, dim, ids, offsets).reduce((s, y, i) => s + y * g[i]!, 0);
    const { rows: touched, grad } = embeddingBagBackwardReference(g, dim, ids, offsets);
    expect(touched).toEqual([1, 3, 4]);
    touched.forEach((r, k) => {
      for (let c = 0; c < dim; c++) {
        const plus = table.slice();
        const minus = table.slice();
        plus[r * dim + c] += 1e-6;
        minus[r * dim + c] -= 1e-6;
        expect(Math.abs(grad[k * dim + c]! - (loss(plus) - loss(minus)) / 2e-6)).toBeLessThan(1e-8);
      }
    });
  });

  it('groups entries by (row, position) with padded segments', () => {
    const g = groupBagEntries([3, 1, 3, 0], [0, 1, 4], 5);
    expect(Array.from(g.order)).toEqual([3, 1, 0, 2]);
    expect(Array.from(g.bagOf)).toEqual([0, 1, 1, 1]);
    expect(Array.from(g.rows)).toEqual([0, 1, 3]);
    expect(Array.from(g.segStart)).toEqual([0, 1, 2, 4, 4, 4]);
  });
});

describe('embeddingBag backward (GPU) vs the f64 reference', () => {
  const gpu = useNodeGpu();
  const cases = [
    { rows: 1, dim: 1, lengths: [1] },
    { rows: 4, dim: 3, lengths: [2, 0, 5, 1] },
    { rows: 3, dim: 66, lengths: [4, 4, 4] }, // heavy repeats, dim past 64 threads
    { rows: 500, dim: 7, lengths: Array.from({ length: 90 }, (_, i) => 1 + (i % 3)) },
  ];
  for (const { rows, dim, lengths } of cases) {
    it(`rows=${rows} dim=${dim} bags=${lengths.length}`, async () => {
      const { ids, offsets } = bagsOf(rows * 3 + dim, lengths, rows);
      const dOut = uniform(dim + 17, lengths.length * dim);
      const got = await embeddingBagBackward(gpu(), dOut, dim, ids, offsets, rows);
      const want = embeddingBagBackwardReference(dOut, dim, ids, offsets);
      expect(Array.from(got.rows)).toEqual(want.rows);
      expectClose('grad', got.grad, want.grad, BACKWARD);
    });
  }
});
