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
}

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

/** One line for CLIs and notes: "45.9× vs paper 45.85× (Table 3): within ±15 %". */
export function describeReproduction(r: Reproduction): string {
  const { status, deviation } = judgeReproduction(r);
  const unit = r.unit ?? '';
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());
  const dev = `${deviation >= 0 ? '+' : ''}${(deviation * 100).toFixed(0)} %`;
  const verdict = status === 'within' ? `within ±${(r.tolerance * 100).toFixed(0)} %` : `off by ${dev}`;
  const cause = status === 'off' && r.cause ? ` — ${r.cause}` : '';
  return `${r.claim}: ${fmt(r.ours)}${unit} vs paper ${fmt(r.paper)}${unit} (${r.where}): ${verdict}${cause}`;
}
