// A small Levenberg–Marquardt nonlinear least-squares solver for the scaling-law fits.
// Why our own and not mljs's ml-levenberg-marquardt (evaluated, v5.1.0): that package damps with
// λ·I on the normal equations, without per-parameter scaling. The scaling-law parameters span
// nine orders of magnitude (B ≈ 8e5, ε ≈ 1e-3) and their Jacobian columns as many, so from
// scipy's default start (all ones) it either stops at SSE ≈ 16.5 after a few iterations or, with
// small damping, wanders to a degenerate fit (SSE ≈ 0.093, vs 0.0102 at the paper's optimum); with
// its default finite-difference Jacobian it throws "LU matrix is singular". This solver follows
// MINPACK's lmder (what scipy's curve_fit calls): scaling by the running maximum of the Jacobian
// column norms, a trust region whose damping λ is found by lmpar's safeguarded Newton iteration,
// lmder's radius updates, and its ftol/xtol/gtol tests and defaults. Each damped system is solved
// by Householder QR of [J; √λ·D] rather than normal equations (the problem is ill-conditioned:
// A, B and α trade off), and the Jacobian is analytic, not forward differences. No bounds: the
// paper's fits are unbounded. (A simpler Nielsen-damped variant also reached the paper's optima,
// but crawled for ~10⁴ iterations on a badly scaled exponential that MINPACK solves in ~130.)

export interface LeastSquaresProblem {
  nParams: number;
  nResiduals: number;
  /** Writes the residuals r_i(p) = model_i(p) − y_i into out. */
  residuals(p: Float64Array, out: Float64Array): void;
  /** Writes ∂r_i/∂p_j into jac[i·nParams + j]. */
  jacobian(p: Float64Array, jac: Float64Array): void;
}

export interface LmOptions {
  /** Residual evaluations allowed (scipy's maxfev; the paper used 1e5). */
  maxEvaluations?: number;
  /** Stop when actual and predicted relative reductions of the SSE are both ≤ ftol. */
  ftol?: number;
  /** Stop when the trust radius is ≤ xtol × the scaled parameter norm. */
  xtol?: number;
  /** Stop when every Jacobian column is within gtol of orthogonal to the residual (cosine). */
  gtol?: number;
  /** Initial trust radius as a multiple of the scaled start norm (MINPACK's `factor`, 100). */
  initialStepBound?: number;
}

export type LmStopReason = 'ftol' | 'xtol' | 'gtol' | 'maxEvaluations' | 'noProgress';

export interface LmResult {
  params: number[];
  /** Sum of squared residuals at params. */
  sse: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  reason: LmStopReason;
}

/** scipy.optimize.leastsq's default ftol and xtol: sqrt of float64 machine epsilon. */
const MINPACK_TOL = 1.49012e-8;

function sumSq(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return s;
}

interface DampedSolution {
  delta: Float64Array;
  /** Upper-triangular factor R of [J; √λ·diag] (n×n, row-major): RᵀR = JᵀJ + λ·diag². */
  rFactor: Float64Array;
}

/**
 * Solves min ‖J·δ + r‖² + λ‖diag∘δ‖² by Householder QR of the stacked (m+n)×n matrix [J; √λ·diag].
 * Returns null if the system is rank deficient (only possible for λ = 0).
 */
function dampedStep(jac: Float64Array, r: Float64Array, diag: Float64Array, lambda: number): DampedSolution | null {
  const n = diag.length;
  const m = r.length;
  const rows = m + n;
  const a = new Float64Array(rows * n);
  const b = new Float64Array(rows);
  a.set(jac);
  for (let i = 0; i < m; i++) b[i] = -r[i]!;
  const sl = Math.sqrt(lambda);
  for (let j = 0; j < n; j++) a[(m + j) * n + j] = sl * diag[j]!;
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < rows; i++) norm += a[i * n + k]! * a[i * n + k]!;
    norm = Math.sqrt(norm);
    if (norm === 0) return null;
    const alpha = a[k * n + k]! > 0 ? -norm : norm;
    // Householder vector v = x − alpha·e_k, kept in column k from row k down.
    a[k * n + k] = a[k * n + k]! - alpha;
    let vv = 0;
    for (let i = k; i < rows; i++) vv += a[i * n + k]! * a[i * n + k]!;
    for (let j = k + 1; j < n; j++) {
      let dot = 0;
      for (let i = k; i < rows; i++) dot += a[i * n + k]! * a[i * n + j]!;
      const f = (2 * dot) / vv;
      for (let i = k; i < rows; i++) a[i * n + j] = a[i * n + j]! - f * a[i * n + k]!;
    }
    let dotB = 0;
    for (let i = k; i < rows; i++) dotB += a[i * n + k]! * b[i]!;
    const fb = (2 * dotB) / vv;
    for (let i = k; i < rows; i++) b[i] = b[i]! - fb * a[i * n + k]!;
    a[k * n + k] = alpha;
  }
  const rFactor = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) rFactor[i * n + j] = a[i * n + j]!;
  const delta = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    let s = b[k]!;
    for (let j = k + 1; j < n; j++) s -= rFactor[k * n + j]! * delta[j]!;
    delta[k] = s / rFactor[k * n + k]!;
  }
  if (!delta.every(Number.isFinite)) return null;
  return { delta, rFactor };
}

