// Oracle tests for the scaling-law fits against TABLES.md section 2 (the paper's numbers, which
// re-running the authors' scripts reproduces exactly), plus unit tests of the solver and stats.
import { describe, expect, it } from 'vitest';
import { levenbergMarquardt } from './levenbergMarquardt';
import { averageRanks, evaluateLaw, fitLaw, meanSquaredError, PAPER_COEFFICIENTS, r2Score, spearman } from './lawFit';
import type { LawKind, LawParams } from './lawFit';
import { FIT_20N_POINTS, MAIN_FIT_POINTS, ONE_B_POINTS, PAPER_POINTS } from './paperData';

const kindOf = (k: keyof typeof PAPER_COEFFICIENTS): LawKind =>
  k.startsWith('chinchilla') ? 'chinchilla' : 'inferenceAware';

/** TABLES.md "Fit quality on the 76-point test set": [MSE, R², printed decimals of each]. */
const PAPER_STATS = {
  inferenceAwareMain: { mse: 0.000554, r2: 0.99824, mseDp: 6, r2Dp: 5, oneB: ['0.69', '0.90', '0.92', '1.15'] },
  chinchillaMain: { mse: 0.003296, r2: 0.98951, mseDp: 6, r2Dp: 5, oneB: ['2.75', '3.41', '3.98', '4.10'] },
  inferenceAware20N: { mse: 0.1165, r2: 0.6293, mseDp: 4, r2Dp: 4, oneB: ['0.11', '0.42', '0.13', '0.87'] },
  chinchilla20N: { mse: 0.9824, r2: -2.1259, mseDp: 4, r2Dp: 4, oneB: ['3.0', '2.8', '4.2', '2.4'] },
} as const;

/**
 * SSE at scipy's optimum, from our re-run of the authors' scripts (scipy 1.17.1, curve_fit from
 * p0 = 1, maxfev 1e5). Not printed in the paper; used to check that we reach the same minimum.
 */
const SCIPY_SSE = {
  inferenceAwareMain: 0.01017754164776418,
  chinchillaMain: 0.047615113643468494,
  inferenceAware20N: 0.005684061653735135,
  chinchilla20N: 0.02852444197355057,
} as const;

const fitSetOf = (k: keyof typeof PAPER_COEFFICIENTS) => (k.endsWith('Main') ? MAIN_FIT_POINTS : FIT_20N_POINTS);
const fits = Object.fromEntries(
  (Object.keys(PAPER_COEFFICIENTS) as (keyof typeof PAPER_COEFFICIENTS)[]).map((k) => [
    k,
    fitLaw(kindOf(k), fitSetOf(k)),
  ]),
) as Record<keyof typeof PAPER_COEFFICIENTS, ReturnType<typeof fitLaw>>;

function spearman1B(kind: LawKind, p: LawParams): number {
  const rows = evaluateLaw(kind, p, ONE_B_POINTS).rows;
  return spearman(
    rows.map((r) => r.trueLoss),
    rows.map((r) => r.predictedLoss),
  );
}

describe('published coefficients on the 76-point test set', () => {
  // TABLES.md prints the coefficients to 5 significant digits. That rounding moves α by up to
  // 5e-6, i.e. predictions by up to ~1e-4 (∂L/∂α ≈ A·N^−α·lnN + B·D^−α·lnD ≈ 40), which shifts
  // the MSE in its 3rd–4th digit: 0.0005533 (paper 0.000554), 0.0032977 (0.003296). So the
  // rounded coefficients reproduce R² of the main fits to the printed digits and MSE to 0.3 %;
  // the full-precision optimum (next block) reproduces every printed digit.
  for (const k of Object.keys(PAPER_STATS) as (keyof typeof PAPER_STATS)[]) {
    it(k, () => {
      const s = evaluateLaw(kindOf(k), PAPER_COEFFICIENTS[k], PAPER_POINTS);
      expect(s.count).toBe(76);
      expect(Math.abs(s.mse / PAPER_STATS[k].mse - 1)).toBeLessThan(3e-3);
      expect(Math.abs(s.r2 - PAPER_STATS[k].r2)).toBeLessThan(k.endsWith('Main') ? 1e-5 : 2e-4);
    });
  }
});

