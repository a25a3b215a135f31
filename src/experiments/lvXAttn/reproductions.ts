// The paper's headline numbers checked against this model, for the paper presets. The paper prints
// only its best runs ("up to"), not each run's times. For Llama 3-V it ran three of the four
// combinations S_Q ∈ {1K, 2K} × S_KV ≈ 1200K / 2401K (which three is not published), so ours is
// the best of all four on the current cluster and assumptions, and its agreement rests on that
// assumed workload. When ours is off, the cause names the assumption that decides it: the speedup
// is Ring's K/V transfer time over LV-XAttn's compute time, so it scales with the assumed compute
// efficiency, and we show which efficiency the paper's number would need.
import type { ParamValues, Reproduction } from '../types';
import { iterationCost, type IterationCost, type Workload } from './model';
import { LLAMA_PAPER_WORKLOADS, lvXAttnPresets } from './params';

/** Relative tolerance the app states for this analytic model against the paper's measured maxima. */
export const LV_TOLERANCE = 0.2;

export const PAPER_CA_SPEEDUP = 45.85;
export const PAPER_E2E_SPEEDUP = 10.62;
export const PAPER_V1_E2E_SPEEDUP = 5.58;
/** The paper's motivation: cross-attention takes 88 % of a Ring Attention training iteration. */
export const PAPER_RING_CA_SHARE = 0.88;

/** Where the paper prints the cross-attention maximum (the table rows were not available to us). */
export const PAPER_CA_WHERE = 'Tables 3–4, from a secondary summary; the tables themselves were not available';

/** How the Llama 3-V claims name the workloads ours is the best of. */
const LLAMA_WORKLOADS_TEXT =
  'best of the four S_Q/S_KV combinations, of which the paper ran three (which three is not published)';

/** The preset whose every value equals the current parameters, if any. */
export function matchingPreset(p: ParamValues): string | undefined {
  return lvXAttnPresets.find((pr) => Object.entries(pr.values).every(([k, v]) => p[k] === v))?.id;
}

/**
 * Our best cross-attention and end-to-end speedups over the four Llama 3-V combinations
 * S_Q ∈ {1K, 2K} × S_KV ≈ 1200K / 2401K; the paper ran three of them, not said which.
 */
export function bestOverPaperWorkloads(w: Workload): { ca: number; e2e: number; caAt: string; e2eAt: string } {
  let best = { ca: 0, e2e: 0, caAt: '', e2eAt: '' };
  for (const x of LLAMA_PAPER_WORKLOADS) {
    const c = iterationCost({ ...w, textTokens: x.textTokens, frames: x.frames });
    const at = `S_Q ${x.textTokens / 1024}K, ${x.frames} frames`;
    if (c.crossAttnSpeedup > best.ca) best = { ...best, ca: c.crossAttnSpeedup, caAt: at };
    if (c.endToEndSpeedup > best.e2e) best = { ...best, e2e: c.endToEndSpeedup, e2eAt: at };
  }
  return best;
}

/**
 * The compute efficiency at which `pick(workload)` reaches `target`, by bisection (the speedups grow
 * with efficiency: LV-XAttn's compute shrinks while Ring stays bound by its links). Null when even
 * 100 % of peak falls short.
 */
