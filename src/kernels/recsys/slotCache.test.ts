// The GPU slot cache against its CPU model (slotCache.reference.ts), each operation from random
// slot tables on awkward slot counts (1, 255, 256, 257, 10 007: around the 256-wide scan block and
// past one level of block sums), with dims 1 and 3, then a multi-step sequence of all operations.
import { describe, expect, it, vi } from 'vitest';
import { refuseBindGroups, useNodeGpu } from '../../gpu/testing';
import { createRng, type Rng } from '../../data/pcg32';
import { BufferSet } from '../../gpu/resources';
import type { Gpu } from '../../gpu/gpu';
import { SlotCache, planSlotLookup } from './slotCache';
import {
  evictReference,
  insertReference,
  newSlotCacheModel,
  ttlUpdateReference,
  type SlotCacheModel,
} from './slotCache.reference';

/** A random slot table: about `fill` of the slots hold distinct rows with ttls in [0, 20). */
function randomModel(rng: Rng, rows: number, slots: number, dim: number, fill: number): SlotCacheModel {
  const m = newSlotCacheModel(rows, slots, dim);
  const perm = Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  let next = 0;
  for (let s = 0; s < slots; s++) {
    if (rng.uniform(0, 1) < fill && next < rows) {
      const x = perm[next++]!;
      m.slotRow[s] = x;
      m.slotTtl[s] = rng.int(20);
      m.slotOf[x] = s;
    }
  }
  for (let i = 0; i < m.cache.length; i++) {
    m.cache[i] = rng.uniform(-1, 1);
    m.acc[i] = rng.uniform(0, 1);
  }
  return m;
}

async function open(gpu: Gpu, m: SlotCacheModel, maxIncoming: number) {
  const slots = m.slotRow.length;
  const owned = new BufferSet();
  const cache = owned.add(gpu.upload(m.cache, 'test.cache'));
  const acc = owned.add(gpu.upload(m.acc, 'test.acc'));
  const c = await SlotCache.create(
    gpu,
    { rows: m.slotOf.length, slots, dim: m.dim, maxIncoming, maxUpdates: Math.max(1, m.slotOf.length) },
    { cache, acc, withAcc: true },
  );
  c.writeState(m);
  const close = () => {
    c.destroy();
    owned.destroy();
  };
  const expectState = async (what: string) => {
    const st = await c.readState();
    expect(Array.from(st.slotOf), `${what}: slotOf`).toEqual(Array.from(m.slotOf));
    expect(Array.from(st.slotRow), `${what}: slot rows`).toEqual(Array.from(m.slotRow));
    expect(Array.from(st.slotTtl), `${what}: slot ttls`).toEqual(Array.from(m.slotTtl));
    expect(Array.from(await gpu.readF32(cache, m.cache.length)), `${what}: values`).toEqual(Array.from(m.cache));
    expect(Array.from(await gpu.readF32(acc, m.acc.length)), `${what}: states`).toEqual(Array.from(m.acc));
  };
  return { c, close, expectState };
}

/** `n` distinct rows, some cached (slotOf ≥ 0) and some not. */
function incomingRows(rng: Rng, m: SlotCacheModel, n: number): Int32Array {
  const rows = m.slotOf.length;
  const start = rng.int(rows);
  return Int32Array.from({ length: Math.min(n, rows) }, (_, k) => (start + k * 7) % rows);
}