describe('fits from scipy’s default start (all parameters 1)', () => {
  for (const k of Object.keys(PAPER_STATS) as (keyof typeof PAPER_STATS)[]) {
    it(`${k}: converges to the paper's coefficients and reproduces its test MSE/R²`, () => {
      const fit = fits[k];
      expect(fit.converged).toBe(true);
      // Same minimum as scipy: SSE within 1e-9 relative (measured: ours is 0–6e-11 lower).
      expect(Math.abs(fit.sse / SCIPY_SSE[k] - 1)).toBeLessThan(1e-9);
      // Coefficients within 2e-4 relative of the printed ones. Justification: printing to 5
      // significant digits leaves ≤ 1e-4 relative rounding (≤ 3e-5 for these values), and the
      // optimum lies in a flat A–B–α valley where scipy's ftol = 1.49e-8 stop leaves A and B
      // uncertain in their 5th digit: against scipy's full-precision coefficients ours differ by
      // ≤ 4.8e-5 (A of the 20N inference-aware fit, where our SSE is the lower one).
      const p = PAPER_COEFFICIENTS[k];
      for (const name of ['A', 'B', 'E', 'alpha', 'epsilon'] as const) {
        if (p[name] === 0) expect(fit.params[name]).toBe(0);
        else expect(Math.abs(fit.params[name] / p[name] - 1), name).toBeLessThan(2e-4);
      }
      // Test-set statistics to the printed precision, scored as the authors' script does
      // (predictions rounded to 4 decimals, then sklearn's MSE and R²).
      const st = PAPER_STATS[k];
      const rounded = evaluateLaw(kindOf(k), fit.params, PAPER_POINTS, { roundDecimals: 4 });
      expect(rounded.mse.toFixed(st.mseDp)).toBe(st.mse.toFixed(st.mseDp));
      expect(rounded.r2.toFixed(st.r2Dp)).toBe(st.r2.toFixed(st.r2Dp));
      // Unrounded predictions agree too, to within half a printed unit (+1e-6 slack: the 20N
      // Chinchilla R², −2.1258579 here, −2.1258575 with scipy's coefficients, is near a boundary).
      const raw = evaluateLaw(kindOf(k), fit.params, PAPER_POINTS);
      expect(Math.abs(raw.mse - st.mse)).toBeLessThanOrEqual(0.5 * 10 ** -st.mseDp + 1e-6);
      expect(Math.abs(raw.r2 - st.r2)).toBeLessThanOrEqual(0.5 * 10 ** -st.r2Dp + 1e-6);
      // Relative errors on the four 1B models, in %, as TABLES.md lists them.
      const dp = st.oneB[0].split('.')[1]!.length; // TABLES.md prints 2 decimals, 1 for the last row
      const oneB = evaluateLaw(kindOf(k), fit.params, ONE_B_POINTS).rows.map((r) => (100 * r.relError).toFixed(dp));
      expect(oneB).toEqual(st.oneB);
    });
  }

  it('the 20N-only fits are degenerate (negative A), as the paper notes', () => {
    expect(fits.inferenceAware20N.params.A).toBeLessThan(0);
    expect(fits.chinchilla20N.params.A).toBeLessThan(0);
    expect(fits.inferenceAwareMain.params.A).toBeGreaterThan(0);
  });

  it('the 76 predicted-vs-true rows are in the data set order', () => {
    const rows = evaluateLaw('inferenceAware', fits.inferenceAwareMain.params, PAPER_POINTS).rows;
    expect(rows.map((r) => r.id)).toEqual(PAPER_POINTS.map((p) => p.id));
    expect(rows[0]!.trueLoss).toBe(4.9619);
    expect(rows[0]!.predictedLoss).toBeCloseTo(4.9969, 4); // the script's printed prediction
  });
});

