import { describe, expect, it } from 'vitest';
import { compareArrays } from './compare';

const tol = { atol: 1e-6, rtol: 1e-5 };

describe('compareArrays', () => {
  it('passes within tolerance relative to the output scale, fails beyond it', () => {
    expect(compareArrays('a', [1, 2, 100.0001], [1, 2, 100], tol).passed).toBe(true);
    expect(compareArrays('a', [1, 2.01, 100], [1, 2, 100], tol).passed).toBe(false);
  });
  it('an infinite reference does not make the tolerance infinite', () => {
    const c = compareArrays('inf', [NaN, 123456, -7], [Infinity, 1, 2], tol);
    expect(c.passed).toBe(false);
    expect(Number.isFinite(c.tolerance)).toBe(true);
    expect(compareArrays('-inf', [5], [-Infinity], tol).passed).toBe(false);
  });
  it('matching non-finite values (top-k padding, empty-row LSE) are accepted', () => {
    expect(compareArrays('pad', [0.5, Infinity, -Infinity], [0.5, Infinity, -Infinity], tol).passed).toBe(true);
  });
  it('NaN or Infinity where the reference is finite fails', () => {
    expect(compareArrays('nan', [NaN, 1], [0, 1], tol).passed).toBe(false);
    expect(compareArrays('inf', [Infinity, 1], [0, 1], tol).passed).toBe(false);
  });
  it('different lengths fail', () => {
    expect(compareArrays('len', [1], [1, 2], tol).passed).toBe(false);
  });
});