describe('GPU slot cache vs its CPU model', () => {
  const gpu = useNodeGpu();
  for (const slots of [1, 255, 256, 257, 10_007]) {
    for (const dim of slots === 10_007 ? [2] : [1, 3]) {
      it(`slots = ${slots}, dim = ${dim}: ttl update, expiry + compaction, free-slot assignment`, async () => {
        const rng = createRng(slots * 10 + dim);
        const rows = slots * 2 + 3; // coprime with the stride 7 used for incoming rows
        const m = randomModel(rng, rows, slots, dim, 0.6);
        const { c, close, expectState } = await open(gpu(), m, Math.max(1, Math.ceil(slots / 2)));
        try {
          // ttl updates of the cached rows (some of them).
          const kept = Array.from(m.slotRow).filter((x, s) => x >= 0 && s % 3 !== 1);
          const ttls = kept.map((_, k) => (k * 5) % 23);
          await c.updateTtl(kept, ttls);
          expect(ttlUpdateReference(m, kept, ttls)).toBe(0);
          await expectState('after ttl update');
          // Eviction of ttl < 9: rows and values in ascending slot order.
          const got = await c.evict(9);
          const want = evictReference(m, 9);
          expect(Array.from(got.rows)).toEqual(want.rows);
          expect(Array.from(got.values)).toEqual(want.values);
          if (want.rows.length) expect(Array.from(got.acc!)).toEqual(want.acc);
          await expectState('after eviction');
          // Insert: rows still cached keep their slot; the rest take the lowest free slots.
          const free = Array.from(m.slotRow).filter((x) => x < 0).length;
          const inc = incomingRows(rng, m, Math.max(1, Math.min(free, Math.ceil(slots / 2))));
          const cachedBefore = Array.from(inc).filter((x) => m.slotOf[x]! >= 0).length;
          const incTtl = Int32Array.from(inc, (_, k) => 10 + (k % 4));
          const vals = Float32Array.from({ length: inc.length * dim }, () => rng.uniform(-2, 2));
          const accs = Float32Array.from({ length: inc.length * dim }, () => rng.uniform(0, 2));
          const r = await c.insert(inc, incTtl, vals, accs);
          const placed = insertReference(m, inc, incTtl, vals, accs);
          expect(r).toEqual({ placed, alreadyCached: cachedBefore });
          await expectState('after insert');
          expect(await c.missing()).toBe(0);
        } finally {
          close();
        }
      });
    }
  }

  it('a sequence of cleanups and inserts from an empty cache, then a flush', async () => {
    const rng = createRng(3);
    const rows = 300;
    const slots = 97;
    const dim = 4;
    const m = newSlotCacheModel(rows, slots, dim);
    const { c, close, expectState } = await open(gpu(), m, 60);
    try {
      for (let step = 1; step <= 8; step++) {
        const got = await c.evict(step * 3);
        expect(Array.from(got.rows)).toEqual(evictReference(m, step * 3).rows);
        const inc = incomingRows(rng, m, 1 + rng.int(40));
        const ttls = Int32Array.from(inc, () => step * 3 + rng.int(9));
        const vals = Float32Array.from({ length: inc.length * dim }, () => rng.uniform(-1, 1));
        const accs = Float32Array.from({ length: inc.length * dim }, () => rng.uniform(0, 1));
        await c.insert(inc, ttls, vals, accs);
        insertReference(m, inc, ttls, vals, accs);
        await expectState(`step ${step}`);
      }
      const flush = await c.evict(2 ** 31 - 1);
      expect(Array.from(flush.rows)).toEqual(evictReference(m, 2 ** 31 - 1).rows);
      expect(Array.from((await c.readState()).slotRow).every((x) => x === -1)).toBe(true);
    } finally {
      close();
    }
  });

  it('reports a full cache, a repeated row and a row out of range', async () => {
    const m = newSlotCacheModel(10, 3, 1);
    const { c, close } = await open(gpu(), m, 5);
    try {
      const v = (n: number) => new Float32Array(n);
      await expect(c.insert([1, 2, 3, 4], [0, 0, 0, 0], v(4), v(4))).rejects.toThrow(
        '4 rows need a slot but only 3 of 3 slots are free',
      );
      await expect(c.insert([1, 1], [0, 0], v(2), v(2))).rejects.toThrow('row 1 appears twice');
      await expect(c.updateTtl([10], [0])).rejects.toThrow('row 10 is outside [0, 10)');
    } finally {
      close();
    }
  });

  it('lookup maps rows to slots and counts rows that are not cached', async () => {
    const g = gpu();
    const m = newSlotCacheModel(8, 4, 1);
    const { c, close } = await open(g, m, 4);
    const owned = new BufferSet();
    try {
      await c.insert([5, 2, 7], [1, 1, 1], Float32Array.of(1, 2, 3), Float32Array.of(0, 0, 0));
      const ids = owned.add(g.upload(Uint32Array.of(7, 5, 5, 2, 0, 8, 4_000_000_000), 'test.ids'));
      const out = owned.add(g.createBuffer(7 * 4, 'test.out'));
      await expect(planSlotLookup(g, { slotOf: c.slotOf, ids, out, status: c.status }, 8)).rejects.toThrow(
        'buffer ids has 28 bytes, needs at least 32',
      );
      const plan = await planSlotLookup(g, { slotOf: c.slotOf, ids, out, status: c.status }, 7);
      try {
        plan.setCount(4);
        await g.run(plan.encode);
        expect(Array.from(new Uint32Array(await g.read(out, 16)))).toEqual([2, 0, 0, 1]);
        expect(await c.missing()).toBe(0);
        plan.setCount(5); // row 0 is not cached
        await g.run(plan.encode);
        expect(await c.missing()).toBe(1);
        plan.setCount(7); // ids 8 and 4e9 are past the 8-row table: misses, not reads out of bounds
        await g.run(plan.encode);
        expect(Array.from(new Uint32Array(await g.read(out, 28)))).toEqual([2, 0, 0, 1, 0, 0, 0]);
        expect(await c.missing()).toBe(4);
      } finally {
        plan.destroy();
      }
    } finally {
      owned.destroy();
      close();
    }
  });
});

