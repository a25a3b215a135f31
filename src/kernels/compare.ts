// Compares a GPU result with its CPU reference. Relative error is measured against the output's
// scale (max |reference|) rather than per element, so values near zero do not blow it up.
import type { Check } from '../experiments/types';

export interface Tolerance {
  /** Absolute tolerance. */
  atol: number;
  /** Tolerance relative to the output scale (max |reference|). */
  rtol: number;
}

export function compareArrays(
  name: string,
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: Tolerance,
): Check {
  if (got.length !== want.length) {
    return { name, maxAbsError: Infinity, maxRelError: Infinity, tolerance: tol.atol, passed: false,
      detail: `length ${got.length} differs from reference length ${want.length}` };
  }
  let maxAbs = 0;
  let scale = 0;
  let worst = -1;
  let nonFinite = 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    scale = Math.max(scale, Math.abs(w));
    if (!Number.isFinite(g) && Number.isFinite(w)) { nonFinite++; continue; }
    const d = Math.abs(g - w);
    if (d > maxAbs) { maxAbs = d; worst = i; }
  }
  const tolerance = tol.atol + tol.rtol * scale;
  const maxRel = scale > 0 ? maxAbs / scale : maxAbs;
  const passed = nonFinite === 0 && maxAbs <= tolerance;
  const detail = nonFinite > 0
    ? `${nonFinite} non-finite values where the reference is finite`
    : worst >= 0 ? `worst at index ${worst}: got ${got[worst]}, want ${want[worst]}` : undefined;
  return { name, maxAbsError: nonFinite ? Infinity : maxAbs, maxRelError: nonFinite ? Infinity : maxRel, tolerance, passed, detail };
}
