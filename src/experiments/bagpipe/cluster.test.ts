// The cluster model's arithmetic: the dense models' sizes, what each policy waits for, and the
// bounds an iteration can hit (critical path, background transfers, the Oracle Cacher).
import { describe, expect, it } from 'vitest';
import { computeMs, iterationOf, torchRecIteration, type ClusterSpec } from './cluster';
import { denseModel } from './denseModels';
import { emptyCounts, type PolicyCounts, type PolicyKey } from './policyTypes';

const spec = (over: Partial<ClusterSpec> = {}): ClusterSpec => ({
  trainers: 8,
  examplesPerBatch: 16384,
  tables: 26,
  totalRows: 33_762_577,
  embDim: 48,
  model: denseModel('dlrm', 26, 48),
  computeEfficiency: 0.4,
  stepOverheadMs: 2,
  trainerLink: { id: 't', name: 't', bandwidthGBs: 1.25, latencyUs: 50 },
  serverLink: { id: 's', name: 's', bandwidthGBs: 3.125, latencyUs: 0 },
  rpcMs: 1,
  overlapDense: false,
  cacherIdsPerSecond: 1e7,
  ...over,
});

const counts = (key: PolicyKey, c: Partial<PolicyCounts>): PolicyCounts => ({
  ...emptyCounts(key, key),
  batches: 1,
  ...c,
});

describe('Bagpipe cluster model', () => {
  it('DLRM as in the artifact: 2 962 289 dense parameters, 2 974 800 multiply-adds per example', () => {
    const m = denseModel('dlrm', 26, 48);
    expect(m.params).toBe(2_962_289);
    expect(m.macsPerExample).toBe(2_974_800);
    // 6 × MACs × 2048 examples at 0.4 × 15.7 TFLOP/s, plus 2 ms.
    expect(computeMs(spec())).toBeCloseTo((6 * 2_974_800 * 2048) / (0.4 * 15.7e9) + 2, 6);
  });

  it('lookahead 1 waits for every fetch, write-back and all-reduce; one trainer has nothing to all-reduce', () => {
    const c = counts('la1', { misses: 1000, fetchedRows: 8000, writtenBackRows: 1000, allReducedNow: 1000 });
    const it8 = iterationOf(spec(), c, 1);
    const row = 48 * 4;
    const fetch = 1 + Math.max((8000 * row) / 3.125e6, (1000 * row) / 1.25e6);
    const write = 1 + Math.max((1000 * row) / 3.125e6, (1000 * row) / 1.25e6); // one writer
    expect(it8.embeddingMs).toBeCloseTo(fetch + write, 9);
    const ar = (bytes: number) => 14 * (0.05 + bytes / 8 / 1.25e6);
    expect(it8.syncMs).toBeCloseTo(ar(4 * 2_962_289) + ar(1000 * row), 9);
    const one = iterationOf(spec({ trainers: 1 }), { ...c, fetchedRows: 1000 }, 1);
    expect(one.syncMs).toBe(0);
    expect(one.computeMs - 2).toBeCloseTo(8 * (it8.computeMs - 2), 9); // the whole batch on one GPU
  });

  it('Bagpipe waits only for compute and sync_now; sync_later hides behind compute; background and cacher can bound it', () => {
    const c = counts('oracle', {
      hits: 900,
      misses: 100,
      fetchedRows: 800,
      writtenBackRows: 100,
      allReducedNow: 300,
      allReducedLater: 500,
    });
    const s = spec();
    const it = iterationOf(s, c, 200);
    expect(it.embeddingMs).toBe(0);
    expect(it.bound).toBe('critical path');
    expect(it.iterationMs).toBeCloseTo(it.computeMs + it.syncMs, 9);
    const slowLinks = iterationOf(spec({ serverLink: { ...s.serverLink, bandwidthGBs: 1e-4 } }), c, 200);
    expect(slowLinks.bound).toBe('background transfers');
    const slowCacher = iterationOf(spec({ cacherIdsPerSecond: 1e3 }), c, 200);
    expect(slowCacher.bound).toBe('Oracle Cacher bookkeeping');
    expect(slowCacher.iterationMs).toBeCloseTo(1000, 9); // 1000 ids at 1000 ids/s
    // Lookahead 1 turns Bagpipe into its own baseline.
    expect(iterationOf(s, c, 1).iterationMs).toBeCloseTo(iterationOf(s, { ...c, key: 'la1' }, 1).iterationMs, 9);
  });

  it('TorchRec-style sharding moves pooled embeddings, and says when the tables do not fit the GPUs', () => {
    const tr = torchRecIteration(spec());
    const bytes = 2048 * 26 * 48 * 4 * (7 / 8);
    expect(tr.embeddingMs).toBeCloseTo(2 * (7 * 0.05 + bytes / 1.25e6), 9);
    expect(tr.fits).toBe(true);
    expect(torchRecIteration(spec({ trainers: 1, embDim: 512 })).fits).toBe(false);
  });
});
