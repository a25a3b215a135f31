// Column slices on dawn.node against the CPU reference (rows 1, 7, 33; cols 5, 130; first, middle
// and last blocks), the partition rule, and refusals.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { columnPartitions, sliceColumns } from './sliceColumns';
import { sliceColumnsReference } from './sliceColumns.reference';

describe('sliceColumns', () => {
  const gpu = useNodeGpu();
  for (const [rows, cols, c0, width] of [
    [1, 5, 0, 5],
    [7, 130, 43, 44],
    [33, 130, 87, 43],
    [33, 5, 4, 1],
  ] as const) {
    it(`[${rows}, ${cols}] columns ${c0}..${c0 + width}`, async () => {
      const rng = createRng(rows + cols);
      const x = Float32Array.from({ length: rows * cols }, () => rng.uniform(-1, 1));
      const got = await sliceColumns(gpu(), x, { rows, cols, c0, width });
      expect(Array.from(got)).toEqual(Array.from(sliceColumnsReference(x, rows, cols, c0, width)));
    });
  }
  it('partitions K into p contiguous blocks, the first K mod p one wider', () => {
    expect(columnPartitions(10, 3)).toEqual([
      { c0: 0, width: 4 },
      { c0: 4, width: 3 },
      { c0: 7, width: 3 },
    ]);
    expect(() => columnPartitions(4, 5)).toThrow(/5 partitions of 4 columns/);
  });
  it('refuses a block outside the matrix', async () => {
    await expect(sliceColumns(gpu(), new Float32Array(10), { rows: 2, cols: 5, c0: 3, width: 3 })).rejects.toThrow(
      /columns \[3, 6\) are outside \[0, 5\)/,
    );
  });
});
