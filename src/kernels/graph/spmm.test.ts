import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { csrFromEdges, transposeCsr } from '../../data/graphs/csr';
import { spmm } from './spmm';
import { spmmReference } from './spmm.reference';
import { compareArrays } from '../compare';
import { awkwardGraph, HUB_DEGREE, smallAwkwardGraph } from './fixtures';
import { UserInputError } from '../../core';

const features = (n: number, d: number, seed: number) => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * d }, () => rng.uniform(-1, 1));
};
const TOL = { atol: 1e-5, rtol: 1e-5 };

describe('CSR SpMM kernel vs CPU reference', () => {
  const gpu = useNodeGpu();
  const big = awkwardGraph();

  for (const mode of ['sum', 'mean'] as const) {
    it(`${mode}: hub of degree 10^4, self-loop, duplicate edge, isolated rows (d = 3)`, async () => {
      const x = features(big.numNodes, 3, 1);
      const got = await spmm(gpu(), big, x, 3, mode);
      const want = spmmReference(big, x, 3, mode);
      const check = compareArrays(`spmm-${mode}`, got, want, { atol: 1e-4, rtol: 1e-5 });
      expect(check.passed, check.detail).toBe(true);
      // Isolated rows aggregate to exactly 0; the hub row is really 10^4 terms.
      for (let c = 0; c < 3; c++) expect(got[(big.numNodes - 1) * 3 + c]).toBe(0);
      expect(big.indptr[1]! - big.indptr[0]!).toBe(HUB_DEGREE);
    });
  }

  it('mean: node 1 (self-loop + duplicate edge) averages its 4 entries', async () => {
    const g = csrFromEdges([1, 1, 1, 1, 0], [1, 2, 2, 3, 3], 4);
    const x = Float32Array.of(10, 1, 2, 4);
    const got = await spmm(gpu(), g, x, 1, 'mean');
    expect(Array.from(got)).toEqual([4, (1 + 2 + 2 + 4) / 4, 0, 0]);
  });

  it('weighted: transposed mean equals the reference (backward of mean aggregation)', async () => {
    const g = smallAwkwardGraph();
    const { graph: t, edgeOf } = transposeCsr(g);
    const w = Float32Array.from(edgeOf, (e) => {
      let row = 0;
      while (g.indptr[row + 1]! <= e) row++;
      return 1 / (g.indptr[row + 1]! - g.indptr[row]!);
    });
    const x = features(g.numNodes, 5, 3);
    const got = await spmm(gpu(), t, x, 5, 'weighted', w);
    const check = compareArrays('spmm-weighted', got, spmmReference(t, x, 5, 'weighted', w), TOL);
    expect(check.passed, check.detail).toBe(true);
  });

  it('wide features (d = 70, not a multiple of the 64-wide workgroup) and a one-node graph', async () => {
    const g = smallAwkwardGraph(90);
    const x = features(90, 70, 4);
    expect(
      compareArrays('wide', await spmm(gpu(), g, x, 70, 'mean'), spmmReference(g, x, 70, 'mean'), TOL).passed,
    ).toBe(true);
    const one = csrFromEdges([0], [0], 1);
    expect(Array.from(await spmm(gpu(), one, Float32Array.of(3, -2), 2, 'sum'))).toEqual([3, -2]);
  });

  it('the comparison can fail: a perturbed result is caught', async () => {
    const g = smallAwkwardGraph(60);
    const x = features(60, 2, 5);
    const got = await spmm(gpu(), g, x, 2, 'sum');
    got[7]! += 1e-3;
    expect(compareArrays('x', got, spmmReference(g, x, 2, 'sum'), TOL).passed).toBe(false);
  });

  it('rejects features of the wrong size with a message naming the expected shape', async () => {
    const g = smallAwkwardGraph(20);
    await expect(spmm(gpu(), g, new Float32Array(21 * 2), 2, 'sum')).rejects.toThrow(UserInputError);
    await expect(spmm(gpu(), g, new Float32Array(21 * 2), 2, 'sum')).rejects.toThrow(/expected \[n, d\] = \[20, 2\]/);
  });
});