describe('GPU slot cache: states, failed inserts, extreme steps, readbacks', () => {
  const gpu = useNodeGpu();

  it('an insert without optimizer states is refused on a cache that keeps them', async () => {
    const m = newSlotCacheModel(10, 4, 2);
    const { c, close, expectState } = await open(gpu(), m, 4);
    try {
      const accs = Float32Array.of(7, 8, 9, 10);
      await c.insert([1, 2], [5, 5], Float32Array.of(1, 2, 3, 4), accs);
      insertReference(m, [1, 2], [5, 5], Float32Array.of(1, 2, 3, 4), accs);
      await c.evict(6);
      evictReference(m, 6);
      // The state region of the upload still holds 7..10 from the first insert.
      await expect(c.insert([3], [5], Float32Array.of(5, 6), null)).rejects.toThrow('needs them');
      await expectState('after the refused insert');
      await c.insert([3], [5], Float32Array.of(5, 6), Float32Array.of(0, 0));
      insertReference(m, [3], [5], Float32Array.of(5, 6), Float32Array.of(0, 0));
      await expectState('after an insert with zero states');
    } finally {
      close();
    }
  });

  it('an insert into a full cache changes nothing (not even the ttls of cached rows)', async () => {
    const m = newSlotCacheModel(10, 3, 2);
    const { c, close, expectState } = await open(gpu(), m, 5);
    try {
      const vals = Float32Array.of(1, 2, 3, 4);
      const accs = Float32Array.of(5, 6, 7, 8);
      await c.insert([4, 6], [2, 3], vals, accs);
      insertReference(m, [4, 6], [2, 3], vals, accs);
      await expectState('before');
      const v = (n: number) => Float32Array.from({ length: n }, (_, i) => 100 + i);
      // Row 4 is cached (its ttl would rise to 50); rows 1, 2 need the one free slot.
      await expect(c.insert([4, 1, 2], [50, 50, 50], v(6), v(6))).rejects.toThrow(
        '2 rows need a slot but only 1 of 3 slots are free',
      );
      await expectState('after the failed insert');
    } finally {
      close();
    }
  });

  it('eviction steps past the i32 range evict nothing / everything, as the CPU model does', async () => {
    const m = newSlotCacheModel(6, 3, 1);
    const { c, close, expectState } = await open(gpu(), m, 3);
    try {
      await c.insert([0, 5], [-5, 7], Float32Array.of(1, 2), Float32Array.of(3, 4));
      insertReference(m, [0, 5], [-5, 7], Float32Array.of(1, 2), Float32Array.of(3, 4));
      const low = -(2 ** 40); // wrapped to 0 by a bare `| 0`, which would evict the ttl −5 row
      expect(Array.from((await c.evict(low)).rows)).toEqual(evictReference(m, low).rows);
      await expectState('after a very negative step');
      const high = 2 ** 40;
      expect(Array.from((await c.evict(high)).rows)).toEqual(evictReference(m, high).rows);
      expect(m.slotRow.every((x) => x === -1)).toBe(true);
      await expectState('after a very large step');
    } finally {
      close();
    }
  });

  it('a lookup plan whose bind group fails frees its uniform', async () => {
    const g = gpu();
    const owned = new BufferSet();
    const { made, restore } = refuseBindGroups(g);
    try {
      const buf = () => owned.add(g.createBuffer(16, 'test.buf'));
      await expect(planSlotLookup(g, { slotOf: buf(), ids: buf(), out: buf(), status: buf() }, 4)).rejects.toThrow(
        'bind group refused',
      );
      expect(made.length).toBe(1);
      expect(made[0]!.destroy).toHaveBeenCalled();
    } finally {
      restore();
      owned.destroy();
    }
  });

  it('evict reads back twice (count, then the records) and insert once', async () => {
    const g = gpu();
    const m = newSlotCacheModel(20, 8, 3);
    const { c, close } = await open(g, m, 6);
    const reads = vi.spyOn(g, 'read');
    try {
      const v = (n: number) => Float32Array.from({ length: n }, (_, i) => i / 4);
      await c.insert([3, 9, 11], [1, 1, 4], v(9), v(9));
      expect(reads).toHaveBeenCalledTimes(1);
      reads.mockClear();
      const ev = await c.evict(2);
      expect(reads).toHaveBeenCalledTimes(2);
      expect(Array.from(ev.rows)).toEqual([3, 9]);
      expect(Array.from(ev.values)).toEqual(Array.from(v(6)));
      expect(Array.from(ev.acc!)).toEqual(Array.from(v(6)));
    } finally {
      reads.mockRestore();
      close();
    }
  });
});
