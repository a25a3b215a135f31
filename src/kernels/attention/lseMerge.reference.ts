// Independent f64 reference for the LSE merge: combines two partial attention results (O, LSE)
// over disjoint key sets into the result over their union, with -inf LSE meaning "no keys".
import type { ReferenceOutput } from './flashAttention.reference';

/** Merges two partial results over disjoint key sets; rowHeads = rows·h, d = head dim. */
export function lseMergeReference(
  a: { o: ArrayLike<number>; lse: ArrayLike<number> },
  b: { o: ArrayLike<number>; lse: ArrayLike<number> },
  rowHeads: number,
  d: number,
): ReferenceOutput {
  const o = new Float64Array(rowHeads * d);
  const lse = new Float64Array(rowHeads);
  for (let r = 0; r < rowHeads; r++) {
    const la = a.lse[r]!;
    const lb = b.lse[r]!;
    if (la === -Infinity && lb === -Infinity) {
      lse[r] = -Infinity;
      continue;
    }
    const l = Math.max(la, lb) + Math.log(Math.exp(la - Math.max(la, lb)) + Math.exp(lb - Math.max(la, lb)));
    const wa = la === -Infinity ? 0 : Math.exp(la - l);
    const wb = lb === -Infinity ? 0 : Math.exp(lb - l);
    lse[r] = l;
    for (let c = 0; c < d; c++) {
      const ia = r * d + c;
      o[ia] = (wa ? wa * a.o[ia]! : 0) + (wb ? wb * b.o[ia]! : 0);
    }
  }
  return { o, lse };
}
