// The optimiser's parts against independent facts: Nelder–Mead on Rosenbrock, the Matérn kernel's
// closed form, GP interpolation and uncertainty, maximum likelihood, the normal CDF, and EI.
import { describe, expect, it } from 'vitest';
import { expectedImprovement, normalCdf, normalPdf } from './bo';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { createRng } from '../../data/pcg32';
import { cholesky, GaussianProcess, matern52 } from './gp';
import { nelderMead } from './nelderMead';

describe('Nelder–Mead', () => {
  it('finds the Rosenbrock minimum (1, 1) inside a box', () => {
    const r = nelderMead((x) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2, [-1.2, 1], {
      lower: [-3, -3],
      upper: [3, 3],
      maxEvals: 4000,
      tolerance: 1e-14,
    });
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
  });
  it('stays inside the box when the minimum lies outside it', () => {
    const r = nelderMead((x) => (x[0]! - 10) ** 2, [0], { lower: [-1], upper: [2], maxEvals: 500 });
    expect(r.x[0]).toBeCloseTo(2, 6);
  });
});

describe('Cholesky factorisation', () => {
  it('matches ml-matrix on a random positive-definite matrix and refuses an indefinite one', () => {
    const r = createRng(11);
    const n = 9;
    const B = Array.from({ length: n }, () => Array.from({ length: n }, () => r.uniform(-1, 1)));
    const A = B.map((_, i) => B.map((__, j) => B[i]!.reduce((s, v, k) => s + v * B[j]![k]!, 0) + (i === j ? 0.1 : 0)));
    const ours = cholesky(Float64Array.from(A.flat()), n)!;
    const ref = new CholeskyDecomposition(new Matrix(A)).lowerTriangularMatrix;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(ours[i * n + j]).toBeCloseTo(ref.get(i, j), 10);
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
  });
});

describe('Gaussian process', () => {
  it('Matérn-5/2 is 1 at 0, (1 + √5 + 5/3)e^(−√5) at 1, and decreasing', () => {
    expect(matern52(0)).toBe(1);
    expect(matern52(1)).toBeCloseTo((1 + Math.sqrt(5) + 5 / 3) * Math.exp(-Math.sqrt(5)), 12);
    expect(matern52(0.5)).toBeGreaterThan(matern52(0.6));
  });
  const f = (x: number, y: number) => Math.sin(3 * x) + 0.2 * y;
  const pts: number[][] = [];
  for (let i = 0; i <= 6; i++) for (let j = 0; j <= 2; j++) pts.push([i / 6, j / 2]);
  const gp = GaussianProcess.fit(
    pts,
    pts.map(([x, y]) => f(x!, y!)),
  );
  const at = (x: number, y: number) => {
    const r = gp.predict(Float64Array.from([x, y]));
    return { mean: gp.yMean + gp.yScale * r.mean[0]!, sd: gp.yScale * r.sd[0]! };
  };
  it('interpolates the training data and predicts between the points', () => {
    expect(at(0.5, 0.5).mean).toBeCloseTo(f(0.5, 0.5), 1);
    expect(at(1 / 6, 0).mean).toBeCloseTo(f(1 / 6, 0), 2);
  });
  it('is certain at the data and unsure far from it; the second dimension (nearly linear) gets the longer length scale', () => {
    expect(at(1 / 6, 0).sd).toBeLessThan(0.05);
    expect(at(3, 3).sd).toBeGreaterThan(10 * at(1 / 6, 0).sd);
    expect(gp.hyper.lengthScales[1]!).toBeGreaterThan(gp.hyper.lengthScales[0]!);
  });
  it('maximum likelihood beats the neutral starting hyperparameters', () => {
    // Refit with one evaluation: the optimiser cannot move, so the likelihood is the neutral guess's.
    const neutral = GaussianProcess.fit(
      pts,
      pts.map(([x, y]) => f(x!, y!)),
      undefined,
      1,
    );
    expect(gp.logLikelihood).toBeGreaterThan(neutral.logLikelihood);
  });
  it('copes with repeated inputs (noise keeps the matrix positive definite)', () => {
    const g = GaussianProcess.fit([[0.2], [0.2], [0.7]], [1, 1.1, 3]);
    expect(Number.isFinite(g.predict(Float64Array.from([0.2])).mean[0]!)).toBe(true);
  });
});

describe('acquisition', () => {
  it('the normal CDF matches known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 12);
  });
  it('expected improvement: zero-variance limit, growth with uncertainty, ξ lowers it', () => {
    expect(expectedImprovement(1, 0, 2, 0)).toBe(1);
    expect(expectedImprovement(3, 0, 2, 0)).toBe(0);
    expect(expectedImprovement(2, 1, 2, 0)).toBeCloseTo(normalPdf(0), 9);
    expect(expectedImprovement(2, 2, 2, 0)).toBeGreaterThan(expectedImprovement(2, 1, 2, 0));
    expect(expectedImprovement(1.5, 0.5, 2, 0.1)).toBeLessThan(expectedImprovement(1.5, 0.5, 2, 0));
  });
});
