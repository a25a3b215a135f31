import { describe, expect, it } from 'vitest';
import { loadDigits } from './digits';

describe('shipped digits data set', () => {
  it('loads 1797 vectors of 64 pixels (0..16) with labels 0..9', async () => {
    const d = await loadDigits();
    expect([d.rows, d.d]).toEqual([1797, 64]);
    expect(Math.min(...d.data)).toBe(0);
    expect(Math.max(...d.data)).toBe(16);
    const counts = new Map<number, number>();
    for (const l of d.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(counts.get(0)).toBe(178); // scikit-learn's digits: 178 zeros, 182 ones, ...
    expect(counts.get(1)).toBe(182);
    // First row of sklearn's load_digits() is a 0 whose top row is 0,0,5,13,9,1,0,0.
    expect(Array.from(d.data.subarray(0, 8))).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
    expect(d.labels[0]).toBe(0);
  });
});
