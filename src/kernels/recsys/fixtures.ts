// Fixtures the recsys kernel tests share: seeded arrays, bags, and a GPU-vs-reference assertion.
import { expect } from 'vitest';
import { createRng } from '../../data/pcg32';
import { compareArrays, type Tolerance } from '../compare';

export const FORWARD: Tolerance = { atol: 1e-5, rtol: 1e-5 };
export const BACKWARD: Tolerance = { atol: 1e-4, rtol: 1e-5 };

export function uniform(seed: number, n: number, lo = -1, hi = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(lo, hi));
}

export function expectClose(name: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance): void {
  const c = compareArrays(name, got, want, tol);
  expect(c.passed, `${name}: max |error| ${c.maxAbsError} > ${c.tolerance} (${c.detail})`).toBe(true);
}

/** Bags from lengths: offsets [bags + 1] and `ids` drawn below `rows` (seeded). */
export function bagsOf(seed: number, lengths: number[], rows: number): { ids: Int32Array; offsets: Int32Array } {
  const rng = createRng(seed);
  const offsets = new Int32Array(lengths.length + 1);
  lengths.forEach((n, i) => (offsets[i + 1] = offsets[i]! + n));
  const ids = Int32Array.from({ length: offsets[lengths.length]! }, () => rng.int(rows));
  return { ids, offsets };
}
