// Checks an attention result against the f64 CPU reference without unbounded CPU work: the
// reference costs ≈ S_Q·S_KV·h·d multiply-adds on the (UI) thread, which at the real run's
// maximum shape would take tens of minutes. Above a work cap only a fixed set of evenly spaced
// query rows (first and last included) is recomputed and compared with the same GPU rows.
import type { AttentionShape } from '../../kernels/attention';
import { attentionReference } from '../../kernels/attention/flashAttention.reference';
import { compareAttention } from '../../kernels/attention';
import type { Check } from '../types';

/** Reference work (S_Q·S_KV·h·d) above which only sampled rows are checked: ≈ a second of f64 CPU. */
export const REFERENCE_WORK_CAP = 2 ** 27;
export const SAMPLED_ROWS = 32;

export interface ReferenceCheckOptions {
  workCap?: number;
  sampleRows?: number;
}

/** `count` evenly spaced, distinct row indices in [0, rows), always including 0 and rows − 1. */
export function sampledRows(rows: number, count: number): number[] {
  if (count >= rows) return Array.from({ length: rows }, (_, i) => i);
  if (count <= 1) return [0];
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(Math.round((i * (rows - 1)) / (count - 1)));
  return [...picked].sort((a, b) => a - b);
}

/** Copies rows `rows` of a row-major [S, width] array. */
function takeRows<T extends Float32Array | Float64Array>(
  src: T,
  width: number,
  rows: number[],
  make: (n: number) => T,
): T {
  const out = make(rows.length * width);
  rows.forEach((r, i) => out.set(src.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

export function checkAgainstReference(
  name: string,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  s: AttentionShape,
  got: { o: Float32Array; lse: Float32Array },
  opts: ReferenceCheckOptions = {},
): Check[] {
  const cap = opts.workCap ?? REFERENCE_WORK_CAP;
  if (s.sQ * s.sKV * s.heads * s.headDim <= cap) return compareAttention(name, got, attentionReference(q, k, v, s));
  const rows = sampledRows(s.sQ, opts.sampleRows ?? SAMPLED_ROWS);
  const qWidth = s.heads * s.headDim;
  const want = attentionReference(
    takeRows(q, qWidth, rows, (n) => new Float32Array(n)),
    k,
    v,
    { ...s, sQ: rows.length },
  );
  const sampled = {
    o: takeRows(got.o, qWidth, rows, (n) => new Float32Array(n)),
    lse: takeRows(got.lse, s.heads, rows, (n) => new Float32Array(n)),
  };
  const note = `sampled: ${rows.length} of ${s.sQ} query rows (evenly spaced, first and last included); the full f64 reference would take ${s.sQ}·${s.sKV}·${s.heads}·${s.headDim} multiply-adds`;
  return compareAttention(`${name} (${rows.length} sampled rows)`, sampled, want).map((c) => ({
    ...c,
    detail: c.detail ? `${c.detail}; ${note}` : note,
  }));
}
