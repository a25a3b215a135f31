import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../core';
import { balancedSplit, blockHeld, blockOffsets, ringSchedule, ringTotals } from './ringPartitions';

describe('ring partition bookkeeping', () => {
  it('balanced splits: larger blocks first, empty blocks when parts > total', () => {
    expect(balancedSplit(10, 3)).toEqual([4, 3, 3]);
    expect(balancedSplit(3, 4)).toEqual([1, 1, 1, 0]);
    expect(balancedSplit(0, 2)).toEqual([0, 0]);
    expect(balancedSplit(12, 4)).toEqual([3, 3, 3, 3]);
    expect(blockOffsets([4, 3, 3])).toEqual([0, 4, 7]);
    expect(() => balancedSplit(5, 0)).toThrow(UserInputError);
  });

  it('every worker meets every block exactly once over N steps', () => {
    for (const n of [1, 2, 3, 7]) {
      for (let i = 0; i < n; i++) {
        const seen = Array.from({ length: n }, (_, t) => blockHeld(i, t, n)).sort((a, b) => a - b);
        expect(seen).toEqual(Array.from({ length: n }, (_, j) => j));
      }
    }
  });

  it('LV-XAttn traffic: Q makes N-1 hops, (O, LSE) make N hops (the last returns them to the owner)', () => {
    const shape = { sQ: 10, sKV: 23, heads: 4, kvHeads: 2, headDim: 8 };
    const steps = ringSchedule('lv-xattn', shape, 3);
    // Closed form: [(N-1)·S_Q·h·d + N·S_Q·h·(d+1)]·4 bytes.
    expect(ringTotals(steps).bytesSent).toBe((2 * 10 * 4 * 8 + 3 * 10 * 4 * 9) * 4);
    expect(ringTotals(steps).flops).toBe(4 * 10 * 23 * 4 * 8);
    expect(steps[0]!.workers[1]).toMatchObject({ qBlock: 1, kvBlock: 1, qRows: 3, kvRows: 8 });
    expect(steps[1]!.workers[1]).toMatchObject({
      qBlock: 0,
      kvBlock: 1,
      qRows: 4,
      bytesSent: 4 * (4 * 32 + 4 * 32 + 4 * 4),
    });
    expect(steps[2]!.workers[1]!.bytesSent).toBe(4 * (3 * 32 + 3 * 4)); // last hop: O and LSE only
    expect(ringTotals(ringSchedule('lv-xattn', shape, 1)).bytesSent).toBe(0);
  });

  it('Ring Attention traffic: each K/V block (h_kv heads) makes N-1 hops; the mask travels with it', () => {
    const shape = { sQ: 10, sKV: 23, heads: 4, kvHeads: 2, headDim: 8 };
    expect(ringTotals(ringSchedule('ring-attention', shape, 3)).bytesSent).toBe(2 * 2 * 23 * 2 * 8 * 4);
    expect(ringTotals(ringSchedule('ring-attention', shape, 3, { masked: true })).bytesSent).toBe(
      2 * (2 * 23 * 2 * 8 + 23) * 4,
    );
    expect(ringSchedule('ring-attention', shape, 3)[2]!.bytesSent).toBe(0);
  });

  it('rejects device counts outside 1..64', () => {
    const shape = { sQ: 1, sKV: 1, heads: 1, kvHeads: 1, headDim: 1 };
    expect(() => ringSchedule('lv-xattn', shape, 0)).toThrow(/devices=0 must be an integer in \[1, 64\]/);
    expect(() => ringSchedule('ring-attention', shape, 65)).toThrow(UserInputError);
  });
});
