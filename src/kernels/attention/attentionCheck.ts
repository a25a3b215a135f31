// Checks an attention result (o, lse) against a reference. LSE may legitimately be -Infinity
// (rows with no attended key); compareArrays would turn that into an infinite output scale and
// pass anything, so -inf positions are matched exactly here and only finite values compared.
import type { Check } from '../../core';
import { compareArrays, type Tolerance } from '../compare';

/** Default for f32 attention: 1e-5 of the output scale plus 1e-6 absolute. */
export const ATTENTION_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-6 };

export function compareLse(name: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance): Check {
  if (got.length !== want.length) return compareArrays(name, got, want, tol);
  const gotFinite: number[] = [];
  const wantFinite: number[] = [];
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    const wantEmpty = w === -Infinity;
    if (wantEmpty !== (g === -Infinity) || Number.isNaN(g)) {
      return {
        name,
        maxAbsError: Infinity,
        maxRelError: Infinity,
        tolerance: tol.atol,
        passed: false,
        detail: `index ${i}: got ${g}, want ${w} (empty rows must be exactly -Infinity, others finite)`,
      };
    }
    if (!wantEmpty) {
      gotFinite.push(g);
      wantFinite.push(w);
    }
  }
  return compareArrays(name, gotFinite, wantFinite, tol);
}

export function compareAttention(
  name: string,
  got: { o: ArrayLike<number>; lse: ArrayLike<number> },
  want: { o: ArrayLike<number>; lse: ArrayLike<number> },
  tol: Tolerance = ATTENTION_TOLERANCE,
): Check[] {
  return [compareArrays(`${name} O`, got.o, want.o, tol), compareLse(`${name} LSE`, got.lse, want.lse, tol)];
}
