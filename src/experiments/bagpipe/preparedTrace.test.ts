// Trace preparation (unique rows per batch, order-keeping compact ids, once flags, next uses,
// per-trainer shard counts) on both id maps, and FAE's replay rules worked through by hand.
import { describe, expect, it } from 'vitest';
import { NoCache } from './baselines';
import { FaeReplay, faeHotRows } from './fae';
import type { PolicyCounts, SteppedPolicy } from './policyTypes';
import { prepareTrace } from './preparedTrace';
import { fileSource, generatorSource } from './traceSources';

function fileOf(batches: number[][]) {
  const ids = Int32Array.from(batches.flat());
  const batchStart = new Int32Array(batches.length + 1);
  batches.forEach((b, i) => (batchStart[i + 1] = batchStart[i]! + b.length));
  return fileSource({ name: 'test', ids, batchStart });
}

const run = (p: SteppedPolicy, B: number): PolicyCounts => {
  p.advance(B);
  return p.finish();
};

describe('trace preparation', () => {
  for (const [name, big] of [
    ['direct id map', 0],
    ['hash id map (ids up to 2³¹ − 1)', 2_000_000_000],
  ] as const) {
    it(`${name}: unique sorted rows, once flags, next uses, shard counts`, () => {
      const id = (x: number) => big + x;
      const t = prepareTrace(fileOf([[id(9), id(3), id(9), id(5)], [id(5)], [id(3), id(7)]]), 2);
      // Dense ids keep the original order: 3 → 0, 5 → 1, 7 → 2, 9 → 3.
      expect(Array.from(t.originalIds)).toEqual([id(3), id(5), id(7), id(9)]);
      expect(Array.from(t.batchStart)).toEqual([0, 3, 4, 6]);
      expect(Array.from(t.rows)).toEqual([0, 1, 3, 1, 0, 2]);
      expect(Array.from(t.once)).toEqual([1, 1, 0, 1, 1, 1]);
      expect(Array.from(t.nextUse)).toEqual([2, 1, 3, 3, 3, 3]);
      // Shards of 2 trainers: [9, 3] + [9, 5] → 2 + 2; [] + [5] → 1; [3] + [7] → 2.
      expect(Array.from(t.shardUnique)).toEqual([4, 1, 2]);
      expect(Array.from(t.accessCount)).toEqual([2, 2, 1, 2]);
      expect([t.accesses, t.maxUnique, t.maxUniqueBatch, t.denseOf(id(7)), t.denseOf(id(8))]).toEqual([7, 3, 0, 2, -1]);
    });
  }
});

describe('FAE replay', () => {
  it('hot batches hit replicated rows; cold ones run like no cache; phase switches sync hot rows', () => {
    // Counts 1→3, 2→3, 3→1 of 7: at a 0.2 share rows 1 and 2 are hot. Lines: H, C (row 3 is cold), H, H.
    const src = fileOf([[1, 2], [1, 3], [1, 2], [2]]);
    const t = prepareTrace(src, 2);
    const c = run(new FaeReplay(t, src, 0.2, 100), src.numBatches);
    // Load 2 hot rows on 2 trainers (4); cold batch: shards [1] and [3] (2); cold→hot refresh of row 1
    // on 2 trainers (2) → 8 fetched. Written: hot→cold sync of rows 1, 2 (2), cold gradients (2),
    // final sync of the last hot phase (2) → 6.
    expect([c.hits, c.misses, c.fetchedRows, c.prefetchedRows, c.writtenBackRows, c.allReducedNow]).toEqual([
      5, 2, 8, 4, 6, 5,
    ]);
    expect([c.batches, c.peakRows]).toEqual([4, 2]);
  });

  it('keeps the most accessed rows when the hot set exceeds C, lower id first on ties', () => {
    const src = fileOf([[1, 2], [1], [3], [1, 2], [9]]);
    const t = prepareTrace(src);
    const hot = faeHotRows(t, src, 0.2, 1);
    expect([hot.count, hot.aboveThreshold, hot.capped]).toEqual([1, 2, true]);
    expect(hot.hot[t.denseOf(1)]).toBe(1);
    const tie = fileOf([[6], [5]]);
    const tt = prepareTrace(tie);
    expect(faeHotRows(tt, tie, 0, 1).hot[tt.denseOf(5)]).toBe(1);
  });

  it('on generated examples: all hot = every batch hits as generated; nothing hot = the no-cache baseline', () => {
    const src = generatorSource({
      name: 'g',
      tables: [5, 300, 40],
      exponent: 1.2,
      examplesPerBatch: 16,
      numBatches: 30,
      seed: 7,
    });
    const t = prepareTrace(src, 4);
    const all = run(new FaeReplay(t, src, 0, 1e9), src.numBatches);
    expect([all.hits, all.misses, all.batches]).toEqual([t.rows.length, 0, 30]);
    const none = run(new FaeReplay(t, src, 1, 1e9), src.numBatches);
    const base = run(new NoCache(t), t.numBatches);
    expect([none.hits, none.misses, none.fetchedRows, none.writtenBackRows]).toEqual([
      0,
      base.misses,
      base.fetchedRows,
      base.writtenBackRows,
    ]);
  });
});