const scaledNorm = (diag: Float64Array, v: Float64Array) => {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += (diag[j]! * v[j]!) ** 2;
  return Math.sqrt(s);
};

/**
 * MINPACK's lmpar: the damping λ ≥ 0 whose step has ‖diag∘δ‖ within 10 % of the trust radius
 * (or the Gauss–Newton step, λ = 0, if that is already inside it), by safeguarded Newton
 * iteration on φ(λ) = ‖diag∘δ(λ)‖ − radius.
 */
function trustRegionStep(jac: Float64Array, r: Float64Array, diag: Float64Array, radius: number, lambdaIn: number) {
  const n = diag.length;
  const m = r.length;
  const gn = dampedStep(jac, r, diag, 0);
  const gnNorm = gn ? scaledNorm(diag, gn.delta) : Infinity;
  if (gn && gnNorm <= 1.1 * radius) return { delta: gn.delta, lambda: 0 };
  let gNorm = 0; // ‖diag⁻¹ ∘ Jᵀr‖
  for (let j = 0; j < n; j++) {
    let g = 0;
    for (let i = 0; i < m; i++) g += jac[i * n + j]! * r[i]!;
    gNorm += (g / diag[j]!) ** 2;
  }
  gNorm = Math.sqrt(gNorm);
  let lower = 0;
  let upper = gNorm / radius;
  if (upper === 0) upper = Number.MIN_VALUE / Math.min(radius, 0.1);
  let lambda = Math.min(Math.max(lambdaIn, lower), upper);
  if (lambda === 0) lambda = gn ? gNorm / gnNorm : 0.001 * upper;
  let best: { delta: Float64Array; lambda: number } | null = null;
  let prevErr = Infinity;
  for (let iter = 0; iter < 10; iter++) {
    if (lambda === 0) lambda = Math.max(Number.MIN_VALUE, 0.001 * upper);
    const sol = dampedStep(jac, r, diag, lambda);
    if (!sol) break;
    const phi = scaledNorm(diag, sol.delta);
    const err = phi - radius;
    best = { delta: sol.delta, lambda };
    if (Math.abs(err) <= 0.1 * radius || (lower === 0 && err <= prevErr && prevErr < 0)) break;
    // Newton correction: φ'(λ) = −‖R⁻ᵀ(diag²∘δ)‖²/φ.
    const q = new Float64Array(n);
    for (let j = 0; j < n; j++) q[j] = (diag[j]! * diag[j]! * sol.delta[j]!) / phi;
    for (let j = 0; j < n; j++) {
      let s = q[j]!;
      for (let k = 0; k < j; k++) s -= sol.rFactor[k * n + j]! * q[k]!;
      q[j] = s / sol.rFactor[j * n + j]!;
    }
    let qq = 0;
    for (let j = 0; j < n; j++) qq += q[j]! * q[j]!;
    const correction = err / radius / qq;
    if (err > 0) lower = Math.max(lower, lambda);
    if (err < 0) upper = Math.min(upper, lambda);
    lambda = Math.max(lower, lambda + correction);
    prevErr = err;
  }
  return best;
}

