// Derivative-free minimisation (Nelder–Mead simplex with the standard reflection 1, expansion 2,
// contraction ½, shrink ½) inside a box. The GP's log marginal likelihood has at most six
// hyperparameters here and is cheap, so a simplex search is simpler and more robust than
// hand-written gradients; points outside the box are clamped onto it.

export interface NelderMeadOptions {
  lower: number[];
  upper: number[];
  /** Budget of function evaluations. */
  maxEvals: number;
  /** Initial simplex step as a fraction of each box side. */
  step?: number;
  /** Stop when the simplex's values span less than this. */
  tolerance?: number;
}

export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  opts: NelderMeadOptions,
): { x: number[]; value: number; evals: number } {
  const n = x0.length;
  const clamp = (x: number[]) => x.map((v, i) => Math.min(opts.upper[i]!, Math.max(opts.lower[i]!, v)));
  let evals = 0;
  const evalAt = (x: number[]) => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const step = opts.step ?? 0.1;
  const simplex: { x: number[]; v: number }[] = [];
  const start = clamp(x0);
  simplex.push({ x: start, v: evalAt(start) });
  for (let i = 0; i < n; i++) {
    const x = [...start];
    const span = (opts.upper[i]! - opts.lower[i]!) * step;
    x[i] = x[i]! + span <= opts.upper[i]! ? x[i]! + span : x[i]! - span;
    simplex.push({ x, v: evalAt(x) });
  }
  const tol = opts.tolerance ?? 1e-7;
  while (evals < opts.maxEvals) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(worst.v - best.v) < tol) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]!.x[j]! / n;
    const along = (t: number) => clamp(centroid.map((c, j) => c + t * (worst.x[j]! - c)));
    const xr = along(-1);
    const vr = evalAt(xr);
    if (vr < best.v) {
      const xe = along(-2);
      const ve = evalAt(xe);
      simplex[n] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
    } else if (vr < simplex[n - 1]!.v) {
      simplex[n] = { x: xr, v: vr };
    } else {
      const xc = vr < worst.v ? along(-0.5) : along(0.5);
      const vc = evalAt(xc);
      if (vc < Math.min(vr, worst.v)) simplex[n] = { x: xc, v: vc };
      else {
        for (let i = 1; i <= n; i++) {
          const x = clamp(simplex[i]!.x.map((v, j) => best.x[j]! + 0.5 * (v - best.x[j]!)));
          simplex[i] = { x, v: evalAt(x) };
        }
      }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0]!.x, value: simplex[0]!.v, evals };
}