export function efficiencyNeeded(w: Workload, target: number, pick: (w: Workload) => number): number | null {
  if (pick({ ...w, efficiency: 1 }) < target) return null;
  let lo = 0.01;
  let hi = 1;
  if (pick({ ...w, efficiency: lo }) >= target) return lo;
  // 12 halvings leave under 0.03 % of peak of uncertainty, finer than the whole percent shown.
  for (let i = 0; i < 12; i++) {
    const mid = (lo + hi) / 2;
    if (pick({ ...w, efficiency: mid }) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;

interface OtherClaim {
  name: string;
  paper: number;
  pick: (w: Workload) => number;
}

function efficiencyCause(
  w: Workload,
  paper: number,
  ours: number,
  pick: (w: Workload) => number,
  other: OtherClaim,
): string {
  const need = efficiencyNeeded(w, paper, pick);
  const now = `at the assumed ${pct(w.efficiency)} of the A100's bf16 peak`;
  let lever: string;
  if (need === null) {
    lever = `no efficiency up to 100 % of peak reaches ${paper}×, so the paper's runs must differ from this model in more than compute speed (for example slower links than the nominal 25 GB/s, or overheads in Ring Attention's baseline that the model does not have)`;
  } else {
    const verb = ours < paper ? 'would need' : 'matches';
    const otherThere = other.pick({ ...w, efficiency: need });
    lever =
      `the paper's ${paper}× ${verb} kernels at ${pct(need)} of peak, where our ${other.name} would be ${otherThere.toFixed(1)}× (paper ${other.paper}×)` +
      (Math.abs(otherThere - other.paper) / other.paper > LV_TOLERANCE
        ? '; no single efficiency matches both, and without the per-run times the part of the model that differs cannot be told'
        : '');
  }
  return (
    `The paper prints only its best run, not each run's times, so the compute efficiency cannot be calibrated against it. ` +
    `Ring Attention waits on its K/V transfers while LV-XAttn is bound by compute, so the speedup scales with the efficiency: ${now} ours is ${ours.toFixed(1)}×; ${lever}.`
  );
}

export function lvXAttnReproductions(p: ParamValues, w: Workload, c: IterationCost): Reproduction[] {
  const preset = matchingPreset(p);
  if (!preset) return [];
  const llamaCluster1 = p.model === 'llama3v-11b' && p.gpuModel === 'a100-80gb' && p.nodes === 4;
  if (llamaCluster1) {
    const best = bestOverPaperWorkloads(w);
    const ca = (x: Workload) => bestOverPaperWorkloads(x).ca;
    const e2e = (x: Workload) => bestOverPaperWorkloads(x).e2e;
    const out: Reproduction[] = [
      {
        key: 'cross-attn-speedup',
        claim: `Cross-attention speedup over Ring Attention, Llama 3-V on 16×A100, ${LLAMA_WORKLOADS_TEXT}; ours best at ${best.caAt}`,
        where: PAPER_CA_WHERE,
        paper: PAPER_CA_SPEEDUP,
        ours: best.ca,
        unit: '×',
        oursProvenance: 'modeled',
        tolerance: LV_TOLERANCE,
        basis: 'assumed-workload',
      },
      {
        key: 'end-to-end-speedup',
        claim: `End-to-end iteration speedup, Llama 3-V on 16×A100, ${LLAMA_WORKLOADS_TEXT}; ours best at ${best.e2eAt}`,
        where: 'abstract (v3)',
        paper: PAPER_E2E_SPEEDUP,
        ours: best.e2e,
        unit: '×',
        oursProvenance: 'modeled',
        tolerance: LV_TOLERANCE,
        basis: 'assumed-workload',
      },
    ];
    const caClaim = { name: 'cross-attention speedup', paper: PAPER_CA_SPEEDUP, pick: ca };
    const e2eClaim = { name: 'end-to-end speedup', paper: PAPER_E2E_SPEEDUP, pick: e2e };
    const which =
      ' The paper ran three of the four S_Q/S_KV combinations and does not say which; ours is the best of all four, so the comparison rests on that assumption.';
    out[0]!.cause = efficiencyCause(w, PAPER_CA_SPEEDUP, best.ca, ca, e2eClaim) + which;
    out[1]!.cause = efficiencyCause(w, PAPER_E2E_SPEEDUP, best.e2e, e2e, caClaim) + which;
    return out;
  }
  if (p.model === 'llama3v-11b') return [];
  const ours = c.endToEndSpeedup;
  return [
    {
      key: 'end-to-end-speedup-owl3-flamingo',
      claim: 'End-to-end iteration speedup, mPLUG-Owl3 and OpenFlamingo (the paper: best case over its runs)',
      where: 'abstract (v1)',
      paper: PAPER_V1_E2E_SPEEDUP,
      ours,
      unit: '×',
      oursProvenance: 'modeled',
      tolerance: LV_TOLERANCE,
      basis: 'assumed-workload',
      cause: owlFlamingoCause(c),
    },
  ];
}

/**
 * Why an mPLUG-Owl3 / OpenFlamingo preset sits where it does against the paper's 5.58×. That number
 * is the paper's maximum over its runs, so a preset above it cannot be one of those runs: its
 * workload (our choice of text and frames) is heavier in cross-attention than the paper's. The
 * share of a Ring Attention iteration spent in cross-attention shows by how much, beside the 88 %
 * the paper's introduction states.
 */
export function owlFlamingoCause(c: IterationCost): string {
  const ours = c.endToEndSpeedup;
  const share =
    `cross-attention takes ${pct(c.ringCrossAttnShare)} of a Ring Attention iteration against the ${pct(PAPER_RING_CA_SHARE)} the paper's introduction states, ` +
    `leaving ${pct(1 - c.ringCrossAttnShare)} instead of ${pct(1 - PAPER_RING_CA_SHARE)} for the rest of the model`;
  const workload =
    `The paper does not publish the text and frame counts of its mPLUG-Owl3 and OpenFlamingo runs, so this preset's workload ` +
    `(${c.sqPerGpu.toFixed(0)} text and ${c.skvPerGpu.toFixed(0)} visual tokens per GPU) is the app's own choice.`;
  const max = `The paper's ${PAPER_V1_E2E_SPEEDUP}× is its maximum over all those runs`;
  if (ours > PAPER_V1_E2E_SPEEDUP)
    return `${workload} ${max}, so ours at ${ours.toFixed(1)}× exceeding it means our workload is far heavier in cross-attention than the paper's: here ${share}.`;
  return `${workload} ${max}; ours at ${ours.toFixed(1)}× is not one of those runs: here ${share}.`;
}
