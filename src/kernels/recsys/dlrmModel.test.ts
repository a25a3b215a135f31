// One small DLRM on the GPU against the f64 reference step, twice in a row (the second step sees
// the first step's updates), with multi-hot bags, repeated rows, SGD and Adagrad on the rows.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { DlrmModel, initDlrmParams, type DlrmBatch, type DlrmDims, type DlrmOptimizer } from './dlrmModel';
import { dlrmStepReference } from './dlrmModel.reference';
import { expectClose, uniform } from './fixtures';
import { BufferSet } from '../../gpu/resources';

const dims: DlrmDims = { B: 5, denseIn: 3, bottom: [4, 3], T: 2, dim: 3, top: [5, 1], tableRows: 6, maxNnz: 20 };

function batchOf(seed: number): DlrmBatch {
  const rng = createRng(seed);
  const lengths = Array.from({ length: dims.B * dims.T }, () => 1 + rng.int(2));
  const offsets = [0];
  for (const n of lengths) offsets.push(offsets.at(-1)! + n);
  return {
    dense: uniform(seed, dims.B * dims.denseIn),
    labels: Float32Array.from({ length: dims.B }, () => rng.int(2)),
    ids: Array.from({ length: offsets.at(-1)! }, () => rng.int(dims.tableRows)),
    offsets,
  };
}

describe('DLRM training step (GPU) vs the f64 reference', () => {
  const gpu = useNodeGpu();
  for (const rows of [
    { kind: 'sgd', lr: 0.2 },
    { kind: 'adagrad', lr: 0.1 },
  ] as const) {
    it(`two steps, ${rows.kind} on the rows`, async () => {
      const opt: DlrmOptimizer = { denseLr: 0.3, rows };
      let params = initDlrmParams(dims, createRng(4));
      let table = Array.from(uniform(9, dims.tableRows * dims.dim));
      let acc = new Array<number>(table.length).fill(0);
      const g = gpu();
      const tableBuf = g.upload(Float32Array.from(table), 'table');
      const accBuf = g.upload(new Float32Array(table.length), 'acc');
      const model = await DlrmModel.create(g, dims, params, opt, tableBuf, accBuf);
      try {
        for (const seed of [1, 2]) {
          const batch = batchOf(seed);
          const want = dlrmStepReference(dims, params, table, acc, batch, opt);
          const loss = await model.step(batch);
          expect(Math.abs(loss - want.loss)).toBeLessThan(1e-5);
          const got = await model.readParams();
          [...got.bottom, ...got.top].forEach((l, i) => {
            const w = [...want.params.bottom, ...want.params.top][i]!;
            expectClose(`layer ${i} w`, l.w, w.w, { atol: 1e-5, rtol: 1e-5 });
            expectClose(`layer ${i} b`, l.b, w.b, { atol: 1e-5, rtol: 1e-5 });
          });
          expectClose('table', await g.readF32(tableBuf, table.length), want.table, { atol: 1e-5, rtol: 1e-5 });
          expectClose('acc', await g.readF32(accBuf, table.length), want.acc, { atol: 1e-5, rtol: 1e-5 });
          params = {
            bottom: want.params.bottom.map((l) => ({ w: Float32Array.from(l.w), b: Float32Array.from(l.b) })),
            top: want.params.top.map((l) => ({ w: Float32Array.from(l.w), b: Float32Array.from(l.b) })),
          };
          table = Array.from(want.table);
          acc = Array.from(want.acc);
        }
      } finally {
        model.destroy();
        tableBuf.destroy();
        accBuf.destroy();
      }
    });
  }

  it('through a slot map: ids are logical rows, updates land in their slots (same as without)', async () => {
    // 6 table rows live in slots of a 9-slot cache of 11 logical rows; the model reads and updates
    // slot slotOf[row]. The result must equal the plain step on the rows gathered in slot order.
    const opt: DlrmOptimizer = { denseLr: 0.3, rows: { kind: 'adagrad', lr: 0.1 } };
    const params = initDlrmParams(dims, createRng(4));
    const plain = Array.from(uniform(9, dims.tableRows * dims.dim));
    const rowOfId = [3, 10, 0, 7, 5, 8]; // table row i is logical row rowOfId[i]
    const slotOfRow = new Int32Array(11).fill(-1);
    [4, 0, 8, 2, 6, 1].forEach((slot, i) => (slotOfRow[rowOfId[i]!] = slot));
    const slots = 9;
    const cache = new Float32Array(slots * dims.dim).fill(7); // unused slots must stay untouched
    rowOfId.forEach((x, i) => cache.set(plain.slice(i * dims.dim, (i + 1) * dims.dim), slotOfRow[x]! * dims.dim));
    const batch = batchOf(1);
    const want = dlrmStepReference(dims, params, plain, new Array<number>(plain.length).fill(0), batch, opt);
    const g = gpu();
    const owned = new BufferSet();
    const tableBuf = owned.add(g.upload(cache, 'table'));
    const accBuf = owned.add(g.upload(new Float32Array(cache.length), 'acc'));
    const slotOf = owned.add(g.upload(slotOfRow, 'slotOf'));
    const status = owned.add(g.upload(new Uint32Array(4), 'status'));
    const model = await DlrmModel.create(g, { ...dims, tableRows: slots }, params, opt, tableBuf, accBuf, {
      slotOf,
      rows: 11,
      status,
    });
    try {
      const loss = await model.step({ ...batch, ids: Array.from(batch.ids, (i) => rowOfId[i]!) });
      expect(Math.abs(loss - want.loss)).toBeLessThan(1e-5);
      const got = await g.readF32(tableBuf, cache.length);
      const wantCache = Float32Array.from(cache);
      rowOfId.forEach((x, i) =>
        wantCache.set(want.table.slice(i * dims.dim, (i + 1) * dims.dim), slotOfRow[x]! * dims.dim),
      );
      expectClose('cache', got, wantCache, { atol: 1e-5, rtol: 1e-5 });
      expect(new Uint32Array(await g.read(status, 4))[0]).toBe(0);
      // A row that is not cached is counted, not read out of bounds.
      await model.step({ ...batch, ids: Array.from(batch.ids, () => 1) });
      expect(new Uint32Array(await g.read(status, 4))[0]).toBe(batch.ids.length + 1);
    } finally {
      model.destroy();
      owned.destroy();
    }
  });
});
