// A paper claim checked against the workbench's own value for one preset: the paper's printed
// number, ours, the tolerance the app states, and — when ours is outside it — the cause, in the
// user's language. The app, the CLI (`--json`) and the README's reproduction table all read this
// one structure, so none of them can disagree about whether a preset reproduces its paper.
import type { Provenance } from './results';

export interface Reproduction {
  /** Stable key, unique within one result (e.g. 'cross-attn-speedup'). */
  key: string;
  /** The claim in user language, e.g. "Cross-attention speedup over Ring Attention, 16×A100". */
  claim: string;
  /** Where the paper prints the number: "Table 3", "§5.2, Fig. 7", "abstract". */
  where: string;
  /** The number the paper prints (never a number derived by this app). */
  paper: number;
  ours: number;
  unit?: string;
  /** Where our number comes from: modeled, measured or computed (never paper/datasheet). */
  oursProvenance: Exclude<Provenance, 'paper' | 'datasheet'>;
  /**
   * Stated tolerance as a relative deviation |ours − paper| / |paper| (0.15 = ±15 %). The app
   * shows it; the status follows from it and from nothing else.
   */
  tolerance: number;
  /**
   * Why ours differs, in user language. Required for a credible result whenever the status is
   * 'off'; may also explain a within-tolerance match that rests on an assumption.
   */
  cause?: string;
  /**
   * What a within-tolerance agreement is worth. 'independent' (the default): ours was computed
   * without looking at this number — a reproduction. 'calibrated': a model constant was chosen
   * from this very number, so agreement is by construction. 'assumed-workload': the paper does not
   * give the workload behind its number and ours rests on a workload we chose. 'degenerate': the
   * mechanism under test did not act in our run (e.g. it never triggered), so agreement says
   * nothing about it. Only 'independent' agreement is called reproduced.
   */
  basis?: ReproductionBasis;
}

export type ReproductionBasis = 'independent' | 'calibrated' | 'assumed-workload' | 'degenerate';

export type ReproductionStatus = 'within' | 'off';

export interface ReproductionVerdict {
  status: ReproductionStatus;
  /** Signed relative deviation (ours − paper) / |paper|. */
  deviation: number;
}

export function judgeReproduction(r: Reproduction): ReproductionVerdict {
  if (!Number.isFinite(r.paper) || r.paper === 0) {
    throw new Error(`Reproduction "${r.key}" needs a finite, non-zero paper value`);
  }
  if (!(r.tolerance >= 0)) throw new Error(`Reproduction "${r.key}" needs a tolerance ≥ 0`);
  const deviation = (r.ours - r.paper) / Math.abs(r.paper);
  const within = Number.isFinite(deviation) && Math.abs(deviation) <= r.tolerance + 1e-12;
  return { status: within ? 'within' : 'off', deviation };
}

/** The verdict in words, the same in the app, the CLI and the README. */
export function verdictLabel(r: Reproduction): string {
  const { status } = judgeReproduction(r);
  if (status === 'off') return 'Not reproduced';
  switch (r.basis ?? 'independent') {
    case 'independent':
      return 'Reproduced';
    case 'calibrated':
      return 'Agrees by construction (calibrated on this number)';
    case 'assumed-workload':
      return 'Agrees on an assumed workload';
    case 'degenerate':
      return 'Agrees, but the mechanism did not act';
  }
}

export interface ReproductionAssessment {
  status: ReproductionStatus | 'invalid';
  deviation: number;
  /** The verdict in words (verdictLabel), or why the record cannot be judged. */
  label: string;
  /** True only for an independent agreement within tolerance. */
  reproduced: boolean;
}

/**
 * For display: never throws, so one malformed record (a zero paper value, a negative tolerance)
 * shows as "not comparable" instead of taking the results view down.
 */
export function assessReproduction(r: Reproduction): ReproductionAssessment {
  try {
    const { status, deviation } = judgeReproduction(r);
    const label = verdictLabel(r);
    return { status, deviation, label, reproduced: label === 'Reproduced' };
  } catch (e) {
    return { status: 'invalid', deviation: NaN, label: `Not comparable: ${(e as Error).message}`, reproduced: false };
  }
}

/** Decimals for a percentage: whole above 10 %, else two significant digits (0.5 %, 1.3 %, 0.05 %). */
function percentDecimals(percent: number): number {
  const p = Math.abs(percent);
  if (p >= 10 || p === 0 || !Number.isFinite(p)) return 0;
  return Math.min(6, Math.max(1, 1 - Math.floor(Math.log10(p))));
}

const percentDigits = (percent: number, decimals: number): string => String(Number(percent.toFixed(decimals)));

/** A relative value as percent text without the sign: 0.15 → "15 %", 0.004 → "0.4 %". */
export function percentText(fraction: number): string {
  const p = Math.abs(fraction) * 100;
  return `${percentDigits(p, percentDecimals(p))} %`;
}

/**
 * A signed deviation as percent text, with as many decimals as it takes to print it beyond the
 * printed tolerance when it is outside it: "+15.5 %" next to "±15 %", never "+15 %".
 */
export function deviationText(deviation: number, tolerance: number): string {
  if (!Number.isFinite(deviation)) return 'n/a';
  const p = Math.abs(deviation) * 100;
  const band = Number(percentText(tolerance).replace(' %', ''));
  let decimals = percentDecimals(p);
  const outside = Math.abs(deviation) > tolerance;
  while (outside && decimals < 6 && Number(percentDigits(p, decimals)) <= band) decimals++;
  return `${deviation >= 0 ? '+' : '-'}${percentDigits(p, decimals)} %`;
}

/** One line for CLIs and notes: "45.9× vs paper 45.85× (Table 3): within ±15 %". Never throws. */
export function describeReproduction(r: Reproduction): string {
  const unit = r.unit ?? '';
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());
  const head = `${r.claim}: ${fmt(r.ours)}${unit} vs paper ${fmt(r.paper)}${unit} (${r.where})`;
  const assessed = assessReproduction(r);
  if (assessed.status === 'invalid') return `${head}: ${assessed.label.toLowerCase()}`;
  const band = `±${percentText(r.tolerance)}`;
  const independent = (r.basis ?? 'independent') === 'independent';
  const verdict =
    assessed.status === 'within'
      ? `within ${band}${independent ? '' : ` (${assessed.label.toLowerCase()})`}`
      : `off by ${deviationText(assessed.deviation, r.tolerance)}`;
  const cause = (assessed.status === 'off' || !independent) && r.cause ? ` — ${r.cause}` : '';
  return `${head}: ${verdict}${cause}`;
}
