// Both laws fitted to this device's training grid with the same code that fits the paper's data
// (fitLaw: Levenberg–Marquardt from scipy's start). Which fits better is judged out of sample, by
// leave-one-out: each point predicted by a fit to the others. In-sample error cannot judge it: the
// inference-aware law is Chinchilla plus one parameter (ε = 0 gives Chinchilla back), so its best
// in-sample fit is never worse.
import {
  fitLaw,
  meanSquaredError,
  predictLoss,
  r2Score,
  type FitResult,
  type LawKind,
  type LawObservation,
} from './lawFit';

export const LAW_PARAMS: Record<LawKind, number> = { chinchilla: 4, inferenceAware: 5 };
/** Leave-one-out needs each held-out fit to keep more points than the larger law has parameters. */
export const MIN_POINTS_LOO = LAW_PARAMS.inferenceAware + 2;

export interface GridLawFit {
  kind: LawKind;
  /** Absent when there are no more points than parameters. */
  fit?: FitResult;
  predictions: number[];
  mse: number | null;
  r2: number | null;
  /** Mean squared leave-one-out error; null with fewer than MIN_POINTS_LOO points. */
  looMse: number | null;
}

export interface GridFitResult {
  points: number;
  chinchilla: GridLawFit;
  inferenceAware: GridLawFit;
  /** The law with the lower leave-one-out error, or null when it cannot be judged. */
  better: LawKind | null;
  verdict: string;
}

function fitOne(kind: LawKind, obs: readonly LawObservation[]): GridLawFit {
  const y = obs.map((o) => o.loss);
  if (obs.length <= LAW_PARAMS[kind]) return { kind, predictions: [], mse: null, r2: null, looMse: null };
  const fit = fitLaw(kind, obs);
  const predictions = obs.map((o) => predictLoss(kind, fit.params, o));
  let looMse: number | null = null;
  if (obs.length >= MIN_POINTS_LOO) {
    const held = obs.map((o, i) =>
      predictLoss(
        kind,
        fitLaw(
          kind,
          obs.filter((_, j) => j !== i),
        ).params,
        o,
      ),
    );
    looMse = meanSquaredError(y, held);
  }
  return { kind, fit, predictions, mse: meanSquaredError(y, predictions), r2: r2Score(y, predictions), looMse };
}

export function fitGrid(obs: readonly LawObservation[]): GridFitResult {
  const chinchilla = fitOne('chinchilla', obs);
  const inferenceAware = fitOne('inferenceAware', obs);
  const n = obs.length;
  let better: LawKind | null = null;
  let verdict: string;
  if (
    chinchilla.looMse !== null &&
    inferenceAware.looMse !== null &&
    Number.isFinite(chinchilla.looMse + inferenceAware.looMse)
  ) {
    better = inferenceAware.looMse < chinchilla.looMse ? 'inferenceAware' : 'chinchilla';
    const [lo, hi] = [inferenceAware.looMse, chinchilla.looMse].sort((a, b) => a - b) as [number, number];
    verdict =
      `${better === 'inferenceAware' ? 'The inference-aware law' : 'Chinchilla'} predicts held-out points better: ` +
      `leave-one-out MSE ${lo.toPrecision(3)} vs ${hi.toPrecision(3)} over ${n} points.`;
  } else if (n <= LAW_PARAMS.inferenceAware) {
    verdict = `${n} points: too few to fit the inference-aware law's 5 parameters with any left over; add shapes or budgets (at least ${MIN_POINTS_LOO} to compare the laws).`;
  } else {
    verdict = `${n} points: both laws fitted, but comparing them needs at least ${MIN_POINTS_LOO} points (leave-one-out); in-sample the inference-aware law cannot do worse, having one parameter more.`;
  }
  return { points: n, chinchilla, inferenceAware, better, verdict };
}
