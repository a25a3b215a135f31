import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { rowOptimizer, type RowOptimizerSettings } from './rowOptimizer';
import { rowOptimizerReference } from './rowOptimizer.reference';
import { BACKWARD, expectClose, uniform } from './fixtures';

describe('rowOptimizer (GPU) vs the f64 reference', () => {
  const gpu = useNodeGpu();
  const settings: RowOptimizerSettings[] = [
    { kind: 'sgd', lr: 0.3 },
    { kind: 'adagrad', lr: 0.1, eps: 1e-10 },
  ];
  for (const opt of settings) {
    for (const { tableRows, dim, rows } of [
      { tableRows: 1, dim: 1, rows: [0] },
      { tableRows: 9, dim: 5, rows: [7, 0, 3] },
      { tableRows: 30, dim: 67, rows: [29, 1, 2, 11, 5] },
    ]) {
      it(`${opt.kind}: tableRows=${tableRows} dim=${dim} rows [${rows}]`, async () => {
        const table = uniform(tableRows, tableRows * dim);
        const acc = uniform(dim, tableRows * dim, 0, 2);
        const grad = uniform(tableRows + dim, rows.length * dim);
        const got = await rowOptimizer(gpu(), table, acc, grad, Uint32Array.from(rows), dim, opt);
        const want = rowOptimizerReference(table, acc, grad, rows, dim, opt);
        expectClose('table', got.table, want.table, BACKWARD);
        expectClose('acc', got.acc, want.acc, BACKWARD);
        // Untouched rows are exactly as they were.
        for (let r = 0; r < tableRows; r++)
          if (!rows.includes(r))
            expect(got.table.subarray(r * dim, (r + 1) * dim)).toEqual(table.subarray(r * dim, (r + 1) * dim));
      });
    }
  }

  it('rejects repeated or out-of-range rows', async () => {
    const t = new Float32Array(6);
    await expect(
      rowOptimizer(gpu(), t, t, new Float32Array(4), Uint32Array.of(1, 1), 2, { kind: 'sgd', lr: 1 }),
    ).rejects.toThrow('row 1 appears twice');
    await expect(
      rowOptimizer(gpu(), t, t, new Float32Array(2), Uint32Array.of(3), 2, { kind: 'sgd', lr: 1 }),
    ).rejects.toThrow('row 3 is outside [0, 3)');
  });
});
