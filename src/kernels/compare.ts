// Compares a GPU result with its CPU reference. Relative error is measured against the output's
// scale (max |reference|) rather than per element, so values near zero do not blow it up.
import type { Check } from '../core';

export interface Tolerance {
  /** Absolute tolerance. */
  atol: number;
  /** Tolerance relative to the output scale (max |reference|). */
  rtol: number;
}

export function compareArrays(name: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance): Check {
  if (got.length !== want.length) {
    return {
      name,
      maxAbsError: Infinity,
      maxRelError: Infinity,
      tolerance: tol.atol,
      passed: false,
      detail: `length ${got.length} differs from reference length ${want.length}`,
    };
  }
  let maxAbs = 0;
  let scale = 0;
  let worst = -1;
  // Where the reference is not finite (±Infinity padding, −∞ LSE of an empty row) the result
  // must match it exactly; where it is finite, so must the result. Either kind of mismatch fails
  // the check outright, and non-finite values never enter the scale (which would make any
  // tolerance infinite).
  let mismatched = 0;
  let firstMismatch = -1;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (!Number.isFinite(w) || !Number.isFinite(g)) {
      if (!Object.is(g, w)) {
        mismatched++;
        if (firstMismatch < 0) firstMismatch = i;
      }
      continue;
    }
    scale = Math.max(scale, Math.abs(w));
    const d = Math.abs(g - w);
    if (d > maxAbs) {
      maxAbs = d;
      worst = i;
    }
  }
  const tolerance = tol.atol + tol.rtol * scale;
  const maxRel = scale > 0 ? maxAbs / scale : maxAbs;
  const passed = mismatched === 0 && maxAbs <= tolerance;
  const detail =
    mismatched > 0
      ? `${mismatched} values where result and reference are not both the same non-finite value or both finite (first at index ${firstMismatch}: got ${got[firstMismatch]}, want ${want[firstMismatch]})`
      : worst >= 0
        ? `worst at index ${worst}: got ${got[worst]}, want ${want[worst]}`
        : undefined;
  return {
    name,
    maxAbsError: mismatched ? Infinity : maxAbs,
    maxRelError: mismatched ? Infinity : maxRel,
    tolerance,
    passed,
    detail,
  };
}
