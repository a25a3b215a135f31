import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { segmentByKey } from './ivfSegments';
import { segmentReference } from './ivfSegments.reference';

describe('GPU stable counting sort (IVF list layout)', () => {
  const gpu = useNodeGpu();
  const cases = [
    { n: 1, K: 1, dropped: 0 },
    { n: 300, K: 7, dropped: 0.2 }, // two blocks, some rows deleted
    { n: 1000, K: 300, dropped: 0.1 }, // more keys than one scan chunk, many empty lists
    { n: 513, K: 2, dropped: 0.5 },
    { n: 50, K: 600, dropped: 0 }, // K > n: most lists empty, K > 256 scan threads
  ];
  for (const { n, K, dropped } of cases) {
    it(`n=${n} K=${K}`, async () => {
      const rng = createRng(n + K);
      const keys = Int32Array.from({ length: n }, () => (rng.nextFloat() < dropped ? -1 : rng.int(K)));
      const got = await segmentByKey(gpu(), keys, K);
      const want = segmentReference(keys, K);
      expect(Array.from(got.offsets)).toEqual(want.offsets);
      expect(Array.from(got.order)).toEqual(want.order);
    });
  }

  it('all rows deleted gives empty lists', async () => {
    const got = await segmentByKey(gpu(), new Int32Array(10).fill(-1), 3);
    expect(Array.from(got.offsets)).toEqual([0, 0, 0, 0]);
    expect(got.order.length).toBe(0);
  });

  it('refuses keys outside [-1, K)', async () => {
    await expect(segmentByKey(gpu(), Int32Array.from([0, 3]), 3)).rejects.toThrow(
      /key 3 at row 1 is outside \[-1, 3\)/,
    );
  });
});
