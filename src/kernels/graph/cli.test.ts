import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { ndarray } from '../../data/ndarray';
import { csrFromEdges } from '../../data/graphs/csr';
import { UserInputError } from '../../core';
import { findKernel } from '../registry';
import { spmmReference } from './spmm.reference';
import { sampleNeighborsReference } from './sampleNeighbors.reference';

const g = csrFromEdges([0, 0, 1, 2, 2, 2], [1, 2, 1, 0, 0, 1], 4); // self-loop, duplicate, isolated node 3
const csrInputs = () => ({ indptr: ndarray('int32', [5], g.indptr), indices: ndarray('int32', [6], g.indices) });

describe('graph kernel CLI entries', () => {
  const gpu = useNodeGpu();

  it('spmm-mean and spmm-sum are registered and match the reference', async () => {
    const x = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    for (const mode of ['mean', 'sum'] as const) {
      const out = await findKernel(`spmm-${mode}`)!.run(
        gpu(),
        { ...csrInputs(), x: ndarray('float32', [4, 2], x) },
        {},
      );
      expect(out.out!.shape).toEqual([4, 2]);
      expect(Array.from(out.out!.data)).toEqual(Array.from(spmmReference(g, x, 2, mode)));
    }
  });

  it('sample-neighbors returns [S, fanout] padded with −1, equal to the reference', async () => {
    const seeds = Int32Array.of(2, 3, 0);
    const out = await findKernel('sample-neighbors')!.run(
      gpu(),
      { ...csrInputs(), seeds: ndarray('int32', [3], seeds) },
      { fanout: 2, seed: 4 },
    );
    const want = sampleNeighborsReference(g, seeds, 2, 4);
    expect(out.neighbors!.shape).toEqual([3, 2]);
    expect(Array.from(out.neighbors!.data)).toEqual(Array.from(want.neighbors));
    expect(Array.from(out.counts!.data)).toEqual([2, 0, 2]);
  });

  it('bad CSR and feature shapes give messages naming the problem', async () => {
    const spmm = findKernel('spmm-sum')!;
    const x = ndarray('float32', [4, 2]);
    const bad = (indptr: number[], indices: number[], xx = x) =>
      spmm.run(
        gpu(),
        {
          indptr: ndarray('int32', [indptr.length], Int32Array.from(indptr)),
          indices: ndarray('int32', [indices.length], Int32Array.from(indices)),
          x: xx,
        },
        {},
      );
    await expect(bad([0, 1, 2, 2, 2], [1, 9])).rejects.toThrow(/indices\[1\] = 9 is beyond the node count 4/);
    await expect(bad([0, 2, 1, 2, 2], [1, 1])).rejects.toThrow(/indptr decreases at row 1/);
    await expect(bad([0, 1, 2, 2, 3], [1, 1])).rejects.toThrow(/indptr\[4\] = 3 but indices has 2 entries/);
    await expect(bad([0, 1, 2, 2, 2], [1, 1], ndarray('float32', [3, 2]))).rejects.toThrow(
      /x has 3 rows but the CSR has n = 4 nodes/,
    );
    await expect(bad([0, 1, 2, 2, 2], [1, 1])).resolves.toBeDefined();
    await expect(
      findKernel('sample-neighbors')!.run(
        gpu(),
        { ...csrInputs(), seeds: ndarray('int32', [1], Int32Array.of(4)) },
        { fanout: 2, seed: 0 },
      ),
    ).rejects.toThrow(UserInputError);
  });
});