export function levenbergMarquardt(
  problem: LeastSquaresProblem,
  start: readonly number[],
  opts: LmOptions = {},
): LmResult {
  const { nParams: n, nResiduals: m } = problem;
  const maxEvaluations = opts.maxEvaluations ?? 100_000;
  const ftol = opts.ftol ?? MINPACK_TOL;
  const xtol = opts.xtol ?? MINPACK_TOL;
  const gtol = opts.gtol ?? 0;
  const factor = opts.initialStepBound ?? 100;
  if (start.length !== n) throw new Error(`start has ${start.length} values, expected ${n}`);

  const p = Float64Array.from(start);
  const r = new Float64Array(m);
  const jac = new Float64Array(m * n);
  const diag = new Float64Array(n);
  const pNew = new Float64Array(n);
  const rNew = new Float64Array(m);
  problem.residuals(p, r);
  let f = sumSq(r);
  if (!Number.isFinite(f)) throw new Error('residuals are not finite at the starting point');
  let evaluations = 1;
  let iterations = 0;
  let lambda = 0;
  let radius = 0;
  let xNorm = 0;
  const done = (reason: LmStopReason): LmResult => ({
    params: Array.from(p),
    sse: f,
    iterations,
    evaluations,
    converged: reason === 'ftol' || reason === 'xtol' || reason === 'gtol',
    reason,
  });

  for (;;) {
    iterations++;
    problem.jacobian(p, jac);
    const fNorm = Math.sqrt(f);
    let gradCos = 0;
    for (let j = 0; j < n; j++) {
      let c = 0;
      let g = 0;
      for (let i = 0; i < m; i++) {
        c += jac[i * n + j]! * jac[i * n + j]!;
        g += jac[i * n + j]! * r[i]!;
      }
      c = Math.sqrt(c);
      // MINPACK mode 1: scale by the running maximum of the column norms.
      diag[j] = iterations === 1 ? c || 1 : Math.max(diag[j]!, c);
      if (c > 0 && fNorm > 0) gradCos = Math.max(gradCos, Math.abs(g) / (c * fNorm));
    }
    if (iterations === 1) {
      xNorm = scaledNorm(diag, p);
      radius = xNorm > 0 ? factor * xNorm : factor;
    }
    if (f === 0 || gradCos <= gtol) return done('gtol');

    for (;;) {
      const step = trustRegionStep(jac, r, diag, radius, lambda);
      if (!step) return done('noProgress');
      lambda = step.lambda;
      const delta = step.delta;
      const stepNorm = scaledNorm(diag, delta);
      if (iterations === 1) radius = Math.min(radius, stepNorm);
      for (let j = 0; j < n; j++) pNew[j] = p[j]! + delta[j]!;
      problem.residuals(pNew, rNew);
      evaluations++;
      const fNew = sumSq(rNew);
      const fNewNorm = Math.sqrt(fNew);
      // Actual and predicted relative reductions of the SSE, and the directional derivative.
      const actual = Number.isFinite(fNew) && 0.1 * fNewNorm < fNorm ? 1 - fNew / f : -1;
      let jd2 = 0;
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += jac[i * n + j]! * delta[j]!;
        jd2 += s * s;
      }
      const t1 = jd2 / f;
      const t2 = (lambda * stepNorm * stepNorm) / f;
      const predicted = t1 + 2 * t2;
      const dirDer = -(t1 + t2);
      const ratio = predicted !== 0 ? actual / predicted : 0;
      if (ratio <= 0.25) {
        let t = actual >= 0 ? 0.5 : (0.5 * dirDer) / (dirDer + 0.5 * actual);
        if (0.1 * fNewNorm >= fNorm || !Number.isFinite(fNew) || t < 0.1) t = 0.1;
        radius = t * Math.min(radius, stepNorm / 0.1);
        lambda /= t;
      } else if (lambda === 0 || ratio >= 0.75) {
        radius = stepNorm / 0.5;
        lambda *= 0.5;
      }
      const accepted = ratio >= 1e-4;
      if (accepted) {
        p.set(pNew);
        r.set(rNew);
        f = fNew;
        xNorm = scaledNorm(diag, p);
      }
      if (Math.abs(actual) <= ftol && predicted <= ftol && 0.5 * ratio <= 1) return done('ftol');
      if (radius <= xtol * xNorm) return done('xtol');
      if (evaluations >= maxEvaluations) return done('maxEvaluations');
      if (!Number.isFinite(radius) || radius === 0) return done('noProgress');
      if (accepted) break;
    }
  }
}
