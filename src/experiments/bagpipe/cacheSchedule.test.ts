// The GPU run's cache schedule (BagCache's timeline): every batch finds its rows cached, the slots
// never exceed the Oracle Cacher's peak, and it uploads exactly the Oracle's prefetches.
import { describe, expect, it } from 'vitest';
import { CacheSchedule } from './cacheSchedule';
import { OracleCacher } from './oracleCacher';
import { prepareTrace } from './preparedTrace';
import { generatorSource } from './traceSources';

describe('Bagpipe cache schedule for the GPU run', () => {
  const src = generatorSource({
    name: 'g',
    tables: [3, 50, 400, 2000],
    exponent: 1.1,
    examplesPerBatch: 12,
    numBatches: 90,
    seed: 5,
  });
  const t = prepareTrace(src);
  for (const L of [2, 4, 8, 13, 40, 200]) {
    it(`L = ${L}: rows always resident, within the Oracle's peak slots, uploads = Oracle prefetches`, () => {
      const o = new OracleCacher(t, L, 0.25);
      o.advance(t.numBatches);
      const oc = o.finish();
      const s = new CacheSchedule(t, L, 0.25, oc.peakRows);
      s.start();
      for (let b = 0; b < t.numBatches; b++) {
        const rows = t.rows.subarray(t.batchStart[b], t.batchStart[b + 1]);
        const slots = s.slotsFor(b, rows);
        expect(new Set(slots).size).toBe(rows.length);
        s.afterBatch(b);
      }
      s.flush();
      expect(s.sent).toBe(oc.misses);
      expect(s.uploaded + s.reused).toBe(oc.misses);
      expect(s.writtenBack).toBe(s.uploaded);
      if (L % Math.max(1, Math.floor(L / 4)) === 0) expect(s.reused).toBe(0);
    });
  }
});