describe('Spearman rank correlation within the 1B family', () => {
  it('main fits: −0.40 (Chinchilla) vs 1.00 (inference-aware), as the paper reports', () => {
    expect(spearman1B('chinchilla', fits.chinchillaMain.params)).toBeCloseTo(-0.4, 12);
    expect(spearman1B('inferenceAware', fits.inferenceAwareMain.params)).toBeCloseTo(1, 12);
    // Same with the printed coefficients.
    expect(spearman1B('chinchilla', PAPER_COEFFICIENTS.chinchillaMain)).toBeCloseTo(-0.4, 12);
    expect(spearman1B('inferenceAware', PAPER_COEFFICIENTS.inferenceAwareMain)).toBeCloseTo(1, 12);
  });

  it('20N-only fits (not reported in the paper): 0.4 (Chinchilla) and 0.8 (inference-aware)', () => {
    expect(spearman1B('chinchilla', fits.chinchilla20N.params)).toBeCloseTo(0.4, 12);
    expect(spearman1B('inferenceAware', fits.inferenceAware20N.params)).toBeCloseTo(0.8, 12);
  });
});

describe('statistics match sklearn / scipy definitions', () => {
  it('MSE and R² (sklearn docs example)', () => {
    expect(meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBe(0.375);
    expect(r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBeCloseTo(0.9486081370449679, 14);
    expect(r2Score([1, 1], [1, 1])).toBe(1);
    expect(r2Score([1, 1], [1, 2])).toBe(0);
  });

  it('average ranks for ties and Spearman (scipy values)', () => {
    expect(averageRanks([10, 20, 20, 30, 20])).toEqual([1, 3, 3, 5, 3]);
    expect(spearman([1, 2, 2, 3, 5], [2, 1, 4, 4, 9])).toBeCloseTo(0.7631578947368421, 14);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 14);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});

describe('levenbergMarquardt', () => {
  it('solves Rosenbrock as least squares from (−1.2, 1)', () => {
    const res = levenbergMarquardt(
      {
        nParams: 2,
        nResiduals: 2,
        residuals: (p, r) => {
          r[0] = 10 * (p[1]! - p[0]! ** 2);
          r[1] = 1 - p[0]!;
        },
        jacobian: (p, j) => j.set([-20 * p[0]!, 10, -1, 0]),
      },
      [-1.2, 1],
    );
    expect(res.converged).toBe(true);
    expect(res.params[0]).toBeCloseTo(1, 6);
    expect(res.params[1]).toBeCloseTo(1, 6);
  });

  it('recovers badly scaled parameters of an exact exponential model', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i / 2);
    const truth = [3e5, 0.7, 2e-3];
    const model = (p: ArrayLike<number>, x: number) => p[0]! * Math.exp(-p[1]! * x) + p[2]!;
    const res = levenbergMarquardt(
      {
        nParams: 3,
        nResiduals: xs.length,
        residuals: (p, r) => xs.forEach((x, i) => (r[i] = model(p, x) - model(truth, x))),
        jacobian: (p, j) =>
          xs.forEach((x, i) => j.set([Math.exp(-p[1]! * x), -x * p[0]! * Math.exp(-p[1]! * x), 1], 3 * i)),
      },
      [1, 1, 1],
    );
    expect(res.converged).toBe(true);
    res.params.forEach((v, i) => expect(Math.abs(v / truth[i]! - 1)).toBeLessThan(1e-6));
  });

  it('stops at maxEvaluations without claiming convergence', () => {
    const res = fitLaw('inferenceAware', MAIN_FIT_POINTS, { maxEvaluations: 5 });
    expect(res.converged).toBe(false);
    expect(res.reason).toBe('maxEvaluations');
    expect(res.evaluations).toBe(5);
  });
});
