// Non-negative least squares (Lawson & Hanson 1974, active-set method): minimise ‖Ax − b‖ subject
// to x ≥ 0, as the paper fits its interference predictor (every term can only add latency).
// The unconstrained subproblem on the passive set is solved with ml-matrix's SVD-based solver,
// which also copes with collinear columns (inference FLOPs and batch size move together).
import { Matrix, solve } from 'ml-matrix';
import { UserInputError } from '../types';

export function nnls(A: number[][], b: number[], maxIter = 200): number[] {
  const m = A.length;
  if (m === 0 || m !== b.length)
    throw new UserInputError(`NNLS needs one target per row: ${m} rows, ${b.length} targets`);
  const n = A[0]!.length;
  const x = new Array<number>(n).fill(0);
  const passive = new Set<number>();
  const tol = 1e-10 * Math.max(1, ...b.map(Math.abs));
  const gradient = () => {
    const r = b.map((bi, i) => bi - A[i]!.reduce((s, a, j) => s + a * x[j]!, 0));
    return Array.from({ length: n }, (_, j) => A.reduce((s, row, i) => s + row[j]! * r[i]!, 0));
  };
  const solvePassive = (): number[] => {
    const cols = [...passive].sort((p, q) => p - q);
    const sub = new Matrix(A.map((row) => cols.map((j) => row[j]!)));
    const sol = solve(sub, Matrix.columnVector(b), true).getColumn(0);
    const s = new Array<number>(n).fill(0);
    cols.forEach((j, k) => (s[j] = sol[k]!));
    return s;
  };
  for (let iter = 0; iter < maxIter; iter++) {
    const w = gradient();
    let t = -1;
    for (let j = 0; j < n; j++) if (!passive.has(j) && w[j]! > tol && (t < 0 || w[j]! > w[t]!)) t = j;
    if (t < 0) break;
    passive.add(t);
    for (let inner = 0; inner < maxIter; inner++) {
      const s = solvePassive();
      const bad = [...passive].filter((j) => s[j]! <= 0);
      if (bad.length === 0) {
        for (let j = 0; j < n; j++) x[j] = s[j]!;
        break;
      }
      // Step from x towards s until the first passive coefficient reaches zero, then drop it.
      const alpha = Math.min(...bad.map((j) => x[j]! / (x[j]! - s[j]!)));
      for (let j = 0; j < n; j++) x[j] = x[j]! + alpha * (s[j]! - x[j]!);
      for (const j of passive)
        if (x[j]! <= 1e-12) {
          passive.delete(j);
          x[j] = 0;
        }
    }
  }
  return x;
}
