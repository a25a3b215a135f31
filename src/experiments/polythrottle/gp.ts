// Gaussian-process regression for the optimiser: Matérn-5/2 kernel with one length scale per input
// dimension (ARD), a signal variance and a noise variance, all fitted by maximising the log
// marginal likelihood. Targets are standardised (zero mean, unit variance) before fitting.
// The Cholesky factorisation is our own on flat arrays (`cholesky` below, tested against
// ml-matrix's): the likelihood search factorises a small matrix about 300 times per fit, and
// ml-matrix's object-based decomposition costs 3–6× more per call at these sizes (README).
import { nelderMead } from './nelderMead';

export interface GpHyper {
  lengthScales: number[];
  signalVar: number;
  noiseVar: number;
}

/** Matérn-5/2 correlation at scaled distance r: (1 + √5 r + 5r²/3)·exp(−√5 r). */
export function matern52(r: number): number {
  const s = Math.sqrt(5) * r;
  return (1 + s + (s * s) / 3) * Math.exp(-s);
}

/** Row-major n × n lower Cholesky factor of a symmetric matrix, or null if it is not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j]!;
    }
  }
  return L;
}

/** Solves L·v = b in place (forward substitution). */
function forward(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= L[i * n + j]! * b[j]!;
    b[i] = s / L[i * n + i]!;
  }
}
/** Solves Lᵀ·v = b in place (back substitution). */
function backward(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < n; j++) s -= L[j * n + i]! * b[j]!;
    b[i] = s / L[i * n + i]!;
  }
}

/** Inputs divided by their length scales, so the kernel needs only Euclidean distances. */
function scaled(x: Float64Array, d: number, h: GpHyper): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! / h.lengthScales[i % d]!;
  return out;
}

function kernelAt(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number, signalVar: number): number {
  let r2 = 0;
  for (let k = 0; k < d; k++) {
    const t = a[ai + k]! - b[bi + k]!;
    r2 += t * t;
  }
  const s = Math.sqrt(5 * r2);
  return signalVar * (1 + s + (s * s) / 3) * Math.exp(-s);
}

interface Factor {
  L: Float64Array;
  alpha: Float64Array;
  logLik: number;
}

function factorise(x: Float64Array, y: Float64Array, d: number, h: GpHyper): Factor | null {
  const n = y.length;
  const xs = scaled(x, d, h);
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) K[i * n + j] = K[j * n + i] = kernelAt(xs, i * d, xs, j * d, d, h.signalVar);
    K[i * n + i] = h.signalVar + h.noiseVar;
  }
  const L = cholesky(K, n);
  if (!L) return null;
  const alpha = Float64Array.from(y);
  forward(L, n, alpha);
  let fit = 0;
  let logDet = 0;
  for (let i = 0; i < n; i++) {
    fit += alpha[i]! * alpha[i]!;
    logDet += 2 * Math.log(L[i * n + i]!);
  }
  backward(L, n, alpha);
  return { L, alpha, logLik: -0.5 * fit - 0.5 * logDet - 0.5 * n * Math.log(2 * Math.PI) };
}

export class GaussianProcess {
  private constructor(
    readonly hyper: GpHyper,
    private readonly x: Float64Array,
    private readonly d: number,
    private readonly f: Factor,
    /** Standardisation of the targets: y = mean + scale · z. */
    readonly yMean: number,
    readonly yScale: number,
  ) {}

  get logLikelihood(): number {
    return this.f.logLik;
  }

  /**
   * Fits hyperparameters by maximum likelihood: Nelder–Mead over log length scales, log signal
   * variance and log noise variance inside physical bounds. With `init` (the previous step's fit)
   * one search starts there; without, one starts from a neutral guess with twice the budget.
   */
  static fit(points: number[][], targets: number[], init?: GpHyper, maxEvals = 100): GaussianProcess {
    const n = targets.length;
    const d = points[0]!.length;
    const x = new Float64Array(n * d);
    points.forEach((p, i) => p.forEach((v, k) => (x[i * d + k] = v)));
    const mean = targets.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(targets.reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1;
    const y = Float64Array.from(targets, (t) => (t - mean) / sd);
    const unpack = (v: number[]): GpHyper => ({
      lengthScales: v.slice(0, d).map(Math.exp),
      signalVar: Math.exp(v[d]!),
      noiseVar: Math.exp(v[d + 1]!),
    });
    const pack = (h: GpHyper) => [...h.lengthScales.map(Math.log), Math.log(h.signalVar), Math.log(h.noiseVar)];
    // Inputs live in [0, 1]: length scales from 0.05 (sharper than the grid spacing) to 20 (flat);
    // the noise variance from 1e-4 (0.01 sd of the standardised target) to 1.
    const lower = [...new Array<number>(d).fill(Math.log(0.05)), Math.log(0.05), Math.log(1e-4)];
    const upper = [...new Array<number>(d).fill(Math.log(20)), Math.log(20), Math.log(1)];
    const negLogLik = (v: number[]) => -(factorise(x, y, d, unpack(v))?.logLik ?? -Infinity);
    const neutral: GpHyper = { lengthScales: new Array<number>(d).fill(0.5), signalVar: 1, noiseVar: 0.01 };
    const best = init
      ? nelderMead(negLogLik, pack(init), { lower, upper, maxEvals, step: 0.05 })
      : nelderMead(negLogLik, pack(neutral), { lower, upper, maxEvals: 2 * maxEvals, step: 0.15 });
    let hyper = unpack(best.x);
    let f = factorise(x, y, d, hyper);
    if (!f) {
      // Every optimum was numerically singular (duplicate inputs with no noise): add noise until it is not.
      hyper = { ...hyper, noiseVar: Math.max(hyper.noiseVar, 1e-4) };
      while (!(f = factorise(x, y, d, hyper))) hyper = { ...hyper, noiseVar: hyper.noiseVar * 10 };
    }
    return new GaussianProcess(hyper, x, d, f, mean, sd);
  }

  /**
   * Posterior of the latent function at `m` candidates (row-major m × d), standardised units:
   * mean and standard deviation (without observation noise).
   */
  predict(candidates: Float64Array): { mean: Float64Array; sd: Float64Array } {
    const { d, hyper } = this;
    const n = this.f.alpha.length;
    const m = candidates.length / d;
    const xs = scaled(this.x, d, hyper);
    const cs = scaled(candidates, d, hyper);
    const mean = new Float64Array(m);
    const sd = new Float64Array(m);
    const ks = new Float64Array(n);
    const { L, alpha } = this.f;
    for (let c = 0; c < m; c++) {
      let mu = 0;
      for (let i = 0; i < n; i++) {
        ks[i] = kernelAt(cs, c * d, xs, i * d, d, hyper.signalVar);
        mu += ks[i]! * alpha[i]!;
      }
      // v = L⁻¹ k*, in place; variance = k(x, x) − vᵀv.
      forward(L, n, ks);
      let vv = 0;
      for (let i = 0; i < n; i++) vv += ks[i]! * ks[i]!;
      mean[c] = mu;
      sd[c] = Math.sqrt(Math.max(hyper.signalVar - vv, 1e-12));
    }
    return { mean, sd };
  }
}
